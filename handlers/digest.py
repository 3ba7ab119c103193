"""The weekly digest for the school's staff channel: counts and due dates, never what a concern says."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.notifications import day_label
from handlers.nudges import (
    CURRENT_CONCERN, CURRENT_CONTACT, CURRENT_SESSION, SchoolFacts, parent_items, plan_items, start_of,
)
from handlers.reply import Reply
from models import (
    ChannelRegistration, Concern, Intervention, InterventionSession, ParentContact, Programme, School, Staff,
)
from models.calendar import SchoolCalendar, load_calendar
from models.outbox import enqueue
from models.send import AREAS_OF_NEED

ENDING_WITHIN = timedelta(days=14)
NO_TEACHER = ""  # grouped under the prompt's own "no class teacher" wording


def initials(name: str) -> str:
    """"Amara Okafor" -> "A.O."."""
    return "".join(f"{part[0].upper()}." for part in name.replace("-", " ").split() if part)


def week_of(day: date) -> date:
    """The Monday of the week containing `day`."""
    return day - timedelta(days=day.weekday())


def digest_data(db: Session, *, school_id: int, day: date, calendar: SchoolCalendar) -> dict[str, Any]:
    """Everything in the digest for the week containing `day`, as plain data."""
    school_row = db.get(School, school_id)
    school = SchoolFacts(db, school_id, day)
    show = initials if school_row.initials_in_channels else (lambda name: name)
    monday = week_of(day)
    friday, last_monday = monday + timedelta(days=4), monday - timedelta(days=7)
    return {
        "school": school_row.name,
        "week": monday.isoformat(),
        "week_label": day_label(monday),
        "initials": school_row.initials_in_channels,
        "by_teacher": _due_by_teacher(db, school, calendar, friday, show),
        "sessions": _sessions(db, school_id, last_monday, monday, calendar),
        "ending": _ending(db, school_id, day),
        "concerns": _concerns_by_area(db, school_id, last_monday, monday),
        "no_parent_conversation": _no_conversation(db, school, calendar, day, show),
    }


def _due_by_teacher(db: Session, school: SchoolFacts, calendar: SchoolCalendar, friday: date,
                    show) -> list[dict[str, Any]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in [*plan_items(db, school, calendar), *parent_items(db, school, calendar)]:
        if item.rule not in ("plan_review", "ehcp_review", "parent_conversation") or item.due_on > friday:
            continue
        pupil = school.pupils[item.data["pupil_id"]]
        teachers = school.teachers.get(pupil.class_id) or [None]
        for teacher_id in teachers:
            grouped[school.names[teacher_id] if teacher_id else NO_TEACHER].append({
                "pupil": show(pupil.display_name), "class_name": pupil.class_name, "what": item.rule,
                "plan": item.data.get("plan"), "due": item.due_on.isoformat(), "due_label": day_label(item.due_on),
                "overdue": item.due_on < school.today,
            })
    return [{"teacher": teacher, "items": sorted(items, key=lambda i: (i["due"], i["pupil"]))}
            for teacher, items in sorted(grouped.items(), key=lambda kv: (kv[0] == NO_TEACHER, kv[0]))]


def _sessions(db: Session, school_id: int, start: date, end: date, calendar: SchoolCalendar) -> list[dict[str, Any]]:
    days = calendar.school_days_between(start, end)
    if not days:
        return []
    groups = db.execute(
        select(Intervention.id, Intervention.name, Programme.name.label("programme"), Intervention.sessions_per_week,
               Staff.name.label("lead"))
        .join(Programme, Programme.id == Intervention.programme_id)
        .outerjoin(Staff, Staff.id == Intervention.lead_staff_id)
        .where(Intervention.school_id == school_id, Intervention.starts_on < end,
               (Intervention.ends_on.is_(None)) | (Intervention.ends_on >= start))
        .order_by(Programme.name, Intervention.name)).all()
    delivered = dict(db.execute(
        select(InterventionSession.intervention_id, func.count(InterventionSession.id))
        .where(InterventionSession.school_id == school_id, CURRENT_SESSION,
               InterventionSession.delivered_on >= start, InterventionSession.delivered_on < end)
        .group_by(InterventionSession.intervention_id)).all())
    # A short week (bank holiday, INSET) plans proportionally fewer sessions.
    return [{"group": g.name or g.programme, "lead": g.lead, "delivered": delivered.get(g.id, 0),
             "planned": min(g.sessions_per_week, math.ceil(g.sessions_per_week * days / 5))} for g in groups]


def _ending(db: Session, school_id: int, day: date) -> list[dict[str, Any]]:
    rows = db.execute(
        select(Intervention.name, Programme.name.label("programme"), Intervention.ends_on)
        .join(Programme, Programme.id == Intervention.programme_id)
        .where(Intervention.school_id == school_id, Intervention.ends_on >= day,
               Intervention.ends_on <= day + ENDING_WITHIN)
        .order_by(Intervention.ends_on)).all()
    return [{"group": r.name or r.programme, "ends": r.ends_on.isoformat(), "ends_label": day_label(r.ends_on)}
            for r in rows]


def _concerns_by_area(db: Session, school_id: int, start: date, end: date) -> list[dict[str, Any]]:
    # Only counts leave the database: the concern's words never reach a channel.
    rows = db.execute(
        select(Concern.area_of_need, func.count(Concern.id))
        .where(Concern.school_id == school_id, CURRENT_CONCERN, Concern.raised_at >= start_of(start),
               Concern.raised_at < start_of(end))
        .group_by(Concern.area_of_need)).all()
    counts = Counter({area: n for area, n in rows})
    return [{"area": AREAS_OF_NEED.get(area or "", None), "count": n}
            for area, n in sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))]


def _no_conversation(db: Session, school: SchoolFacts, calendar: SchoolCalendar, day: date, show) -> list[str]:
    term = calendar.term_of(day)
    talked = set(db.scalars(
        select(ParentContact.pupil_id).where(ParentContact.school_id == school.id, ParentContact.status == "held",
                                             CURRENT_CONTACT, ParentContact.contact_on >= term.starts_on,
                                             ParentContact.contact_on <= day)))
    pupils = [p for p in school.pupils.values() if p.sen_status in ("K", "E") and p.id not in talked]
    return [show(p.display_name) for p in sorted(pupils, key=lambda p: (p.class_name or "", p.last_name, p.known_as))]


def digest_reply(data: dict[str, Any]) -> Reply:
    return Reply("digest.weekly", data)


def digest_preview(db: Session, *, school_id: int, day: date) -> Reply:
    """The digest as it would be posted for the week containing `day`."""
    calendar = load_calendar(db, school_id=school_id)
    return digest_reply(digest_data(db, school_id=school_id, day=day, calendar=calendar))


def digest_recipients(db: Session, *, school_id: int) -> list[str]:
    """The school's digest channels; with none registered, its SENCOs directly, so the digest is not lost."""
    registrations = db.scalars(select(ChannelRegistration.id).where(ChannelRegistration.school_id == school_id,
                                                                    ChannelRegistration.purpose == "digest")).all()
    if registrations:
        return [f"registration:{r}" for r in registrations]
    school = SchoolFacts(db, school_id, date.min)
    return [f"staff:{s}" for s in school.sencos]


def queue_digest(db: Session, *, school_id: int, today: date, calendar: SchoolCalendar | None = None,
                 now: datetime | None = None) -> int:
    """Queue this week's digest once per recipient (the key is the week's Monday); returns how many were new."""
    calendar = calendar or load_calendar(db, school_id=school_id)
    if not calendar.is_school_day(today):
        return 0
    data = digest_data(db, school_id=school_id, day=today, calendar=calendar)
    count = 0
    for recipient in digest_recipients(db, school_id=school_id):
        message = enqueue(db, school_id=school_id, kind="digest.weekly", subject=f"school:{school_id}:digest",
                          recipient=recipient, due_on=week_of(today), prompt="digest.weekly", data=data)
        if message is not None and now is not None:
            message.next_attempt_at = now
        count += message is not None
    return count
