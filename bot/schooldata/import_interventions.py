"""Intervention groups from a CSV: upsert by (programme, name); pupils are added, never removed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.schooldata.csvfile import DATE_HINT, Problems, Row, parse_date, parse_int, parse_money
from models.pupil import Pupil
from models.queries import programme_index, programmes
from models.school import School
from models.send import Intervention, InterventionPupil
from models.staff import Staff

COLUMNS = ("programme", "name", "lead_email", "starts_on", "ends_on", "sessions_per_week", "minutes_per_session",
           "cost_per_session", "pupil_upns", "entry_assessments")


@dataclass(frozen=True)
class InterventionRow:
    programme_id: int
    name: str
    lead_staff_id: int | None
    starts_on: date
    ends_on: date | None
    sessions_per_week: int
    minutes_per_session: int
    cost_per_session: Decimal | None
    members: tuple[tuple[int, str | None], ...]  # (pupil id, entry assessment)


def _cells(text: str) -> list[str]:
    """';'-separated cells keeping blanks in place (entry assessments line up with UPNs)."""
    return [part.strip() for part in text.split(";")] if text.strip() else []


def check(db: Session, school: School, rows: list[Row], problems: Problems) -> list[InterventionRow]:
    catalogue = programme_index(programmes(db, school_id=school.id))
    pupils = dict(db.execute(select(Pupil.upn, Pupil.id).where(Pupil.school_id == school.id)).all())
    staff = dict(db.execute(select(func.lower(Staff.email), Staff.id).where(Staff.school_id == school.id)).all())
    out: list[InterventionRow] = []
    first_line: dict[tuple[int, str], int] = {}
    for row in rows:
        before = len(problems.items)
        programme = catalogue.get(row.get("programme").casefold())
        if not row.get("programme"):
            problems.add(row.line, "programme", "programme is missing")
        elif programme is None:
            problems.add(row.line, "programme", f"no programme called '{row.get('programme')}' in the school's catalogue")

        name = row.get("name")
        if not name:
            problems.add(row.line, "name", "name is missing (e.g. \"Y3 PT group\")")
        elif len(name) > 100:
            problems.add(row.line, "name", "longer than 100 characters")
        elif programme is not None:
            key = (programme.id, name.casefold())
            if key in first_line:
                problems.add(row.line, "name", f"{programme.name} '{name}' is also on line {first_line[key]}")
            else:
                first_line[key] = row.line

        lead_id = None
        if email := row.get("lead_email").lower():
            lead_id = staff.get(email)
            if lead_id is None:
                problems.add(row.line, "lead_email", f"no member of staff with email {email} (import staff first)")

        starts = parse_date(row.get("starts_on")) if row.get("starts_on") else None
        if not row.get("starts_on"):
            problems.add(row.line, "starts_on", "start date is missing")
        elif starts is None:
            problems.add(row.line, "starts_on", f"'{row.get('starts_on')}' is not a date ({DATE_HINT})")
        ends = None
        if row.get("ends_on"):
            ends = parse_date(row.get("ends_on"))
            if ends is None:
                problems.add(row.line, "ends_on", f"'{row.get('ends_on')}' is not a date ({DATE_HINT})")
            elif starts and ends < starts:
                problems.add(row.line, "ends_on", f"{ends.isoformat()} is before the start date")

        per_week = parse_int(row.get("sessions_per_week") or "1", low=1, high=15)
        if per_week is None:
            problems.add(row.line, "sessions_per_week", f"'{row.get('sessions_per_week')}' should be a whole number from 1 to 15")
        minutes = parse_int(row.get("minutes_per_session") or "20", low=1, high=300)
        if minutes is None:
            problems.add(row.line, "minutes_per_session", f"'{row.get('minutes_per_session')}' should be a whole number of minutes from 1 to 300")
        cost = None
        if row.get("cost_per_session"):
            cost = parse_money(row.get("cost_per_session"))
            if cost is None:
                problems.add(row.line, "cost_per_session", f"'{row.get('cost_per_session')}' is not an amount in pounds (e.g. 12.50)")

        upns = [u.replace(" ", "").upper() for u in _cells(row.get("pupil_upns"))]
        members: list[tuple[int, str | None]] = []
        for upn in upns:
            if not upn:
                problems.add(row.line, "pupil_upns", "an empty UPN between ';'")
            elif upn not in pupils:
                problems.add(row.line, "pupil_upns", f"no pupil with UPN {upn} at this school")
            elif any(pid == pupils[upn] for pid, _ in members):
                problems.add(row.line, "pupil_upns", f"{upn} is listed twice")
            else:
                members.append((pupils[upn], None))
        assessments = _cells(row.get("entry_assessments"))
        if assessments and len(assessments) != len(upns):
            problems.add(row.line, "entry_assessments",
                         f"{len(assessments)} entry assessments for {len(upns)} pupils: give one per pupil in the "
                         "same order, leaving a blank between ';' for none")
        for text in assessments:
            if len(text) > 100:
                problems.add(row.line, "entry_assessments", "an assessment is longer than 100 characters")

        if len(problems.items) == before:
            if assessments:
                members = [(pid, text or None) for (pid, _), text in zip(members, assessments)]
            out.append(InterventionRow(programme.id, name, lead_id, starts, ends, per_week, minutes, cost, tuple(members)))
    return out


def write(db: Session, school: School, checked: list[InterventionRow]) -> tuple[int, int]:
    """Upsert by (programme, name); returns (created, updated)."""
    existing = {
        (i.programme_id, (i.name or "").casefold()): i
        for i in db.scalars(select(Intervention).where(Intervention.school_id == school.id))
    }
    created = updated = 0
    for r in checked:
        values = {
            "lead_staff_id": r.lead_staff_id, "starts_on": r.starts_on, "ends_on": r.ends_on,
            "sessions_per_week": r.sessions_per_week, "minutes_per_session": r.minutes_per_session,
            "cost_per_session": r.cost_per_session,
        }
        group = existing.get((r.programme_id, r.name.casefold()))
        if group is None:
            group = Intervention(school_id=school.id, programme_id=r.programme_id, name=r.name, **values)
            group.members = [InterventionPupil(pupil_id=pid, entry_assessment=a) for pid, a in r.members]
            db.add(group)
            created += 1
            continue
        changed = False
        for key, value in values.items():
            if getattr(group, key) != value:
                setattr(group, key, value)
                changed = True
        have = {m.pupil_id: m for m in group.members}
        for pid, assessment in r.members:
            member = have.get(pid)
            if member is None:
                group.members.append(InterventionPupil(pupil_id=pid, entry_assessment=assessment))
                changed = True
            elif assessment and member.entry_assessment != assessment:
                member.entry_assessment = assessment
                changed = True
        updated += changed
    db.flush()
    return created, updated
