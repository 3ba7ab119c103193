"""Staff from a CSV: upsert by email; the file gives each person's full set of roles and classes."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.schooldata.csvfile import Problems, Row, split_list
from models.school import School
from models.staff import ROLES, SchoolClass, Staff, StaffRole

COLUMNS = ("email", "name", "roles", "classes")
_EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")


@dataclass(frozen=True)
class StaffRow:
    email: str
    name: str
    roles: frozenset[str]
    classes: frozenset[str]


def check(db: Session, school: School, rows: list[Row], problems: Problems) -> list[StaffRow]:
    known_classes = set(db.scalars(select(SchoolClass.name).where(SchoolClass.school_id == school.id)))
    by_fold = {name.casefold(): name for name in known_classes}
    out: list[StaffRow] = []
    first_line: dict[str, int] = {}
    for row in rows:
        before = len(problems.items)
        email = row.get("email").lower()
        if not email:
            problems.add(row.line, "email", "email is missing")
        elif not _EMAIL.match(email) or len(email) > 254:
            problems.add(row.line, "email", f"'{row.get('email')}' is not an email address")
        elif email in first_line:
            problems.add(row.line, "email", f"{email} is also on line {first_line[email]}")
        else:
            first_line[email] = row.line

        name = row.get("name")
        if not name:
            problems.add(row.line, "name", "name is missing")
        elif len(name) > 200:
            problems.add(row.line, "name", "longer than 200 characters")

        roles = [r.lower() for r in split_list(row.get("roles"))]
        if not roles:
            problems.add(row.line, "roles", f"give at least one role ({', '.join(ROLES)})")
        for role in roles:
            if role not in ROLES:
                problems.add(row.line, "roles", f"'{role}' is not a role ({', '.join(ROLES)})")

        classes = []
        for name_given in split_list(row.get("classes")):
            actual = by_fold.get(name_given.casefold())
            if actual is None:
                problems.add(row.line, "classes", f"no class called '{name_given}' (import pupils first to create classes)")
            else:
                classes.append(actual)

        if len(problems.items) == before:
            out.append(StaffRow(email, name, frozenset(roles), frozenset(classes)))
    return out


def write(db: Session, school: School, checked: list[StaffRow]) -> tuple[int, int]:
    """Upsert by email; returns (created, updated). Staff not in the file are left alone."""
    classes = {c.name: c for c in db.scalars(select(SchoolClass).where(SchoolClass.school_id == school.id))}
    existing = {s.email.lower(): s for s in db.scalars(select(Staff).where(Staff.school_id == school.id))}
    created = updated = 0
    for s in checked:
        staff = existing.get(s.email)
        if staff is None:
            staff = Staff(school_id=school.id, name=s.name, email=s.email)
            staff.role_rows = [StaffRole(role=r) for r in sorted(s.roles)]
            staff.classes = [classes[c] for c in sorted(s.classes)]
            db.add(staff)
            created += 1
            continue
        changed = False
        if staff.name != s.name or not staff.active or staff.email != s.email:
            staff.name, staff.active, staff.email = s.name, True, s.email
            changed = True
        if staff.roles != s.roles:
            keep = [r for r in staff.role_rows if r.role in s.roles]
            staff.role_rows = keep + [StaffRole(role=r) for r in sorted(s.roles - staff.roles)]
            changed = True
        if {c.name for c in staff.classes} != s.classes:
            staff.classes = [classes[c] for c in sorted(s.classes)]
            changed = True
        updated += changed
    db.flush()
    return created, updated
