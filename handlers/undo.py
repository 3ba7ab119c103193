"""Undo: the person's last session, parent conversation or portrait change, within minutes of saving it.

A concern is withdrawn, not undone (the SENCO has been told of it), and a safeguarding alert is never undone.
Records stay append-only: an undo is a new version (voided, or the portrait as it was before).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.access import refuse
from handlers.lookup import names, sencos
from handlers.portraits import save_version
from handlers.pupils import as_ids, load
from handlers.registry import ChannelCommand, Topic, topic
from handlers.reply import Reply
from handlers.request import Request
from handlers.routes import route
from models import (
    Concern,
    InterventionSession,
    Pupil,
    ParentContact,
    PenPortraitVersion,
    SafeguardingAlert,
    SessionAttendance,
)
from models.outbox import withdraw
from models.send import PORTRAIT_LISTS

UNDO_WINDOW = timedelta(minutes=10)
MINUTES = int(UNDO_WINDOW.total_seconds() // 60)

topic(Topic(
    "undo", label="undo.label", words=("undo", "undo that", "undo it", "undo last", "undo the last one"),
    examples=("undo",), suggest=False, writes=False, about_pupils=False,
    training=("undo that", "undo the last one", "take that back", "delete what I just sent", "oops undo",
              "remove the session I just logged", "that session was wrong, undo it", "undo my last entry please",
              "reverse that last one", "get rid of the one I just did"),
    commands=(ChannelCommand("undo", "Take back the session, parent chat or portrait change you've just saved"),),
))


def _latest(db: Session, req: Request) -> tuple[datetime, str, Any] | None:
    """The actor's most recent record of each kind saved inside the window, newest first."""
    since = req.now - UNDO_WINDOW
    found: list[tuple[datetime, str, Any]] = []
    for kind, model, who, when in (
        ("session", InterventionSession, InterventionSession.recorded_by_id, InterventionSession.recorded_at),
        ("parent_contact", ParentContact, ParentContact.recorded_by_id, ParentContact.recorded_at),
        ("concern", Concern, Concern.raised_by_id, Concern.recorded_at),
    ):
        row = db.scalar(select(model).where(model.school_id == req.school_id, who == req.actor.id, when >= since,
                                            model.current()).order_by(when.desc(), model.id.desc()).limit(1))
        if row is not None:
            found.append((getattr(row, when.key), kind, row))
    portrait = db.scalar(select(PenPortraitVersion).where(
        PenPortraitVersion.school_id == req.school_id, PenPortraitVersion.updated_by_id == req.actor.id,
        PenPortraitVersion.updated_at >= since).order_by(PenPortraitVersion.updated_at.desc()).limit(1))
    if portrait is not None:
        found.append((portrait.updated_at, "portrait", portrait))
    alert = db.scalar(select(SafeguardingAlert).where(
        SafeguardingAlert.school_id == req.school_id, SafeguardingAlert.raised_by_id == req.actor.id,
        SafeguardingAlert.status.in_(("open", "acknowledged", "closed")),  # an alert the DSLs were sent
        SafeguardingAlert.raised_at >= since).order_by(SafeguardingAlert.raised_at.desc()).limit(1))
    if alert is not None:
        found.append((alert.raised_at, "safeguarding", alert))
    # On a tie the alert wins: when in doubt, say a disclosure cannot be undone.
    return max(found, key=lambda f: (_aware(f[0]), f[1] == "safeguarding")) if found else None


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive UTC datetimes back; compare like with like."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@route("undo")
def undo(req: Request, db: Session) -> Reply:
    """Typed "undo": the actor's last session, parent conversation or portrait change in the last few minutes."""
    latest = _latest(db, req)
    if latest is None:
        return Reply("undo.nothing", {"minutes": MINUTES})
    _, kind, record = latest
    if kind == "safeguarding":
        return Reply("undo.safeguarding")
    if kind == "concern":
        return Reply("undo.concern", {"reference": record.reference, "pupil": record.pupil.display_name,
                                      "sencos": names(sencos(db, school_id=req.school_id))})
    if kind == "session":
        return void_session(req, db, record)
    if kind == "parent_contact":
        return _void_contact(req, db, record)
    return _restore_portrait(req, db, record)


@route("undo_session")
def undo_session(req: Request, db: Session) -> Reply:
    """The Undo button on a recorded session (values: session_id): the same person, within ten minutes."""
    try:
        session_id = int(req.values.get("session_id"))
    except (TypeError, ValueError):
        session_id = None
    session = db.scalar(select(InterventionSession).where(
        InterventionSession.school_id == req.school_id, InterventionSession.id == session_id))
    if session is None:
        return Reply("session.not_found")
    return void_session(req, db, session)


@route("undo_parent_contact")
def undo_parent_contact(req: Request, db: Session) -> Reply:
    """The Undo button on a logged parent conversation (values: contact_id): the same person, within ten minutes."""
    ids = as_ids(req.values.get("contact_id"))
    contact = db.scalar(select(ParentContact).where(ParentContact.school_id == req.school_id,
                                                    ParentContact.id == (ids[0] if ids else None)))
    if contact is None:
        return Reply("parent_contact.not_found")
    if contact.recorded_by_id != req.actor.id:
        return refuse(req, db, record="parent_contact", detail=f"undo parent contact {contact.id}")
    if db.scalar(select(ParentContact.id).where(ParentContact.id == contact.id, ParentContact.current())) is None:
        return Reply("parent_contact.already_undone")
    if req.now - _aware(contact.recorded_at) > UNDO_WINDOW:
        return Reply("parent_contact.undo_too_late", {"minutes": MINUTES})
    return _void_contact(req, db, contact)


def void_session(req: Request, db: Session, session: InterventionSession) -> Reply:
    if session.recorded_by_id != req.actor.id:
        return refuse(req, db, record="session", detail=f"undo session {session.id}")
    current = db.scalar(select(InterventionSession.id).where(InterventionSession.id == session.id,
                                                            InterventionSession.current()))
    data = {"programme": session.programme.name, "date": session.delivered_on.isoformat(), "minutes": MINUTES}
    if current is None:
        return Reply("session.already_undone", data)
    if req.now - _aware(session.recorded_at) > UNDO_WINDOW:
        return Reply("session.undo_too_late", data)
    copy = ("school_id", "intervention_id", "programme_id", "delivered_on", "minutes", "delivered_by_id", "score",
            "note", "flagged")
    db.add(InterventionSession(
        **{f: getattr(session, f) for f in copy}, voided=True, supersedes_id=session.id,
        recorded_by_id=req.actor.id, recorded_at=req.now,
        attendance=[SessionAttendance(pupil_id=a.pupil_id, present=a.present, score=a.score) for a in session.attendance],
    ))
    db.flush()
    withdraw(db, school_id=req.school_id, subject=f"session:{session.id}")  # "not matched to a group" is moot now
    pupils, _ = load(db, req, [a.pupil_id for a in session.attendance])
    return Reply("session.undone", {**data, "pupils": [p.known_as for p in pupils]})


def _void_contact(req: Request, db: Session, contact: ParentContact) -> Reply:
    copy = ("school_id", "pupil_id", "status", "contact_on", "with_whom", "staff_id", "summary", "agreed_actions")
    db.add(ParentContact(**{f: getattr(contact, f) for f in copy}, voided=True, supersedes_id=contact.id,
                         recorded_by_id=req.actor.id, recorded_at=req.now))
    db.flush()
    return Reply("parent_contact.undone", {"pupil": contact.pupil.display_name, "with_whom": contact.with_whom,
                                           "date": contact.contact_on.isoformat()})


def _restore_portrait(req: Request, db: Session, version: PenPortraitVersion) -> Reply:
    pupil = db.get(Pupil, version.pupil_id)
    newest = db.scalar(select(PenPortraitVersion).where(PenPortraitVersion.pupil_id == version.pupil_id)
                       .order_by(PenPortraitVersion.version.desc()).limit(1))
    if newest.id != version.id:
        return Reply("undo.portrait_moved_on", {"pupil": pupil.known_as})
    before = db.scalar(select(PenPortraitVersion).where(PenPortraitVersion.pupil_id == version.pupil_id,
                                                        PenPortraitVersion.version == version.version - 1))
    lists = {f: list(getattr(before, f) or []) if before else [] for f in PORTRAIT_LISTS}
    save_version(db, req, pupil_id=version.pupil_id, number=version.version + 1, lists=lists, like=before,
                 detail=f"undid version {version.version}")
    return Reply("portrait.undone", {"pupil": pupil.known_as, "version": version.version})
