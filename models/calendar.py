"""The school calendar: terms, half-terms, INSET days and bank holidays, and which days are school days."""
from __future__ import annotations

import bisect
import csv
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta
from pathlib import Path

import holidays
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models.school import PERIOD_KINDS, CalendarPeriod, School

SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern_ireland": "NIR"}
CSV_HEADER = ("kind", "name", "starts_on", "ends_on")


@dataclass(frozen=True)
class Term:
    name: str
    starts_on: date
    ends_on: date


# England's usual pattern for the years SENDbot ships with: (kind, name, starts_on, ends_on).
DEFAULT_PERIODS: tuple[tuple[str, str, date, date], ...] = (
    ("term", "Autumn term", date(2026, 9, 1), date(2026, 12, 18)),
    ("half_term", "Autumn 1", date(2026, 9, 1), date(2026, 10, 23)),
    ("half_term", "Autumn 2", date(2026, 11, 2), date(2026, 12, 18)),
    ("term", "Spring term", date(2027, 1, 4), date(2027, 3, 25)),
    ("half_term", "Spring 1", date(2027, 1, 4), date(2027, 2, 12)),
    ("half_term", "Spring 2", date(2027, 2, 22), date(2027, 3, 25)),
    ("term", "Summer term", date(2027, 4, 12), date(2027, 7, 21)),
    ("half_term", "Summer 1", date(2027, 4, 12), date(2027, 5, 28)),
    ("half_term", "Summer 2", date(2027, 6, 7), date(2027, 7, 21)),
    ("inset", "INSET", date(2026, 9, 1), date(2026, 9, 1)),
    ("inset", "INSET", date(2026, 9, 2), date(2026, 9, 2)),
    ("inset", "INSET", date(2026, 11, 2), date(2026, 11, 2)),
    ("inset", "INSET", date(2027, 1, 4), date(2027, 1, 4)),
    ("inset", "INSET", date(2027, 7, 21), date(2027, 7, 21)),
    ("term", "Autumn term", date(2027, 9, 1), date(2027, 12, 17)),
    ("half_term", "Autumn 1", date(2027, 9, 1), date(2027, 10, 22)),
    ("half_term", "Autumn 2", date(2027, 11, 1), date(2027, 12, 17)),
    ("term", "Spring term", date(2028, 1, 4), date(2028, 3, 31)),
    ("half_term", "Spring 1", date(2028, 1, 4), date(2028, 2, 11)),
    ("half_term", "Spring 2", date(2028, 2, 21), date(2028, 3, 31)),
    ("term", "Summer term", date(2028, 4, 18), date(2028, 7, 21)),
    ("half_term", "Summer 1", date(2028, 4, 18), date(2028, 5, 26)),
    ("half_term", "Summer 2", date(2028, 6, 5), date(2028, 7, 21)),
    ("inset", "INSET", date(2027, 9, 1), date(2027, 9, 1)),
    ("inset", "INSET", date(2027, 9, 2), date(2027, 9, 2)),
    ("inset", "INSET", date(2027, 11, 1), date(2027, 11, 1)),
    ("inset", "INSET", date(2028, 1, 4), date(2028, 1, 4)),
    ("inset", "INSET", date(2028, 7, 21), date(2028, 7, 21)),
)


def usual_term(day: date) -> Term:
    """England's usual three terms, used when a school has not given its dates."""
    if day.month >= 9:
        return Term("Autumn term", date(day.year, 9, 1), date(day.year, 12, 31))
    if day.month <= 3:
        return Term("Spring term", date(day.year, 1, 1), date(day.year, 3, 31))
    return Term("Summer term", date(day.year, 4, 1), date(day.year, 8, 31))


def default_calendar(*, school_id: int | None = None) -> list[CalendarPeriod]:
    """England's usual 2026-27 and 2027-28 terms, half-terms and five INSET days a year, as unsaved rows."""
    return [CalendarPeriod(school_id=school_id, kind=k, name=n, starts_on=s, ends_on=e)
            for k, n, s, e in DEFAULT_PERIODS]


def term_for(db: Session, *, school_id: int, day: date) -> Term:
    """The term containing `day`, or, in a holiday, the term that comes next."""
    period = db.scalar(
        select(CalendarPeriod)
        .where(CalendarPeriod.school_id == school_id, CalendarPeriod.kind == "term", CalendarPeriod.ends_on >= day)
        .order_by(CalendarPeriod.starts_on)
        .limit(1)
    )
    if period is not None:
        return Term(period.name, period.starts_on, period.ends_on)
    for kind, name, starts_on, ends_on in DEFAULT_PERIODS:
        if kind == "term" and ends_on >= day:
            return Term(name, starts_on, ends_on)
    return usual_term(day)


@dataclass
class SchoolCalendar:
    """One school's days: built once per school and run, then asked many questions cheaply."""

    terms: list[Term]
    half_terms: list[Term]
    insets: frozenset[date]
    bank_holidays: holidays.HolidayBase
    _days: list[date] = field(default_factory=list, repr=False)  # every school day in the known range, sorted
    _term_ends: list[date] = field(default_factory=list, repr=False)
    _half_ends: list[date] = field(default_factory=list, repr=False)
    first_day: date = date.max  # the range the school's dates cover
    last_day: date = date.min

    def __post_init__(self) -> None:
        self.terms.sort(key=lambda t: t.starts_on)
        self.half_terms.sort(key=lambda t: t.starts_on)
        periods = self.terms or self.half_terms
        teaching: list[Term] = []
        for term in self.terms:
            # A term's half-terms leave out the half-term holiday in its middle.
            halves = [h for h in self.half_terms if term.starts_on <= h.starts_on <= term.ends_on]
            teaching += halves or [term]
        teaching += [h for h in self.half_terms if not any(t.starts_on <= h.starts_on <= t.ends_on for t in self.terms)]
        self._days = sorted({
            d for t in teaching for d in _each_day(t.starts_on, t.ends_on)
            if d.weekday() < 5 and d not in self.insets and d not in self.bank_holidays
        })
        self._term_ends = [t.ends_on for t in self.terms]
        self._half_ends = [t.ends_on for t in self.half_terms]
        if periods:
            self.first_day = min(t.starts_on for t in periods)
            self.last_day = max(t.ends_on for t in periods)

    def is_school_day(self, day: date) -> bool:
        """A weekday in term that is neither an INSET day nor a bank holiday."""
        if self.first_day <= day <= self.last_day:
            i = bisect.bisect_left(self._days, day)
            return i < len(self._days) and self._days[i] == day
        # Beyond the known dates, guess England's pattern rather than go silent.
        return day.weekday() < 5 and day not in self.bank_holidays and day.month != 8

    def add_school_days(self, day: date, n: int) -> date:
        """The n-th school day after `day` (before it when n is negative); n == 0 gives `day` itself."""
        if n == 0:
            return day
        if self.first_day <= day <= self.last_day:
            if n > 0:
                i = bisect.bisect_right(self._days, day) + n - 1
            else:
                i = bisect.bisect_left(self._days, day) + n
            if 0 <= i < len(self._days):
                return self._days[i]
        step = 1 if n > 0 else -1
        remaining = abs(n)
        while remaining:
            day += timedelta(days=step)
            if self.is_school_day(day):
                remaining -= 1
        return day

    def next_school_day(self, day: date) -> date:
        """`day` itself when it is a school day, else the first school day after it."""
        return day if self.is_school_day(day) else self.add_school_days(day, 1)

    def school_days_between(self, start: date, end: date) -> int:
        """School days d with start <= d < end."""
        if self.first_day <= start and end <= self.last_day + timedelta(days=1):
            return max(0, bisect.bisect_left(self._days, end) - bisect.bisect_left(self._days, start))
        return sum(1 for d in _each_day(start, end - timedelta(days=1)) if self.is_school_day(d))

    def term_of(self, day: date) -> Term:
        """The term containing `day`, or, in a holiday, the next one."""
        return _period_of(self.terms, self._term_ends, day) or usual_term(day)

    def term_after(self, term: Term) -> Term:
        """The term following `term`."""
        return self.term_of(term.ends_on + timedelta(days=1))

    def half_term_of(self, day: date) -> Term:
        """The half-term containing `day`, or the next; without half-terms, the term."""
        return _period_of(self.half_terms, self._half_ends, day) or self.term_of(day)

    def half_term_after(self, half: Term) -> Term:
        return self.half_term_of(half.ends_on + timedelta(days=1))


def _period_of(periods: list[Term], ends: list[date], day: date) -> Term | None:
    i = bisect.bisect_left(ends, day)
    return periods[i] if i < len(periods) else None


def _each_day(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def calendar_from_periods(periods: list[CalendarPeriod] | list[tuple[str, str, date, date]], *,
                          nation: str) -> SchoolCalendar:
    """A calendar from period rows (or (kind, name, starts_on, ends_on) tuples) and the nation's bank holidays."""
    rows = [(p.kind, p.name, p.starts_on, p.ends_on) if isinstance(p, CalendarPeriod) else p for p in periods]
    rows = rows or list(DEFAULT_PERIODS)
    years = {d.year for _, _, s, e in rows for d in (s, e)}
    span = range(min(years) - 1, max(years) + 2)
    return SchoolCalendar(
        terms=[Term(n, s, e) for k, n, s, e in rows if k == "term"],
        half_terms=[Term(n, s, e) for k, n, s, e in rows if k == "half_term"],
        insets=frozenset(d for k, _, s, e in rows if k == "inset" for d in _each_day(s, e)),
        bank_holidays=holidays.UK(subdiv=SUBDIVISIONS.get(nation, "ENG"), years=span),
    )


def load_calendar(db: Session, *, school_id: int) -> SchoolCalendar:
    """The school's calendar: its own dates, or England's usual pattern when it has none."""
    rows = db.execute(select(School.nation, CalendarPeriod.kind, CalendarPeriod.name, CalendarPeriod.starts_on,
                             CalendarPeriod.ends_on)
                      .outerjoin(CalendarPeriod, CalendarPeriod.school_id == School.id)
                      .where(School.id == school_id)).all()
    nation = rows[0].nation if rows else "england"
    periods = tuple(sorted(tuple(r)[1:] for r in rows if r.kind is not None))
    return _calendar(periods or DEFAULT_PERIODS, nation)


@lru_cache(maxsize=512)
def _calendar(rows: tuple[tuple[str, str, date, date], ...], nation: str) -> SchoolCalendar:
    # Schools of a trust mostly share dates: build each distinct calendar once per process.
    return calendar_from_periods(list(rows), nation=nation)


class CalendarImportError(ValueError):
    """A calendar CSV was refused; `problems` lists every error by line."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def import_calendar(db: Session, *, school_id: int, path: Path | str) -> int:
    """Replace the school's calendar with a CSV (kind,name,starts_on,ends_on); all or nothing. Returns rows."""
    problems: list[str] = []
    rows: list[tuple[str, str, date, date]] = []
    lines: list[int] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip().lower() for h in next(reader, [])]
        if tuple(header) != CSV_HEADER:
            raise CalendarImportError([f"line 1: the header must be {','.join(CSV_HEADER)}"])
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            row = _calendar_row(line, cells, problems)
            if row is not None:
                rows.append(row)
                lines.append(line)
    seen: dict[tuple[str, date], int] = {}
    for line, (kind, _, starts_on, _) in zip(lines, rows):
        if (kind, starts_on) in seen:
            problems.append(f"line {line}: another {kind} already starts on {starts_on.isoformat()}")
        seen[(kind, starts_on)] = line
    if not problems and not any(k == "term" for k, *_ in rows):
        problems.append("the file has no terms: at least one row of kind term is needed")
    if problems:
        raise CalendarImportError(problems)
    db.execute(delete(CalendarPeriod).where(CalendarPeriod.school_id == school_id))
    db.add_all(CalendarPeriod(school_id=school_id, kind=k, name=n, starts_on=s, ends_on=e) for k, n, s, e in rows)
    db.flush()
    return len(rows)


def _calendar_row(line: int, cells: list[str], problems: list[str]) -> tuple[str, str, date, date] | None:
    if len(cells) != 4:
        problems.append(f"line {line}: expected 4 values (kind,name,starts_on,ends_on), found {len(cells)}")
        return None
    kind, name, starts, ends = (c.strip() for c in cells)
    before = len(problems)
    if kind not in PERIOD_KINDS:
        problems.append(f"line {line}: kind {kind!r} must be one of {', '.join(PERIOD_KINDS)}")
    if not name or len(name) > 50:
        problems.append(f"line {line}: name must be 1 to 50 characters")
    dates = []
    for label, value in (("starts_on", starts), ("ends_on", ends)):
        try:
            dates.append(date.fromisoformat(value))
        except ValueError:
            problems.append(f"line {line}: {label} {value!r} is not a date (use YYYY-MM-DD)")
    if len(dates) == 2 and dates[1] < dates[0]:
        problems.append(f"line {line}: ends_on is before starts_on")
    return (kind, name, dates[0], dates[1]) if len(problems) == before else None
