"""With a Microsoft app configured, /api/messages refuses anything without a valid Bot Framework token."""
from __future__ import annotations

import pytest
from aiohttp import web
from sqlalchemy import func, select

from bot.channels.teams import register

from models import AuditEvent, ConversationRef
from tests.teams.conftest import make_services, payload, start_teams

APP = {"microsoft_app_id": "00000000-0000-0000-0000-000000000b07", "microsoft_app_password": "not-a-real-secret",
       "microsoft_app_tenant_id": "b1e2c3d4-0000-4000-8000-00000000aaaa"}


@pytest.fixture
async def locked(db_url, school, fake_connector):
    teams, server = await start_teams(db_url, fake_connector, **APP)
    yield teams
    await teams.http.close()
    await server.close()
    teams.services.engine.dispose()


# A well-formed but unsigned JWT would make the SDK fetch the Bot Framework's signing keys: not offline.
@pytest.mark.parametrize("header", [None, "", "Bearer not-a-jwt", "Basic aGFubmFoOnBhc3N3b3Jk"])
async def test_requests_without_a_valid_token_get_401_and_touch_nothing(locked, header):
    activity = payload("personal_message", locked.connector.url)
    response = await locked.post(activity, headers={"Authorization": header} if header else {})
    assert response.status == 401
    assert locked.connector.posted == []
    with locked.services.factory() as db:
        assert db.scalar(select(func.count(ConversationRef.id))) == 0
        assert db.scalar(select(func.count(AuditEvent.id))) == 0


async def test_garbage_without_a_token_is_a_401_too(locked):
    async with locked.http.post(f"{locked.url}/api/messages", data=b"not json",
                                headers={"Content-Type": "application/json"}) as response:
        assert response.status == 401


async def test_local_mode_without_credentials_answers_local_clients(teams):
    response = await teams.post(payload("personal_message", teams.connector.url))
    assert response.status == 200
    assert len(teams.connector.posted) == 1


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"type": "message"}'])
async def test_something_that_is_not_an_activity_is_a_400(teams, body):
    async with teams.http.post(f"{teams.url}/api/messages", data=body,
                               headers={"Content-Type": "application/json"}) as response:
        assert response.status == 400
    assert teams.connector.posted == []


def test_a_single_tenant_bot_without_its_tenant_is_named_at_startup(db_url):
    services = make_services(db_url, microsoft_app_id=APP["microsoft_app_id"],
                             microsoft_app_password=APP["microsoft_app_password"])
    with pytest.raises(ValueError, match="MICROSOFT_APP_TENANT_ID"):
        register(web.Application(), services)
    services.engine.dispose()


async def test_an_activity_with_fields_of_the_wrong_shape_is_a_400(teams):
    activity = payload("personal_message", teams.connector.url, conversation="a:1notAnObject", entities="none")
    response = await teams.post(activity)
    assert response.status == 400
    assert teams.connector.posted == []
