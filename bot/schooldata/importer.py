"""Import a school's pupils, staff, pen portraits or intervention groups from CSV.

The whole file is checked before anything is written; a file with any problem is rejected whole
with every problem listed by line and column. The caller's unit of work commits.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal, NamedTuple

from sqlalchemy.orm import Session

from bot.schooldata import import_interventions, import_portraits, import_pupils, import_staff
from bot.schooldata.csvfile import Problems, read_rows
from bot.schooldata.errors import ImportFailed, ImportProblem, UnknownSchool
from models.audit import audit
from models.base import utcnow
from models.queries import school_by_urn
from models.school import School

Kind = Literal["pupils", "staff", "portraits", "interventions"]
KINDS: tuple[str, ...] = ("pupils", "staff", "portraits", "interventions")
COLUMNS: dict[str, tuple[str, ...]] = {
    "pupils": import_pupils.COLUMNS,
    "staff": import_staff.COLUMNS,
    "portraits": import_portraits.COLUMNS,
    "interventions": import_interventions.COLUMNS,
}


class ImportResult(NamedTuple):
    """Rows created and updated (and held for the DSLs); unpacks as (created, updated, held)."""

    created: int
    updated: int
    held: int = 0

    def summary(self) -> str:
        held = (f" {self.held} row{'s' if self.held != 1 else ''} not imported: the words suggest a safeguarding "
                "matter, so they are on the DSLs' possible-safeguarding list instead.") if self.held else ""
        if not (self.created or self.updated):
            return "Nothing to change: the records already match the file." + held
        return f"{self.created} created, {self.updated} updated." + held


def school_for(db: Session, urn: str) -> School:
    """The school with this URN, or UnknownSchool worded for the user."""
    school = school_by_urn(db, urn=urn)
    if school is None:
        raise UnknownSchool(f"No school with URN {urn.strip()}. Check the number, or create the school first.")
    return school


def import_csv(db: Session, *, kind: Kind, path: str | Path, school_urn: str, today: date | None = None) -> ImportResult:
    """Check the whole CSV, then write it in the caller's transaction; raises ImportFailed or UnknownSchool."""
    if kind not in COLUMNS:
        raise ImportFailed([ImportProblem(None, None, f"unknown kind '{kind}': use {', '.join(KINDS)}")])
    school = school_for(db, school_urn)
    path = Path(path)
    rows = read_rows(path, COLUMNS[kind])
    problems = Problems()
    if kind == "pupils":
        checked = import_pupils.check(rows, problems, today=today or date.today())
        problems.raise_if_any(path.name)
        created, updated = import_pupils.write(db, school, checked)
    elif kind == "staff":
        checked = import_staff.check(db, school, rows, problems)
        problems.raise_if_any(path.name)
        created, updated = import_staff.write(db, school, checked)
    elif kind == "portraits":
        checked = import_portraits.check(db, school, rows, problems)
        problems.raise_if_any(path.name)
        checked, held = import_portraits.hold_flagged(db, school, checked, now=utcnow())
        created, updated = import_portraits.write(db, school, checked)
    else:
        checked = import_interventions.check(db, school, rows, problems)
        problems.raise_if_any(path.name)
        created, updated = import_interventions.write(db, school, checked)
    if created or updated:
        audit(db, school_id=school.id, staff_id=None, pupil_id=None, action="change", record=kind, channel="cli",
              detail=f"imported {path.name}: {created} created, {updated} updated")
        db.flush()
    return ImportResult(created, updated, held if kind == "portraits" else 0)
