"""The local web chat: the third channel adapter, for demos, INSET sessions and development.

`register(app, services)` mounts the page at / and its API under /webchat/api/, and adds the
web chat's Sender to services.senders so the outbox can reach people who picked themselves.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from bot.channels.webchat.access import Handler, guarded
from bot.channels.webchat.live import Live
from bot.channels.webchat.page import STATIC
from bot.channels.webchat.routes import BadRequest, Dispatch, Trigger, WebChat
from bot.channels.webchat.sender import WebchatSender
from bot.channels.webchat.triggers import demo_triggers
from bot.channels.webchat.words import Words
from bot.scheduling import dispatch_due
from bot.services import Services
from models import utcnow

__all__ = ["WebchatSender", "register"]


def register(app: web.Application, services: Services, *, clock: Callable[[], datetime] = utcnow,
             dispatch: Dispatch | None = None, triggers: dict[str, Trigger] | None = None) -> None:
    """Mount the web chat; `dispatch` (one outbox pass) and `triggers` default to the scheduler's own work."""
    words = Words(services.settings.locale)
    live = Live()
    if dispatch is None:
        async def dispatch() -> object:
            return await dispatch_due(services.factory, services.senders, now=clock())
    chat = WebChat(services, live, words, dispatch=dispatch,
                   triggers=demo_triggers(services, clock=clock) if triggers is None else dict(triggers))
    services.senders[WebchatSender.name] = WebchatSender(live, words,
                                                         keep_for_closed_tabs=not services.settings.production)

    def endpoint(handler: Handler) -> Handler:
        async def answered(request: web.Request) -> web.StreamResponse:
            try:
                return await handler(request)
            except BadRequest:
                return web.json_response({"error": words.text("webchat.error.bad_request")}, status=400)

        return guarded(services.settings, words, answered)

    async def static(request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in ("chat.css", "chat.js"):
            raise web.HTTPNotFound()
        return web.FileResponse(STATIC / name, headers={"Cache-Control": "no-cache"})

    async def stop_streams(_app: web.Application) -> None:
        live.shut()

    app.router.add_get("/", endpoint(chat.index))
    # The stylesheet and script hold no data, and a page opened with ?token= could not pass it on to them.
    app.router.add_get("/webchat/static/{name}", static)
    app.router.add_get("/webchat/api/staff", endpoint(chat.staff))
    app.router.add_post("/webchat/api/pick", endpoint(chat.pick))
    app.router.add_post("/webchat/api/message", endpoint(chat.message))
    app.router.add_get("/webchat/api/events", endpoint(chat.events))
    app.router.add_post("/webchat/api/trigger/{name}", endpoint(chat.trigger))
    app.on_shutdown.append(stop_streams)
