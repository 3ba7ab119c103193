"""Exporting everything held about one pupil (a subject access request), with its audit row."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from bot.schooldata import UnknownPupil, UnknownSchool, export_pupil
from models import (
    AuditEvent,
    Concern,
    Intervention,
    InterventionPupil,
    InterventionSession,
    ParentContact,
    PenPortraitVersion,
    Plan,
    PlanReview,
    Pupil,
    SafeguardingAlert,
    SessionAttendance,
    Staff,
)
from models.catalogue import create_school
from models.db import unit_of_work
from models.queries import programme_named
from tests.schooldata.helpers import upn

WHEN = datetime(2026, 11, 2, 15, 30, tzinfo=timezone.utc)


@pytest.fixture
def record(db_factory):
    """One pupil with a little of everything, and a second pupil whose records must not appear."""
    with unit_of_work(db_factory) as db:
        school = create_school(db, name="Brackenfold Primary", urn="900300")
        sid = school.id
        ta = Staff(school_id=sid, name="Mira Okonjo", email="m.okonjo@brackenfold.example")
        pupil = Pupil(school_id=sid, upn=upn(1), first_name="Amara", last_name="Quillfeather", year_group="4",
                      sen_status="K", primary_need="SLCN", date_of_birth=date(2016, 10, 3))
        other = Pupil(school_id=sid, upn=upn(2), first_name="Tobias", last_name="Marchbank", year_group="4")
        db.add_all([ta, pupil, other])
        db.flush()
        db.add_all([
            PenPortraitVersion(school_id=sid, pupil_id=pupil.id, version=1, strengths=["Kind"], updated_by_id=ta.id),
            PenPortraitVersion(school_id=sid, pupil_id=pupil.id, version=2, strengths=["Kind", "Funny"]),
            PenPortraitVersion(school_id=sid, pupil_id=other.id, version=1, strengths=["Not Amara's"]),
        ])
        first = Concern(school_id=sid, pupil_id=pupil.id, raised_by_id=ta.id, noticed="Finds instructions hard")
        db.add(first)
        db.flush()
        db.add(Concern(school_id=sid, pupil_id=pupil.id, raised_by_id=ta.id, noticed="Finds instructions hard",
                       status="acknowledged", supersedes_id=first.id, reference=first.id))
        group = Intervention(school_id=sid, programme_id=programme_named(db, school_id=sid, name="talk boost").id,
                             lead_staff_id=ta.id, name="KS2 Talk Boost", starts_on=date(2026, 9, 14))
        group.members = [InterventionPupil(pupil_id=pupil.id, entry_assessment="31/60"), InterventionPupil(pupil_id=other.id)]
        db.add(group)
        db.flush()
        session = InterventionSession(school_id=sid, intervention_id=group.id, programme_id=group.programme_id,
                                      delivered_on=date(2026, 11, 2), minutes=30, delivered_by_id=ta.id, recorded_at=WHEN)
        session.attendance = [SessionAttendance(pupil_id=pupil.id, present=True, score="7"),
                              SessionAttendance(pupil_id=other.id, present=False)]
        plan = Plan(school_id=sid, pupil_id=pupil.id, kind="isp", targets=["Follow a two-part instruction"],
                    review_cadence="termly", starts_on=date(2026, 9, 7), next_review_due=date(2026, 12, 10))
        plan.reviews = [PlanReview(held_on=date(2026, 10, 20), outcome="Good progress")]
        db.add_all([
            session, plan,
            ParentContact(school_id=sid, pupil_id=pupil.id, status="held", contact_on=date(2026, 10, 1),
                          with_whom="Mum", summary="Talked through targets"),
            ParentContact(school_id=sid, pupil_id=other.id, status="planned", contact_on=date(2026, 12, 1)),
            SafeguardingAlert(school_id=sid, raised_by_id=ta.id, pupil_id=pupil.id, text="RESTRICTED-ALERT-TEXT",
                              channel="teams"),
            AuditEvent(school_id=sid, staff_id=ta.id, pupil_id=pupil.id, action="read", record="pen_portrait",
                       channel="teams", at=WHEN),
        ])
        return {"school_id": sid, "ta_id": ta.id, "pupil_id": pupil.id}


def test_export_holds_every_record_and_is_audited(db_factory, record):
    with unit_of_work(db_factory) as db:
        data = export_pupil(db, school_urn="900300", upn=upn(1).lower(), staff_id=record["ta_id"], channel="cli")
    text = json.dumps(data)  # JSON-serialisable as it stands
    assert data["pupil"]["upn"] == upn(1) and data["pupil"]["date_of_birth"] == "2016-10-03"
    assert data["pupil"]["primary_need_meaning"] == "Speech, language and communication needs"
    assert [p["version"] for p in data["pen_portraits"]] == [1, 2]
    assert data["pen_portraits"][0]["updated_by"] == "Mira Okonjo"
    assert [c["status"] for c in data["concerns"]] == ["open", "acknowledged"]
    assert data["concerns"][1]["supersedes_id"] == data["concerns"][0]["id"]
    assert data["interventions"] == [{
        "programme": "Talk Boost", "group": "KS2 Talk Boost", "lead": "Mira Okonjo", "starts_on": "2026-09-14",
        "ends_on": None, "sessions_per_week": 1, "minutes_per_session": 20, "entry_assessment": "31/60",
        "exit_assessment": None,
    }]
    assert [(s["delivered_on"], s["present"], s["score"]) for s in data["sessions"]] == [("2026-11-02", True, "7")]
    assert data["plans"][0]["kind"] == "isp" and data["plans"][0]["reviews"][0]["outcome"] == "Good progress"
    assert [c["summary"] for c in data["parent_contacts"]] == ["Talked through targets"]
    assert [e["action"] for e in data["audit_history"]] == ["read"]
    assert "Not Amara's" not in text
    assert "RESTRICTED-ALERT-TEXT" not in text and "safeguarding" not in json.dumps(list(data)).lower()
    assert any("Safeguarding alerts are not included" in n for n in data["notes"])
    assert data["exported_by"] == "Mira Okonjo" and data["exported_at"]

    with db_factory() as db:
        exports = db.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
        assert [(e.pupil_id, e.staff_id, e.channel, e.record) for e in exports] == [
            (record["pupil_id"], record["ta_id"], "cli", "export")]


def test_export_school_is_optional_when_there_is_one(db_factory, record):
    with unit_of_work(db_factory) as db:
        assert export_pupil(db, school_urn=None, upn=upn(1))["school"]["urn"] == "900300"
    with unit_of_work(db_factory) as db:
        create_school(db, name="Second School", urn="900301")
    with pytest.raises(UnknownSchool, match="more than one school"), unit_of_work(db_factory) as db:
        export_pupil(db, school_urn=None, upn=upn(1))


def test_export_unknown_pupil_or_school_writes_nothing(db_factory, record):
    with pytest.raises(UnknownPupil, match=f"No pupil with UPN {upn(9)}"), unit_of_work(db_factory) as db:
        export_pupil(db, school_urn="900300", upn=upn(9))
    with pytest.raises(UnknownSchool), unit_of_work(db_factory) as db:
        export_pupil(db, school_urn="123456", upn=upn(1))
    with db_factory() as db:
        assert db.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all() == []
