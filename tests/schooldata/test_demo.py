"""The demo school: deterministic, realistic in its proportions, and laid out around `today`."""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from bot.schooldata import DEMO_LOGINS, DEMO_URN, SchoolDataError, build_demo, demo_if_empty, export_pupil
from bot.schooldata.demo_names import AVOID
from models import (
    InterventionSession,
    ParentContact,
    PenPortraitVersion,
    Plan,
    Pupil,
    Staff,
)
from models.pupil import upn_problem
from models.queries import roster, staff_by_email, staff_with_role
from models.staff import ROLES

TODAY = date(2026, 11, 23)  # a Monday


def digest(db, school_id) -> str:
    """A fingerprint of the pupils and their portraits, by UPN (ids and clocks left out)."""
    pupils = db.scalars(select(Pupil).where(Pupil.school_id == school_id).order_by(Pupil.upn)).all()
    by_id = {p.id: p.upn for p in pupils}
    portraits = db.scalars(select(PenPortraitVersion).where(PenPortraitVersion.school_id == school_id)).all()
    data = {
        "pupils": [[p.upn, p.first_name, p.preferred_name, p.last_name, p.year_group, p.class_name, p.sen_status,
                    p.primary_need, p.date_of_birth.isoformat()] for p in pupils],
        "portraits": sorted([by_id[v.pupil_id], v.version, v.strengths, v.interests, v.needs, v.strategies, v.avoid,
                             v.communication, v.pupil_voice, v.updated_at.isoformat()] for v in portraits),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def test_demo_is_deterministic(db):
    first = digest(db, build_demo(db, today=TODAY).id)
    db.rollback()
    second = digest(db, build_demo(db, today=TODAY).id)
    db.rollback()
    other_seed = digest(db, build_demo(db, today=TODAY, seed=7).id)
    assert first == second != other_seed


def test_demo_school_proportions_roles_and_dates(db):
    started = time.perf_counter()
    school = build_demo(db, today=TODAY)
    db.commit()
    elapsed = time.perf_counter() - started
    if db.bind.dialect.name == "sqlite":
        assert elapsed < 3, elapsed

    pupils = roster(db, school_id=school.id)
    assert len(pupils) == 210
    assert Counter(p.class_name for p in pupils) == {c: 30 for c in ("RB", "1H", "2L", "3N", "4K", "5D", "6W")}
    status = Counter(p.sen_status for p in pupils)
    assert status["K"] / 210 == pytest.approx(0.20, abs=0.02) and status["E"] / 210 == pytest.approx(0.03, abs=0.01)
    assert all(upn_problem(p.upn) is None for p in pupils) and len({p.upn for p in pupils}) == 210
    assert all((p.primary_need is None) == (p.sen_status == "N") for p in pupils)
    assert not any(p.year_group == "R" and p.primary_need in ("SPLD", "MLD") for p in pupils)
    # Names: two Sams in different classes, an accented name, names that are words; no famous pairings.
    sams = [p for p in pupils if p.known_as == "Sam"]
    assert len(sams) == 2 and len({p.class_name for p in sams}) == 2
    assert any(p.first_name == "Zoë" for p in pupils) and {"Grace", "Will"} <= {p.known_as for p in pupils}
    assert not {f"{p.first_name} {p.last_name}".lower() for p in pupils} & AVOID
    assert not {p.display_name.lower() for p in pupils} & AVOID
    # Ages fit the year group (born 1 Sep - 31 Aug): Reception pupils are 4 or 5 on 1 September 2026.
    for p in pupils:
        offset = 0 if p.year_group == "R" else int(p.year_group)
        assert date(2021 - offset, 9, 1) <= p.date_of_birth <= date(2022 - offset, 8, 31)

    for role in ROLES:
        assert staff_with_role(db, school_id=school.id, role=role), role
    assert len(staff_with_role(db, school_id=school.id, role="teacher")) == 7
    assert len(staff_with_role(db, school_id=school.id, role="ta")) >= 5
    senco = staff_by_email(db, school_id=school.id, email=DEMO_LOGINS["senco"])
    assert senco.roles == {"senco", "deputy_dsl"}
    assert staff_by_email(db, school_id=school.id, email=DEMO_LOGINS["teacher"]).classes[0].name == "1H"
    for role, email in DEMO_LOGINS.items():
        assert email.endswith("@larkspur.example") and role in staff_by_email(db, school_id=school.id, email=email).roles

    register = [p for p in pupils if p.sen_status != "N"]
    portrayed = set(db.scalars(select(PenPortraitVersion.pupil_id)))
    assert portrayed == {p.id for p in register}

    plans = db.scalars(select(Plan)).all()
    kinds = Counter(p.kind for p in plans)
    assert kinds["isp"] == status["K"] and kinds["ehcp"] == status["E"] and kinds["psp"] == 2
    assert all(TODAY < p.next_review_due <= date(2027, 1, 31) for p in plans)

    sessions = db.scalars(select(InterventionSession)).all()
    assert len({s.intervention_id for s in sessions}) == 6
    assert all(s.delivered_on < TODAY and s.delivered_on.weekday() < 5 for s in sessions)
    assert min(s.delivered_on for s in sessions) <= date(2026, 9, 30)  # about a term of them
    leads = {s.delivered_by_id for s in sessions}
    assert all("ta" in db.get(Staff, i).roles for i in leads)

    contacts = db.scalars(select(ParentContact)).all()
    assert any(c.status == "held" and c.contact_on < TODAY for c in contacts)
    assert any(c.status == "planned" and c.contact_on > TODAY for c in contacts)

    # The demo exports cleanly (a pupil on the register has something in every section).
    busy = max(register, key=lambda p: p.id)
    data = export_pupil(db, school_urn=DEMO_URN, upn=busy.upn)
    assert data["pen_portraits"] and data["plans"] and data["parent_contacts"]


def test_demo_only_into_an_empty_database(db):
    assert demo_if_empty(db, today=TODAY) is True
    db.commit()
    assert demo_if_empty(db, today=TODAY) is False
    with pytest.raises(SchoolDataError, match="empty database"):
        build_demo(db, today=TODAY)
