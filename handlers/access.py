"""Who may see and do what: every conversation asks here, and every refusal is audited here."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.reply import Reply
from handlers.request import Request
from models import Concern, Intervention, Pupil, SafeguardingAlert, Staff, audit

# SENCOs and admins see everything of their school except safeguarding alerts.
OVERSIGHT = ("senco", "admin")
DSLS = ("dsl", "deputy_dsl")
RECORDERS = ("ta", "teacher", "senco")


def teaches(actor: Staff, pupil: Pupil) -> bool:
    """The actor is a class teacher of the pupil's class."""
    return pupil.class_id is not None and any(c.id == pupil.class_id for c in actor.classes)


def same_school(actor: Staff, pupil: Pupil) -> bool:
    return actor.school_id == pupil.school_id


def can_read_portrait(actor: Staff, pupil: Pupil) -> bool:
    """Any member of staff of the pupil's school: the portrait is a guide for every adult."""
    return same_school(actor, pupil)


def can_change_portrait(actor: Staff, pupil: Pupil) -> bool:
    return same_school(actor, pupil) and (actor.has_role("senco") or teaches(actor, pupil))


def can_read_concern(actor: Staff, concern: Concern) -> bool:
    """The SENCO, admins, the DSLs, the pupil's class teacher and whoever raised it."""
    if actor.school_id != concern.school_id:
        return False
    if actor.has_role(*OVERSIGHT, *DSLS) or concern.raised_by_id == actor.id:
        return True
    return teaches(actor, concern.pupil)


def can_manage_concern(actor: Staff, concern: Concern) -> bool:
    """Acknowledging and closing a concern is the SENCO's work."""
    return actor.school_id == concern.school_id and actor.has_role("senco")


def can_read_alerts(actor: Staff) -> bool:
    """Open alerts, the possible-safeguarding list, a pupil's chronology: the DSLs only, in their 1:1 chat."""
    return actor.has_role(*DSLS)


def can_see_escalated_alerts(actor: Staff) -> bool:
    """The head is sent an alert no DSL took in time, and may then see and take it (not the list or chronology)."""
    return actor.has_role("head")


def can_take_alert(actor: Staff, alert: SafeguardingAlert) -> bool:
    """A DSL takes any alert of their school; the head one escalated to them."""
    if alert.school_id != actor.school_id:
        return False
    return actor.has_role(*DSLS) or (can_see_escalated_alerts(actor) and alert.escalated_at is not None)


def can_raise_alert(actor: Staff, alert: SafeguardingAlert) -> bool:
    """Only the person who raised a held alert answers its question ("Should the DSL see it now?")."""
    return alert.school_id == actor.school_id and alert.raised_by_id == actor.id


def leads_any(db: Session, actor: Staff) -> bool:
    return db.scalar(select(Intervention.id).where(Intervention.lead_staff_id == actor.id).limit(1)) is not None


def can_record_session(db: Session, actor: Staff) -> bool:
    return actor.has_role(*RECORDERS) or leads_any(db, actor)


def can_read_sessions(actor: Staff, intervention: Intervention) -> bool:
    """The lead of the intervention, and the SENCO and admins."""
    if actor.school_id != intervention.school_id:
        return False
    return actor.has_role(*OVERSIGHT) or intervention.lead_staff_id == actor.id


def can_log_parent_contact(actor: Staff, pupil: Pupil) -> bool:
    """Any member of staff may note a conversation they had with a pupil's family."""
    return same_school(actor, pupil)


def refuse(req: Request, db: Session, *, record: str, pupil_id: int | None = None, detail: str | None = None,
           prompt: str = "access.refused") -> Reply:
    """Say no plainly, show nothing, and audit the attempt."""
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=pupil_id, action="refused",
          record=record, channel=req.channel, detail=detail or req.intent)
    return Reply(prompt, {"what": record})
