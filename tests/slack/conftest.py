"""A small fictional school on Slack, the bot on a real local HTTP server, and a fake Slack Web API."""
from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.channels.slack.app import build, mount
from bot.channels.slack.client import make_client
from bot.channels.slack.post import Pacer, Poster
from bot.conversation import Conversation
from bot.services import Services
from bot.settings import Settings
from models import (
    Intervention, InterventionPupil, PenPortraitVersion, Programme, Pupil, SchoolClass, Staff, StaffIdentity,
)
from models.catalogue import create_school
from tests.handlers.conftest import make_staff
from tests.slack.mock_slack import TEAM, MockSlackApi

PAYLOADS = Path(__file__).resolve().parent.parent / "payloads" / "slack"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TODAY = date(2025, 3, 4)  # a Tuesday in the spring term
NOW = datetime(2025, 3, 4, 10, 30, tzinfo=timezone.utc)
TA, TEACHER, SENCO, DSL, STRANGER = "U0TA00001", "U0TEACH01", "U0SENCO01", "U0DSL0001", "U0WHO0001"


def payload(name: str, **event: Any) -> dict[str, Any]:
    """A recorded payload, with fields of its `event` (for Events API payloads) overridden."""
    body = copy.deepcopy(json.loads((PAYLOADS / f"{name}.json").read_text()))
    if event:
        body["event"].update(event)
    return body


def sign(body: bytes, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:".encode() + body
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


class SlackUser:
    """Sends requests to the bot exactly as Slack does: JSON events, form-encoded commands and interactions."""

    def __init__(self, url: str, session: aiohttp.ClientSession):
        self.url = url
        self.session = session

    async def raw(self, body: bytes, content_type: str, headers: dict[str, str]) -> aiohttp.ClientResponse:
        async with self.session.post(self.url, data=body, headers={"Content-Type": content_type, **headers}) as resp:
            await resp.read()
            return resp

    async def event(self, body: dict[str, Any], *, retry: int | None = None, **sign_kw) -> aiohttp.ClientResponse:
        raw = json.dumps(body).encode()
        headers = sign(raw, **sign_kw)
        if retry:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.raw(raw, "application/json", headers)

    async def command(self, body: dict[str, Any]) -> aiohttp.ClientResponse:
        raw = urlencode(body).encode()
        return await self.raw(raw, "application/x-www-form-urlencoded", sign(raw))

    async def interaction(self, body: dict[str, Any]) -> tuple[aiohttp.ClientResponse, Any]:
        raw = urlencode({"payload": json.dumps(body)}).encode()
        async with self.session.post(self.url, data=raw, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                                  **sign(raw)}) as resp:
            text = await resp.text()
            return resp, (json.loads(text) if text.startswith("{") else text)


def _staff(db, school_id: int, name: str, *roles: str, classes=()) -> Staff:
    return make_staff(db, school_id, name, *roles, classes=classes, domain="oakfield.example.org")


@pytest.fixture
def db(db_url):
    """The test's own view of the database. On SQLite it uses deferred transactions, so a test that
    looks at the data between requests never holds the write lock the bot needs (the app's engine
    begins every transaction IMMEDIATE)."""
    engine = create_engine(db_url)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


@pytest.fixture
def school(db):
    """Oakfield Primary (fictional): a teacher, a TA, a SENCO, a DSL, four pupils and a running PT group."""
    oak = create_school(db, name="Oakfield Primary", urn="990001")
    c3 = SchoolClass(school_id=oak.id, name="3A", year_group="3")
    db.add(c3)
    db.flush()
    s = SimpleNamespace(id=oak.id)
    s.teacher = _staff(db, oak.id, "Tom Bellamy", "teacher", classes=[c3])
    s.ta = _staff(db, oak.id, "Ola Brandt", "ta")
    s.senco = _staff(db, oak.id, "Hana Whitlock", "senco", "teacher")
    s.dsl = _staff(db, oak.id, "Dev Marsh", "dsl", "head")
    pupils = [Pupil(school_id=oak.id, upn=f"A10000000000{i}", first_name=f, last_name=l, year_group="3",
                    class_id=c3.id, sen_status=st)
              for i, (f, l, st) in enumerate((("Sam", "Carter", "K"), ("Jack", "Fenwick", "N"),
                                              ("Leo", "Hartley", "K"), ("Aisha", "Noor", "E")), start=1)]
    db.add_all(pupils)
    db.flush()
    s.sam, s.jack, s.leo, s.aisha = pupils
    pt = db.scalar(select(Programme).where(Programme.school_id == oak.id, Programme.name == "Precision Teaching"))
    db.add(Intervention(school_id=oak.id, programme_id=pt.id, lead_staff_id=s.ta.id, name="Y3 PT group",
                        starts_on=TODAY - timedelta(days=30), ends_on=TODAY + timedelta(days=60),
                        sessions_per_week=3, minutes_per_session=15,
                        members=[InterventionPupil(pupil_id=p.id) for p in (s.sam, s.jack, s.leo)]))
    db.add(PenPortraitVersion(school_id=oak.id, pupil_id=s.aisha.id, version=1, strengths=["Drawing"],
                              interests=["Horses"], strategies=["Visual timetable"], avoid=["Sudden changes"],
                              updated_by_id=s.senco.id))
    # The TA and the DSL have used SENDbot on Slack before; the others are matched by email.
    db.add_all([StaffIdentity(staff_id=s.ta.id, channel="slack", tenant=TEAM, user_id=TA),
                StaffIdentity(staff_id=s.dsl.id, channel="slack", tenant=TEAM, user_id=DSL)])
    db.commit()
    return s


@pytest.fixture
async def slack_api():
    api = await MockSlackApi().start()
    yield api
    await api.stop()


def settings_for(db_url: str, slack_api: MockSlackApi, **kw: Any) -> Settings:
    return Settings(_env_file=None, database_url=db_url, slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                    slack_api_url=slack_api.url + "/api/", **kw)


@pytest.fixture
def services(db_url, db_factory, school, slack_api) -> Services:
    slack_api.emails.update({TEACHER: "tom.bellamy@oakfield.example.org",
                             SENCO: "Hana.Whitlock@oakfield.example.org"})
    conversation = Conversation(db_factory, clock=lambda: NOW)
    return Services(settings_for(db_url, slack_api), db_factory.kw["bind"], db_factory, conversation)


@pytest.fixture
async def bot(services):
    """The Slack app on a real local HTTP server: yields (a Slack-like sender of requests, the channel)."""
    client = make_client(services.settings)
    bolt, channel = build(services, client=client, poster=Poster(client, pacer=Pacer(0)))
    app = web.Application()
    mount(app, bolt, channel)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        yield SlackUser(str(server.make_url("/slack/events")), session), channel
    await channel.settle()
    await server.close()


def texts(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls]
