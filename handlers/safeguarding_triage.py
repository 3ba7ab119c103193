"""The DSL's side of safeguarding, in their 1:1 chat: open alerts, the daily possible-safeguarding list, recording
the action taken and closing, a pupil's chronology; and, for anyone, who the DSL is and how to report.

State of an alert (models.delivery.ALERT_STATES):
    held --yes--> open --"I'm dealing with this"--> acknowledged --record action--> closed
    held --no (a SEND matter)--> review --needs action--> acknowledged     (held, unanswered, is listed too)
                                 review --not safeguarding--> closed
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.access import can_read_alerts, can_see_escalated_alerts, refuse
from handlers.lookup import local_iso, names, staff_in_roles
from handlers.pupils import as_ids, load
from handlers.registry import Topic, topic
from handlers.reply import Choice, Expect, Field, Form, Option, Reply
from handlers.request import Request
from handlers.routes import route
from handlers.safeguarding import named_alert
from models import Pupil, SafeguardingAlert, School, Staff, audit
from models.delivery import ALERT_ACTIONS
from models.outbox import enqueue

topic(Topic("safeguarding_info", label="safeguarding.topic_info", words=("who is the dsl", "who's the dsl"),
            suggest=False, writes=False, about_pupils=False))
topic(Topic("safeguarding_alerts", label="safeguarding.topic_alerts", words=("alerts", "open alerts", "my alerts"),
            suggest=False, writes=False, roles=("dsl", "deputy_dsl")))
topic(Topic("safeguarding_review", label="safeguarding.topic_review",
            words=("safeguarding list", "possible safeguarding", "possible safeguarding list"),
            suggest=False, writes=False, roles=("dsl", "deputy_dsl")))
topic(Topic("safeguarding_chronology", label="safeguarding.topic_chronology", suggest=False, writes=False,
            answers={"pupil_ids": "pupil"}, roles=("dsl", "deputy_dsl")))



def _item(db: Session, req: Request, alert: SafeguardingAlert) -> dict:
    pupil = db.get(Pupil, alert.pupil_id) if alert.pupil_id else None
    raised_by = db.get(Staff, alert.raised_by_id) if alert.raised_by_id else None
    closed_by = db.get(Staff, alert.closed_by_id) if alert.closed_by_id else None
    if pupil is not None:  # every read of a pupil's safeguarding record is audited
        audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=pupil.id, action="read",
              record="safeguarding_alert", channel=req.channel, detail=f"alert {alert.id}")
    return {"id": alert.id, "raised_by": raised_by.name if raised_by else None, "text": alert.text,
            "raised_at": local_iso(db, req.school_id, alert.raised_at), "status": alert.status, "level": alert.level,
            "pupil": pupil.display_name if pupil else None, "class_name": pupil.class_name if pupil else None,
            "hours": int((req.now - alert.raised_at).total_seconds() // 3600),
            "action": alert.action, "action_note": alert.action_note, "closed_by": closed_by.name if closed_by else None,
            "closed_at": local_iso(db, req.school_id, alert.closed_at) if alert.closed_at else None}


def _for_dsl(req: Request, db: Session, *, doing: str, states: tuple[str, ...],
             gone: str) -> tuple[SafeguardingAlert | None, Reply | None]:
    """The alert a DSL's button names, in one of `states`; else the reply to give instead (refusals audited)."""
    if not can_read_alerts(req.actor):
        return None, refuse(req, db, record="safeguarding_alert", detail=doing)
    alert = named_alert(req, db)
    if alert is None or alert.status not in states:
        return None, Reply(gone)
    return alert, None


def _review_items(db: Session, school_id: int, now) -> list[SafeguardingAlert]:
    return list(db.scalars(select(SafeguardingAlert).where(
        SafeguardingAlert.school_id == school_id,
        # a question not answered (yet, or ever: the person moved on or cancelled) is listed at once: recall first
        SafeguardingAlert.status.in_(("review", "held")),
    ).order_by(SafeguardingAlert.raised_at)))


@route("safeguarding_info")
def safeguarding_info(req: Request, db: Session) -> Reply:
    """Who the DSLs are and what to do: a question about procedure is answered, never alerted."""
    school = db.get(School, req.school_id)
    return Reply("safeguarding.info", {
        "procedure": (school.safeguarding_procedure or "").strip() or None,
        "dsls": names(staff_in_roles(db, school_id=req.school_id, roles=("dsl",))),
        "deputies": names(staff_in_roles(db, school_id=req.school_id, roles=("deputy_dsl",))),
        "is_dsl": can_read_alerts(req.actor)})


@route("safeguarding_alerts")
def safeguarding_alerts(req: Request, db: Session) -> Reply:
    """Open and acknowledged alerts, oldest first, with who raised each and when: all of them for a DSL, those
    escalated to them for the head (who may take one, but records no action)."""
    dsl = can_read_alerts(req.actor)
    if not dsl and not can_see_escalated_alerts(req.actor):
        return refuse(req, db, record="safeguarding_alert", detail="list alerts", prompt="safeguarding.dsl_only")
    query = select(SafeguardingAlert).where(
        SafeguardingAlert.school_id == req.school_id, SafeguardingAlert.status.in_(("open", "acknowledged")))
    if not dsl:
        query = query.where(SafeguardingAlert.escalated_at.is_not(None))
    alerts = db.scalars(query.order_by(SafeguardingAlert.raised_at)).all()
    choices = []
    for alert in alerts:
        if alert.status == "open":
            choices.append(Choice("safeguarding.take_button", "acknowledge_safeguarding", {"alert_id": alert.id}))
        if dsl:
            choices.append(Choice("safeguarding.action_button", "safeguarding_action", {"alert_id": alert.id}))
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=None, action="read", record="safeguarding_alert",
          channel=req.channel, detail=f"open alerts {[a.id for a in alerts]}")
    return Reply("safeguarding.alerts", {"items": [_item(db, req, a) for a in alerts], "today": req.today.isoformat()},
                 choices=tuple(choices))


@route("safeguarding_review")
def safeguarding_review(req: Request, db: Session) -> Reply:
    """The possible-safeguarding list: what staff said was a SEND matter, and questions nobody answered."""
    if not can_read_alerts(req.actor):
        return refuse(req, db, record="safeguarding_alert", detail="review list", prompt="safeguarding.dsl_only")
    items = _review_items(db, req.school_id, req.now)
    choices = []
    for alert in items:
        ref = {"alert_id": alert.id}
        choices += [Choice("safeguarding.needs_action", "safeguarding_needs_action", ref, style="danger"),
                    Choice("safeguarding.not_safeguarding", "safeguarding_not_safeguarding", ref)]
    return Reply("safeguarding.review", {"items": [_item(db, req, a) for a in items], "today": req.today.isoformat()},
                 choices=tuple(choices))


@route("safeguarding_needs_action")
def safeguarding_needs_action(req: Request, db: Session) -> Reply:
    """A DSL takes an item from the list: it becomes an acknowledged alert, to be actioned and closed."""
    alert, other = _for_dsl(req, db, doing="needs action", states=("review", "held"), gone="safeguarding.not_on_list")
    if other is not None:
        return other
    alert.status, alert.acknowledged_at, alert.acknowledged_by_id = "acknowledged", req.now, req.actor.id
    alert.held = None
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=alert.pupil_id, action="change",
          record="safeguarding_alert", channel=req.channel, detail=f"alert {alert.id}: needs action")
    return Reply("safeguarding.taken", {"id": alert.id},
                 choices=(Choice("safeguarding.action_button", "safeguarding_action", {"alert_id": alert.id}),))


@route("safeguarding_not_safeguarding")
def safeguarding_not_safeguarding(req: Request, db: Session) -> Reply:
    """A DSL agrees an item is no safeguarding matter: closed, with who decided and when."""
    alert, other = _for_dsl(req, db, doing="not safeguarding", states=("review", "held"),
                            gone="safeguarding.not_on_list")
    if other is not None:
        return other
    _close(db, req, alert, "not_safeguarding", None)
    return Reply("safeguarding.closed", {"id": alert.id, "action": "not_safeguarding"})


@route("safeguarding_action")
def safeguarding_action(req: Request, db: Session) -> Reply:
    """The form for the action taken on an alert, which closes it."""
    alert, other = _for_dsl(req, db, doing="action form", states=("open", "acknowledged"), gone="safeguarding.not_open")
    if other is not None:
        return other
    options = [Option(a, f"safeguarding.action.{a}", key=True) for a in ALERT_ACTIONS if a != "not_safeguarding"]
    return Reply("safeguarding.action_form", {"id": alert.id}, form=Form(
        action="safeguarding_close", title="safeguarding.action_title", data={"alert_id": alert.id},
        fields=(Field("action", "safeguarding.field.action", "choice", required=True, options=options),
                Field("note", "safeguarding.field.note", "textarea"))))


@route("safeguarding_close")
def safeguarding_close(req: Request, db: Session) -> Reply:
    """Record the action taken and close the alert."""
    alert, other = _for_dsl(req, db, doing="close", states=("open", "acknowledged"), gone="safeguarding.not_open")
    if other is not None:
        return other
    action = str(req.values.get("action") or "")
    if action not in ALERT_ACTIONS or action == "not_safeguarding":
        return Reply("safeguarding.bad_action", {"id": alert.id},
                     choices=(Choice("safeguarding.action_button", "safeguarding_action", {"alert_id": alert.id}),))
    note = str(req.values.get("note") or "").strip()[:4000] or None
    _close(db, req, alert, action, note)
    return Reply("safeguarding.closed", {"id": alert.id, "action": action})


def _close(db: Session, req: Request, alert: SafeguardingAlert, action: str, note: str | None) -> None:
    if alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by_id = req.now, req.actor.id
    alert.status, alert.action, alert.action_note, alert.held = "closed", action, note, None
    alert.closed_at, alert.closed_by_id = req.now, req.actor.id
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=alert.pupil_id, action="change",
          record="safeguarding_alert", channel=req.channel, detail=f"alert {alert.id} closed: {action}")


@route("safeguarding_chronology")
def safeguarding_chronology(req: Request, db: Session) -> Reply:
    """Every safeguarding record about one pupil, oldest first: for DSLs only."""
    if not can_read_alerts(req.actor):
        return refuse(req, db, record="safeguarding_alert", detail="chronology", prompt="safeguarding.dsl_only")
    slots = {**req.slots, **{k: v for k, v in req.heard.items() if v}}
    if req.answer_for == "pupil_ids" and not slots.get("pupil_ids"):
        return Reply("safeguarding.chronology_who_again")
    pupils, _ = load(db, req, as_ids(slots.get("pupil_ids")))
    if len(pupils) != 1:
        return Reply("safeguarding.chronology_who", expect=Expect("safeguarding_chronology", {}, "pupil_ids"))
    pupil = pupils[0]
    alerts = db.scalars(select(SafeguardingAlert).where(
        SafeguardingAlert.school_id == req.school_id, SafeguardingAlert.pupil_id == pupil.id)
        .order_by(SafeguardingAlert.raised_at)).all()
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=pupil.id, action="read",
          record="safeguarding_chronology", channel=req.channel)
    return Reply("safeguarding.chronology", {"pupil": pupil.display_name, "class_name": pupil.class_name,
                                             "items": [_item(db, req, a) for a in alerts], "today": req.today.isoformat()})


def queue_review_list(db: Session, *, school_id: int, today: date, now) -> int:
    """Each school day, tell every DSL how many items wait on the possible-safeguarding list (a count only: the
    words are read in their 1:1 chat)."""
    count = len(_review_items(db, school_id, now))
    if not count:
        return 0
    queued = 0
    for dsl in staff_in_roles(db, school_id=school_id, roles=("dsl", "deputy_dsl")):
        queued += enqueue(db, school_id=school_id, kind="safeguarding.review_list", subject=f"review:{today}",
                          recipient=f"staff:{dsl.id}", due_on=today, prompt="notify.safeguarding_review_list",
                          data={"count": count}) is not None
    return queued


__all__ = ["queue_review_list", "safeguarding_action", "safeguarding_alerts", "safeguarding_chronology",
           "safeguarding_close", "safeguarding_info", "safeguarding_needs_action", "safeguarding_not_safeguarding",
           "safeguarding_review"]
