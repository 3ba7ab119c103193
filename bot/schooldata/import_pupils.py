"""Pupils from a school-census-style CSV: upsert by UPN, creating classes as they appear."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.schooldata.csvfile import DATE_HINT, Problems, Row, parse_date
from models.pupil import NEED_CODES, SEN_STATUSES, YEAR_GROUPS, Pupil, upn_problem
from models.school import School
from models.staff import SchoolClass

COLUMNS = ("upn", "first_name", "preferred_name", "last_name", "year_group", "class", "sen_status",
           "primary_need", "date_of_birth")
NAME_MAX = 100
CLASS_MAX = 20


@dataclass(frozen=True)
class PupilRow:
    upn: str
    first_name: str
    preferred_name: str | None
    last_name: str
    year_group: str
    class_name: str | None
    sen_status: str
    primary_need: str | None
    date_of_birth: date | None


def check(rows: list[Row], problems: Problems, *, today: date) -> list[PupilRow]:
    """Every row as a PupilRow; each problem found is added to `problems`."""
    out: list[PupilRow] = []
    first_line: dict[str, int] = {}
    for row in rows:
        before = len(problems.items)
        upn = row.get("upn").replace(" ", "").upper()
        if not upn:
            problems.add(row.line, "upn", "UPN is missing")
        elif why := upn_problem(upn):
            problems.add(row.line, "upn", f"{upn}: {why}")
        elif upn in first_line:
            problems.add(row.line, "upn", f"{upn} is also on line {first_line[upn]}")
        else:
            first_line[upn] = row.line

        for column in ("first_name", "last_name"):
            if not row.get(column):
                problems.add(row.line, column, f"{column.replace('_', ' ')} is missing")
        for column in ("first_name", "preferred_name", "last_name"):
            if len(row.get(column)) > NAME_MAX:
                problems.add(row.line, column, f"longer than {NAME_MAX} characters")

        year = row.get("year_group").upper()
        if year not in YEAR_GROUPS:
            shown = f"'{row.get('year_group')}'" if year else "missing"
            problems.add(row.line, "year_group", f"{shown} is not a census year group (N1, N2, R or 1-14)")

        class_name = row.get("class") or None
        if class_name and len(class_name) > CLASS_MAX:
            problems.add(row.line, "class", f"longer than {CLASS_MAX} characters")

        status = row.get("sen_status").upper() or "N"
        if status not in SEN_STATUSES:
            problems.add(row.line, "sen_status", f"'{row.get('sen_status')}' should be N, K (SEN support) or E (EHC plan)")

        need = row.get("primary_need").upper() or None
        if need and need not in NEED_CODES:
            problems.add(row.line, "primary_need",
                         f"'{row.get('primary_need')}' is not a census need code ({', '.join(NEED_CODES)})")
        elif need and status == "N":
            problems.add(row.line, "primary_need", "a primary need is recorded only for sen_status K or E")
        elif not need and status in ("K", "E"):
            problems.add(row.line, "primary_need", f"sen_status {status} needs a primary need code (NSA if not yet assessed)")
        elif need == "NSA" and status == "E":
            problems.add(row.line, "primary_need", "NSA is for SEN support only; a pupil with an EHC plan has an assessed need")

        born = None
        if text := row.get("date_of_birth"):
            born = parse_date(text)
            if born is None:
                problems.add(row.line, "date_of_birth", f"'{text}' is not a date ({DATE_HINT})")
            elif born >= today:
                problems.add(row.line, "date_of_birth", f"{born.isoformat()} is not in the past")

        if len(problems.items) == before:
            out.append(PupilRow(
                upn=upn, first_name=row.get("first_name"), preferred_name=row.get("preferred_name") or None,
                last_name=row.get("last_name"), year_group=year, class_name=class_name, sen_status=status,
                primary_need=need, date_of_birth=born,
            ))
    return out


def write(db: Session, school: School, checked: list[PupilRow]) -> tuple[int, int]:
    """Upsert the checked rows; returns (created, updated). Pupils not in the file are left alone."""
    # Class names match ignoring case ("4k" is the existing "4K"); a new class takes its first spelling.
    classes = {c.name.casefold(): c for c in db.scalars(select(SchoolClass).where(SchoolClass.school_id == school.id))}
    years_by_class: dict[str, tuple[str, set[str]]] = {}
    for p in checked:
        if p.class_name:
            years_by_class.setdefault(p.class_name.casefold(), (p.class_name, set()))[1].add(p.year_group)
    for key, (name, years) in years_by_class.items():
        if key not in classes:
            # A mixed-age class ("3/4M") keeps no single year group.
            classes[key] = SchoolClass(school_id=school.id, name=name, year_group=next(iter(years)) if len(years) == 1 else None)
            db.add(classes[key])
    db.flush()

    existing = {p.upn: p for p in db.scalars(select(Pupil).where(Pupil.school_id == school.id))}
    created = updated = 0
    for p in checked:
        values = {
            "first_name": p.first_name, "preferred_name": p.preferred_name, "last_name": p.last_name,
            "year_group": p.year_group, "school_class": classes[p.class_name.casefold()] if p.class_name else None,
            "sen_status": p.sen_status, "primary_need": p.primary_need, "date_of_birth": p.date_of_birth,
            "active": True,
        }
        pupil = existing.get(p.upn)
        if pupil is None:
            db.add(Pupil(school_id=school.id, upn=p.upn, **values))
            created += 1
            continue
        changed = False
        for key, value in values.items():
            if getattr(pupil, key) != value:
                setattr(pupil, key, value)
                changed = True
        updated += changed
    db.flush()
    return created, updated
