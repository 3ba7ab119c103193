"""The production lock: off unless WEBCHAT_TOKEN is set, and then only with the token."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.channels.webchat import register
from bot.server import bare_app
from tests.webchat.conftest import make_services, payload

PATHS = ("/", "/webchat/api/staff", "/webchat/api/events?staff_id=1")


async def serve(db_url, **settings) -> tuple[TestClient, object]:
    services = make_services(db_url, **settings)
    app = bare_app(services)
    register(app, services)
    client = TestClient(TestServer(app))
    await client.start_server()
    return client, services


async def test_production_without_a_token_switches_the_web_chat_off(db_url, school):
    client, services = await serve(db_url, sendbot_env="production")
    try:
        for path in PATHS:
            response = await client.get(path)
            assert response.status == 404, path
        page = await client.get("/")
        assert "switched off because SENDBOT_ENV is production" in await page.text()
        api = await client.post("/webchat/api/message", json=payload("message_text", staff_id=school.ta))
        assert api.status == 404 and "WEBCHAT_TOKEN" in (await api.json())["error"]
        assert (await client.get("/healthz")).status == 200  # the rest of the server is untouched
    finally:
        await client.close()
        services.engine.dispose()


async def test_production_with_a_token_needs_it_in_the_header_or_the_address(db_url, school):
    client, services = await serve(db_url, sendbot_env="production", webchat_token="s3cret-demo")
    try:
        refused = await client.get("/webchat/api/staff")
        assert refused.status == 403 and "?token=" in (await refused.json())["error"]
        assert (await client.get("/webchat/api/staff", headers={"X-Webchat-Token": "wrong"})).status == 403
        assert (await client.get("/webchat/api/staff", headers={"X-Webchat-Token": "s3cret-demo"})).status == 200
        assert (await client.get("/", params={"token": "s3cret-demo"})).status == 200
        sent = await client.post("/webchat/api/message", json=payload("message_text", staff_id=school.ta),
                                 headers={"X-Webchat-Token": "s3cret-demo"})
        assert sent.status == 200
    finally:
        await client.close()
        services.engine.dispose()


async def test_a_token_set_in_development_is_required_too(db_url, school):
    client, services = await serve(db_url, webchat_token="s3cret-demo")
    try:
        assert (await client.get("/")).status == 403
        assert (await client.get("/", headers={"X-Webchat-Token": "s3cret-demo"})).status == 200
    finally:
        await client.close()
        services.engine.dispose()


def test_the_server_listens_only_on_this_machine_by_default():
    from bot.settings import Settings

    assert Settings(_env_file=None).host == "localhost"
