"""The web chat's HTTP endpoints: the page, the staff picker, messages, live events and demo triggers."""
from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Any

from aiohttp import web

from bot.channels.webchat.live import Live
from bot.channels.webchat.page import page_html
from bot.channels.webchat.people import CHANNEL, Person, conversation_id, people, person, remember, staff_room_id
from bot.channels.webchat.words import Words
from bot.incoming import Incoming
from bot.services import Services
from handlers.reply import Reply
from models.db_thread import run_db

log = logging.getLogger(__name__)

KEEPALIVE_SECONDS = 15  # below common proxy idle timeouts, so the stream stays open
MAX_ACTION = 100
MAX_EVENT_ID = 100

Dispatch = Callable[[], Awaitable[object]]
Trigger = Callable[[int], Awaitable[int]]  # given a school id; returns how many messages it queued or posted


class BadRequest(Exception):
    """The body is not what the page sends."""


class WebChat:
    def __init__(self, services: Services, live: Live, words: Words, *, dispatch: Dispatch | None,
                 triggers: dict[str, Trigger]):
        self.services = services
        self.live = live
        self.words = words
        self.dispatch = dispatch
        self.triggers = triggers
        self._dispatching = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()

    # --- the page and the picker ------------------------------------------------------------------

    async def index(self, request: web.Request) -> web.Response:
        html = page_html(self.words, {"triggers": sorted(self.triggers)})
        return web.Response(text=html, content_type="text/html", headers={"Cache-Control": "no-store"})

    async def staff(self, request: web.Request) -> web.Response:
        found = await self._db(people)
        schools: dict[int, dict[str, Any]] = {}
        for p in found:
            school = schools.setdefault(p.school_id, {"id": p.school_id, "name": p.school, "staff": []})
            school["staff"].append(self._person_json(p))
        return web.json_response({"schools": list(schools.values())})

    async def pick(self, request: web.Request) -> web.Response:
        who = await self._who(await _body(request))

        def store(db) -> None:
            remember(db, who)
            db.commit()

        await self._db(store)
        self._dispatch_soon()  # anything queued for them while they were away
        welcome = self.words.note_html("webchat.welcome", {"name": who.name, "roles": self.words.roles(who.roles),
                                                          "school": who.school})
        return web.json_response({"staff": self._person_json(who), "html": [welcome]})

    # --- conversation -----------------------------------------------------------------------------

    async def message(self, request: web.Request) -> web.Response:
        body = await _body(request)
        who = await self._who(body)
        incoming = Incoming(CHANNEL, conversation_id(who.id), who.id, **_said(body))
        replies = await self.services.conversation.handle(incoming)
        self._dispatch_soon()  # a concern just raised reaches the SENCO's tab at once
        return web.json_response({"html": [self._reply_html(r) for r in replies]})

    async def events(self, request: web.Request) -> web.StreamResponse:
        try:
            staff_id = int(request.query.get("staff_id", ""))
        except ValueError:
            raise _json_error(400, self.words.text("webchat.error.bad_request")) from None
        who = await self._db(lambda db: person(db, staff_id))
        if who is None:
            raise _json_error(404, self.words.text("webchat.error.unknown_staff"))
        stream = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store",
                                             "X-Accel-Buffering": "no"})
        await stream.prepare(request)
        queue = self.live.open(conversation_id(who.id), (staff_room_id(who.school_id),))
        try:
            await stream.write(b"retry: 2000\n\n")
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    await stream.write(b": keep-alive\n\n")
                    continue
                if event is None:
                    break
                await stream.write(f"data: {json.dumps(event)}\n\n".encode())
        except ConnectionResetError:
            pass  # the tab was closed
        finally:
            self.live.close(queue)
        return stream

    async def trigger(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        run = self.triggers.get(name)
        if run is None:
            raise _json_error(404, self.words.text("webchat.error.no_trigger"))
        who = await self._who(await _body(request))
        count = await run(who.school_id)
        await self._dispatch_now()
        return web.json_response({"html": [self.words.note_html(f"webchat.triggered.{name}", {"count": count})]})

    # --- helpers ----------------------------------------------------------------------------------

    async def _db(self, work: Callable[[Any], Any]) -> Any:
        def run() -> Any:
            with self.services.factory() as db:
                return work(db)

        return await run_db(self.services.factory, run)

    async def _who(self, body: dict[str, Any]) -> Person:
        staff_id = body.get("staff_id")
        if not isinstance(staff_id, int) or isinstance(staff_id, bool):
            raise _json_error(400, self.words.text("webchat.error.bad_request"))
        who = await self._db(lambda db: person(db, staff_id))
        if who is None:
            raise _json_error(404, self.words.text("webchat.error.unknown_staff"))
        return who

    def _person_json(self, p: Person) -> dict[str, Any]:
        return {**asdict(p), "roles": list(p.roles), "role_label": self.words.roles(p.roles)}

    def _reply_html(self, reply: Reply) -> str:
        try:
            return self.words.reply_html(reply)
        except Exception:
            # A wording mistake must not hide that the handler's work was done and saved.
            log.exception("could not render %s for the web chat", reply.prompt)
            return self.words.note_html("webchat.error.render")

    def _dispatch_soon(self) -> None:
        if self.dispatch is None:
            return
        task = asyncio.get_running_loop().create_task(self._dispatch_now())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _dispatch_now(self) -> None:
        if self.dispatch is None:
            return
        async with self._dispatching:  # one pass at a time; a burst of messages needs no more
            try:
                await self.dispatch()
            except Exception:
                log.exception("web chat: the outbox dispatch pass failed")


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise BadRequest()
    return body


def _said(body: dict[str, Any]) -> dict[str, Any]:
    """What the person typed, or the button or form they used, as Incoming fields."""
    text, action, values, event = body.get("text", ""), body.get("action"), body.get("values", {}), body.get("id")
    if not isinstance(text, str) or not isinstance(values, dict):
        raise BadRequest()
    if action is not None and (not isinstance(action, str) or not 0 < len(action) <= MAX_ACTION):
        raise BadRequest()
    if event is not None and (not isinstance(event, str) or not 0 < len(event) <= MAX_EVENT_ID):
        raise BadRequest()
    return {"text": text, "action": action, "values": values, "event_id": event}


def _json_error(status: int, message: str) -> web.HTTPException:
    error = {400: web.HTTPBadRequest, 404: web.HTTPNotFound}[status]
    return error(text=json.dumps({"error": message}), content_type="application/json")
