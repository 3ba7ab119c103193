"""The Slack app: one bolt AsyncApp, served over HTTP at /slack/events or over Socket Mode."""
from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack import events, interactions
from bot.channels.slack.channel import SlackChannel
from bot.channels.slack.client import make_client
from bot.channels.slack.post import Poster
from bot.channels.slack.references import CHANNEL
from bot.channels.slack.sender import SlackSender
from bot.channels.slack.socket_mode import SocketModeRunner
from bot.services import Services

PATH = "/slack/events"
SLACK_APP = web.AppKey("slack_app", AsyncApp)
SLACK_CHANNEL = web.AppKey("slack_channel", SlackChannel)


def build(services: Services, *, client: AsyncWebClient | None = None, poster: Poster | None = None
          ) -> tuple[AsyncApp, SlackChannel]:
    """The bolt app with every listener, and the channel behind it; adds the Slack sender to services."""
    settings = services.settings
    client = client or make_client(settings)
    slack = SlackChannel(services, client, poster)
    app = AsyncApp(
        client=client,
        # Bolt verifies every HTTP request's signature and age; Socket Mode frames come over the
        # authenticated websocket and bolt skips the check for them.
        signing_secret=settings.slack_signing_secret,
        process_before_response=False,
    )
    events.register(app, slack)
    interactions.register(app, slack)
    services.senders[CHANNEL] = SlackSender(slack.poster)
    return app, slack


def register(app: web.Application, services: Services) -> None:
    """Mount the Slack Events API and interactivity endpoint on the aiohttp server."""
    if not services.settings.slack_signing_secret:
        raise ValueError("SLACK_SIGNING_SECRET is needed to accept Slack requests over HTTP")
    bolt, slack = build(services)
    mount(app, bolt, slack)


def mount(app: web.Application, bolt: AsyncApp, slack: SlackChannel) -> None:
    app[SLACK_APP] = bolt
    app[SLACK_CHANNEL] = slack

    async def endpoint(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def drain(_: web.Application) -> None:
        await slack.settle()  # let acknowledged work finish before the process stops

    app.router.add_post(PATH, endpoint)
    app.on_shutdown.append(drain)


async def start_socket_mode(services: Services, *, client: AsyncWebClient | None = None) -> SocketModeRunner:
    """Connect over Socket Mode (settings.slack_app_token); the caller keeps the handle and awaits stop()."""
    if not services.settings.slack_app_token.startswith("xapp-"):
        raise ValueError("SLACK_APP_TOKEN (an app-level token, xapp-...) is needed for Socket Mode")
    bolt, _ = build(services, client=client)
    return await SocketModeRunner(bolt, services.settings.slack_app_token).start()
