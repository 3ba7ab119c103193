"""Nudges: what each member of staff should be reminded of on a school day, and queueing them once."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, NamedTuple

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from handlers.notifications import day_label, nudge_reply
from handlers.reply import Reply
from models import (
    ClassTeacher,
    Concern,
    Intervention,
    InterventionPupil,
    InterventionSession,
    OutboxMessage,
    ParentContact,
    PenPortraitVersion,
    Plan,
    PlanReview,
    Programme,
    Pupil,
    SchoolClass,
    Staff,
    StaffRole,
)
from models.calendar import SchoolCalendar, load_calendar
from models.nudging import NudgeAction, NudgeSetting, termly_due
from models.outbox import enqueue
from models.send import PLAN_KINDS

# Built once: each call makes a fresh alias, which costs more than the query it filters.
CURRENT_CONTACT = ParentContact.current()
CURRENT_CONCERN = Concern.current()
CURRENT_SESSION = InterventionSession.current()
INVITATIONS_BEFORE = timedelta(weeks=2)  # invitations out at least two weeks before the annual review meeting
REPORT_AFTER = timedelta(weeks=2)  # the review report to the local authority within two weeks of it
PATTERN_CONCERNS, PATTERN_STAFF, PATTERN_SCHOOL_DAYS = 3, 2, 30  # three concerns, two staff, six school weeks
REPORT_LOOKBACK = timedelta(days=120)
EXIT_LOOKBACK = timedelta(days=120)


@dataclass(frozen=True)
class RuleSetting:
    """How one rule nudges: on or off, school days of warning, days between overdue reminders (0: none)."""

    enabled: bool = True
    lead_school_days: tuple[int, ...] = (10, 2)
    overdue_every_days: int = 7


DEFAULTS: dict[str, RuleSetting] = {
    "plan_review": RuleSetting(), "ehcp_review": RuleSetting(), "ehcp_invitations": RuleSetting(),
    "ehcp_report": RuleSetting(), "parent_conversation": RuleSetting(), "exit_assessment": RuleSetting(),
    "portrait_review": RuleSetting(), "register_review": RuleSetting(),
    "pattern": RuleSetting(lead_school_days=(0,), overdue_every_days=0),
    "morning_sessions": RuleSetting(lead_school_days=(0,), overdue_every_days=0),
}


@dataclass(frozen=True)
class Nudge:
    """One reminder for one member of staff at one stage (10 days before, 2 days before, overdue...)."""

    school_id: int
    rule: str
    subject: str  # "plan:7:review"
    recipient_id: int
    recipient_name: str
    due_on: date  # when the thing itself is due
    stage_on: date  # the day this stage began: the outbox key, so each stage is sent once
    stage: str  # "ahead" | "overdue" | "snoozed" | "now"
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return f"nudge.{self.rule}"

    @property
    def recipient(self) -> str:
        return f"staff:{self.recipient_id}"

    def reply(self) -> Reply:
        """The Reply this nudge is sent as (the same as handlers.notifications.reply_for its outbox row)."""
        return nudge_reply(self.rule, self.payload())

    def payload(self) -> dict[str, Any]:
        return {**self.data, "rule": self.rule, "subject": self.subject, "due": self.due_on.isoformat(),
                "stage": self.stage}


@dataclass
class _Item:
    """Something owed by a due date, before it is worked out who hears of it and at what stage."""

    rule: str
    subject: str
    due_on: date
    recipients: list[int]
    data: dict[str, Any]


class PupilFacts(NamedTuple):
    """One pupil as the nudges need them (a tuple: hundreds are made per school per run)."""

    id: int
    first_name: str
    preferred_name: str | None
    last_name: str
    class_id: int | None
    class_name: str | None
    sen_status: str

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.first_name

    @property
    def display_name(self) -> str:
        return f"{self.known_as} {self.last_name}"


class SchoolFacts:
    """Everything due_nudges needs about one school, read in a few set-based queries (plain rows, no ORM objects)."""

    def __init__(self, db: Session, school_id: int, today: date):
        self.id, self.today = school_id, today
        self.names: dict[int, str] = {}
        self.morning: list[int] = []
        sencos = set()
        for row in db.execute(select(Staff.id, Staff.name, Staff.morning_sessions_message, StaffRole.role)
                              .outerjoin(StaffRole, StaffRole.staff_id == Staff.id)
                              .where(Staff.school_id == school_id, Staff.active.is_(True))):
            if row.id not in self.names and row.morning_sessions_message:
                self.morning.append(row.id)
            self.names[row.id] = row.name
            if row.role == "senco":
                sencos.add(row.id)
        self.sencos = sorted(sencos, key=lambda i: self.names[i])
        self.teachers: dict[int, list[int]] = defaultdict(list)
        for row in db.execute(select(ClassTeacher.class_id, ClassTeacher.staff_id)
                              .join(Staff, Staff.id == ClassTeacher.staff_id)
                              .where(Staff.school_id == school_id, Staff.active.is_(True))):
            self.teachers[row.class_id].append(row.staff_id)
        self._about: dict[int, dict[str, Any]] = {}
        self.pupils = {r.id: PupilFacts(*r) for r in db.execute(
            select(Pupil.id, Pupil.first_name, Pupil.preferred_name, Pupil.last_name, Pupil.class_id,
                   SchoolClass.name, Pupil.sen_status)
            .outerjoin(SchoolClass, SchoolClass.id == Pupil.class_id)
            .where(Pupil.school_id == school_id, Pupil.active.is_(True)))}
        self.done: set[tuple[str, date]] = set()
        self.done_on: dict[str, date] = {}  # subject -> the latest Done
        self.snoozes: dict[tuple[str, int], list[tuple[date, date]]] = defaultdict(list)
        for row in db.execute(select(NudgeAction.subject, NudgeAction.action, NudgeAction.due_on,
                                     NudgeAction.staff_id, NudgeAction.acted_on, NudgeAction.until)
                              .where(NudgeAction.school_id == school_id, NudgeAction.acted_on <= today)):
            if row.action == "done":
                self.done.add((row.subject, row.due_on))
                self.done_on[row.subject] = max(row.acted_on, self.done_on.get(row.subject, row.acted_on))
            elif row.until is not None:
                self.snoozes[(row.subject, row.staff_id)].append((row.acted_on, row.until))

    def teachers_of(self, pupil_id: int) -> list[int]:
        """The class teachers, or the SENCO when the pupil has no class teacher: someone must hear."""
        pupil = self.pupils[pupil_id]
        return sorted(self.teachers.get(pupil.class_id, []), key=lambda i: self.names[i]) or list(self.sencos)

    def about(self, pupil_id: int) -> dict[str, Any]:
        """The pupil's name and class for a nudge's data (a fresh copy each time: callers add to it)."""
        about = self._about.get(pupil_id)
        if about is None:
            pupil = self.pupils[pupil_id]
            about = self._about[pupil_id] = {"pupil_id": pupil.id, "pupil": pupil.display_name,
                                             "class_name": pupil.class_name}
        return dict(about)


def settings_for(db: Session, *, school_id: int) -> dict[str, RuleSetting]:
    """The school's rule settings: defaults, overridden by its own rows."""
    settings = dict(DEFAULTS)
    for row in db.scalars(select(NudgeSetting).where(NudgeSetting.school_id == school_id)):
        if row.rule in settings:
            settings[row.rule] = RuleSetting(row.enabled, tuple(row.lead_school_days or ()), row.overdue_every_days)
    return settings


def due_nudges(db: Session, *, school_id: int, today: date, calendar: SchoolCalendar) -> list[Nudge]:
    """Every nudge to send on `today` not already queued; none at all when today is not a school day."""
    if not calendar.is_school_day(today):
        return []
    school = SchoolFacts(db, school_id, today)
    settings = settings_for(db, school_id=school_id)
    items = [
        *plan_items(db, school, calendar), *parent_items(db, school, calendar), *_exit_items(db, school),
        *_portrait_items(db, school, calendar), *_register_items(db, school, calendar),
        *_pattern_items(db, school, calendar), *_morning_items(db, school, calendar),
    ]
    queued = _queued(db, school_id, today)
    nudges: list[Nudge] = []
    for item in items:
        setting = settings[item.rule]
        if not setting.enabled or (item.subject, item.due_on) in school.done:
            continue
        for staff_id in dict.fromkeys(item.recipients):
            stage = _stage(item, setting, calendar, today, school.snoozes.get((item.subject, staff_id), []))
            if stage is None:
                continue
            stage_on, name = stage
            if (f"nudge.{item.rule}", item.subject, f"staff:{staff_id}", stage_on) in queued:
                continue
            data = {**item.data, **_timing(item.due_on, today, calendar)}
            nudges.append(Nudge(school_id, item.rule, item.subject, staff_id, school.names[staff_id], item.due_on,
                                stage_on, name, data))
    return sorted(nudges, key=lambda n: (n.recipient_name, n.recipient_id, n.due_on, n.rule, n.subject))


def queue_due_nudges(db: Session, *, school_id: int, today: date, calendar: SchoolCalendar | None = None,
                     now: datetime | None = None) -> int:
    """Put today's nudges in the outbox (each stage once, whoever runs this); returns how many were new.

    `now`, when given, is when they become sendable (the injected clock, not the wall clock).
    """
    calendar = calendar or load_calendar(db, school_id=school_id)
    count = 0
    for nudge in due_nudges(db, school_id=school_id, today=today, calendar=calendar):
        message = enqueue(db, school_id=school_id, kind=nudge.kind, subject=nudge.subject, recipient=nudge.recipient,
                          due_on=nudge.stage_on, prompt=f"nudge.{nudge.rule}", data=nudge.payload())
        if message is not None and now is not None:
            message.next_attempt_at = now
        count += message is not None
    return count


def nudges_preview(db: Session, *, school_id: int, day: date) -> list[tuple[str, Reply]]:
    """What `day`'s nudges would say, and to whom, without queueing anything."""
    calendar = load_calendar(db, school_id=school_id)
    return [(n.recipient_name, n.reply()) for n in due_nudges(db, school_id=school_id, today=day, calendar=calendar)]


def _stage(item: _Item, setting: RuleSetting, calendar: SchoolCalendar, today: date,
           snoozes: list[tuple[date, date]]) -> tuple[date, str] | None:
    """The latest stage that has begun by today, or None (too early, or snoozed)."""
    if any(acted <= today < until for acted, until in snoozes):
        return None
    starts = [(calendar.add_school_days(item.due_on, -n), "ahead" if n else "now") for n in setting.lead_school_days]
    if setting.overdue_every_days and today > item.due_on:
        weeks = (today - item.due_on).days // setting.overdue_every_days
        if weeks:
            starts.append((item.due_on + timedelta(days=weeks * setting.overdue_every_days), "overdue"))
    starts += [(until, "snoozed") for _, until in snoozes]
    begun = [s for s in starts if s[0] <= today]
    return max(begun) if begun else None


def _timing(due_on: date, today: date, calendar: SchoolCalendar) -> dict[str, Any]:
    if due_on >= today:
        return {"school_days_left": calendar.school_days_between(today, due_on), "weeks_overdue": 0,
                "overdue": False, "due_label": day_label(due_on)}
    return {"school_days_left": 0, "weeks_overdue": (today - due_on).days // 7, "overdue": True,
            "due_label": day_label(due_on)}


def _queued(db: Session, school_id: int, today: date) -> set[tuple[str, str, str, date]]:
    """Nudge keys already in the outbox for the stages that could still be current."""
    rows = db.execute(select(OutboxMessage.kind, OutboxMessage.subject, OutboxMessage.recipient, OutboxMessage.due_on)
                      .where(OutboxMessage.school_id == school_id, OutboxMessage.kind.like("nudge.%"),
                             OutboxMessage.due_on <= today))
    return {tuple(r) for r in rows}


def plan_items(db: Session, school: SchoolFacts, calendar: SchoolCalendar) -> list[_Item]:
    latest = (select(PlanReview.plan_id, func.max(PlanReview.held_on).label("held_on"))
              .group_by(PlanReview.plan_id).subquery())
    plans = db.execute(select(Plan.id, Plan.pupil_id, Plan.kind, Plan.next_review_due, Plan.starts_on, latest.c.held_on)
                       .outerjoin(latest, latest.c.plan_id == Plan.id)
                       .where(Plan.school_id == school.id, Plan.active.is_(True))).all()
    reviewed = {plan.id: plan.held_on for plan in plans if plan.held_on}
    items: list[_Item] = []
    for plan in plans:
        if plan.pupil_id not in school.pupils:
            continue
        about = {**school.about(plan.pupil_id), "plan_id": plan.id, "plan": PLAN_KINDS.get(plan.kind, plan.kind)}
        due = plan.next_review_due or termly_due(reviewed.get(plan.id) or plan.starts_on, calendar)
        teachers = school.teachers_of(plan.pupil_id)
        if plan.kind != "ehcp":
            items.append(_Item("plan_review", f"plan:{plan.id}:review", due, teachers, about))
            continue
        items.append(_Item("ehcp_review", f"plan:{plan.id}:review", due, teachers + school.sencos, about))
        leads = school.sencos or teachers
        items.append(_Item("ehcp_invitations", f"plan:{plan.id}:invitations", due - INVITATIONS_BEFORE, leads,
                           {**about, "meeting": due.isoformat(), "meeting_label": day_label(due)}))
        held = reviewed.get(plan.id)
        if held is not None and held >= school.today - REPORT_LOOKBACK:
            items.append(_Item("ehcp_report", f"plan:{plan.id}:report", held + REPORT_AFTER, leads,
                               {**about, "meeting": held.isoformat(), "meeting_label": day_label(held)}))
    return items


def parent_items(db: Session, school: SchoolFacts, calendar: SchoolCalendar) -> list[_Item]:
    on_register = [p.id for p in school.pupils.values() if p.sen_status in ("K", "E")]
    if not on_register:
        return []
    today, on = school.today, ParentContact.contact_on
    held, booked = {}, {}
    for pupil_id, last, next_ in db.execute(
        select(ParentContact.pupil_id,
               func.max(case((ParentContact.status == "held", on), else_=None)),
               func.min(case((ParentContact.status == "planned", on), else_=None)))
        .where(ParentContact.school_id == school.id, CURRENT_CONTACT,
               ((ParentContact.status == "held") & (on <= today))
               | ((ParentContact.status == "planned") & (on >= today)))
        .group_by(ParentContact.pupil_id)):
        if last:
            held[pupil_id] = last
        if next_:
            booked[pupil_id] = next_
    items = []
    for pupil_id in on_register:
        due = termly_due(held.get(pupil_id), calendar, today=school.today)
        if pupil_id in booked and booked[pupil_id] <= max(due, calendar.term_of(school.today).ends_on):
            continue  # a conversation is booked in time: nothing to nudge until it has passed
        last = held.get(pupil_id)
        items.append(_Item("parent_conversation", f"pupil:{pupil_id}:parents", due, school.teachers_of(pupil_id),
                           {**school.about(pupil_id), "last": last.isoformat() if last else None,
                            "last_label": day_label(last) if last else None}))
    return items


def _exit_items(db: Session, school: SchoolFacts) -> list[_Item]:
    rows = db.execute(
        select(Intervention.id, Intervention.name, Programme.name.label("programme"), Intervention.ends_on,
               Intervention.lead_staff_id, func.count(InterventionPupil.pupil_id).label("missing"))
        .join(Programme, Programme.id == Intervention.programme_id)
        .join(InterventionPupil, InterventionPupil.intervention_id == Intervention.id)
        .where(Intervention.school_id == school.id, Intervention.ends_on.is_not(None),
               Intervention.ends_on >= school.today - EXIT_LOOKBACK, InterventionPupil.exit_assessment.is_(None))
        .group_by(Intervention.id, Intervention.name, Programme.name, Intervention.ends_on,
                  Intervention.lead_staff_id)).all()
    items = []
    for row in rows:
        recipients = [row.lead_staff_id] if row.lead_staff_id in school.names else list(school.sencos)
        items.append(_Item("exit_assessment", f"intervention:{row.id}:exit", row.ends_on, recipients,
                           {"intervention_id": row.id, "group": row.name or row.programme,
                            "programme": row.programme, "missing": row.missing}))
    return items


def _portrait_items(db: Session, school: SchoolFacts, calendar: SchoolCalendar) -> list[_Item]:
    on_register = [p.id for p in school.pupils.values() if p.sen_status in ("K", "E")]
    if not on_register:
        return []
    written = dict(db.execute(select(PenPortraitVersion.pupil_id, func.max(PenPortraitVersion.updated_at))
                              .where(PenPortraitVersion.school_id == school.id)
                              .group_by(PenPortraitVersion.pupil_id)).all())
    items = []
    for pupil_id in on_register:
        dates = [d for d in (written[pupil_id].date() if pupil_id in written else None,
                             school.done_on.get(f"pupil:{pupil_id}:portrait")) if d]
        last = max(dates) if dates else None
        due = termly_due(last, calendar, today=school.today)
        items.append(_Item("portrait_review", f"pupil:{pupil_id}:portrait", due, school.teachers_of(pupil_id),
                           {**school.about(pupil_id), "has_portrait": pupil_id in written}))
    return items


def _register_items(db: Session, school: SchoolFacts, calendar: SchoolCalendar) -> list[_Item]:
    if not school.sencos:
        return []
    subject = f"school:{school.id}:register"
    last = school.done_on.get(subject)
    due = termly_due(last, calendar, today=school.today)
    on_register = sum(1 for p in school.pupils.values() if p.sen_status in ("K", "E"))
    return [_Item("register_review", subject, due, list(school.sencos), {"on_register": on_register})]


def _pattern_items(db: Session, school: SchoolFacts, calendar: SchoolCalendar) -> list[_Item]:
    if not school.sencos:
        return []
    since = calendar.add_school_days(school.today, -PATTERN_SCHOOL_DAYS)
    rows = db.execute(select(Concern.pupil_id, Concern.reference, Concern.raised_by_id, Concern.raised_at)
                      .where(Concern.school_id == school.id, CURRENT_CONCERN,
                             Concern.raised_at >= start_of(since))).all()
    by_pupil: dict[int, list] = defaultdict(list)
    for row in rows:
        if row.raised_at.date() <= school.today:
            by_pupil[row.pupil_id].append(row)
    items = []
    for pupil_id, concerns in by_pupil.items():
        if pupil_id not in school.pupils or len(concerns) < PATTERN_CONCERNS:
            continue
        if len({c.raised_by_id for c in concerns}) < PATTERN_STAFF:
            continue
        latest = max(c.raised_at for c in concerns).date()
        items.append(_Item("pattern", f"pupil:{pupil_id}:pattern", latest, list(school.sencos),
                           {**school.about(pupil_id), "concerns": len(concerns),
                            "staff": len({c.raised_by_id for c in concerns}),
                            "references": sorted(c.reference for c in concerns if c.reference)}))
    return items


def start_of(day: date) -> datetime:
    """Midnight UTC at the start of `day`, for comparing dates with stored times."""
    return datetime.combine(day, datetime.min.time(), tzinfo=timezone.utc)


def _morning_items(db: Session, school: SchoolFacts, calendar: SchoolCalendar) -> list[_Item]:
    if not school.morning:
        return []
    today = school.today
    groups = db.execute(
        select(Intervention.id, Intervention.name, Programme.name.label("programme"), Intervention.lead_staff_id,
               Intervention.sessions_per_week, Intervention.minutes_per_session)
        .join(Programme, Programme.id == Intervention.programme_id)
        .where(Intervention.school_id == school.id, Intervention.lead_staff_id.in_(school.morning),
               Intervention.starts_on <= today,
               (Intervention.ends_on.is_(None)) | (Intervention.ends_on >= today))).all()
    if not groups:
        return []
    monday = today - timedelta(days=today.weekday())
    delivered = dict(db.execute(
        select(InterventionSession.intervention_id, func.count(InterventionSession.id))
        .where(InterventionSession.school_id == school.id, CURRENT_SESSION,
               InterventionSession.intervention_id.in_([g.id for g in groups]),
               InterventionSession.delivered_on >= monday, InterventionSession.delivered_on < today)
        .group_by(InterventionSession.intervention_id)).all())
    members = defaultdict(list)
    for iid, pupil_id in db.execute(select(InterventionPupil.intervention_id, InterventionPupil.pupil_id)
                                    .where(InterventionPupil.intervention_id.in_([g.id for g in groups]))):
        if pupil_id in school.pupils:
            members[iid].append(school.pupils[pupil_id].known_as)
    days_left = calendar.school_days_between(today, monday + timedelta(days=5))
    per_lead: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for g in groups:
        still = max(0, g.sessions_per_week - delivered.get(g.id, 0))
        if still and days_left:
            per_lead[g.lead_staff_id].append({"group": g.name or g.programme, "minutes": g.minutes_per_session,
                                              "still_this_week": still, "pupils": sorted(members[g.id])})
    return [_Item("morning_sessions", f"staff:{lead}:morning", today, [lead], {"groups": groups_})
            for lead, groups_ in per_lead.items()]
