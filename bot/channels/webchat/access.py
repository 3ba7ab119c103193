"""Keeping the web chat local: the production lock (a token) and refusing cross-site requests."""
from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

from bot.channels.webchat.words import Words
from bot.settings import Settings

TOKEN_HEADER = "X-Webchat-Token"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def refusal(request: web.Request, settings: Settings, words: Words) -> web.Response | None:
    """Why this request may not use the web chat, as a response; None when it may."""
    if settings.production and not settings.webchat_token:
        return _error(request, 404, words.text("webchat.error.disabled"))
    if settings.webchat_token:
        given = request.headers.get(TOKEN_HEADER) or request.query.get("token") or ""
        if not hmac.compare_digest(given.encode(), settings.webchat_token.encode()):
            return _error(request, 403, words.text("webchat.error.token"))
    if request.method == "POST":
        # A form on another site can post text/plain or urlencoded without a preflight; JSON it cannot.
        if request.content_type != "application/json":
            return _error(request, 415, words.text("webchat.error.json"))
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            return _error(request, 403, words.text("webchat.error.origin"))
    return None


def guarded(settings: Settings, words: Words, handler: Handler) -> Handler:
    """The handler, behind the lock and the cross-site check."""

    async def checked(request: web.Request) -> web.StreamResponse:
        refused = refusal(request, settings, words)
        return refused if refused is not None else await handler(request)

    return checked


def _error(request: web.Request, status: int, message: str) -> web.Response:
    if request.path.startswith("/webchat/api/"):
        return web.json_response({"error": message}, status=status)
    return web.Response(text=message, status=status, content_type="text/plain")
