"""Intervention sessions: a TA logs one line from a phone; a mistake is undone within minutes."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.access import can_record_session, refuse
from handlers.lookup import running_on, sencos
from handlers.pupils import as_ids, gather, load, many_pupils, no_such_pupil
from handlers.reply import Choice, Expect, Field, Form, Option, Reply
from handlers.request import Request
from handlers.routes import route
from handlers.text import split_marker
from models import Intervention, InterventionSession, Programme, Pupil, SessionAttendance
from models.outbox import enqueue
from models.queries import programme_named, programmes, roster

UNDO_WINDOW = timedelta(minutes=10)
NOTE = r"\b(?:notes?|comments?|nb)\s*[:\-–]\s*"
SCORE = re.compile(r"^\s*\d{1,3}\s*/\s*\d{1,3}\s*$|^\s*\d{1,3}\s*%?\s*$")
MAX_CHOICES = 6


def my_interventions(db: Session, req: Request, day: date) -> list[Intervention]:
    """The running interventions the actor leads ("my groups")."""
    return list(db.scalars(
        select(Intervention).where(Intervention.school_id == req.school_id, Intervention.lead_staff_id == req.actor.id,
                                   running_on(day)).order_by(Intervention.starts_on, Intervention.id)
    ).unique())


def _parse_day(value: Any, today: date) -> date | None:
    if value in (None, ""):
        return today
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _minutes(value: Any) -> int | None:
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return minutes if 1 <= minutes <= 240 else None


@route("record_session")
def record_session(req: Request, db: Session) -> Reply:
    """Log one delivered session: programme, pupils, minutes, score, date, who was absent, a note."""
    if not can_record_session(db, req.actor):
        return refuse(req, db, record="session")
    if req.values.get("via") == "form":
        return _submitted(req, db)
    slots = gather(req, many=True)
    if req.answer_for is None and req.text:
        _, note = split_marker(req.text, NOTE)
        if note:
            slots["note"] = note
    if req.answer_for == "programme" and req.text.strip() and not slots.get("programme"):
        found = programme_named(db, school_id=req.school_id, name=req.text)
        slots["programme"] = found.name if found else None
    if req.values.get("programme"):
        slots["programme"] = req.values["programme"]
    said_nothing = not slots.get("programme") and not any(slots.get(k) for k in
                                                          ("pupil_ids", "candidate_ids", "unmatched", "absent_ids"))
    if said_nothing and req.answer_for is None:
        return Reply("session.form_intro", form=session_form(req, db))
    pupils = many_pupils(req, db, "record_session", slots)
    if isinstance(pupils, Reply):
        return pupils
    absent, missing = load(db, req, as_ids(slots.get("absent_ids")))
    if missing:
        return no_such_pupil(req, db, missing)
    programme = programme_named(db, school_id=req.school_id, name=slots["programme"]) if slots.get("programme") else None
    if programme is None:
        return _ask_programme(req, db, slots, [p.id for p in pupils])
    attending = pupils + [p for p in absent if p not in pupils]
    if not attending:
        return _ask_group(req, db, slots, programme)
    day = _parse_day(slots.get("date"), req.today)
    if day is None or day > req.today:
        return Reply("session.bad_date")
    return _save(req, db, programme=programme, pupils=attending, absent_ids={p.id for p in absent}, day=day,
                 minutes=_minutes(slots.get("minutes")), score=slots.get("score"), note=slots.get("note"))


def _ask_programme(req: Request, db: Session, slots: dict[str, Any], pupil_ids: list[int]) -> Reply:
    """Which programme? Offer the actor's own groups first (those with these pupils, if known)."""
    slots["programme"] = None
    mine = my_interventions(db, req, req.today)
    fits = [i for i in mine if set(pupil_ids) <= {m.pupil_id for m in i.members}] or mine
    offered = list(dict.fromkeys(i.programme.name for i in fits))[:MAX_CHOICES]
    return Reply("session.ask_programme", {"has_groups": bool(offered)},
                 choices=tuple(Choice("session.programme_choice", "record_session", {"programme": n}) for n in offered),
                 expect=Expect("record_session", slots, "programme"))


def _ask_group(req: Request, db: Session, slots: dict[str, Any], programme: Programme) -> Reply:
    """Who came? Offer each of the actor's running groups of this programme as one button."""
    groups = [i for i in my_interventions(db, req, req.today) if i.programme_id == programme.id and i.members]
    choices = tuple(
        Choice("session.group_choice", "record_session",
               {"pupil_ids": [m.pupil_id for m in g.members], "group": g.name or programme.name,
                "names": [m.pupil.known_as for m in g.members]})
        for g in groups[:MAX_CHOICES]
    )
    return Reply("session.ask_pupils", {"programme": programme.name}, choices=choices,
                 expect=Expect("record_session", slots, "pupil"))


def _link(db: Session, req: Request, programme: Programme, pupil_ids: set[int], day: date) -> Intervention | None:
    """The running intervention of this programme holding all these pupils; the actor's own first."""
    running = db.scalars(select(Intervention).where(
        Intervention.school_id == req.school_id, Intervention.programme_id == programme.id, running_on(day),
    ).order_by(Intervention.starts_on.desc(), Intervention.id)).unique()
    fits = [i for i in running if pupil_ids <= {m.pupil_id for m in i.members}]
    fits.sort(key=lambda i: i.lead_staff_id != req.actor.id)
    return fits[0] if fits else None


def _save(req: Request, db: Session, *, programme: Programme, pupils: list[Pupil], absent_ids: set[int], day: date,
          minutes: int | None, score: Any, note: Any) -> Reply:
    intervention = _link(db, req, programme, {p.id for p in pupils}, day)
    session = InterventionSession(
        school_id=req.school_id, intervention_id=intervention.id if intervention else None, programme_id=programme.id,
        delivered_on=day, minutes=minutes, delivered_by_id=req.actor.id, score=str(score)[:20] if score else None,
        note=str(note) if note else None, flagged=intervention is None, recorded_by_id=req.actor.id,
        recorded_at=req.now,
        attendance=[SessionAttendance(pupil_id=p.id, present=p.id not in absent_ids) for p in pupils],
    )
    db.add(session)
    db.flush()
    present = [p.known_as for p in pupils if p.id not in absent_ids]
    away = [p.known_as for p in pupils if p.id in absent_ids]
    data = {
        "session_id": session.id, "programme": programme.name, "present": present, "absent": away,
        "minutes": minutes, "score": session.score, "date": day.isoformat(), "today": day == req.today,
        "group": (intervention.name or programme.name) if intervention else None, "flagged": session.flagged,
        "note": session.note,
    }
    if session.flagged:
        for senco in sencos(db, school_id=req.school_id):
            enqueue(db, school_id=req.school_id, kind="session.unlinked", subject=f"session:{session.id}",
                    recipient=f"staff:{senco.id}", due_on=req.today, prompt="notify.session_unlinked",
                    data={**data, "pupils": [p.display_name for p in pupils], "delivered_by": req.actor.name,
                          "delivered_by_id": req.actor.id})
    return Reply("session.recorded", data,
                 choices=(Choice("session.undo", "undo_session", {"session_id": session.id}, style="danger"),))


# --- the form, for phones -------------------------------------------------------------------------

def _pupil_options(db: Session, req: Request) -> list[Pupil]:
    """The actor's groups; else their classes; else the whole school."""
    group = {m.pupil_id: m.pupil for i in my_interventions(db, req, req.today) for m in i.members}
    if group:
        return sorted(group.values(), key=lambda p: (p.known_as, p.last_name))
    class_ids = {c.id for c in req.actor.classes}
    everyone = roster(db, school_id=req.school_id)
    mine = [p for p in everyone if p.class_id in class_ids]
    return mine or everyone


def session_form(req: Request, db: Session, values: dict[str, Any] | None = None,
                 errors: dict[str, str] | None = None) -> Form:
    """Programme, pupils, minutes, score, date and who was absent; submitted values are kept."""
    values, errors = values or {}, errors or {}
    mine = list(dict.fromkeys(i.programme.name for i in my_interventions(db, req, req.today)))
    catalogue = mine + [p.name for p in programmes(db, school_id=req.school_id) if p.name not in mine]
    pupils = [Option(str(p.id), f"{p.display_name} ({p.class_name or p.year_group})") for p in _pupil_options(db, req)]
    value = values.get
    return Form("record_session", "session.form_title", (
        Field("programme", "session.field.programme", "choice", required=True,
              options=[Option(n, n) for n in catalogue], value=value("programme", mine[0] if len(mine) == 1 else None),
              error=errors.get("programme")),
        Field("pupils", "session.field.pupils", "pupils", required=True, options=pupils, value=value("pupils"),
              error=errors.get("pupils")),
        Field("minutes", "session.field.minutes", "number", min=1, max=240, value=value("minutes"),
              error=errors.get("minutes")),
        Field("score", "session.field.score", "text", value=value("score"), help="session.field.score_help",
              error=errors.get("score")),
        Field("date", "session.field.date", "date", value=value("date", req.today.isoformat()),
              error=errors.get("date")),
        Field("absent", "session.field.absent", "pupils", options=pupils, value=value("absent"),
              error=errors.get("absent")),
        Field("note", "session.field.note", "textarea", value=value("note")),
    ), data={"via": "form"})


def _submitted(req: Request, db: Session) -> Reply:
    values = {k: v for k, v in req.values.items() if k != "via"}
    errors: dict[str, str] = {}
    programme = programme_named(db, school_id=req.school_id, name=str(values.get("programme") or ""))
    if programme is None:
        errors["programme"] = "session.error.programme"
    pupil_ids, absent_ids = as_ids(values.get("pupils")), as_ids(values.get("absent"))
    pupils, missing = load(db, req, list(dict.fromkeys(pupil_ids + absent_ids)))
    if missing:
        return no_such_pupil(req, db, missing)
    if not pupil_ids:
        errors["pupils"] = "session.error.pupils"
    elif not set(absent_ids) <= set(pupil_ids):
        errors["absent"] = "session.error.absent"
    minutes = _minutes(values.get("minutes"))
    if values.get("minutes") not in (None, "") and minutes is None:
        errors["minutes"] = "session.error.minutes"
    score = str(values.get("score") or "").strip()
    if score and not SCORE.match(score):
        errors["score"] = "session.error.score"
    day = _parse_day(values.get("date"), req.today)
    if day is None or day > req.today or day < req.today - timedelta(days=366):
        errors["date"] = "session.error.date"
    if errors:
        return Reply("session.form_errors", form=session_form(req, db, values, errors))
    return _save(req, db, programme=programme, pupils=pupils, absent_ids=set(absent_ids), day=day, minutes=minutes,
                 score=score.replace(" ", "") or None, note=str(values.get("note") or "").strip() or None)


# --- undo -----------------------------------------------------------------------------------------

@route("undo_session")
def undo_session(req: Request, db: Session) -> Reply:
    """Withdraw a session just recorded (values: session_id): the same person, within ten minutes."""
    try:
        session_id = int(req.values.get("session_id"))
    except (TypeError, ValueError):
        session_id = None
    session = db.scalar(select(InterventionSession).where(
        InterventionSession.school_id == req.school_id, InterventionSession.id == session_id))
    if session is None:
        return Reply("session.not_found")
    if session.recorded_by_id != req.actor.id:
        return refuse(req, db, record="session", detail=f"undo_session {session.id}")
    current = db.scalar(select(InterventionSession.id).where(InterventionSession.id == session.id,
                                                            InterventionSession.current()))
    data = {"programme": session.programme.name, "date": session.delivered_on.isoformat(),
            "minutes": int(UNDO_WINDOW.total_seconds() // 60)}
    if current is None:
        return Reply("session.already_undone", data)
    if req.now - session.recorded_at > UNDO_WINDOW:
        return Reply("session.undo_too_late", data)
    copy = ("school_id", "intervention_id", "programme_id", "delivered_on", "minutes", "delivered_by_id", "score",
            "note", "flagged")
    db.add(InterventionSession(
        **{f: getattr(session, f) for f in copy}, voided=True, supersedes_id=session.id,
        recorded_by_id=req.actor.id, recorded_at=req.now,
        attendance=[SessionAttendance(pupil_id=a.pupil_id, present=a.present, score=a.score) for a in session.attendance],
    ))
    db.flush()
    return Reply("session.undone", data)
