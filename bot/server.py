"""The one aiohttp server every channel is mounted on."""
from __future__ import annotations

import asyncio

from aiohttp import web
from sqlalchemy import func, select

from bot.services import Services
from models import School

SERVICES = web.AppKey("services", Services)


def build_app(services: Services) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app[SERVICES] = services
    app.router.add_get("/healthz", healthz)
    from bot.channels import webchat

    webchat.register(app, services)
    return app


async def healthz(request: web.Request) -> web.Response:
    services = request.app[SERVICES]

    def check() -> int:
        with services.factory() as db:
            return db.scalar(select(func.count(School.id))) or 0

    try:
        schools = await asyncio.to_thread(check)
    except Exception as exc:  # the point of a health check is to report, not raise
        return web.json_response({"status": "error", "database": str(exc)[:200]}, status=503)
    return web.json_response({"status": "ok", "database": "ok", "schools": schools})
