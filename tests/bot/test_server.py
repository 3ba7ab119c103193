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


async def test_a_first_start_trains_the_models_without_holding_the_database(db_url, db_factory, monkeypatch):
    """`sendbot chat` beside a starting server must not find the database locked while the models train."""
    import sqlite3

    import bot.server

    with db_factory() as db:
        db.add(School(name="Fernhill Primary", urn="999102"))
        db.commit()
    written = []

    def training() -> None:  # another process writing while the models would be training
        if db_url.startswith("sqlite"):
            other = sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=0.2)
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE schools SET name = 'Fernhill Primary School'")
            other.commit()
            other.close()
        written.append(True)

    monkeypatch.setattr(bot.server, "load_models", training)
    services = Services.from_settings(Settings(database_url=db_url, _env_file=None))
    async with TestClient(TestServer(build_app(services))) as client:
        assert (await client.get("/healthz")).status == 200
    assert written == [True]
    services.engine.dispose()
