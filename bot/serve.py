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
    host = host or settings.host
    port = port or settings.port
    log.info("SENDbot listening on http://%s:%s (web chat: http://%s:%s/)", host, port, host, port)
    web.run_app(app, host=host, port=port, print=None)
