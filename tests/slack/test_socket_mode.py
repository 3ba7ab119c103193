"""Socket Mode: the same listeners behind slack_sdk's aiohttp SocketModeClient and a local fake Slack socket."""
from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select

from bot.channels.slack import start_socket_mode
from bot.channels.slack.client import make_client
from bot.services import Services
from models import InterventionSession
from tests.slack.conftest import payload
from tests.slack.test_interactions import session_state, submission


class FakeSlackSocket:
    """Speaks the Socket Mode protocol: hello on connect, envelopes out, acks (with payloads) back."""

    def __init__(self) -> None:
        self.sockets: list[web.WebSocketResponse] = []
        self.acks: dict[str, dict[str, Any]] = {}
        self._acked = asyncio.Condition()
        app = web.Application()
        app.router.add_get("/link", self._connect)
        self.server = TestServer(app, host="127.0.0.1")

    @property
    def url(self) -> str:
        return str(self.server.make_url("/link")).replace("http://", "ws://")

    async def _connect(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                      "debug_info": {"host": "applink-local", "approximate_connection_time": 18060},
                                      "connection_info": {"app_id": "A0SENDBOT"}}))
        async for message in ws:
            if message.type == WSMsgType.TEXT and message.data.startswith("{"):
                ack = json.loads(message.data)
                async with self._acked:
                    self.acks[ack["envelope_id"]] = ack
                    self._acked.notify_all()
        return ws

    async def send(self, envelope_id: str, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        """Deliver one envelope on the newest connection and wait for the app's ack."""
        await self.sockets[-1].send_str(json.dumps({
            "envelope_id": envelope_id, "type": kind, "payload": body,
            "accepts_response_payload": kind != "events_api", "retry_attempt": 0, "retry_reason": "",
        }))
        async with self._acked:
            await asyncio.wait_for(self._acked.wait_for(lambda: envelope_id in self.acks), 30)
        return self.acks[envelope_id]


@pytest.fixture
async def socket_runner(services: Services, slack_api):
    fake = FakeSlackSocket()
    await fake.server.start_server()
    slack_api.socket_url = fake.url
    services.settings.slack_socket_mode = True
    services.settings.slack_app_token = "xapp-1-A0SENDBOT-test"
    runner = await start_socket_mode(services, client=make_client(services.settings))
    yield runner, fake
    await runner.stop()
    await fake.server.close()


async def test_a_message_and_a_modal_submission_run_through_the_same_listeners(socket_runner, slack_api, db, school):
    runner, fake = socket_runner
    assert slack_api.of("apps.connections.open")[0].headers["Authorization"] == "Bearer xapp-1-A0SENDBOT-test"
    await fake.send("env-1", "events_api", payload("message_im"))
    [post] = await slack_api.wait_for("chat.postMessage")
    assert "Precision Teaching" in post.params["text"]

    await fake.send("env-2", "slash_commands", payload("slash_command"))
    [opened] = await slack_api.wait_for("views.open")
    body = submission(opened.params["view"], session_state(school, date={"type": "datepicker",
                                                                          "selected_date": "2025-03-10"}))
    ack = await fake.send("env-3", "interactive", body)
    assert ack["payload"]["response_action"] == "errors" and "date" in ack["payload"]["errors"]
    ack = await fake.send("env-4", "interactive", submission(opened.params["view"], session_state(school)))
    assert not ack.get("payload")
    await slack_api.wait_for("chat.postMessage", 2)
    assert db.scalar(select(func.count(InterventionSession.id))) == 2


async def test_watchdog_reconnects_a_dropped_connection(socket_runner, slack_api):
    runner, fake = socket_runner
    assert await runner.check() is False
    runner.handler.client.auto_reconnect_enabled = False  # only the watchdog may bring it back
    await runner.handler.client.current_session.close()
    assert await runner.check() is True
    assert runner.reconnects == 1
    assert len(slack_api.of("apps.connections.open")) == 2
    assert await runner.handler.client.is_connected()
