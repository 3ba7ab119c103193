"""Starting the server process."""
from __future__ import annotations

import logging

from aiohttp import web

from bot.server import build_app
from bot.services import Services
from bot.settings import Settings

log = logging.getLogger("sendbot")


def run(settings: Settings, *, host: str | None = None, port: int | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    services = Services.from_settings(settings)
    app = build_app(services)
    if settings.run_scheduler:
        from bot.scheduling import attach_scheduler

        attach_scheduler(app, services)
    host = host or settings.host
    port = port or settings.port
    log.info("SENDbot listening on http://%s:%s (web chat: http://%s:%s/)", host, port, host, port)
    web.run_app(app, host=host, port=port, print=None)


def run_scheduler_only(settings: Settings) -> None:
    """The scheduler alone, for a trust that runs several servers: the channels' senders without serving."""
    import asyncio

    from bot.scheduling import run_scheduler_forever

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    services = Services.from_settings(settings)

    async def main() -> None:
        runner = web.AppRunner(build_app(services))
        await runner.setup()  # starts each channel's sender (HTTP sessions, Socket Mode) without listening
        try:
            await run_scheduler_forever(services)
        finally:
            await runner.cleanup()

    asyncio.run(main())
