"""A small fictional school with a term's worth of SEND records, chat references, and fake channel senders."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from types import SimpleNamespace

import pytest
from sqlalchemy import select

import handlers  # noqa: F401  (registers every route)
from bot.channels.base import DeliveryError, Target
from bot.prompts import prompts
from bot.scheduling.clock import at_local
from handlers.reply import Reply
from handlers.request import Request
from handlers.routes import ROUTES
from models import (
    ChannelRegistration, ClassTeacher, ConversationRef, Intervention, InterventionPupil, OutboxMessage, Plan, Programme,
    Pupil, SchoolClass, Staff, StaffRole,
)
from models.catalogue import create_school
from models.pupil import upn_check_letter


@dataclass
class FakeSender:
    """A channel's Sender that renders every reply with the real prompts and fails as scripted."""

    name: str
    failures: list[DeliveryError] = field(default_factory=list)
    sent: list[tuple[Target, Reply]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    async def send(self, target: Target, reply: Reply) -> None:
        rendered = prompts().render(reply)  # a missing prompt key or variable fails here
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((target, reply))
        self.texts.append(f"{rendered.title or ''}\n{rendered.text}")


def morning(day: date, hour: int = 8, minute: int = 20) -> datetime:
    """`hour:minute` London time on `day`, as UTC."""
    return at_local(day, time(hour, minute), "Europe/London")


def sent_to(sender: FakeSender, ref_id: int) -> list[Reply]:
    return [reply for target, reply in sender.sent if target.ref_id == ref_id]


def outbox(factory, kind: str | None = None) -> list[OutboxMessage]:
    """The outbox, read in a short session of its own (SQLite allows one writer, and reads here begin one)."""
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    with factory() as db:
        return list(db.scalars(query))


def fetch(factory, model, ident):
    """One row as it is now, read in a short session of its own."""
    with factory() as db:
        return db.get(model, ident)


def act(db, actor: Staff, action: str, *, today: date, now: datetime | None = None, **values) -> Reply:
    """Press a button or submit a form as `actor`, in one unit of work."""
    request = Request(actor=actor, channel="teams", intent=action, now=now or morning(today, 9, 0), today=today,
                      values=values)
    reply = ROUTES[action](request, db)
    db.commit()
    prompts().render(reply)
    return reply


def _upn(serial: int) -> str:
    body = f"99920012{serial:04d}"[:12]
    return upn_check_letter(body) + body


def _staff(db, school_id: int, name: str, *roles: str, classes=(), morning_message: bool = False) -> Staff:
    person = Staff(school_id=school_id, name=name, email=name.lower().replace(" ", ".") + "@hollybrook.example",
                   morning_sessions_message=morning_message, role_rows=[StaffRole(role=r) for r in roles])
    db.add(person)
    db.flush()
    for c in classes:
        db.add(ClassTeacher(staff_id=person.id, class_id=c.id))
    ref = ConversationRef(school_id=school_id, channel="teams", conversation_id=f"a:1on1-{person.id}",
                          staff_id=person.id, is_channel=False,
                          reference={"conversation": {"id": f"a:1on1-{person.id}"}, "serviceUrl": "http://127.0.0.1/"})
    db.add(ref)
    db.flush()
    person.ref_id = ref.id  # handy in tests: where this person's messages land
    return person


def build_school(db, *, urn: str = "999201", name: str = "Hollybrook Primary (fictional)"):
    """Hollybrook: a teacher, a TA, a SENCO, a DSL, a deputy DSL, a head, an admin; K/E pupils and a running group."""
    school = create_school(db, name=name, urn=urn)
    c3 = SchoolClass(school_id=school.id, name="3W", year_group="3")
    c5 = SchoolClass(school_id=school.id, name="5F", year_group="5")
    db.add_all([c3, c5])
    db.flush()
    s = SimpleNamespace(id=school.id, school=school, c3=c3, c5=c5)
    s.teacher = _staff(db, school.id, "Grace Whitmore", "teacher", classes=[c3])
    s.teacher5 = _staff(db, school.id, "Cal Ferris", "teacher", classes=[c5])
    s.ta = _staff(db, school.id, "Owen Pike", "ta", morning_message=True)
    s.senco = _staff(db, school.id, "Ruth Amberley", "senco")
    s.dsl = _staff(db, school.id, "Dev Marlow", "dsl")
    s.deputy = _staff(db, school.id, "Nia Castell", "deputy_dsl")
    s.head = _staff(db, school.id, "Hugh Brennan", "head")
    s.admin = _staff(db, school.id, "Petra Lund", "admin")

    def pupil(serial, first, last, cls, status, born):
        p = Pupil(school_id=school.id, upn=_upn(serial), first_name=first, last_name=last, year_group=cls.year_group,
                  class_id=cls.id, sen_status=status, date_of_birth=born)
        db.add(p)
        return p

    s.tobias = pupil(1, "Tobias", "Wren", c3, "K", date(2018, 11, 3))
    s.maisie = pupil(2, "Maisie", "Holt", c3, "E", date(2018, 5, 20))
    s.arlo = pupil(3, "Arlo", "Finch", c3, "N", date(2019, 1, 9))
    s.effie = pupil(4, "Effie", "Dunmore", c5, "N", date(2016, 6, 1))
    db.flush()
    pt = db.scalar(select(Programme).where(Programme.school_id == school.id, Programme.name == "Precision Teaching"))
    s.group = Intervention(school_id=school.id, programme_id=pt.id, lead_staff_id=s.ta.id, name="Y3 PT group",
                           starts_on=date(2026, 9, 14), ends_on=date(2027, 2, 12), sessions_per_week=3,
                           minutes_per_session=10,
                           members=[InterventionPupil(pupil_id=p.id, entry_assessment="PT probe: 12 words a minute")
                                    for p in (s.tobias, s.arlo)])
    s.isp = Plan(school_id=school.id, pupil_id=s.tobias.id, kind="isp", targets=["Read 20 high-frequency words"],
                 review_cadence="termly", starts_on=date(2026, 9, 7), next_review_due=date(2026, 11, 20))
    s.ehcp = Plan(school_id=school.id, pupil_id=s.maisie.id, kind="ehcp", targets=["Use her help card"],
                  review_cadence="annual", starts_on=date(2026, 1, 15), issued_on=date(2026, 1, 15),
                  next_review_due=date(2027, 1, 14))
    db.add_all([s.group, s.isp, s.ehcp])
    room = ConversationRef(school_id=school.id, channel="teams", conversation_id="19:staffroom@thread.tacv2",
                           is_channel=True, reference={"conversation": {"id": "19:staffroom@thread.tacv2"}})
    db.add(room)
    db.flush()
    s.room = ChannelRegistration(school_id=school.id, purpose="digest", conversation_ref_id=room.id,
                                 registered_by_id=s.senco.id)
    db.add(s.room)
    db.flush()
    s.room_ref_id = room.id
    db.commit()
    return s


@pytest.fixture
def school(db):
    return build_school(db)


@pytest.fixture
def teams():
    return FakeSender("teams")


