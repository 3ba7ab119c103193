"""The server starts on any database and reports its health over HTTP."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.server import build_app
from bot.services import Services
from bot.settings import Settings
from models import School


async def test_healthz_reports_the_database(db_url, db_factory):
    with db_factory() as db:
        db.add(School(name="Fernhill Primary", urn="999101"))
        db.commit()
    services = Services.from_settings(Settings(database_url=db_url, _env_file=None))
    async with TestClient(TestServer(build_app(services))) as client:
        response = await client.get("/healthz")
        assert response.status == 200
        assert await response.json() == {"status": "ok", "database": "ok", "schools": 1}
    services.engine.dispose()


async def test_healthz_says_when_the_database_is_missing(tmp_path):
    services = Services.from_settings(Settings(database_url=f"sqlite:///{tmp_path}/never-migrated.db", _env_file=None))
    async with TestClient(TestServer(build_app(services))) as client:
        response = await client.get("/healthz")
        assert response.status == 503
        body = await response.json()
        assert body["status"] == "error" and "schools" in body["database"]
    services.engine.dispose()
