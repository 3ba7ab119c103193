"""A small fictional school, a local fake Bot Connector, and SENDbot's server with the Teams channel mounted."""
from __future__ import annotations

import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.channels.teams import register
from bot.channels.teams.connector import Connector
from bot.conversation import Conversation
from bot.server import bare_app
from bot.services import Services
from bot.settings import Settings
from models import (
    ClassTeacher, Intervention, InterventionPupil, PenPortraitVersion, Programme, Pupil, SchoolClass, Staff,
    StaffIdentity, StaffRole,
)
from models.catalogue import create_school
from models.db import make_engine, session_factory, unit_of_work
from tests.teams.schemas import card_problems

PAYLOADS = Path(__file__).resolve().parent.parent / "payloads" / "teams"
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc)  # a Tuesday in the spring term
TODAY = date(2026, 3, 10)
TENANT = "b1e2c3d4-0000-4000-8000-00000000aaaa"
BOT_ID = "28:00000000-0000-0000-0000-000000000b07"
HANNAH_AAD = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e01"  # teacher, already linked
TOM_AAD = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e02"  # TA, linked by email on first contact
PRIYA_AAD = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e03"  # SENCO, already linked


def payload(name: str, service_url: str, **changes: Any) -> dict[str, Any]:
    """A recorded-shape activity with the fake connector as its serviceUrl and any fields changed."""
    activity = json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))
    activity["serviceUrl"] = service_url
    for key, value in changes.items():
        activity[key] = value
    return activity


@dataclass
class FakeConnector:
    """The Bot Connector API as Teams runs it, on 127.0.0.1: records activities and answers like the service."""

    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    posted: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)
    scripted: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=lambda: defaultdict(list))
    auth_headers: list[str | None] = field(default_factory=list)
    bad_cards: list[str] = field(default_factory=list)  # schema problems in any card the bot sent
    updated: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # (conversation, activity id, new)
    url: str = ""
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def answer_next(self, conversation_id: str, status: int, headers: dict[str, str] | None = None) -> None:
        """Make the next POST to this conversation answer `status` instead of succeeding."""
        self.scripted[conversation_id].append((status, headers or {}))

    def sent_to(self, conversation_id: str) -> list[dict[str, Any]]:
        return [a for c, a in self.posted if c == conversation_id]

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._activity)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._activity)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._update)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        app.router.add_post("/v3/conversations", self._create)
        return app

    async def _activity(self, request: web.Request) -> web.Response:
        conversation = request.match_info["conversation"]
        self.auth_headers.append(request.headers.get("Authorization"))
        if self.scripted[conversation]:
            status, headers = self.scripted[conversation].pop(0)
            return web.json_response({"error": {"code": "Scripted", "message": str(status)}}, status=status,
                                     headers=headers)
        activity = await request.json()
        for attachment in activity.get("attachments") or ():
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                self.bad_cards.extend(card_problems(attachment["content"]))
        self.posted.append((conversation, activity))
        return web.json_response({"id": f"1:{next(self._ids)}"})

    async def _update(self, request: web.Request) -> web.Response:
        self.updated.append((request.match_info["conversation"], request.match_info["activity"], await request.json()))
        return web.json_response({"id": request.match_info["activity"]})

    async def _member(self, request: web.Request) -> web.Response:
        member = self.members.get(request.match_info["member"])
        if member is None:
            return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
        return web.json_response(member)

    async def _create(self, request: web.Request) -> web.Response:
        params = await request.json()
        self.created.append(params)
        return web.json_response({"id": f"a:1newPersonalChat{len(self.created)}", "activityId": None})


@dataclass
class Teams:
    """Posts activities to SENDbot's /api/messages as Teams would and reads what reached the connector."""

    url: str
    http: aiohttp.ClientSession
    connector: FakeConnector
    services: Services
    sleeps: list[float] = field(default_factory=list)  # backoff delays the connector asked for

    async def post(self, activity: dict[str, Any], headers: dict[str, str] | None = None) -> aiohttp.ClientResponse:
        async with self.http.post(f"{self.url}/api/messages", json=activity, headers=headers or {}) as response:
            await response.read()
            return response

    async def say(self, text: str, name: str = "personal_message", **changes: Any) -> list[dict[str, Any]]:
        """Send a message and return the activities the bot posted in reply."""
        activity = payload(name, self.connector.url, text=text, id=_next_id(), **changes)
        return await self.send(activity)

    async def press(self, value: dict[str, Any], **changes: Any) -> list[dict[str, Any]]:
        """Press a card button / submit a card form (activity.value, no text)."""
        activity = payload("card_submit", self.connector.url, value=value, id=_next_id(), **changes)
        return await self.send(activity)

    async def send(self, activity: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self.connector.posted)
        response = await self.post(activity)
        assert response.status == 200, response.status
        return [a for _, a in self.connector.posted[before:]]


_ids = itertools.count(1741600000000)


def _next_id() -> str:
    return str(next(_ids))


def card_of(activity: dict[str, Any]) -> dict[str, Any]:
    (attachment,) = activity["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]


def words_of(activity: dict[str, Any]) -> str:
    """Every piece of text a person would read in a reply, card or not."""
    if not activity.get("attachments"):
        return activity["text"]
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "title", "value"):
                if isinstance(node.get(key), str):
                    parts.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card_of(activity))
    return "\n".join(parts)


def submits(activity: dict[str, Any]) -> list[dict[str, Any]]:
    """Every Action.Submit on a card, wherever it sits."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Submit":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card_of(activity))
    return found


@pytest.fixture
def school(db_factory):
    """Oakfield Primary: a teacher, a TA, a SENCO, a DSL, five pupils (two Leos) and a running PT group."""
    with unit_of_work(db_factory) as db:
        oak = create_school(db, name="Oakfield Primary", urn="990101")
        four_k = SchoolClass(school_id=oak.id, name="4K", year_group="4")
        db.add(four_k)
        db.flush()

        def person(name: str, *roles: str) -> Staff:
            staff = Staff(school_id=oak.id, name=name, email=name.lower().replace(" ", ".") + "@oakfield.example",
                          role_rows=[StaffRole(role=r) for r in roles])
            db.add(staff)
            db.flush()
            return staff

        hannah, tom = person("Hannah Price", "teacher"), person("Tom Booth", "ta")
        priya, dev = person("Priya Shah", "senco"), person("Dev Malik", "dsl")
        db.add(ClassTeacher(staff_id=hannah.id, class_id=four_k.id))
        db.add_all([StaffIdentity(staff_id=hannah.id, channel="teams", tenant=TENANT, user_id=HANNAH_AAD),
                    StaffIdentity(staff_id=priya.id, channel="teams", tenant=TENANT, user_id=PRIYA_AAD)])

        def pupil(first: str, last: str, upn: str) -> Pupil:
            p = Pupil(school_id=oak.id, upn=upn, first_name=first, last_name=last, year_group="4",
                      class_id=four_k.id, sen_status="K")
            db.add(p)
            db.flush()
            return p

        aisha = pupil("Aisha", "Khan", "A100000000001")
        leo_b, leo_s = pupil("Leo", "Brown", "A100000000002"), pupil("Leo", "Smith", "A100000000003")
        sam, maya = pupil("Sam", "Jones", "A100000000004"), pupil("Maya", "Patel", "A100000000005")
        db.add(PenPortraitVersion(school_id=oak.id, pupil_id=aisha.id, version=1, strengths=["drawing"],
                                  interests=["horses"], needs=["processing time"],
                                  strategies=["Give instructions one step at a time", "Movement breaks"],
                                  avoid=["Sudden loud noises"], communication="Prefers visual cues",
                                  updated_by_id=priya.id, updated_at=NOW))
        precision = db.query(Programme).filter_by(school_id=oak.id, name="Precision Teaching").one()
        db.add(Intervention(school_id=oak.id, programme_id=precision.id, lead_staff_id=tom.id, name="Y4 PT group",
                            starts_on=date(2026, 1, 5), sessions_per_week=3, minutes_per_session=20,
                            members=[InterventionPupil(pupil_id=p.id, entry_assessment="12 wpm")
                                     for p in (leo_b, sam, maya)]))
    return {"school_id": oak.id, "hannah": hannah.id, "tom": tom.id, "priya": priya.id, "dev": dev.id,
            "aisha": aisha.id, "leo_b": leo_b.id, "leo_s": leo_s.id, "sam": sam.id, "maya": maya.id}


async def _serve(app: web.Application) -> TestServer:
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return server


async def _no_wait(_seconds: float) -> None:
    """Backoff without real sleeping: tests travel time, they don't wait for it."""


@pytest.fixture
async def fake_connector():
    fake = FakeConnector()
    fake.members["29:1TomBoothTeamsUserId"] = json.loads((PAYLOADS / "member.json").read_text(encoding="utf-8"))
    server = await _serve(fake.app())
    fake.url = str(server.make_url("/")).rstrip("/") + "/"
    yield fake
    await server.close()


def make_services(db_url: str, **settings: Any) -> Services:
    engine = make_engine(db_url)
    factory = session_factory(engine)
    config = Settings(_env_file=None, database_url=db_url, **settings)
    return Services(config, engine, factory, Conversation(factory, clock=lambda: NOW))


async def start_teams(db_url: str, connector: FakeConnector, **settings: Any):
    services = make_services(db_url, **settings)
    app = bare_app(services)
    sleeps: list[float] = []

    async def record_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    register(app, services, connector=Connector(services.settings, sleep=record_sleep, jitter=lambda: 0.5))
    server = await _serve(app)
    http = aiohttp.ClientSession()
    teams = Teams(str(server.make_url("")).rstrip("/"), http, connector, services, sleeps)
    return teams, server


@pytest.fixture
async def teams(db_url, school, fake_connector):
    client, server = await start_teams(db_url, fake_connector)
    yield client
    assert fake_connector.bad_cards == [], "the bot sent a card that breaks the Adaptive Cards 1.2 schema"
    await client.http.close()
    await server.close()
    client.services.engine.dispose()
