"""Hand-parsed dates: the single day a message names, relative to an injected today."""
from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "saturday": 5, "sunday": 6,
}  # "sat" and "sun" are words far more often than days
MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_WD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORD = r"(\d{1,2})\s*(st|nd|rd|th)?"
_NOT_QTY = r"(?!\s*(?:m|mins?|minutes?|h|hrs?|hours?|/|out of|x)\b)"
RELATIVE = re.compile(
    r"\b(?:(day before yesterday)|(day after (?:tomorrow|tmrw))|(today|this morning|this afternoon|this am|this pm|tonight|earlier today|this morn|this aft|this arvo|2day|tday)"
    r"|(yesterday|yday|yest|last night)|(tomorrow|tmrw|tmr|tomoz|2moro))\b"
)
AGO = re.compile(r"\b(\d{1,2}|a|one|two|three|four|five|six)\s*(days?|weeks?)\s*ago\b")
WEEKDAY = re.compile(rf"\b(?:(last|next|this|coming|this coming|on)\s+)?({_WD})\b(?:\s*(next week|last week))?")
DAY_MONTH = re.compile(rf"(?<![\d/])\b(?:the\s*)?{_ORD}\s*(?:of\s*)?({_MON})\b\.?(?:\s*,?\s*(\d{{4}}))?")
MONTH_DAY = re.compile(rf"\b({_MON})\s*(?:the\s*)?{_ORD}\b{_NOT_QTY}(?:\s*,?\s*(\d{{4}}))?")
NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})\s*[/.]\s*(\d{1,2})(?:\s*[/.]\s*(\d{2}|\d{4}))?(?![\d/])")
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# "on the 17th", but not "the 3rd time" or "the 2nd day running"
BARE_ORDINAL = re.compile(r"\b(?:on|the)\s+(?:the\s+)?(\d{1,2})(st|nd|rd|th)\b(?!\s*(?:day|time|week|session|lesson|attempt|go|try|one|person|child|pupil|term|half)s?\b)")
SPAN = re.compile(r"\b(?:this|next|last|coming)\s+(?:week|term|month|half[- ]?term|half|fortnight)\b|\bhalf[- ]?term\b|\bw/?c\b|\bweek commencing\b|\bthis year\b")
_CLAUSE = re.compile(r"[,.;!?\n]| - |\b(?:but|so)\b")
FUTURE_CUES = re.compile(r"\b(?:going to|gonna|planned|plan to|book|booked|scheduled|arranged for|will be|coming up|upcoming|due|appt|appointment|meeting is|is on)\b")
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
WORDY_MONTHS = {"may", "march", "april", "june", "august", "jan", "mar"}  # also words or names


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _nearest(today: date, month: int, day: int, future: bool) -> date | None:
    """The year that puts a day-month nearest today (ties go the way the message points)."""
    options = [d for y in (today.year - 1, today.year, today.year + 1) if (d := _safe(y, month, day))]
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - today).days), (d < today) if future else (d > today)))


def _weekday(today: date, wd: int, modifier: str | None, future: bool) -> date:
    if modifier == "last":
        return today - timedelta(days=(today.weekday() - wd) % 7 or 7)
    if modifier == "next":
        return today + timedelta(days=(wd - today.weekday()) % 7 or 7)
    if future or modifier in ("coming", "this coming"):
        return today + timedelta(days=(wd - today.weekday()) % 7)
    return today - timedelta(days=(today.weekday() - wd) % 7)


def find_dates(joined: str, today: date, *, future: bool, skip: list[tuple[int, int]] = ()) -> tuple[date | None, list[tuple[int, int]]]:
    """The single day named (None when none or several), and the spans of every date expression."""
    cues = [m.start() for m in FUTURE_CUES.finditer(joined)] if not future else []
    bounds = [m.start() for m in _CLAUSE.finditer(joined)] if cues else []

    def ahead(m: re.Match) -> bool:
        """Future when the caller says so, or a future cue shares the date's clause ("review booked for friday")."""
        if future:
            return True
        lo = max((b for b in bounds if b < m.start()), default=-1)
        hi = min((b for b in bounds if b >= m.end()), default=len(joined))
        return any(lo < c < hi for c in cues)

    found: list[date] = []
    spans: list[tuple[int, int]] = []

    def taken(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in (*skip, *spans))

    def add(m: re.Match, d: date | None) -> None:
        if d is not None and not taken(*m.span()):
            found.append(d)
            spans.append(m.span())

    for m in RELATIVE.finditer(joined):
        offset = (-2, 2, 0, -1, 1)[next(i for i, g in enumerate(m.groups()) if g)]
        add(m, today + timedelta(days=offset))
    for m in AGO.finditer(joined):
        n = int(m.group(1)) if m.group(1).isdigit() else _SMALL[m.group(1)]
        add(m, today - timedelta(days=n * (7 if m.group(2).startswith("week") else 1)))
    for m in ISO.finditer(joined):
        add(m, _safe(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in DAY_MONTH.finditer(joined):
        day, suffix, month, year = m.groups()
        if month in WORDY_MONTHS and not (suffix or year or m.group().startswith("the") or re.search(r"\bon\s*$", joined[: m.start()])):
            continue
        month_n = MONTHS[month]
        add(m, _safe(int(year), month_n, int(day)) if year else _nearest(today, month_n, int(day), ahead(m)))
    for m in MONTH_DAY.finditer(joined):
        month, day, suffix, year = m.groups()
        if month in WORDY_MONTHS and not (suffix or year):
            continue
        month_n = MONTHS[month]
        add(m, _safe(int(year), month_n, int(day)) if year else _nearest(today, month_n, int(day), ahead(m)))
    for m in NUMERIC.finditer(joined):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if not (1 <= month <= 12 and 1 <= day <= 31) or ("." in m.group() and not year):
            continue  # "1.5" is a number, not a date
        if year:
            add(m, _safe(int(year) + (2000 if len(year) == 2 else 0), month, day))
        else:
            add(m, _nearest(today, month, day, ahead(m)))
    for m in WEEKDAY.finditer(joined):
        modifier, name, week = m.groups()
        modifier = {"next week": "next", "last week": "last"}.get(week or "", modifier)
        add(m, _weekday(today, WEEKDAYS[name], modifier, ahead(m)))
    for m in BARE_ORDINAL.finditer(joined):
        d = _safe(today.year, today.month, int(m.group(1)))
        if d and not ahead(m) and d > today:  # "on the 28th" about the past: last month
            prev = today.replace(day=1) - timedelta(days=1)
            d = _safe(prev.year, prev.month, int(m.group(1)))
        add(m, d)
    unique = set(found)
    if len(unique) != 1:
        return None, spans
    return found[0], spans


# "next Thursday" said on a Tuesday: this week's or next week's? People in England mean both.
NEXT_WEEKDAY = re.compile(rf"\bnext\s+(?:{_WD})\b")


def is_vague(joined: str, day: date | None, spans: list[tuple[int, int]]) -> bool:
    """Whether the day is uncertain: a span and no single day ("last week"), two days, or "next <weekday>"."""
    return (day is None and (has_span(joined) or len(spans) > 1)) or bool(NEXT_WEEKDAY.search(joined))


def has_span(joined: str) -> bool:
    """Whether the message names a span ("this week") rather than a day."""
    return bool(SPAN.search(joined))
