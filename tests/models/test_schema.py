"""The schema: migrations from empty, models in step with them, append-only records, UPNs."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from models import (
    AppendOnlyViolation, Concern, InterventionSession, ProcessedEvent, Programme, Pupil, School, Staff, StaffRole,
)
from models.base import Base, utcnow
from models.db import insert_or_ignore, make_engine
from models.pupil import upn_check_letter, upn_problem


def test_migrations_create_every_table_and_match_the_models(db_url):
    engine = make_engine(db_url)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert set(Base.metadata.tables) <= tables
        drift = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert drift == [], f"models and migrations differ: {drift}"


def _school_with_pupil(db) -> tuple[School, Staff, Pupil]:
    school = School(name="Fernhill Primary", urn="999101")
    db.add(school)
    db.flush()
    staff = Staff(school_id=school.id, name="Ms Ada Quill", email="a.quill@fernhill.example")
    staff.role_rows.append(StaffRole(role="teacher"))
    pupil = Pupil(school_id=school.id, upn="A123456789012", first_name="Tobias", last_name="Wren", year_group="3")
    db.add_all([staff, pupil])
    db.flush()
    return school, staff, pupil


def test_append_only_records_refuse_edits_and_deletes(db):
    school, staff, pupil = _school_with_pupil(db)
    concern = Concern(school_id=school.id, pupil_id=pupil.id, raised_by_id=staff.id, noticed="Struggles to copy from the board")
    db.add(concern)
    db.commit()

    concern.noticed = "edited in place"
    with pytest.raises(AppendOnlyViolation):
        db.flush()
    db.rollback()

    db.delete(db.get(Concern, concern.id))
    with pytest.raises(AppendOnlyViolation):
        db.flush()
    db.rollback()

    correction = Concern(
        school_id=school.id, pupil_id=pupil.id, raised_by_id=staff.id, noticed="Struggles to copy from the board (corrected)",
        supersedes_id=concern.id, reference=concern.id,
    )
    db.add(correction)
    db.commit()
    current = db.scalars(select(Concern).where(Concern.current())).all()
    assert [c.id for c in current] == [correction.id]


def test_a_voided_session_is_no_longer_current(db):
    school, staff, pupil = _school_with_pupil(db)
    programme = Programme(school_id=school.id, name="Precision Teaching", aliases=["PT"])
    db.add(programme)
    db.flush()
    session = InterventionSession(school_id=school.id, programme_id=programme.id, delivered_on=date(2026, 11, 18), minutes=15, delivered_by_id=staff.id)
    db.add(session)
    db.flush()
    db.add(InterventionSession(
        school_id=school.id, programme_id=programme.id, delivered_on=session.delivered_on, delivered_by_id=staff.id,
        supersedes_id=session.id, voided=True,
    ))
    db.commit()
    assert db.scalars(select(InterventionSession).where(InterventionSession.current())).all() == []
    assert len(db.scalars(select(InterventionSession)).all()) == 2  # history kept


def test_times_come_back_aware_in_utc(db):
    school, staff, pupil = _school_with_pupil(db)
    raised = datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)
    concern = Concern(school_id=school.id, pupil_id=pupil.id, raised_by_id=staff.id, noticed="x", raised_at=raised)
    db.add(concern)
    db.commit()
    db.expire_all()
    assert db.get(Concern, concern.id).raised_at == raised


def test_roles_are_read_from_their_own_rows(db):
    school, staff, _ = _school_with_pupil(db)
    staff.role_rows.append(StaffRole(role="deputy_dsl"))
    db.commit()
    db.expire_all()
    again = db.get(Staff, staff.id)
    assert again.roles == {"teacher", "deputy_dsl"}
    assert again.has_role("dsl", "deputy_dsl") and not again.has_role("senco")


@pytest.mark.parametrize(
    "upn, problem",
    [
        ("A123456789012", None),
        ("B123456789012", "check letter should be A"),
        ("A12345678901", "must be 13 characters"),
        ("I123456789012", "must be 13 characters"),
        ("a123456789012", "must be 13 characters"),
    ],
)
def test_upn_validation(upn, problem):
    found = upn_problem(upn)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_upn_check_letter_is_the_dfe_modulus_23():
    # Weights 2..13 over the 12 characters after the check letter, the total modulo 23 into
    # the letters without I, O and S.
    body = "123456789012"
    total = sum(w * int(c) for w, c in zip(range(2, 14), body))
    assert upn_check_letter(body) == "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23]


def test_a_concern_reference_is_filled_in_once_and_never_changed(db):
    school, staff, pupil = _school_with_pupil(db)
    concern = Concern(school_id=school.id, pupil_id=pupil.id, raised_by_id=staff.id, noticed="Avoids reading aloud")
    db.add(concern)
    db.flush()
    concern.reference = concern.id
    db.commit()
    concern.reference = concern.id + 1
    with pytest.raises(AppendOnlyViolation):
        db.flush()
    db.rollback()


def test_insert_or_ignore_inserts_once_and_refuses_a_misspelt_column(db):
    first = insert_or_ignore(db, ProcessedEvent, keys=["channel", "event_id"], channel="teams", event_id="e1", at=utcnow())
    assert first is not None
    assert insert_or_ignore(db, ProcessedEvent, keys=["channel", "event_id"], channel="teams", event_id="e1",
                            at=utcnow()) is None
    with pytest.raises(ValueError, match="no column"):
        insert_or_ignore(db, ProcessedEvent, keys=["channel", "event_id"], channel="teams", event_ide="e2", at=utcnow())
