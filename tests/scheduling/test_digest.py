"""The weekly digest: counts and due dates for the staff channel, never what a concern says."""
from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, timezone

from bot.prompts import prompts
from bot.scheduling.dispatcher import dispatch_due
from bot.scheduling.jobs import make_digests
from handlers.digest import digest_preview
from models import Concern, InterventionSession, ParentContact
from tests.scheduling.conftest import FakeSender, morning, outbox

MONDAY = date(2026, 11, 23)
SECRET = "Cries at the gate and says nobody likes her"


def _records(db, school):
    for day, by, area in ((date(2026, 11, 17), school.teacher, "semh"), (date(2026, 11, 18), school.teacher5, "semh"),
                          (date(2026, 11, 19), school.teacher5, "cognition_learning")):
        at = datetime(day.year, day.month, day.day, 15, 30, tzinfo=timezone.utc)
        db.add(Concern(school_id=school.id, pupil_id=school.effie.id, raised_by_id=by.id, recorded_by_id=by.id,
                       noticed=SECRET, evidence="Seen by three adults", area_of_need=area, raised_at=at, recorded_at=at))
    for day in (date(2026, 11, 16), date(2026, 11, 18)):
        db.add(InterventionSession(school_id=school.id, intervention_id=school.group.id,
                                   programme_id=school.group.programme_id, delivered_on=day, minutes=10,
                                   delivered_by_id=school.ta.id, recorded_by_id=school.ta.id))
    db.add(ParentContact(school_id=school.id, pupil_id=school.maisie.id, status="held", contact_on=date(2026, 10, 1),
                         summary="Talked about her new seat", staff_id=school.teacher.id, recorded_by_id=school.teacher.id))
    db.commit()


def test_the_digest_counts_concerns_by_area_and_never_holds_their_words(db, school):
    _records(db, school)
    reply = digest_preview(db, school_id=school.id, day=MONDAY)
    rendered = prompts().render(reply)
    assert SECRET not in json.dumps(reply.data) and SECRET not in rendered.text
    assert "Seen by three adults" not in json.dumps(reply.data)
    assert reply.data["concerns"] == [{"area": "Cognition and learning", "count": 1},
                                      {"area": "Social, emotional and mental health", "count": 2}]
    assert reply.data["sessions"] == [{"group": "Y3 PT group", "lead": "Owen Pike", "delivered": 2, "planned": 3}]
    assert [t["teacher"] for t in reply.data["by_teacher"]] == ["Grace Whitmore"]
    assert reply.data["by_teacher"][0]["items"][0]["pupil"] == "Tobias Wren"  # ISP due Fri 27 Nov
    assert reply.data["no_parent_conversation"] == ["Tobias Wren"]
    assert "Y3 PT group (Owen Pike): 2 / 3" in rendered.text


def test_initials_in_channels(db, school):
    school.school.initials_in_channels = True
    db.commit()
    reply = digest_preview(db, school_id=school.id, day=MONDAY)
    assert reply.data["no_parent_conversation"] == ["M.H.", "T.W."]
    assert "Tobias" not in json.dumps(reply.data) and "Maisie" not in json.dumps(reply.data)


def test_the_digest_is_posted_once_a_week_to_the_registered_channel_at_the_schools_time(db, db_factory, school):
    _records(db, school)
    db.close()
    teams = FakeSender("teams")
    assert make_digests(db_factory, now=morning(MONDAY, 7, 59)) == 0
    assert make_digests(db_factory, now=morning(MONDAY, 8, 0)) == 1
    assert make_digests(db_factory, now=morning(MONDAY, 11, 0)) == 0
    assert make_digests(db_factory, now=morning(date(2026, 11, 25), 8, 0)) == 0  # later that week: already queued
    asyncio.run(dispatch_due(db_factory, {"teams": teams}, now=morning(MONDAY, 8, 1)))
    [(target, reply)] = teams.sent
    assert target.ref_id == school.room_ref_id and target.is_channel
    assert SECRET not in teams.texts[0]
    [row] = outbox(db_factory, "digest.weekly")
    assert row.due_on == MONDAY and row.recipient == f"registration:{school.room.id}"


def test_a_half_term_monday_posts_on_the_first_school_day_of_the_week(db_factory, school):
    # Mon 2 Nov 2026 is an INSET day in the default calendar: the digest waits for Tuesday.
    assert make_digests(db_factory, now=morning(date(2026, 11, 2), 9, 0)) == 0
    assert make_digests(db_factory, now=morning(date(2026, 11, 3), 8, 5)) == 1
    assert make_digests(db_factory, now=morning(date(2026, 10, 26), 9, 0)) == 0  # half-term week: nothing
