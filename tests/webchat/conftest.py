"""A small fictional school behind the real server with the web chat mounted, for HTTP tests."""
from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.channels.webchat import register
from bot.conversation import Conversation
from bot.server import bare_app
from bot.services import Services
from bot.settings import Settings
from models import ClassTeacher, Intervention, InterventionPupil, Programme, Pupil, SchoolClass, Staff, StaffRole
from models.catalogue import create_school
from models.db import make_engine, session_factory
from models.pupil import upn_check_letter

NOW = datetime(2026, 3, 10, 10, 30, tzinfo=timezone.utc)  # a Tuesday in the spring term
PAYLOADS = Path(__file__).resolve().parent.parent / "payloads" / "webchat"


def payload(name: str, **changes: Any) -> dict[str, Any]:
    """A body exactly as the page's chat.js sends it (tests/payloads/webchat/), with some values changed."""
    body = json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))
    return {**body, **changes}


def upn(serial: int) -> str:
    body = f"82345672{serial:04d}"
    return upn_check_letter(body) + body


@dataclass
class FernhillSchool:
    """Ids of the people and records the tests use."""

    school_id: int
    teacher: int
    ta: int
    senco: int
    dsl: int
    pupils: dict[str, int] = field(default_factory=dict)


def build_school(db, *, pupil_names: tuple[tuple[str, str], ...] = (("Ruby", "Ashworth"), ("Theo", "Okafor"),
                                                                  ("Leo", "Brennan"), ("Maisie", "Clarke"))) -> FernhillSchool:
    """Fernhill Primary: a teacher of 4K, a TA leading a Lego-based Therapy group, a SENCO, a DSL."""
    school = create_school(db, name="Fernhill Primary", urn="999101")
    klass = SchoolClass(school_id=school.id, name="4K", year_group="4")
    db.add(klass)
    db.flush()

    def person(name: str, email: str, *roles: str) -> Staff:
        staff = Staff(school_id=school.id, name=name, email=email, role_rows=[StaffRole(role=r) for r in roles])
        db.add(staff)
        db.flush()
        return staff

    dsl = person("Dev Osei", "d.osei@fernhill.example", "dsl")
    senco = person("Priya Raman", "p.raman@fernhill.example", "senco")
    ta = person("Sian Pritchard", "s.pritchard@fernhill.example", "ta")
    teacher = person("Imran Hussain", "i.hussain@fernhill.example", "teacher")
    db.add(ClassTeacher(staff_id=teacher.id, class_id=klass.id))
    pupils = []
    for n, (first, last) in enumerate(pupil_names, start=1):
        pupil = Pupil(school_id=school.id, upn=upn(n), first_name=first, last_name=last, year_group="4",
                      class_id=klass.id, sen_status="K" if n % 2 else "N")
        db.add(pupil)
        pupils.append(pupil)
    db.flush()
    lego = db.scalar(select(Programme).where(Programme.school_id == school.id, Programme.name == "Lego-based Therapy"))
    group = Intervention(school_id=school.id, programme_id=lego.id, lead_staff_id=ta.id, name="Y4 Lego group",
                         starts_on=date(2025, 9, 8), minutes_per_session=30)
    db.add(group)
    db.flush()
    db.add_all([InterventionPupil(intervention_id=group.id, pupil_id=p.id) for p in pupils[:2]])
    db.commit()
    return FernhillSchool(school.id, teacher.id, ta.id, senco.id, dsl.id, {p.first_name: p.id for p in pupils})


@pytest.fixture
def school(db_factory) -> FernhillSchool:
    with db_factory() as db:
        return build_school(db)


def make_services(db_url: str, **settings: Any) -> Services:
    """The process's services on this database, with the clock fixed at NOW."""
    engine = make_engine(db_url)
    factory = session_factory(engine)
    return Services(Settings(database_url=db_url, _env_file=None, **settings), engine, factory,
                    Conversation(factory, clock=lambda: NOW))


@pytest.fixture
def services(db_url) -> Services:
    services = make_services(db_url)
    yield services
    services.engine.dispose()


class Calls:
    """Records the dispatch passes and demo triggers the web chat ran."""

    def __init__(self) -> None:
        self.dispatched = 0
        self.triggered: list[tuple[str, int]] = []

    async def dispatch(self) -> None:
        self.dispatched += 1

    def trigger(self, name: str):
        async def run(school_id: int) -> int:
            self.triggered.append((name, school_id))
            return 1

        return run


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
async def client(services, school, calls) -> AsyncIterator[TestClient]:
    app = bare_app(services)
    register(app, services, dispatch=calls.dispatch,
             triggers={"nudges": calls.trigger("nudges"), "digest": calls.trigger("digest")})
    async with TestClient(TestServer(app)) as client:
        yield client
