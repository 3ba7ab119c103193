"""Pen portraits from a CSV: a new version for a pupil only when its content changed."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.schooldata.csvfile import Problems, Row, split_list
from models.audit import audit
from models.delivery import SafeguardingAlert
from models.pupil import Pupil
from models.school import School
from models.send import PORTRAIT_LISTS, PenPortraitVersion

COLUMNS = ("upn", *PORTRAIT_LISTS, "communication", "pupil_voice")
TEXTS = ("communication", "pupil_voice")


@dataclass(frozen=True)
class PortraitRow:
    pupil_id: int
    content: dict  # the PORTRAIT_LISTS as lists, TEXTS as str | None


def portrait_content(version: PenPortraitVersion | None) -> dict | None:
    if version is None:
        return None
    return {**{f: list(getattr(version, f) or []) for f in PORTRAIT_LISTS}, **{f: getattr(version, f) for f in TEXTS}}


def check(db: Session, school: School, rows: list[Row], problems: Problems) -> list[PortraitRow]:
    pupils = dict(db.execute(select(Pupil.upn, Pupil.id).where(Pupil.school_id == school.id)).all())
    out: list[PortraitRow] = []
    first_line: dict[str, int] = {}
    for row in rows:
        before = len(problems.items)
        upn = row.get("upn").replace(" ", "").upper()
        if not upn:
            problems.add(row.line, "upn", "UPN is missing")
        elif upn not in pupils:
            problems.add(row.line, "upn", f"no pupil with UPN {upn} at this school (import pupils first)")
        elif upn in first_line:
            problems.add(row.line, "upn", f"{upn} is also on line {first_line[upn]}")
        else:
            first_line[upn] = row.line
        content = {**{f: split_list(row.get(f)) for f in PORTRAIT_LISTS}, **{f: row.get(f) or None for f in TEXTS}}
        if not any(content.values()):
            problems.add(row.line, None, "the portrait is empty: fill in at least one column after upn")
        if len(problems.items) == before:
            out.append(PortraitRow(pupils[upn], content))
    return out


def hold_flagged(db: Session, school: School, checked: list[PortraitRow], *, now) -> tuple[list[PortraitRow], int]:
    """Screen each row's words for safeguarding; every flagged row goes to the DSLs' possible-safeguarding list. One
    with a clear indicator is not imported (a portrait is read by every adult); a possible one is imported as
    written (its writer chose the words) and listed. Returns the rows to import and how many were held back."""
    from bot.understanding import screener  # the detector trains on first use: only an import of portraits waits

    screen = screener().screen
    kept, held = [], 0
    for row in checked:
        words = "\n".join(v if isinstance(v, str) else "; ".join(v) for v in row.content.values() if v)
        level = screen(words)
        if level != "clear":
            kept.append(row)
        if level not in ("clear", "possible"):
            continue
        held += level == "clear"
        db.add(SafeguardingAlert(school_id=school.id, raised_by_id=None, pupil_id=row.pupil_id, text=words,
                                 channel="import", raised_at=now, level=level, status="review"))
        audit(db, school_id=school.id, staff_id=None, pupil_id=row.pupil_id, action="change",
              record="safeguarding_alert", channel="cli", detail=f"imported portrait listed for the DSLs ({level})")
    return kept, held


def write(db: Session, school: School, checked: list[PortraitRow]) -> tuple[int, int]:
    """Add a version where the content differs from the newest; returns (first portraits, new versions)."""
    ids = [p.pupil_id for p in checked]
    newest_no = dict(
        db.execute(
            select(PenPortraitVersion.pupil_id, func.max(PenPortraitVersion.version))
            .where(PenPortraitVersion.school_id == school.id, PenPortraitVersion.pupil_id.in_(ids))
            .group_by(PenPortraitVersion.pupil_id)
        ).all()
    )
    newest = {
        v.pupil_id: v
        for v in db.scalars(
            select(PenPortraitVersion).where(PenPortraitVersion.school_id == school.id, PenPortraitVersion.pupil_id.in_(ids))
        )
        if newest_no.get(v.pupil_id) == v.version
    }
    created = updated = 0
    for p in checked:
        current = newest.get(p.pupil_id)
        if portrait_content(current) == p.content:
            continue
        version = (current.version + 1) if current else 1
        db.add(PenPortraitVersion(school_id=school.id, pupil_id=p.pupil_id, version=version, **p.content))
        audit(db, school_id=school.id, staff_id=None, pupil_id=p.pupil_id, action="change",
              record="pen_portrait", channel="cli", detail=f"imported version {version}")
        if current:
            updated += 1
        else:
            created += 1
    db.flush()
    return created, updated
