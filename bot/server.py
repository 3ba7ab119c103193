"""The one aiohttp server every channel is mounted on."""
from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from sqlalchemy import func, select

from bot.roster_cache import load_models
from bot.services import Services
from models import School
from models.db_thread import run_db

SERVICES = web.AppKey("services", Services)


def bare_app(services: Services) -> web.Application:
    """The server with /healthz and no channels: tests mount one channel on it with their fakes."""
    app = web.Application(client_max_size=1024 * 1024)
    app[SERVICES] = services
    app.router.add_get("/healthz", healthz)
    return app


def build_app(services: Services) -> web.Application:
    """The server with every configured channel: what `sendbot serve` runs."""
    app = bare_app(services)
    from bot.channels import teams, webchat

    teams.register(app, services)
    webchat.register(app, services)
    settings = services.settings
    if settings.slack_configured:
        from bot.channels import slack

        if settings.slack_socket_mode:
            app.cleanup_ctx.append(_slack_socket_mode)
        else:
            slack.register(app, services)
    app.on_startup.append(_warm_up)
    return app


async def _slack_socket_mode(app: web.Application):
    from bot.channels.slack import start_socket_mode

    runner = await start_socket_mode(app[SERVICES])
    yield
    await runner.stop()


async def _warm_up(app: web.Application) -> None:
    """Load the understanding model and each school's roster before the first message, not during it.

    Slack gives a modal 3 seconds; a cold start takes longer than that.
    """
    services = app[SERVICES]

    def warm() -> None:
        with services.factory() as db:
            for school in db.scalars(select(School)):
                services.conversation.rosters.for_school(db, school)

    try:
        await asyncio.to_thread(load_models)  # off the database thread: /healthz answers while it trains
        await run_db(services.factory, warm)
    except Exception:  # an unmigrated database: /healthz says so, and serving still starts
        logging.getLogger(__name__).exception("warm-up failed")


async def healthz(request: web.Request) -> web.Response:
    services = request.app[SERVICES]

    def check() -> int:
        with services.factory() as db:
            return db.scalar(select(func.count(School.id))) or 0

    try:
        schools = await run_db(services.factory, check)
    except Exception as exc:  # the point of a health check is to report, not raise
        return web.json_response({"status": "error", "database": str(exc)[:200]}, status=503)
    return web.json_response({"status": "ok", "database": "ok", "schools": schools})
