"""POST /api/messages: the Bot Framework's door into SENDbot, mounted on the shared aiohttp server."""
from __future__ import annotations

import logging

from aiohttp import web

from bot.channels.teams.activity import message, parse_activity
from bot.channels.teams.adapter import TeamsAdapter
from bot.channels.teams.auth import Authenticator, Unauthorized
from bot.channels.teams.bot import SendbotTeamsBot
from bot.channels.teams.connector import Connector
from bot.channels.teams.recent import RecentCallers
from bot.channels.teams.sender import TeamsSender
from bot.prompts import prompts
from bot.services import Services
from handlers.reply import Reply

log = logging.getLogger(__name__)
MAX_ACTIVITY_BYTES = 256 * 1024  # Teams activities are a few KB; a card submit well under this


class TeamsEndpoint:
    def __init__(self, services: Services, connector: Connector):
        words = self.words = prompts(services.settings.locale)
        self.authenticator = Authenticator(services.settings)
        self.adapter = TeamsAdapter(connector, self._turn_error)
        recent = RecentCallers()
        self.bot = SendbotTeamsBot(services, words, recent)
        self.sender = TeamsSender(self.adapter, services.factory, words, recent)

    async def messages(self, request: web.Request) -> web.Response:
        if request.content_length and request.content_length > MAX_ACTIVITY_BYTES:
            return web.json_response({"error": "activity too large"}, status=413)
        try:
            activity = parse_activity(await request.json())
        except ValueError:  # not JSON at all
            activity = None
        if activity is None:
            # With an app configured, a stranger learns nothing, not even that the body was wrong.
            if not self.authenticator.local:
                return web.json_response({"error": "unauthorized"}, status=401)
            return web.json_response({"error": "not a Bot Framework activity"}, status=400)
        try:
            await self.authenticator.check(activity, request.headers.get("Authorization", ""))
        except Unauthorized:
            return web.json_response({"error": "unauthorized"}, status=401)
        invoke = await self.adapter.process(activity, self.bot.on_turn)
        if invoke is not None and invoke.value is not None:
            return web.json_response(invoke.value.body, status=invoke.value.status)
        return web.Response(status=200)

    async def _turn_error(self, turn_context, error: Exception) -> None:
        """Logged, and the person told nothing was saved, if the connector still takes a message."""
        log.error("Teams turn failed: %s", error, exc_info=error)
        try:
            await turn_context.send_activity(message(self.words.render(Reply("error.internal")), self.words))
        except Exception as exc:  # sending was what failed: the log above is all we can do
            log.error("could not tell the user about it either: %s", exc)


def register(app: web.Application, services: Services, *, connector: Connector | None = None) -> None:
    """Mount POST /api/messages and offer the Teams Sender for proactive messages."""
    connector = connector or Connector(services.settings)
    endpoint = TeamsEndpoint(services, connector)
    app.router.add_post("/api/messages", endpoint.messages)
    services.senders["teams"] = endpoint.sender

    async def close(_app: web.Application) -> None:
        await connector.close()

    app.on_cleanup.append(close)
