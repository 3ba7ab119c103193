"""Which term a day falls in, from the school's own dates or England's usual pattern."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.school import CalendarPeriod


@dataclass(frozen=True)
class Term:
    name: str
    starts_on: date
    ends_on: date


def usual_term(day: date) -> Term:
    """England's usual three terms, used when a school has not given its dates."""
    if day.month >= 9:
        return Term("Autumn term", date(day.year, 9, 1), date(day.year, 12, 31))
    if day.month <= 3:
        return Term("Spring term", date(day.year, 1, 1), date(day.year, 3, 31))
    return Term("Summer term", date(day.year, 4, 1), date(day.year, 8, 31))


def term_for(db: Session, *, school_id: int, day: date) -> Term:
    """The term containing `day`, or, in a holiday, the term that comes next."""
    period = db.scalar(
        select(CalendarPeriod)
        .where(CalendarPeriod.school_id == school_id, CalendarPeriod.kind == "term", CalendarPeriod.ends_on >= day)
        .order_by(CalendarPeriod.starts_on)
        .limit(1)
    )
    if period is None:
        return usual_term(day)
    return Term(period.name, period.starts_on, period.ends_on)
