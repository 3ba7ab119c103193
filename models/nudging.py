"""What staff did with a nudge (done, snoozed) and each school's own cadence settings."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, school_fk, utcnow
from models.calendar import SchoolCalendar

NUDGE_ACTIONS = ("done", "snooze")
RULES = (
    "plan_review", "ehcp_review", "ehcp_invitations", "ehcp_report", "parent_conversation", "exit_assessment",
    "portrait_review", "register_review", "pattern", "morning_sessions",
)


class NudgeAction(Base):
    """A press of Done or Snooze on a nudge: done stops that due date's reminders, snooze delays them."""

    __tablename__ = "nudge_actions"
    __table_args__ = (
        # due_nudges reads every action of a school at once, per rule and subject.
        Index("ix_nudge_actions_school_subject", "school_id", "subject"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(30))  # one of RULES
    subject: Mapped[str] = mapped_column(String(100))  # "plan:7", "pupil:12:portrait"
    action: Mapped[str] = mapped_column(String(10))  # one of NUDGE_ACTIONS
    due_on: Mapped[date] = mapped_column(Date)  # the due date of the thing nudged about
    acted_on: Mapped[date] = mapped_column(Date)  # the school's local date of the press
    until: Mapped[date | None] = mapped_column(Date)  # snoozed until this school day
    at: Mapped[datetime] = mapped_column(default=utcnow)


class NudgeSetting(Base):
    """A school's change to one rule's defaults; a rule without a row keeps the defaults."""

    __tablename__ = "nudge_settings"
    __table_args__ = (UniqueConstraint("school_id", "rule"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    rule: Mapped[str] = mapped_column(String(30))
    enabled: Mapped[bool] = mapped_column(default=True)
    lead_school_days: Mapped[list[int]] = mapped_column(JSON, default=lambda: [10, 2])
    overdue_every_days: Mapped[int] = mapped_column(Integer, default=7)  # 0: no overdue reminders


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Aug + 6 months is 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def under_five_at_issue(*, issued_on: date | None, date_of_birth: date | None) -> bool:
    """A child under 5 when the EHC plan was issued is reviewed every six months."""
    return bool(issued_on and date_of_birth and add_months(date_of_birth, 60) > issued_on)


def next_review_due(*, cadence: str, kind: str, reviewed_on: date, calendar: SchoolCalendar,
                    issued_on: date | None = None, date_of_birth: date | None = None) -> date:
    """When the review after one held on `reviewed_on` is due, by the plan's cadence."""
    if kind == "ehcp" or cadence in ("annual", "six_monthly"):
        six = cadence == "six_monthly" or under_five_at_issue(issued_on=issued_on, date_of_birth=date_of_birth)
        return add_months(reviewed_on, 6 if six else 12)
    if cadence == "half_termly":
        return calendar.half_term_after(calendar.half_term_of(reviewed_on)).ends_on
    return termly_due(reviewed_on, calendar)


def termly_due(last: date | None, calendar: SchoolCalendar, *, today: date | None = None) -> date:
    """Something owed once a term: done in one term, it is due again by the end of the next.

    Never done, it is due by the end of the term containing `today`.
    """
    if last is None:
        if today is None:
            raise ValueError("termly_due needs `today` when it was never done")
        return calendar.term_of(today).ends_on
    return calendar.term_after(calendar.term_of(last)).ends_on
