"""Picking the parts of a message the understanding layer leaves to each conversation."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

_STOP = {
    "a", "an", "the", "about", "for", "re", "regarding", "with", "on", "i", "i'm", "im", "am", "is", "are",
    "concern", "concerns", "concerned", "worried", "worry", "log", "raise", "record", "new", "please", "send",
    "and", "to", "of", "my", "some", "have", "got", "want", "would", "like", "can", "you", "add", "note",
}


def split_marker(text: str, pattern: str) -> tuple[str, str | None]:
    """Text before a marker such as "evidence:" and the text after it (None when there is no marker)."""
    match = re.search(pattern, text, re.IGNORECASE)
    if not match:
        return text.strip(), None
    return text[: match.start()].strip(" ,.;-\n"), text[match.end():].strip()


def content_words(text: str, *, ignore: set[str] = frozenset()) -> list[str]:
    """The words that say something: no command words, no pupil names."""
    words = re.findall(r"[a-z0-9']+", text.casefold())
    skip = {w.casefold() for w in ignore}
    return [w for w in words if w not in _STOP and w not in skip and w.removesuffix("'s") not in skip]


# Words that state a session's facts (minutes, scores, who was there, when), never a note about it.
_FACT_WORDS = {
    "min", "mins", "minute", "minutes", "absent", "away", "off", "present", "all", "there", "here", "today",
    "yesterday", "this", "morning", "afternoon", "session", "sessions", "group", "w", "n", "x", "did", "done", "at",
    "in", "by", "score", "scored", "out", "last", "week", "mon", "monday", "tue", "tues", "tuesday", "wed", "weds",
    "wednesday", "thu", "thur", "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday", "p1",
    "p2", "p3", "p4", "p5", "p6", "lesson", "period", "break", "lunch", "lunchtime", "pm", "am", "both", "each",
    "except", "apart", "from", "but", "per", "words", "correct", "wpm", "was", "wasnt", "wasn't", "not", "sick",
    "ill", "whole", "full", "entire", "everyone", "everybody", "sometime", "earlier",
}
_TOKEN = re.compile(r"[a-z0-9']+")


def said_besides(text: str, *, ignore: set[str], names: set[str] = frozenset()) -> str | None:
    """What a one-line record says besides its facts ("tired, needed lots of prompts" after "PT with Isla 10 mins
    7/10"), so that no words typed are dropped; None when it only states facts. A clause that starts with facts
    gives the words after them; one with words before its facts, or starting with a pupil's name ("joaquin left
    early", "esme 8/10 good focus"), is kept whole, so a comment keeps whom it is about."""
    names = {w.casefold() for w in names}
    skip = _STOP | _FACT_WORDS | names | {w.casefold() for w in ignore}
    kept = []
    for clause in re.split(r"[,;\n]|\.(?!\d)|\s[-–]\s", text):
        lowered = clause.lower()
        said = [m for m in _TOKEN.finditer(lowered)
                if m.group() not in skip and m.group().removesuffix("'s") not in skip and not m.group().isdigit()]
        if not said:
            continue
        before = lowered[:said[0].start()]
        first = _TOKEN.search(before)
        starts_with_facts = first is not None and first.group().removesuffix("'s") not in names
        kept.append((clause[said[0].start():] if starts_with_facts else clause).strip(" -–"))
    return ", ".join(k for k in kept if k) or None


def says_none(text: str) -> bool:
    """A short "none yet" / "no" / "n/a" answer."""
    return bool(re.fullmatch(r"\s*(none|none yet|no|nope|nothing|nothing yet|not yet|no evidence( yet)?|n/?a|-)[\s.!]*",
                             text, re.IGNORECASE))


RELATIVES = (r"mum|mom|mother|dad|father|parents?|carers?|foster carers?|grandparents?|grandma|grandmother|"
              r"grandad|granddad|grandfather|gran|nan|nana|step-?mum|step-?dad|aunt|auntie|uncle|guardian")
_PARENT_SAID = re.compile(
    rf"\b(?:{RELATIVES})\b\s+(?:has\s+|have\s+|had\s+)?(?:said|says|told|tells|reported|reports|mentioned|"
    rf"rang|called|phoned|emailed|raised|thinks|is worried|are worried|was worried|were worried|noticed|asked)"
    rf"|\baccording to (?:his |her |their )?(?:{RELATIVES})\b|\bfrom (?:his |her |their )?(?:{RELATIVES})\b",
    re.IGNORECASE,
)


def parent_reported(text: str) -> bool:
    """"mum said", "parent reported", "dad told me": the concern comes from home, through staff."""
    return bool(_PARENT_SAID.search(text))


_WHOM = (
    (r"foster carers?", "Foster carer"), (r"step-?mum", "Step-mum"), (r"step-?dad", "Step-dad"),
    (r"grand(?:ma|mother)|gran|nan|nana", "Grandmother"), (r"grand(?:ad|dad|father)|grandpa", "Grandfather"),
    (r"grandparents?", "Grandparent"), (r"both parents|parents", "Parents"), (r"mum|mom|mother", "Mum"),
    (r"dad|father", "Dad"), (r"carers?|guardian", "Carer"), (r"aunt|auntie", "Aunt"), (r"uncle", "Uncle"),
)


def with_whom(text: str) -> str | None:
    """Who the conversation was with, as a short label ("Mum", "Carer", "Grandmother")."""
    found = []
    for pattern, label in _WHOM:
        match = re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE)
        if match:
            found.append((match.start(), label))
            text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    if not found:
        return None
    labels = [label for _, label in sorted(found)]
    return labels[0] if len(labels) == 1 else " and ".join(labels[:2])


_TYPED_DAY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2}|\d{4}))?\s*$")


def parse_day(value: Any, today: date) -> date | None:
    """A form's date: ISO from a date picker, or typed the British way ("30/11", "30/11/26", "today", "yesterday")."""
    if value in (None, ""):
        return today
    if isinstance(value, date):
        return value
    text = str(value).strip().lower()
    if text in ("today", "yesterday"):
        return today - timedelta(days=text == "yesterday")
    typed = _TYPED_DAY.match(text)
    try:
        if typed:
            day, month, year = typed.groups()
            year = int(year) + (2000 if year and len(year) == 2 else 0) if year else today.year
            found = date(year, int(month), int(day))
            return found if found <= today or typed.group(3) else date(year - 1, int(month), int(day))
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
