"""A local fake of the Slack Web API (and response_url) that records every call, as bolt's own tests do."""
from __future__ import annotations

import asyncio
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from aiohttp.test_utils import TestServer

BOT_USER = "UBOT0001"
TEAM = "T0SCHOOL1"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class MockSlackApi:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.emails: dict[str, str] = {}  # Slack user id -> profile email
        self.scripted: dict[str, deque[tuple[int, dict[str, Any], dict[str, str]]]] = {}
        self.socket_url: str | None = None
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{token}", self._respond)
        self.server = TestServer(app, host="127.0.0.1")

    async def start(self) -> MockSlackApi:
        await self.server.start_server()
        return self

    async def stop(self) -> None:
        await self.server.close()

    @property
    def url(self) -> str:
        return str(self.server.make_url("")).rstrip("/")

    def script(self, method: str, *answers: tuple[int, dict[str, Any], dict[str, str]]) -> None:
        """The next calls to `method` get these (status, body, headers), in order; then the usual answer."""
        self.scripted.setdefault(method, deque()).extend(answers)

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 30) -> list[Call]:
        """Wait until `method` has been called `count` times (or fail after `timeout`)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.of(method)) >= count), timeout)
        return self.of(method)

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        raw = await request.text()
        params: dict[str, Any] = dict(request.query)  # the SDK sends some arguments in the query string
        if request.content_type == "application/json":
            params.update(json.loads(raw or "{}"))
        else:
            params.update(parse_qsl(raw))
        for key in ("blocks", "view"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        await self._record(Call(method, params, dict(request.headers)))
        queue = self.scripted.get(method)
        if queue:
            status, body, headers = queue.popleft()
            return web.json_response(body, status=status, headers=headers)
        return web.json_response(self._answer(method, params))

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://oakfield.slack.com/", "team": "Oakfield", "user": "sendbot",
                    "team_id": TEAM, "user_id": BOT_USER, "bot_id": "BBOT0001", "is_enterprise_install": False}
        if method == "users.info":
            user = params.get("user", "")
            if user not in self.emails:
                return {"ok": True, "user": {"id": user, "team_id": TEAM, "profile": {}}}
            return {"ok": True, "user": {"id": user, "team_id": TEAM, "profile": {"email": self.emails[user]}}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + params.get("users", "")[1:]}}
        if method == "chat.postMessage":
            return {"ok": True, "channel": params.get("channel"), "ts": f"1700000000.{len(self.calls):06d}",
                    "message": {"text": params.get("text")}}
        if method in ("views.open", "views.publish", "views.update"):
            return {"ok": True, "view": {"id": "V0MODAL01", **(params.get("view") or {})}}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        return {"ok": True}

    async def _respond(self, request: web.Request) -> web.Response:
        await self._record(Call("response_url", json.loads(await request.text()), dict(request.headers)))
        return web.Response(text="ok")
