"""Everything SENDbot holds about one pupil, for a subject access request (handled by the DPO)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.schooldata.errors import UnknownPupil, UnknownSchool
from bot.schooldata.importer import school_for
from models.audit import AuditEvent, audit
from models.pupil import NEED_CODES, SEN_STATUSES
from models.queries import pupil_by_upn
from models.school import School
from models.send import (
    Concern,
    Intervention,
    InterventionPupil,
    InterventionSession,
    ParentContact,
    PenPortraitVersion,
    Plan,
    SessionAttendance,
)
from models.staff import Staff

SAFEGUARDING_NOTE = (
    "Safeguarding alerts are not included: they belong to the school's safeguarding record, kept by the DSL. "
    "Ask the DSL about any safeguarding information for this request. Whether any exists is deliberately not shown."
)
APPEND_ONLY_NOTE = (
    "Concerns, sessions and parent conversations are append-only: every version is listed, with "
    "'supersedes_id' pointing at the version it corrected and 'voided' marking one withdrawn."
)


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO strings, money as a string."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _row(obj: Any, fields: tuple[str, ...], staff: dict[int, str]) -> dict[str, Any]:
    out = {}
    for f in fields:
        value = getattr(obj, f)
        if f.endswith("_by_id") or f in ("staff_id",):
            out[f.removesuffix("_id")] = staff.get(value) if value else None
        else:
            out[f] = _plain(value)
    return out


def _resolve_school(db: Session, school_urn: str | None) -> School:
    if school_urn:
        return school_for(db, school_urn)
    schools = list(db.scalars(select(School).limit(2)))
    if len(schools) != 1:
        raise UnknownSchool("Give the school's URN (--school): " + ("there is no school yet." if not schools else "there is more than one school."))
    return schools[0]


def export_pupil(
    db: Session, *, school_urn: str | None, upn: str, staff_id: int | None = None, channel: str = "cli"
) -> dict[str, Any]:
    """Everything held about one pupil as JSON-ready data; adds an 'export' audit row to the unit of work."""
    school = _resolve_school(db, school_urn)
    pupil = pupil_by_upn(db, school_id=school.id, upn=upn)
    if pupil is None:
        raise UnknownPupil(f"No pupil with UPN {upn.strip().upper()} at {school.name}.")
    staff = dict(db.execute(select(Staff.id, Staff.name).where(Staff.school_id == school.id)).all())
    scoped = lambda model: select(model).where(model.school_id == school.id, model.pupil_id == pupil.id)  # noqa: E731

    portraits = db.scalars(scoped(PenPortraitVersion).order_by(PenPortraitVersion.version))
    concerns = db.scalars(scoped(Concern).order_by(Concern.recorded_at, Concern.id))
    contacts = db.scalars(scoped(ParentContact).order_by(ParentContact.contact_on, ParentContact.id))
    plans = db.scalars(scoped(Plan).order_by(Plan.starts_on, Plan.id))
    memberships = db.scalars(
        select(InterventionPupil)
        .join(Intervention, Intervention.id == InterventionPupil.intervention_id)
        .where(Intervention.school_id == school.id, InterventionPupil.pupil_id == pupil.id)
        .order_by(Intervention.starts_on, Intervention.id)
    )
    attended = db.execute(
        select(InterventionSession, SessionAttendance)
        .join(SessionAttendance, SessionAttendance.session_id == InterventionSession.id)
        .where(InterventionSession.school_id == school.id, SessionAttendance.pupil_id == pupil.id)
        .order_by(InterventionSession.delivered_on, InterventionSession.id)
    )
    history = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.school_id == school.id, AuditEvent.pupil_id == pupil.id)
        .order_by(AuditEvent.at, AuditEvent.id)
    )

    data: dict[str, Any] = {
        "exported_at": None,  # filled below from the audit row, so both agree
        "school": {"name": school.name, "urn": school.urn},
        "pupil": {
            "upn": pupil.upn, "first_name": pupil.first_name, "preferred_name": pupil.preferred_name,
            "last_name": pupil.last_name, "date_of_birth": _plain(pupil.date_of_birth),
            "year_group": pupil.year_group, "class": pupil.class_name,
            "sen_status": pupil.sen_status, "sen_status_meaning": SEN_STATUSES.get(pupil.sen_status),
            "primary_need": pupil.primary_need, "primary_need_meaning": NEED_CODES.get(pupil.primary_need or ""),
            "secondary_need": pupil.secondary_need, "active": pupil.active,
        },
        "pen_portraits": [
            _row(v, ("version", "strengths", "interests", "needs", "strategies", "avoid", "communication",
                     "pupil_voice", "updated_by_id", "updated_at"), staff)
            for v in portraits
        ],
        "concerns": [
            _row(c, ("id", "reference", "supersedes_id", "source", "noticed", "evidence", "area_of_need", "status",
                     "outcome", "raised_by_id", "raised_at", "recorded_by_id", "recorded_at", "voided"), staff)
            for c in concerns
        ],
        "interventions": [
            {
                "programme": m.intervention.programme.name, "group": m.intervention.name,
                "lead": staff.get(m.intervention.lead_staff_id) if m.intervention.lead_staff_id else None,
                "starts_on": _plain(m.intervention.starts_on), "ends_on": _plain(m.intervention.ends_on),
                "sessions_per_week": m.intervention.sessions_per_week,
                "minutes_per_session": m.intervention.minutes_per_session,
                "entry_assessment": m.entry_assessment, "exit_assessment": m.exit_assessment,
            }
            for m in memberships
        ],
        "sessions": [
            {
                "id": s.id, "supersedes_id": s.supersedes_id, "voided": s.voided,
                "programme": s.programme.name, "delivered_on": _plain(s.delivered_on), "minutes": s.minutes,
                "delivered_by": staff.get(s.delivered_by_id), "present": a.present, "score": a.score,
                "group_score": s.score, "note": s.note, "recorded_at": _plain(s.recorded_at),
            }
            for s, a in attended
        ],
        "plans": [
            {
                **_row(p, ("kind", "targets", "review_cadence", "starts_on", "issued_on", "next_review_due", "active"), staff),
                "reviews": [_row(r, ("held_on", "outcome", "recorded_by_id"), staff) for r in p.reviews],
            }
            for p in plans
        ],
        "parent_contacts": [
            _row(c, ("id", "supersedes_id", "status", "contact_on", "with_whom", "staff_id", "summary",
                     "agreed_actions", "recorded_by_id", "recorded_at", "voided"), staff)
            for c in contacts
        ],
        "audit_history": [
            {"at": _plain(e.at), "action": e.action, "record": e.record, "channel": e.channel,
             "by": staff.get(e.staff_id) if e.staff_id else None, "detail": e.detail}
            for e in history
        ],
        "notes": [SAFEGUARDING_NOTE, APPEND_ONLY_NOTE],
    }
    exported_at = audit(db, school_id=school.id, staff_id=staff_id, pupil_id=pupil.id, action="export",
                        record="export", channel=channel, detail="subject access export of the whole record")
    data["exported_at"] = _plain(exported_at)
    data["exported_by"] = staff.get(staff_id) if staff_id else None
    return data
