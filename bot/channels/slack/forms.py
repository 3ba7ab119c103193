"""Slack's own forms: the concern modal (for /concern and the message shortcut) and pupil search.

The concern handler asks its questions one message at a time; on Slack a modal is quicker on a
phone, so this form gathers the same answers and submits them to the same log_concern route.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from handlers.reply import Field, Form, Option
from models import Pupil, Staff
from models.queries import roster
from models.send import AREAS_OF_NEED

UNSURE = "unsure"
SEARCH_LIMIT = 100


def pupil_label(pupil: Pupil) -> str:
    return f"{pupil.display_name} ({pupil.class_name or 'Year ' + pupil.year_group})"


def concern_form(db: Session, *, staff: Staff, noticed: str = "") -> Form:
    """Pupil, what was noticed (pre-filled from a shortcut's message), evidence, area of need."""
    pupils = [Option(str(p.id), pupil_label(p)) for p in roster(db, school_id=staff.school_id)]
    areas = [Option(key, "concern.area." + key, key=True) for key in (*AREAS_OF_NEED, UNSURE)]
    return Form("log_concern", "slack.concern.title", (
        Field("pupil_id", "slack.concern.pupil", "pupil", required=True, options=pupils),
        Field("noticed", "slack.concern.noticed", "textarea", required=True, value=noticed or None,
              help="slack.concern.noticed_help"),
        Field("evidence", "slack.concern.evidence", "textarea", help="slack.concern.evidence_help"),
        Field("area_of_need", "slack.concern.area", "choice", required=True, options=areas, value=UNSURE),
    ), submit="slack.concern.submit")


def search_pupils(db: Session, *, staff_id: int, query: str) -> list[tuple[str, str]]:
    """Pupils of the staff member's school whose names contain the query, for an external select."""
    staff = db.get(Staff, staff_id)
    if staff is None:
        return []
    words = [w for w in query.lower().split() if w][:3]
    conditions = [or_(func.lower(Pupil.first_name).contains(w, autoescape=True),
                      func.lower(Pupil.last_name).contains(w, autoescape=True),
                      func.lower(func.coalesce(Pupil.preferred_name, "")).contains(w, autoescape=True))
                  for w in words]
    found = db.scalars(select(Pupil).where(Pupil.school_id == staff.school_id, Pupil.active.is_(True), *conditions)
                       .order_by(Pupil.last_name, Pupil.first_name, Pupil.id).limit(SEARCH_LIMIT))
    return [(str(p.id), pupil_label(p)) for p in found]


def metadata(form: Form, *, text_field: str | None = None) -> dict[str, Any]:
    """What a modal carries to its submission: the action, hidden data, and how to read the fields."""
    flags = [f.name for f in form.fields if f.kind == "checkbox"]
    return {"action": form.action, "data": dict(form.data), "text": text_field, "flags": flags}


def submission(meta: dict[str, Any], values: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """(action, text, values) for the Incoming a submitted modal becomes."""
    values = dict(values)
    for name in meta.get("flags") or ():
        values[name] = bool(values.get(name))
    text = str(values.pop(meta["text"], "") or "") if meta.get("text") else ""
    values = {k: ("" if v is None else v) for k, v in values.items()}
    return meta["action"], text, {**(meta.get("data") or {}), **values}


def submission_id(view: dict[str, Any]) -> str:
    """The same submission (a double tap, a retry) gets the same id; a corrected one gets a new id."""
    state = json.dumps(view.get("state") or {}, sort_keys=True, separators=(",", ":"))
    return f"view:{view['id']}:{view.get('hash', '')}:{hashlib.sha256(state.encode()).hexdigest()[:16]}"
