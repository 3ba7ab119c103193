"""What each queued notification looks like, and what its buttons do (Done, Snooze, Book a date, Acknowledge)."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.access import can_log_parent_contact, can_take_alert, refuse, teaches
from handlers.lookup import local_iso
from handlers.reply import Choice, Field, Form, Reply, from_data
from handlers.request import Request
from handlers.routes import route
from handlers.safeguarding import named_alert
from models import (
    Intervention, OutboxMessage, ParentContact, Plan, PlanReview, Pupil, SafeguardingAlert, Staff, audit,
)
from models.calendar import load_calendar
from models.nudging import RULES, NudgeAction, next_review_due
from models.send import PLAN_KINDS

SNOOZE_DAYS = (1, 3)
_NO_DONE = {"morning_sessions"}
_SNOOZABLE = set(RULES) - _NO_DONE


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: date) -> str:
    """"Mon 7 Dec": short enough for a phone, unambiguous in en-GB (and not the process's locale)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def is_safeguarding(kind: str) -> bool:
    """Alerts, escalations and anything else about a safeguarding matter: for named staff only."""
    return kind.split(".", 1)[0] == "safeguarding"


def reply_for(message: OutboxMessage, db: Session) -> Reply:
    """The Reply an outbox row is sent as: its prompt and data, with the buttons its kind needs. A safeguarding
    alert's words are read from the restricted alert at sending time: the outbox row never holds them."""
    data = dict(message.data or {})
    if message.kind == "concern.new":
        return Reply(message.prompt, data, choices=(
            Choice("notify.concern_acknowledge_button", "acknowledge_concern", {"reference": data.get("reference")},
                   style="primary"),))
    if message.kind == "private.reply":
        return from_data(data["reply"])
    if message.kind == "safeguarding.review_list":
        return Reply(message.prompt, data, choices=(Choice("safeguarding.review_button", "safeguarding_review", {}),))
    if is_safeguarding(message.kind):
        alert = db.get(SafeguardingAlert, data.get("alert_id") or 0)
        data["text"] = alert.text if alert is not None and alert.school_id == message.school_id else ""
        return Reply(message.prompt, data, choices=(
            Choice("notify.safeguarding_acknowledge_button", "acknowledge_safeguarding",
                   {"alert_id": data.get("alert_id")}, style="primary"),))
    if message.kind.startswith("nudge."):
        return nudge_reply(message.kind.removeprefix("nudge."), data)
    return Reply(message.prompt, data)


def nudge_reply(rule: str, data: dict[str, Any]) -> Reply:
    """A nudge with its actions: Done, Snooze 1 or 3 school days, and Book a date for parent conversations."""
    key = {"rule": rule, "subject": data.get("subject"), "due": data.get("due")}
    choices: list[Choice] = []
    if rule not in _NO_DONE:
        label = "nudge.button.noted" if rule == "pattern" else "nudge.button.done"
        choices.append(Choice(label, "nudge_done", key, style="primary"))
    if rule == "parent_conversation":
        choices.append(Choice("nudge.button.book", "nudge_book_date", key))
    if rule in _SNOOZABLE:
        choices += [Choice("nudge.button.snooze", "nudge_snooze", {**key, "days": d}) for d in SNOOZE_DAYS]
    return Reply(f"nudge.{rule}", data, choices=tuple(choices))


# --- the buttons ------------------------------------------------------------------------------------

def _key(req: Request) -> tuple[str, str, date] | Reply:
    rule, subject = str(req.values.get("rule") or ""), str(req.values.get("subject") or "")
    due = _as_date(req.values.get("due"))
    if rule not in RULES or not subject or due is None:
        return Reply("nudge.unknown")
    return rule, subject, due


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        return None


def _subject_id(subject: str, prefix: str) -> int | None:
    parts = subject.split(":")
    if len(parts) >= 2 and parts[0] == prefix and parts[1].isdigit():
        return int(parts[1])
    return None


def _pupil(db: Session, req: Request, pupil_id: int | None) -> Pupil | None:
    pupil = db.get(Pupil, pupil_id) if pupil_id else None
    return pupil if pupil is not None and pupil.school_id == req.school_id else None


def _may_act(req: Request, pupil: Pupil | None) -> bool:
    """The SENCO, or the pupil's class teacher."""
    return req.actor.has_role("senco") or (pupil is not None and teaches(req.actor, pupil))


def _record_done(db: Session, req: Request, rule: str, subject: str, due: date) -> None:
    db.add(NudgeAction(school_id=req.school_id, staff_id=req.actor.id, rule=rule, subject=subject, action="done",
                       due_on=due, acted_on=req.today, at=req.now))


@route("nudge_done")
def nudge_done(req: Request, db: Session) -> Reply:
    """Done on a nudge: record the review, the conversation or the assessment, and stop the reminders."""
    key = _key(req)
    if isinstance(key, Reply):
        return key
    rule, subject, due = key
    if rule in ("plan_review", "ehcp_review"):
        return _review_done(req, db, rule, subject, due)
    if rule == "parent_conversation":
        return _conversation_done(req, db, subject, due)
    if rule == "exit_assessment":
        return _exit_done(req, db, subject, due)
    if rule in _NO_DONE:
        return Reply("nudge.unknown")
    pupil = _pupil(db, req, _subject_id(subject, "pupil")) if subject.startswith("pupil:") else None
    plan = _plan(db, req, subject)
    if not _may_act(req, pupil or (plan.pupil if plan else None)) or (rule == "register_review"
                                                                      and not req.actor.has_role("senco")):
        return refuse(req, db, record="nudge", pupil_id=pupil.id if pupil else None, detail=f"done {subject}")
    if db.scalar(select(NudgeAction.id).where(NudgeAction.school_id == req.school_id, NudgeAction.subject == subject,
                                              NudgeAction.action == "done", NudgeAction.due_on == due)):
        return Reply("nudge.already_done", {"rule": rule})
    _record_done(db, req, rule, subject, due)
    about = pupil or (plan.pupil if plan else None)
    return Reply("nudge.done", {"rule": rule, "pupil": about.display_name if about else None})


def _plan(db: Session, req: Request, subject: str) -> Plan | None:
    plan_id = _subject_id(subject, "plan")
    plan = db.get(Plan, plan_id) if plan_id else None
    return plan if plan is not None and plan.school_id == req.school_id else None


def _review_done(req: Request, db: Session, rule: str, subject: str, due: date) -> Reply:
    plan = _plan(db, req, subject)
    if plan is None:
        return Reply("nudge.gone")
    if not _may_act(req, plan.pupil):
        return refuse(req, db, record="plan", pupil_id=plan.pupil_id, detail=f"review {plan.id}")
    data = {"pupil": plan.pupil.display_name, "plan": PLAN_KINDS.get(plan.kind, plan.kind)}
    if plan.next_review_due is not None and plan.next_review_due != due:
        return Reply("nudge.already_done", {**data, "rule": rule})
    calendar = load_calendar(db, school_id=req.school_id)
    db.add(PlanReview(plan_id=plan.id, held_on=req.today, recorded_by_id=req.actor.id))
    plan.next_review_due = next_review_due(cadence=plan.review_cadence, kind=plan.kind, reviewed_on=req.today,
                                           calendar=calendar, issued_on=plan.issued_on,
                                           date_of_birth=plan.pupil.date_of_birth)
    _record_done(db, req, rule, subject, due)
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=plan.pupil_id, action="change", record="plan",
          channel=req.channel, detail=f"review of plan {plan.id} held {req.today.isoformat()}")
    return Reply("nudge.review_recorded", {**data, "next_due": day_label(plan.next_review_due),
                                           "ehcp": plan.kind == "ehcp"})


def _conversation_done(req: Request, db: Session, subject: str, due: date) -> Reply:
    pupil = _pupil(db, req, _subject_id(subject, "pupil"))
    if pupil is None:
        return Reply("nudge.gone")
    if not can_log_parent_contact(req.actor, pupil):
        return refuse(req, db, record="parent_contact", pupil_id=pupil.id)
    submitted = "summary" in req.values
    held_on = _as_date(req.values.get("held_on")) if submitted else req.today
    summary = str(req.values.get("summary") or "").strip()
    errors = {}
    if submitted and (held_on is None or held_on > req.today):
        errors["held_on"] = "nudge.error.held_on"
    if submitted and not summary:
        errors["summary"] = "nudge.error.summary"
    if not submitted or errors:
        form = Form("nudge_done", "nudge.conversation_form", (
            Field("held_on", "nudge.field.held_on", "date", required=True,
                  value=str(req.values.get("held_on") or req.today.isoformat()), error=errors.get("held_on")),
            Field("with_whom", "nudge.field.with_whom", "text", value=req.values.get("with_whom")),
            Field("summary", "nudge.field.summary", "textarea", required=True, value=req.values.get("summary"),
                  error=errors.get("summary")),
            Field("agreed", "nudge.field.agreed", "textarea", value=req.values.get("agreed")),
        ), data={"rule": "parent_conversation", "subject": subject, "due": due.isoformat()})
        return Reply("nudge.ask_conversation", {"pupil": pupil.display_name}, form=form)
    db.add(ParentContact(school_id=req.school_id, pupil_id=pupil.id, status="held", contact_on=held_on,
                         with_whom=str(req.values.get("with_whom") or "").strip()[:200] or None, staff_id=req.actor.id,
                         summary=summary, agreed_actions=str(req.values.get("agreed") or "").strip() or None,
                         recorded_by_id=req.actor.id, recorded_at=req.now))
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=pupil.id, action="change",
          record="parent_contact", channel=req.channel, detail="held, from a nudge")
    return Reply("nudge.conversation_recorded", {"pupil": pupil.display_name, "date": day_label(held_on)})


def _exit_done(req: Request, db: Session, subject: str, due: date) -> Reply:
    intervention = db.get(Intervention, _subject_id(subject, "intervention") or 0)
    if intervention is None or intervention.school_id != req.school_id:
        return Reply("nudge.gone")
    if not (req.actor.has_role("senco") or intervention.lead_staff_id == req.actor.id):
        return refuse(req, db, record="intervention", detail=f"exit assessment {intervention.id}")
    group = intervention.name or intervention.programme.name
    missing = sorted((m for m in intervention.members if not m.exit_assessment), key=lambda m: m.pupil.display_name)
    if not missing:
        return Reply("nudge.already_done", {"rule": "exit_assessment", "group": group})
    recorded, error = None, None
    if "exit" in req.values:
        member = next((m for m in missing if str(m.pupil_id) == str(req.values.get("pupil_id"))), None)
        score = str(req.values.get("exit") or "").strip()[:100]
        if member is not None and score:
            member.exit_assessment, recorded = score, member.pupil.display_name
            missing.remove(member)
            audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=member.pupil_id, action="change",
                  record="intervention", channel=req.channel, detail=f"exit assessment, intervention {intervention.id}")
        elif member is not None:
            error = "nudge.error.exit"
    if not missing:
        return Reply("nudge.exit_recorded", {"group": group, "recorded": recorded})
    # One pupil at a time: each field's label names its pupil, and a phone shows one short form.
    member = missing[0]
    data = {"group": group, "pupil": member.pupil.display_name, "entry": member.entry_assessment,
            "recorded": recorded, "remaining": len(missing)}
    form = Form("nudge_done", "nudge.exit_form", (
        Field("exit", "nudge.field.exit", "text", required=True, help="nudge.field.exit_help", error=error),
    ), data={"rule": "exit_assessment", "subject": subject, "due": due.isoformat(), "pupil_id": member.pupil_id})
    return Reply("nudge.ask_exit", data, form=form)


@route("nudge_snooze")
def nudge_snooze(req: Request, db: Session) -> Reply:
    """Snooze a nudge for 1 or 3 school days."""
    key = _key(req)
    if isinstance(key, Reply):
        return key
    rule, subject, due = key
    try:
        days = int(req.values.get("days"))
    except (TypeError, ValueError):
        days = 0
    if days not in SNOOZE_DAYS or rule not in _SNOOZABLE:
        return Reply("nudge.unknown")
    until = load_calendar(db, school_id=req.school_id).add_school_days(req.today, days)
    db.add(NudgeAction(school_id=req.school_id, staff_id=req.actor.id, rule=rule, subject=subject, action="snooze",
                       due_on=due, acted_on=req.today, until=until, at=req.now))
    return Reply("nudge.snoozed", {"days": days, "until": day_label(until)})


@route("nudge_book_date")
def nudge_book_date(req: Request, db: Session) -> Reply:
    """Book a parent or carer conversation: a planned date stops the nudges until it has passed."""
    key = _key(req)
    if isinstance(key, Reply):
        return key
    _, subject, due = key
    pupil = _pupil(db, req, _subject_id(subject, "pupil"))
    if pupil is None:
        return Reply("nudge.gone")
    if not can_log_parent_contact(req.actor, pupil):
        return refuse(req, db, record="parent_contact", pupil_id=pupil.id)
    submitted = "date" in req.values
    day = _as_date(req.values.get("date"))
    if not submitted or day is None or day < req.today:
        error = "nudge.error.book_date" if submitted else None
        form = Form("nudge_book_date", "nudge.book_form", (
            Field("date", "nudge.field.book_date", "date", required=True, value=req.values.get("date"), error=error),
            Field("with_whom", "nudge.field.with_whom", "text", value=req.values.get("with_whom")),
        ), data={"rule": "parent_conversation", "subject": subject, "due": due.isoformat()})
        return Reply("nudge.ask_book", {"pupil": pupil.display_name}, form=form)
    db.add(ParentContact(school_id=req.school_id, pupil_id=pupil.id, status="planned", contact_on=day,
                         with_whom=str(req.values.get("with_whom") or "").strip()[:200] or None, staff_id=req.actor.id,
                         recorded_by_id=req.actor.id, recorded_at=req.now))
    return Reply("nudge.booked", {"pupil": pupil.display_name, "date": day_label(day)})


@route("acknowledge_safeguarding")
def acknowledge_safeguarding(req: Request, db: Session) -> Reply:
    """A DSL (or, after escalation, the head) takes a safeguarding alert: its escalation stops."""
    alert = named_alert(req, db)
    if alert is None:
        return Reply("safeguarding_ack.not_found")
    if not can_take_alert(req.actor, alert):
        return refuse(req, db, record="safeguarding_alert", detail=f"acknowledge {alert.id}")
    if alert.acknowledged_at is not None:
        by = db.get(Staff, alert.acknowledged_by_id) if alert.acknowledged_by_id else None
        return Reply("safeguarding_ack.already", {"by": by.name if by else "", "today": req.today.isoformat(),
                                                  "at": local_iso(db, req.school_id, alert.acknowledged_at)})
    alert.acknowledged_at, alert.acknowledged_by_id = req.now, req.actor.id
    if alert.status == "open":
        alert.status = "acknowledged"
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=alert.pupil_id, action="change",
          record="safeguarding_alert", channel=req.channel, detail=f"alert {alert.id} acknowledged")
    return Reply("safeguarding_ack.done", {"alert_id": alert.id})


__all__ = ["acknowledge_safeguarding", "nudge_book_date", "nudge_done", "nudge_reply", "nudge_snooze", "reply_for"]
