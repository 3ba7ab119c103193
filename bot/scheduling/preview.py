"""`sendbot nudges preview` and `sendbot digest preview`: what a day would send, as plain text."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.prompts import prompts
from bot.render.text import to_text
from handlers.digest import digest_preview
from handlers.nudges import nudges_preview
from models import School


class PreviewError(Exception):
    """The preview cannot choose a school; the message says what to do."""


def choose_school(db: Session, *, urn: str | None = None) -> School:
    """The school with this URN, or the only school when no URN is given."""
    if urn:
        school = db.scalar(select(School).where(School.urn == urn.strip()))
        if school is None:
            raise PreviewError(f"No school has URN {urn}.")
        return school
    schools = db.scalars(select(School).order_by(School.name).limit(2)).all()
    if not schools:
        raise PreviewError("The database has no school yet: import one or build the demo first.")
    if len(schools) > 1:
        raise PreviewError("There is more than one school: choose one with --school URN.")
    return schools[0]


def nudges_preview_text(db: Session, *, day: date, urn: str | None = None, locale: str = "en-GB") -> str:
    """Every nudge `day` would send, grouped by recipient, rendered as the terminal chat shows it."""
    school = choose_school(db, urn=urn)
    words = prompts(locale)
    items = nudges_preview(db, school_id=school.id, day=day)
    lines = [f"{school.name}: {len(items)} nudge{'s' if len(items) != 1 else ''} on {day:%A %d %B %Y}"]
    for name, reply in items:
        lines += ["", f"To {name}:", to_text(words.render(reply))]
    return "\n".join(lines)


def digest_preview_text(db: Session, *, day: date, urn: str | None = None, locale: str = "en-GB") -> str:
    """The weekly digest for the week containing `day`, rendered as the terminal chat shows it."""
    school = choose_school(db, urn=urn)
    return to_text(prompts(locale).render(digest_preview(db, school_id=school.id, day=day)))
