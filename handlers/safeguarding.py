"""A safeguarding indicator in what someone asked to save: never a SEND record until they say it is one.

A clear indicator alerts the DSLs at once, directly. A possible one is held and the person is asked, privately,
whether the DSL should see it now: yes alerts; no files it as asked and puts it on the DSLs' daily list of
possible safeguarding (handlers/safeguarding_triage.py). The text lives only in the restricted alert row.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from handlers.access import DSLS, can_raise_alert
from handlers.lookup import local_iso, names, staff_in_roles
from handlers.pupils import as_ids, load
from handlers.reply import Choice, Reply
from handlers.request import Request
from handlers.routes import route
from models import Pupil, SafeguardingAlert, School, audit
from models.outbox import enqueue



def _pupil(db: Session, req: Request) -> tuple[Pupil | None, list[str]]:
    """The one pupil named, or None and the names of those a shared first name may mean."""
    slots = {**req.slots, **{k: v for k, v in req.heard.items() if v}}
    pupils, _ = load(db, req, as_ids(slots.get("pupil_ids")))
    if len(pupils) == 1:
        return pupils[0], []
    maybe, _ = load(db, req, as_ids(slots.get("candidate_ids")))
    return None, [f"{p.display_name} ({p.class_name})" if p.class_name else p.display_name for p in maybe]


def _new_alert(db: Session, req: Request, *, level: str, status: str, held: dict[str, Any] | None) -> SafeguardingAlert:
    pupil, maybe = _pupil(db, req)
    # A half-finished concern may hold the first part of what the member of staff saw.
    said = "\n".join(t for t in (str(req.slots.get("noticed") or "").strip(), req.text.strip()) if t)
    if maybe:
        said += "\n(" + ", ".join(maybe) + ")"  # which pupil is the DSL's to settle; nothing is dropped
    alert = SafeguardingAlert(school_id=req.school_id, raised_by_id=req.actor.id, pupil_id=pupil.id if pupil else None,
                              text=said, channel=req.channel, raised_at=req.now, level=level, status=status, held=held)
    db.add(alert)
    db.flush()
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=alert.pupil_id, action="change",
          record="safeguarding_alert", channel=req.channel, detail=f"alert {alert.id} {status} ({level})")
    return alert


def alert_dsls(db: Session, req: Request, alert: SafeguardingAlert) -> Reply:
    """Queue an urgent direct message to every DSL (staff:<id>, never a channel) and tell the person what to do."""
    pupil = db.get(Pupil, alert.pupil_id) if alert.pupil_id else None
    school = db.get(School, req.school_id)
    raised_at = local_iso(db, req.school_id, alert.raised_at)
    for dsl in staff_in_roles(db, school_id=req.school_id, roles=DSLS):
        enqueue(db, school_id=req.school_id, kind="safeguarding.alert", subject=f"safeguarding:{alert.id}",
                recipient=f"staff:{dsl.id}", due_on=req.today, prompt="notify.safeguarding_alert", urgent=True,
                data={"alert_id": alert.id, "raised_by": req.actor.name, "raised_by_id": req.actor.id,
                      "raised_at": raised_at, "today": req.today.isoformat(),
                      "channel": req.channel, "level": alert.level,
                      "pupil": pupil.display_name if pupil else None, "class_name": pupil.class_name if pupil else None})
    return Reply("safeguarding.reply", {
        "procedure": (school.safeguarding_procedure or "").strip() or None,
        "dsls": names(staff_in_roles(db, school_id=req.school_id, roles=("dsl",))),
        "deputies": names(staff_in_roles(db, school_id=req.school_id, roles=("deputy_dsl",))),
        "in_channel": req.is_channel, "alert_id": alert.id,
        "session": bool(req.heard.get("programme")),  # a session line: the session itself can be logged again
    })


@route("safeguarding")
def safeguarding(req: Request, db: Session) -> Reply:
    """A clear indicator: a restricted alert, the DSLs told now, nothing filed as a SEND record."""
    return alert_dsls(db, req, _new_alert(db, req, level="clear", status="open", held=None))


@route("safeguarding_check")
def safeguarding_check(req: Request, db: Session) -> Reply:
    """A possible indicator: hold what was asked, and ask the person whether the DSL should see it now."""
    held = req.values.get("held")
    alert = _new_alert(db, req, level="possible", status="held", held=dict(held) if isinstance(held, dict) else None)
    return Reply("safeguarding.check", {"in_channel": req.is_channel}, choices=_check_choices(alert))


def _check_choices(alert: SafeguardingAlert) -> tuple[Choice, ...]:
    ref = {"alert_id": alert.id}
    return (Choice("safeguarding.check_yes", "safeguarding_check_yes", ref, style="danger"),
            Choice("safeguarding.check_no", "safeguarding_check_no", ref))


@route("safeguarding_still_held")
def safeguarding_still_held(req: Request, db: Session) -> Reply:
    """The person went on without answering "should the DSL see it now?": asked once more, after their next
    message, with the same buttons (the DSLs' list has it meanwhile)."""
    alert = _held(req, db)
    if alert is None or alert.status != "held":
        return Reply("safeguarding.check_gone")
    alert.held = {**(alert.held or {}), "reminded": True}
    return Reply("safeguarding.still_held", {"in_channel": req.is_channel}, choices=_check_choices(alert))


def named_alert(req: Request, db: Session) -> SafeguardingAlert | None:
    """The alert of the actor's school that a button or form names (values: alert_id), if any."""
    try:
        alert = db.get(SafeguardingAlert, int(req.values.get("alert_id")))
    except (TypeError, ValueError):
        return None
    return alert if alert is not None and alert.school_id == req.school_id else None


def _held(req: Request, db: Session) -> SafeguardingAlert | None:
    """The person's own held alert named by the button."""
    alert = named_alert(req, db)
    return alert if alert is not None and can_raise_alert(req.actor, alert) else None


@route("safeguarding_check_yes")
def safeguarding_check_yes(req: Request, db: Session) -> Reply:
    """Yes, tell the DSL: the held text becomes an alert; nothing is filed as a SEND record."""
    alert = _held(req, db)
    if alert is None:
        return Reply("safeguarding.check_gone")
    if alert.status != "held":
        return Reply("safeguarding.check_decided")
    alert.status, alert.held = "open", None
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=alert.pupil_id, action="change",
          record="safeguarding_alert", channel=req.channel, detail=f"alert {alert.id}: raiser asked for the DSL")
    return alert_dsls(db, req, alert)


@route("safeguarding_check_no")
def safeguarding_check_no(req: Request, db: Session) -> Reply:
    """No, it's a SEND matter: the answer is audited, the item goes on the DSLs' daily list, and what was asked is
    done now (the conversation runs it from `resume`)."""
    alert = _held(req, db)
    if alert is None:
        return Reply("safeguarding.check_gone")
    if alert.status != "held":
        return Reply("safeguarding.check_decided")
    held, alert.status, alert.held = alert.held or {}, "review", None
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=alert.pupil_id, action="change",
          record="safeguarding_alert", channel=req.channel, detail=f"alert {alert.id}: raiser said a SEND matter")
    return Reply("safeguarding.check_filed", resume=held)


__all__ = ["alert_dsls", "named_alert", "safeguarding", "safeguarding_check", "safeguarding_check_no",
           "safeguarding_check_yes", "safeguarding_still_held"]
