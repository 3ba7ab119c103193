"""The one clock the scheduler reads, and turning a school's local wall-clock time into UTC."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from models.base import utcnow

Clock = Callable[[], datetime]  # returns an aware UTC datetime

system_clock: Clock = utcnow


def local_date(now: datetime, tz: str) -> date:
    """The school's calendar date at the instant `now`."""
    return now.astimezone(ZoneInfo(tz)).date()


def at_local(day: date, wall: time, tz: str) -> datetime:
    """The UTC instant of `wall` o'clock on `day` in `tz` (08:15 is 07:15 UTC in summer, 08:15 in winter)."""
    return datetime.combine(day, wall, tzinfo=ZoneInfo(tz)).astimezone(timezone.utc)


def has_passed(now: datetime, wall: time, tz: str) -> bool:
    """Whether today's `wall` o'clock, local to the school, has come."""
    return now >= at_local(local_date(now, tz), wall, tz)
