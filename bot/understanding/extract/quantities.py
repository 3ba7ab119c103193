"""Session minutes and scores."""
from __future__ import annotations

import re

WORD_NUMBERS = {
    "five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twenty five": 25, "thirty": 30, "forty": 40,
    "forty five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "an": 1, "a": 1, "one": 1, "two": 2,
}
_NUM = r"(\d{1,3}(?:\.\d+)?|twenty five|forty five|five|ten|fifteen|twenty|thirty|forty|fifty|sixty|ninety)"
MINUTES = re.compile(rf"(?<![\w/.:])(?:{_NUM})\s*-?\s*(?:m|mins?|minutes?|mns|mts|min\.)(?![a-z])")
HOURS = re.compile(r"(?<![\w/.:])(\d{1,2}(?:\.\d+)?|an\s|a\s|one\s|two\s|half an?\s|half\s)\s*-?\s*(?:h|hr|hrs|hour|hours)(?![a-z])(\s*(?:and\s*)?(?:a\s*half|\d{1,2}\s*(?:m|mins?|minutes?)(?![a-z])))?")
SCORE = re.compile(r"(?<![\d/.:])(\d{1,3})\s*(?:/|out of|outta)\s*(\d{1,3})(?![\d/.:])(?!\s*/\s*\d)")
# A Precision Teaching probe is scored as a rate: "12/min", "18 words a minute", "15 correct per min", "20 wpm".
RATE = re.compile(r"(?<![\d/.:])(\d{1,3})\s*(?:/\s*min(?:ute)?s?|(?:words?\s+|sounds?\s+|digits?\s+)?(?:correct\s+)?"
                  r"(?:per|a|an|each)\s+min(?:ute)?|wpm)(?![a-z])")
# "10:30-10:40", "9.15 to 9.45": a session's clock times, its length their difference.
TIME_RANGE = re.compile(r"(?<![\d:.])([01]?\d|2[0-3])[:.]([0-5]\d)\s*(?:-|–|to|till|until)\s*([01]?\d|2[0-3])[:.]([0-5]\d)(?![\d:.])")
DATE_BEFORE = re.compile(r"(?:\b(?:on|by|until|till|from|due|before|after|since|date|dated|w/c|wc|of)\s*)$")


def _number(text: str) -> float:
    return float(text) if text[0].isdigit() else WORD_NUMBERS.get(text, 0)


def find_minutes(joined: str, skip: list[tuple[int, int]] = ()) -> tuple[int | None, tuple[int, int] | None]:
    """Duration in minutes and its character span; `skip` spans (a class such as "3M") are never durations."""

    def free(m: re.Match) -> bool:
        return not any(m.start() < e and s < m.end() for s, e in skip)

    h = next((h for h in HOURS.finditer(joined) if free(h)), None)
    if h:
        lead = h.group(1).strip()
        minutes = 30.0 if lead.startswith("half") else _number(lead) * 60
        tail = h.group(2) or ""
        if "half" in tail:
            minutes += 30
        elif tail:
            minutes += int(re.search(r"\d+", tail).group())
        if 0 < minutes <= 300:
            return int(minutes), h.span()
    for t in TIME_RANGE.finditer(joined):
        start, end = int(t.group(1)) * 60 + int(t.group(2)), int(t.group(3)) * 60 + int(t.group(4))
        if end < start and end + 12 * 60 > start:  # "12:50-1:20" on a 12-hour clock
            end += 12 * 60
        if free(t) and 0 < end - start <= 300:
            return end - start, t.span()
    for m in MINUTES.finditer(joined):
        if not free(m):
            continue
        value = _number(m.group(1))
        if 0 < value <= 300 and value == int(value):
            return int(value), m.span()
    return None, None


def find_scores(joined: str) -> list[tuple[str, tuple[int, int]]]:
    """Every session score ("N/M", or a rate "N/min") with its span, in order; day/month forms after a date word
    are left to dates."""
    out = [(f"{int(m.group(1))}/min", m.span()) for m in RATE.finditer(joined)]
    for m in SCORE.finditer(joined):
        n, d = int(m.group(1)), int(m.group(2))
        worded = "out" in m.group()
        if not (0 < d <= 100 and n <= d):
            continue
        if not worded and DATE_BEFORE.search(joined, 0, m.start()):
            continue
        out.append((f"{n}/{d}", m.span()))
    return sorted(out, key=lambda s: s[1])


def find_score(joined: str) -> tuple[str | None, tuple[int, int] | None]:
    """The first session score and its span."""
    found = find_scores(joined)
    return found[0] if found else (None, None)
