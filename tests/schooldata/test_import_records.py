"""Importing staff, pen portraits and intervention groups."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from bot.schooldata import ImportFailed, import_csv
from models import AuditEvent, Intervention, PenPortraitVersion, SafeguardingAlert
from models.catalogue import create_school
from models.db import unit_of_work
from models.queries import current_portrait, pupil_by_upn, staff_by_email, staff_with_role
from tests.schooldata.helpers import (
    INTERVENTION_HEADER,
    PORTRAIT_HEADER,
    STAFF_HEADER,
    pupil_lines,
    row_counts,
    upn,
    write_csv,
)

URN = "900200"


def run(db_factory, kind, path):
    """(created, updated)."""
    with unit_of_work(db_factory) as db:
        return import_csv(db, kind=kind, path=path, school_urn=URN, today=date(2026, 11, 23))[:2]


@pytest.fixture
def school(db_factory, tmp_path):
    with unit_of_work(db_factory) as db:
        school_id = create_school(db, name="Brackenfold Primary", urn=URN).id
    run(db_factory, "pupils", write_csv(tmp_path, "pupils.csv", pupil_lines()))
    return school_id


def staff_lines():
    return [
        STAFF_HEADER,
        "R.Fenwick@brackenfold.example,Rosa Fenwick,senco;deputy_dsl,",
        "t.ashdown@brackenfold.example,Theo Ashdown,teacher,4K",
        "m.okonjo@brackenfold.example,Mira Okonjo,ta,",
        "d.lark@brackenfold.example,Dev Lark,teacher;dsl,RB;4k",
    ]


def test_staff_import_roles_classes_and_idempotency(db_factory, school, tmp_path):
    assert run(db_factory, "staff", write_csv(tmp_path, "staff.csv", staff_lines())) == (4, 0)
    assert run(db_factory, "staff", write_csv(tmp_path, "staff.csv", staff_lines())) == (0, 0)
    with db_factory() as db:
        rosa = staff_by_email(db, school_id=school, email="r.fenwick@BRACKENFOLD.example")
        assert rosa.email == "r.fenwick@brackenfold.example" and rosa.roles == {"senco", "deputy_dsl"}
        dev = staff_by_email(db, school_id=school, email="d.lark@brackenfold.example")
        assert sorted(c.name for c in dev.classes) == ["4K", "RB"]
        assert [s.name for s in staff_with_role(db, school_id=school, role="dsl")] == ["Dev Lark"]
    lines = staff_lines()
    lines[3] = "m.okonjo@brackenfold.example,Mira Okonjo,ta;teacher,RB"
    assert run(db_factory, "staff", write_csv(tmp_path, "staff2.csv", lines)) == (0, 1)
    with db_factory() as db:
        mira = staff_by_email(db, school_id=school, email="m.okonjo@brackenfold.example")
        assert mira.roles == {"ta", "teacher"} and [c.name for c in mira.classes] == ["RB"]


@pytest.mark.parametrize("bad_row,expected", [
    ("x.y@brackenfold.example,Xan Yore,teacher,7Z", "line 6, column classes: no class called '7Z'"),
    ("x.y@brackenfold.example,Xan Yore,teacher;wizard,", "line 6, column roles: 'wizard' is not a role"),
    ("x.y@brackenfold.example,Xan Yore,,", "line 6, column roles: give at least one role"),
    ("x.y@brackenfold.example,,ta,", "line 6, column name: name is missing"),
    ("not-an-email,Xan Yore,ta,", "line 6, column email: 'not-an-email' is not an email address"),
    ("T.Ashdown@brackenfold.example,Theo Ashdown,ta,", "line 6, column email: t.ashdown@brackenfold.example is also on line 3"),
])
def test_staff_errors(db_factory, school, tmp_path, bad_row, expected):
    with db_factory() as db:
        before = row_counts(db)
    with pytest.raises(ImportFailed) as failed:
        run(db_factory, "staff", write_csv(tmp_path, "staff.csv", staff_lines() + [bad_row]))
    assert [str(e) for e in failed.value.errors][0].startswith(expected)
    with db_factory() as db:
        assert row_counts(db) == before


def portrait_lines():
    return [
        PORTRAIT_HEADER,
        f"{upn(1)},Kind; Great at drawing,Dinosaurs;Lego,Needs time to process,Visual timetable; One instruction at a time,"
        "Shouting,\"Says 'yes' when unsure, so check\",I like it when Miss shows me a picture.",
        f"{upn(3)},Loyal friend,Trains,Routine,Ear defenders in the hall,Surprise changes,,",
    ]


def test_portraits_add_a_version_only_when_changed(db_factory, school, tmp_path):
    assert run(db_factory, "portraits", write_csv(tmp_path, "p.csv", portrait_lines())) == (2, 0)
    assert run(db_factory, "portraits", write_csv(tmp_path, "p.csv", portrait_lines())) == (0, 0)
    lines = portrait_lines()
    lines[2] = lines[2].replace("Ear defenders in the hall", "Ear defenders in the hall;Now-and-next board")
    assert run(db_factory, "portraits", write_csv(tmp_path, "p2.csv", lines)) == (0, 1)
    with db_factory() as db:
        amara = pupil_by_upn(db, school_id=school, upn=upn(1))
        first = current_portrait(db, pupil_id=amara.id)
        assert first.version == 1 and first.strategies == ["Visual timetable", "One instruction at a time"]
        assert first.communication == "Says 'yes' when unsure, so check"
        zoe = pupil_by_upn(db, school_id=school, upn=upn(3))
        latest = current_portrait(db, pupil_id=zoe.id)
        assert latest.version == 2 and latest.strategies[-1] == "Now-and-next board" and latest.pupil_voice is None
        assert len(db.scalars(select(PenPortraitVersion)).all()) == 3
        changes = db.scalars(select(AuditEvent).where(AuditEvent.record == "pen_portrait")).all()
        assert len(changes) == 3 and all(e.action == "change" for e in changes)


def test_portrait_errors(db_factory, school, tmp_path):
    lines = portrait_lines() + [f"{upn(77)},Kind,,,,,,", f"{upn(1)},Kind,,,,,,", f"{upn(2)},,,,,,,"]
    with pytest.raises(ImportFailed) as failed:
        run(db_factory, "portraits", write_csv(tmp_path, "p.csv", lines))
    assert [str(e) for e in failed.value.errors] == [
        f"line 4, column upn: no pupil with UPN {upn(77)} at this school (import pupils first)",
        f"line 5, column upn: {upn(1)} is also on line 2",
        "line 6: the portrait is empty: fill in at least one column after upn",
    ]
    with db_factory() as db:
        assert db.scalars(select(PenPortraitVersion)).all() == []


def intervention_lines():
    return [
        INTERVENTION_HEADER,
        f"pt,Y4 PT group,m.okonjo@brackenfold.example,2026-09-14,2026-12-18,3,10,£4.50,{upn(1)};{upn(2)},12 wpm;",
        f"Lego club,KS2 Lego,,14/09/2026,,,,,{upn(3)},",
    ]


def test_interventions_import_by_alias_and_upsert(db_factory, school, tmp_path):
    run(db_factory, "staff", write_csv(tmp_path, "staff.csv", staff_lines()))
    assert run(db_factory, "interventions", write_csv(tmp_path, "i.csv", intervention_lines())) == (2, 0)
    assert run(db_factory, "interventions", write_csv(tmp_path, "i.csv", intervention_lines())) == (0, 0)
    with db_factory() as db:
        groups = {g.name: g for g in db.scalars(select(Intervention))}
        pt = groups["Y4 PT group"]
        assert pt.programme.name == "Precision Teaching" and pt.lead.name == "Mira Okonjo"
        assert (pt.sessions_per_week, pt.minutes_per_session, pt.cost_per_session) == (3, 10, Decimal("4.50"))
        assert {m.pupil.upn: m.entry_assessment for m in pt.members} == {upn(1): "12 wpm", upn(2): None}
        lego = groups["KS2 Lego"]
        assert lego.programme.name == "Lego-based Therapy" and lego.starts_on == date(2026, 9, 14)
        assert (lego.sessions_per_week, lego.minutes_per_session, lego.lead) == (1, 20, None)
    lines = intervention_lines()
    lines[1] = f"Precision Teaching,y4 pt group,m.okonjo@brackenfold.example,2026-09-14,2026-12-18,3,15,4.50,{upn(3)},9 wpm"
    assert run(db_factory, "interventions", write_csv(tmp_path, "i2.csv", lines)) == (0, 1)
    with db_factory() as db:
        pt = db.scalar(select(Intervention).where(Intervention.name == "Y4 PT group"))
        assert pt.minutes_per_session == 15 and len(pt.members) == 3  # pupils added, never removed


def test_intervention_errors(db_factory, school, tmp_path):
    run(db_factory, "staff", write_csv(tmp_path, "staff.csv", staff_lines()))
    lines = intervention_lines() + [
        f"Brain Gym,Y5 group,,2026-09-14,,,,,{upn(1)},",
        f"ELSA,Y6 ELSA,nobody@brackenfold.example,2026-09-14,2026-09-01,0,20,abc,{upn(1)};{upn(99)},a;b;c",
        "PT,Y4 PT group,,someday,,,,,,",
    ]
    with db_factory() as db:
        before = row_counts(db)
    with pytest.raises(ImportFailed) as failed:
        run(db_factory, "interventions", write_csv(tmp_path, "i.csv", lines))
    assert [(e.line, e.column) for e in failed.value.errors] == [
        (4, "programme"),
        (5, "lead_email"), (5, "ends_on"), (5, "sessions_per_week"), (5, "cost_per_session"), (5, "pupil_upns"),
        (5, "entry_assessments"),
        (6, "name"), (6, "starts_on"),
    ]
    text = str(failed.value)
    assert "line 4, column programme: no programme called 'Brain Gym'" in text
    assert "line 5, column lead_email: no member of staff with email nobody@brackenfold.example" in text
    assert f"line 5, column pupil_upns: no pupil with UPN {upn(99)}" in text
    assert "line 6, column name: Precision Teaching 'Y4 PT group' is also on line 2" in text
    with db_factory() as db:
        assert row_counts(db) == before


def test_a_portrait_whose_words_may_be_safeguarding_goes_to_the_dsls_list_not_the_portrait(db_factory, school, tmp_path):
    lines = [PORTRAIT_HEADER, f"{upn(1)},Kind,Lego,Routine,Visual timetable,Shouting,,"
                              "I don't like going home because my stepdad hits me with his belt"]
    with unit_of_work(db_factory) as db:
        result = import_csv(db, kind="portraits", path=write_csv(tmp_path, "p.csv", lines), school_urn=URN)
    assert tuple(result) == (0, 0, 1) and "possible-safeguarding list" in result.summary()
    with db_factory() as db:
        assert db.scalar(select(func.count(PenPortraitVersion.id))) == 0
        [alert] = db.scalars(select(SafeguardingAlert)).all()
        assert alert.status == "review" and alert.raised_by_id is None and "stepdad" in alert.text
