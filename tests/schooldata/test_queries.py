"""The shared look-ups: always scoped to one school."""
from __future__ import annotations

from sqlalchemy import func, select

from models import PenPortraitVersion, Programme, Pupil, SchoolClass, Staff, StaffRole
from models.catalogue import DEFAULT_CATALOGUE, create_school, seed_catalogue
from models.queries import (
    current_portrait,
    programme_named,
    programmes,
    pupil_by_upn,
    roster,
    school_by_urn,
    staff_by_email,
    staff_with_role,
)
from tests.schooldata.helpers import upn


def _school_with_pupil(db, name, urn, first_name):
    school = create_school(db, name=name, urn=urn)
    cls = SchoolClass(school_id=school.id, name="4K", year_group="4")
    staff = Staff(school_id=school.id, name=f"{first_name}'s teacher", email="teacher@shared.example")
    staff.role_rows = [StaffRole(role="teacher"), StaffRole(role="dsl")]
    db.add_all([cls, staff])
    db.add(Pupil(school_id=school.id, upn=upn(1), first_name=first_name, last_name="Harrowgate", year_group="4",
                 school_class=cls))
    db.add(Pupil(school_id=school.id, upn=upn(2), first_name="Left", last_name="Harrowgate", year_group="4", active=False))
    db.flush()
    return school


def test_queries_never_cross_schools(db):
    a = _school_with_pupil(db, "Alderbrook Primary", "900401", "Ada")
    b = _school_with_pupil(db, "Birchholt Primary", "900402", "Bea")
    assert school_by_urn(db, urn=" 900402 ").id == b.id and school_by_urn(db, urn="999999") is None
    # The same UPN and the same email exist in both schools: each query returns its own school's row.
    assert pupil_by_upn(db, school_id=a.id, upn=upn(1)).first_name == "Ada"
    assert pupil_by_upn(db, school_id=b.id, upn=upn(1)).first_name == "Bea"
    assert [p.first_name for p in roster(db, school_id=a.id)] == ["Ada"]  # active only
    assert roster(db, school_id=a.id)[0].class_name == "4K"
    assert [p.first_name for p in roster(db, school_id=b.id)] == ["Bea"]
    assert staff_by_email(db, school_id=a.id, email="TEACHER@Shared.example").name == "Ada's teacher"
    assert [s.name for s in staff_with_role(db, school_id=b.id, role="dsl")] == ["Bea's teacher"]
    assert staff_with_role(db, school_id=b.id, role="senco") == []
    assert {p.school_id for p in programmes(db, school_id=a.id)} == {a.id}


def test_catalogue_seeding_is_idempotent_and_aliases_match(db):
    school = create_school(db, name="Alderbrook Primary", urn="900401")
    assert len(programmes(db, school_id=school.id)) == len(DEFAULT_CATALOGUE) == 24
    assert seed_catalogue(db, school_id=school.id) == 0
    assert db.scalar(select(func.count()).select_from(Programme)) == 24
    assert programme_named(db, school_id=school.id, name="lego CLUB").name == "Lego-based Therapy"
    assert programme_named(db, school_id=school.id, name="bucket time").name == "Attention Autism"
    assert programme_named(db, school_id=school.id, name="zones").name == "Zones of Regulation"
    assert programme_named(db, school_id=school.id, name="Brain Gym") is None


def test_current_portrait_is_the_newest_version(db):
    school = _school_with_pupil(db, "Alderbrook Primary", "900401", "Ada")
    pupil = pupil_by_upn(db, school_id=school.id, upn=upn(1))
    assert current_portrait(db, pupil_id=pupil.id) is None
    for version in (1, 3, 2):
        db.add(PenPortraitVersion(school_id=school.id, pupil_id=pupil.id, version=version, strengths=[str(version)]))
    db.flush()
    assert current_portrait(db, pupil_id=pupil.id).strengths == ["3"]
