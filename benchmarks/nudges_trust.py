"""How long every nudge and digest takes for a trust: 10, 25 and 50 schools of 420 pupils, a year of sessions.

Runs on PostgreSQL in a throwaway schema (dropped at the end):

    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/nudges_trust.py

Prints the seconds to build (not send) every nudge and every digest for the first N schools.
"""
from __future__ import annotations

import os
import random
import sys
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text  # noqa: E402

import handlers  # noqa: E402,F401  (registers every model the handlers use)
from handlers.digest import digest_data  # noqa: E402
from handlers.nudges import due_nudges  # noqa: E402
from models import (  # noqa: E402
    ClassTeacher, Concern, Intervention, InterventionPupil, InterventionSession, ParentContact, PenPortraitVersion,
    Plan, Programme, Pupil, School, SchoolClass, SessionAttendance, Staff, StaffRole, Trust,
)
from models.calendar import load_calendar  # noqa: E402
from models.catalogue import seed_catalogue  # noqa: E402
from models.db import make_engine, session_factory  # noqa: E402
from models.migrate import upgrade  # noqa: E402

URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SCHOOLS, PUPILS, GROUPS = 50, 420, 8
TODAY = date(2027, 3, 4)  # a Thursday in the spring term
YEARS = ("R", "1", "2", "3", "4", "5", "6")


def build(db, rng: random.Random) -> list[int]:
    """A trust of SCHOOLS schools, inserted in bulk; returns the school ids."""
    trust_id = db.execute(insert(Trust).values(name="Fictional Learning Trust").returning(Trust.id)).scalar_one()
    ids = []
    for n in range(SCHOOLS):
        school_id = db.execute(insert(School).values(
            name=f"Benchmark Primary {n + 1}", urn=f"98{n:04d}", trust_id=trust_id, timezone="Europe/London",
            nation="england").returning(School.id)).scalar_one()
        seed_catalogue(db, school_id=school_id)
        ids.append(school_id)
        _school(db, rng, school_id)
    db.commit()
    return ids


def _school(db, rng: random.Random, school_id: int) -> None:
    classes = db.execute(insert(SchoolClass).returning(SchoolClass.id, SchoolClass.year_group), [
        {"school_id": school_id, "name": f"{y}{c}", "year_group": y} for y in YEARS for c in "AB"]).all()
    staff_rows = ([{"name": f"Teacher {c.id}", "role": "teacher"} for c in classes]
                  + [{"name": f"TA {i}", "role": "ta"} for i in range(6)]
                  + [{"name": "SENCO", "role": "senco"}, {"name": "DSL", "role": "dsl"}, {"name": "Admin", "role": "admin"}])
    staff = db.execute(insert(Staff).returning(Staff.id), [
        {"school_id": school_id, "name": s["name"], "email": f"s{i}.{school_id}@bench.example", "active": True,
         "morning_sessions_message": s["role"] == "ta"} for i, s in enumerate(staff_rows)]).scalars().all()
    db.execute(insert(StaffRole), [{"staff_id": sid, "role": s["role"]} for sid, s in zip(staff, staff_rows)])
    db.execute(insert(ClassTeacher), [{"staff_id": sid, "class_id": c.id} for sid, c in zip(staff, classes)])
    tas = staff[len(classes):len(classes) + 6]
    pupils = db.execute(insert(Pupil).returning(Pupil.id, Pupil.sen_status), [
        {"school_id": school_id, "upn": f"B{school_id:05d}{i:07d}", "first_name": f"Pupil{i}", "last_name": "Bench",
         "year_group": classes[i % len(classes)].year_group, "class_id": classes[i % len(classes)].id,
         "sen_status": rng.choices("NKE", (82, 15, 3))[0], "date_of_birth": date(2018, 1, 1), "active": True}
        for i in range(PUPILS)]).all()
    register = [p.id for p in pupils if p.sen_status != "N"]
    db.execute(insert(Plan), [
        {"school_id": school_id, "pupil_id": p.id, "kind": "ehcp" if p.sen_status == "E" else "isp", "targets": [],
         "review_cadence": "annual" if p.sen_status == "E" else "termly", "starts_on": date(2026, 9, 7),
         "issued_on": date(2026, 4, 1) if p.sen_status == "E" else None,
         "next_review_due": TODAY + timedelta(days=rng.randrange(-20, 60)), "active": True}
        for p in pupils if p.sen_status != "N"])
    db.execute(insert(PenPortraitVersion), [
        {"school_id": school_id, "pupil_id": pid, "version": 1, "strengths": [], "interests": [], "needs": [],
         "strategies": [], "avoid": [], "updated_at": datetime(2026, 10, 1, tzinfo=timezone.utc)} for pid in register])
    db.execute(insert(ParentContact), [
        {"school_id": school_id, "pupil_id": pid, "status": "held", "contact_on": TODAY - timedelta(days=rng.randrange(1, 150)),
         "summary": "Termly conversation", "recorded_at": datetime(2027, 1, 1, tzinfo=timezone.utc), "voided": False}
        for pid in register if rng.random() < 0.6])
    programmes = db.scalars(select(Programme.id).where(Programme.school_id == school_id)).all()
    for g in range(GROUPS):
        group_id = db.execute(insert(Intervention).values(
            school_id=school_id, programme_id=programmes[g], lead_staff_id=tas[g % len(tas)], name=f"Group {g}",
            starts_on=TODAY - timedelta(days=365), ends_on=TODAY + timedelta(days=rng.randrange(-5, 40)),
            sessions_per_week=3, minutes_per_session=20).returning(Intervention.id)).scalar_one()
        members = rng.sample(register, min(5, len(register)))
        db.execute(insert(InterventionPupil), [{"intervention_id": group_id, "pupil_id": pid} for pid in members])
        days = [TODAY - timedelta(days=d) for d in range(1, 366) if (TODAY - timedelta(days=d)).weekday() in (0, 2, 4)]
        sessions = db.execute(insert(InterventionSession).returning(InterventionSession.id), [
            {"school_id": school_id, "intervention_id": group_id, "programme_id": programmes[g], "delivered_on": day,
             "minutes": 20, "delivered_by_id": tas[g % len(tas)], "flagged": False, "voided": False,
             "recorded_at": datetime(2027, 1, 1, tzinfo=timezone.utc)} for day in days]).scalars().all()
        db.execute(insert(SessionAttendance), [{"session_id": sid, "pupil_id": pid, "present": True}
                                               for sid in sessions for pid in members])
    db.execute(insert(Concern), [
        {"school_id": school_id, "pupil_id": pupils[rng.randrange(PUPILS)].id, "raised_by_id": staff[rng.randrange(14)],
         "noticed": "Benchmark concern", "area_of_need": rng.choice(("semh", "cognition_learning", None)),
         "status": "open", "source": "staff", "raised_at": datetime(2027, 2, 22, 15, tzinfo=timezone.utc),
         "recorded_at": datetime(2027, 2, 22, 15, tzinfo=timezone.utc), "voided": False} for _ in range(20)])


def measure(factory, school_ids: list[int]) -> tuple[float, int]:
    started = time.perf_counter()
    nudges = 0
    with factory() as db:
        for school_id in school_ids:
            calendar = load_calendar(db, school_id=school_id)
            nudges += len(due_nudges(db, school_id=school_id, today=TODAY, calendar=calendar))
            digest_data(db, school_id=school_id, day=TODAY, calendar=calendar)
    return time.perf_counter() - started, nudges


def main() -> None:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in URL else "?"
    url = f"{URL}{sep}options=-csearch_path%3D{schema}"
    try:
        upgrade(url)
        engine = make_engine(url)
        factory = session_factory(engine)
        started = time.perf_counter()
        with factory() as db:
            school_ids = build(db, random.Random(6))
        print(f"built {SCHOOLS} schools x {PUPILS} pupils with a year of sessions in {time.perf_counter() - started:.1f} s")
        measure(factory, school_ids[:1])  # warm the caches a real scheduler keeps warm
        for count in (10, 25, 50):
            seconds, nudges = measure(factory, school_ids[:count])
            print(f"{count:>3} schools: {seconds:.3f} s for {nudges} nudges and {count} digests "
                  f"({seconds / count * 1000:.1f} ms a school)")
        engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
