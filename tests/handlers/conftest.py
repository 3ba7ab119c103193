"""A small fictional school, and a fake bot layer that drives handlers the way bot/conversation.py will."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import select

import handlers  # noqa: F401  (registers every route)
from bot.prompts import prompts
from handlers.reply import Choice, Expect, Form, Reply
from handlers.request import Request
from handlers.routes import ROUTES
from models import (
    ClassTeacher, Intervention, InterventionPupil, OutboxMessage, PenPortraitVersion, Plan, Programme, Pupil,
    SchoolClass, Staff, StaffRole,
)
from models.catalogue import create_school

TODAY = date(2027, 3, 2)  # a Tuesday in the spring term of the shipped default calendar
NOW = datetime(2027, 3, 2, 10, 30, tzinfo=timezone.utc)


def render(reply: Reply):
    """Render a reply with the real prompts: a missing key or variable fails the test."""
    rendered = prompts().render(reply)
    assert rendered.text or rendered.form or rendered.choices, reply.prompt
    return rendered


def render_outbox(message: OutboxMessage):
    """A queued notification renders from its prompt key and its data alone."""
    return prompts().render(Reply(message.prompt, message.data))


@dataclass
class Chat:
    """One member of staff talking to the bot: keeps the pending question as the bot's dialog state would."""

    db: object
    actor: Staff
    channel: str = "teams"
    now: datetime = NOW
    today: date = TODAY
    expect: Expect | None = None
    is_channel: bool = False

    def _request(self, intent: str, **kw) -> Request:
        return Request(actor=self.actor, channel=self.channel, intent=intent, now=self.now, today=self.today,
                       is_channel=self.is_channel, **kw)

    def say(self, intent: str, text: str = "", **heard) -> Reply:
        """A message: a fresh intent, or the answer to the pending question."""
        if self.expect is not None:
            req = self._request(self.expect.intent, text=text, slots=dict(self.expect.slots), heard=heard,
                                answer_for=self.expect.missing)
        else:
            req = self._request(intent, text=text, slots=dict(heard), heard=heard)
        return self.run(req)

    def route(self, intent: str, text: str = "", **heard) -> Reply:
        """What the bot does when it routes regardless of the pending question (e.g. safeguarding)."""
        slots = {**(self.expect.slots if self.expect else {}), **heard}
        return self.run(self._request(intent, text=text, slots=slots, heard=heard))

    def press(self, choice: Choice) -> Reply:
        pending = self.expect if self.expect and self.expect.intent == choice.action else None
        req = self._request(choice.action, values=dict(choice.data), slots=dict(pending.slots) if pending else {},
                            answer_for=pending.missing if pending else None)
        return self.run(req)

    def submit(self, form: Form, **values) -> Reply:
        return self.run(self._request(form.action, values={**values, **form.data}))

    def run(self, req: Request) -> Reply:
        reply = ROUTES[req.intent](req, self.db)
        self.db.commit()  # the unit of work
        self.rendered = render(reply)
        if reply.expect is not None:
            json.dumps(dict(reply.expect.slots))  # dialog state is stored as JSON
        for choice in reply.choices:
            json.dumps(dict(choice.data))
        self.expect = reply.expect
        return reply

    def later(self, **delta) -> Chat:
        self.now += timedelta(**delta)
        return self


def choice_for(reply: Reply, **data) -> Choice:
    for choice in reply.choices:
        if all(choice.data.get(k) == v for k, v in data.items()):
            return choice
    raise AssertionError(f"no choice with {data} in {reply.choices}")


def outbox(db, kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.scalars(query))


def make_staff(db, school_id, name, *roles, classes=(), domain="example.org") -> Staff:
    """A member of staff with these roles, teaching these classes; email first.last@domain."""
    person = Staff(school_id=school_id, name=name, email=name.lower().replace(" ", ".") + "@" + domain,
                   role_rows=[StaffRole(role=r) for r in roles])
    db.add(person)
    db.flush()
    for c in classes:
        db.add(ClassTeacher(staff_id=person.id, class_id=c.id))
    return person


@pytest.fixture
def school(db):
    """Oakfield Primary (fictional): staff in each role, classes 3A and 4K, two Sams, a PT group led by the TA."""
    oak = create_school(db, name="Oakfield Primary", urn="990001")
    c3 = SchoolClass(school_id=oak.id, name="3A", year_group="3")
    c4 = SchoolClass(school_id=oak.id, name="4K", year_group="4")
    db.add_all([c3, c4])
    db.flush()
    s = SimpleNamespace(id=oak.id, school=oak, c3=c3, c4=c4)
    s.senco = make_staff(db, oak.id, "Hana Whitlock", "senco", "teacher")
    s.teacher3 = make_staff(db, oak.id, "Tom Bellamy", "teacher", classes=[c3])
    s.teacher4 = make_staff(db, oak.id, "Ruth Kemble", "teacher", classes=[c4])
    s.ta = make_staff(db, oak.id, "Ola Brandt", "ta")
    s.ta2 = make_staff(db, oak.id, "Pip Yarrow", "ta")
    s.dsl = make_staff(db, oak.id, "Dev Marsh", "dsl", "head")
    s.deputy = make_staff(db, oak.id, "Ivy Lund", "deputy_dsl")
    s.admin = make_staff(db, oak.id, "Cal Ames", "admin")

    def pupil(first, last, cls, upn, status="N"):
        p = Pupil(school_id=oak.id, upn=upn, first_name=first, last_name=last, year_group=cls.year_group,
                  class_id=cls.id, sen_status=status)
        db.add(p)
        return p

    s.sam_c = pupil("Sam", "Carter", c3, "A100000000001", "K")
    s.sam_p = pupil("Sam", "Patel", c4, "A100000000002")
    s.jack = pupil("Jack", "Fenwick", c3, "A100000000003")
    s.leo = pupil("Leo", "Hartley", c3, "A100000000004", "K")
    s.aisha = pupil("Aisha", "Noor", c4, "A100000000005", "E")
    db.flush()
    s.pt = db.scalar(select(Programme).where(Programme.school_id == oak.id, Programme.name == "Precision Teaching"))
    s.lego = db.scalar(select(Programme).where(Programme.school_id == oak.id, Programme.name == "Lego-based Therapy"))
    s.group = Intervention(school_id=oak.id, programme_id=s.pt.id, lead_staff_id=s.ta.id, name="Y3 PT group",
                           starts_on=TODAY - timedelta(days=30), ends_on=TODAY + timedelta(days=60),
                           sessions_per_week=3, minutes_per_session=15,
                           members=[InterventionPupil(pupil_id=p.id, entry_assessment="12 wpm")
                                    for p in (s.sam_c, s.jack, s.leo)])
    db.add(s.group)
    db.add(Plan(school_id=oak.id, pupil_id=s.aisha.id, kind="ehcp", targets=["Ask for help using her help card"],
                review_cadence="annual", starts_on=date(2024, 9, 1), next_review_due=TODAY + timedelta(days=10)))
    db.add(PenPortraitVersion(school_id=oak.id, pupil_id=s.aisha.id, version=1, strengths=["Drawing"],
                              interests=["Horses"], strategies=["Visual timetable"], avoid=["Sudden changes"],
                              communication="Prefers short instructions", pupil_voice="I like to know what's next",
                              updated_by_id=s.senco.id))
    # Another school, with a pupil that must never resolve from Oakfield.
    elm = create_school(db, name="Elmbrook Primary", urn="990002")
    s.other_pupil = Pupil(school_id=elm.id, upn="B200000000001", first_name="Zara", last_name="Quill", year_group="3")
    s.other_staff = make_staff(db, elm.id, "Una Fell", "senco")
    db.add(s.other_pupil)
    db.commit()
    return s


@pytest.fixture
def chat(db, school):
    """chat(actor) -> a Chat as that member of staff."""
    return lambda actor, **kw: Chat(db, actor, **kw)
