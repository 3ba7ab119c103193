"""The periodic jobs' database work, school by school: one school's failure never stops the others."""
from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.scheduling.clock import has_passed, local_date
from handlers.digest import queue_digest
from handlers.lookup import staff_in_roles
from handlers.nudges import queue_due_nudges
from handlers.safeguarding_triage import queue_review_list
from models import Pupil, SafeguardingAlert, School, Staff
from models.calendar import load_calendar
from models.db import unit_of_work
from models.outbox import enqueue

log = logging.getLogger(__name__)
ESCALATE_TO = ("deputy_dsl", "head")


def _schools(factory: sessionmaker[Session]) -> list[tuple[int, str, object, int, object]]:
    with factory() as db:
        return [tuple(r) for r in db.execute(select(School.id, School.timezone, School.nudge_time,
                                                    School.digest_weekday, School.digest_time))]


def make_nudges(factory: sessionmaker[Session], *, now: datetime) -> int:
    """Queue today's nudges for every school whose local nudge time has passed on a school day."""
    queued = 0
    for school_id, tz, nudge_time, _, _ in _schools(factory):
        if not has_passed(now, nudge_time, tz):
            continue
        try:
            with unit_of_work(factory) as db:
                calendar = load_calendar(db, school_id=school_id)
                queued += queue_due_nudges(db, school_id=school_id, today=local_date(now, tz), calendar=calendar, now=now)
                if calendar.is_school_day(local_date(now, tz)):
                    queued += queue_review_list(db, school_id=school_id, today=local_date(now, tz), now=now)
        except Exception:
            log.exception("nudges failed for school %s", school_id)
    return queued


def make_digests(factory: sessionmaker[Session], *, now: datetime) -> int:
    """Queue the weekly digest for schools at or past their digest day and time this week (school days only)."""
    queued = 0
    for school_id, tz, _, weekday, digest_time in _schools(factory):
        today = local_date(now, tz)
        if today.weekday() < weekday or not has_passed(now, digest_time, tz):
            continue
        try:
            with unit_of_work(factory) as db:
                queued += queue_digest(db, school_id=school_id, today=today, now=now)
        except Exception:
            log.exception("digest failed for school %s", school_id)
    return queued


def escalate_safeguarding(factory: sessionmaker[Session], *, now: datetime) -> int:
    """Alerts no DSL has acknowledged within the school's minutes go to the deputy DSLs and the head."""
    escalated = 0
    with unit_of_work(factory) as db:
        rows = db.execute(
            select(SafeguardingAlert, School)
            .join(School, School.id == SafeguardingAlert.school_id)
            .where(SafeguardingAlert.status == "open", SafeguardingAlert.acknowledged_at.is_(None),
                   SafeguardingAlert.escalated_at.is_(None))
            .with_for_update(skip_locked=True, of=SafeguardingAlert)
        ).all()
        for alert, school in rows:
            if (now - alert.raised_at).total_seconds() < school.safeguarding_escalation_minutes * 60:
                continue
            raised_by = db.get(Staff, alert.raised_by_id)
            data = {"alert_id": alert.id, "raised_by": raised_by.name if raised_by else "",  # the words: read at sending
                    "raised_at": alert.raised_at.astimezone(ZoneInfo(school.timezone)).isoformat(), "today": local_date(now, school.timezone).isoformat(),
                    "minutes": school.safeguarding_escalation_minutes,
                    "pupil": None, "class_name": None}
            if alert.pupil_id is not None:
                pupil = db.get(Pupil, alert.pupil_id)
                data.update(pupil=pupil.display_name, class_name=pupil.class_name)
            for person in staff_in_roles(db, school_id=school.id, roles=ESCALATE_TO):
                message = enqueue(db, school_id=school.id, kind="safeguarding.escalation",
                                  subject=f"safeguarding:{alert.id}", recipient=f"staff:{person.id}",
                                  due_on=local_date(now, school.timezone), prompt="notify.safeguarding_escalation",
                                  data=data, urgent=True)
                if message is not None:
                    message.next_attempt_at = now
            alert.escalated_at = now
            escalated += 1
    return escalated
