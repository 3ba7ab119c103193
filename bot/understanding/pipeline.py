"""The Understander: one message in, a Parsed out."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

import spacy

from . import intents
from .areas import area_of_need
from .catalogue import DEFAULT_CATALOGUE
from .dates import find_dates
from .names import NameIndex, NameResult
from .programmes import ProgrammeFinder, ProgrammeMatch
from .quantities import find_minutes, find_score
from .safeguarding import is_safeguarding
from .schema import Parsed, Programme, RosterPupil
from .text import Tokens, clean, fold

_tokenizer = spacy.blank("en").tokenizer  # the same rules as the intent model's; shared, it holds no state per call


@dataclass
class Analysis:
    """Everything found before the intent is known."""

    folded: str
    tokens: Tokens
    names: NameResult
    programmes: list[ProgrammeMatch]
    minutes: int | None
    score: str | None
    quantity_spans: list[tuple[int, int]]
    features: list[str]
    safeguarding: bool


class Understander:
    """Parses staff messages against one school's roster and programme catalogue."""

    def __init__(self, roster: Sequence[RosterPupil], catalogue: Sequence[Programme] = DEFAULT_CATALOGUE):
        self.names = NameIndex(roster)
        self.programmes = ProgrammeFinder(catalogue)

    def _class_spans(self, tokens: Tokens) -> list[tuple[int, int]]:
        """Spans of roster class names written as classes ("3M", "in 3m"): never minutes."""
        out = []
        items = tokens.items
        for i, t in enumerate(items):
            if t.alpha or not t.text[:1].isdigit():
                continue
            # spaCy splits "3M" into "3", "M"; a census class is digits then letters
            end = i + 1 if t.key in self.names.classes else i + 2 if i + 1 < len(items) and t.key + items[i + 1].key in self.names.classes else 0
            if not end:
                continue
            written = " ".join(x.text for x in items[i:end])
            if any(c.isupper() for c in written) or (i and items[i - 1].norm in ("in", "from", "class")):
                out.append((tokens.starts[i], tokens.starts[end - 1] + len(items[end - 1].norm)))
        return out

    def analyse(self, text: str) -> Analysis:
        """Tokenise once and run every extractor that does not need the intent."""
        cleaned = clean(text if isinstance(text, str) else "")
        folded = fold(cleaned)
        tokens = Tokens([t.text for t in _tokenizer(cleaned) if not t.is_space])
        joined = tokens.joined
        progs = self.programmes.find(joined)
        minutes, mspan = find_minutes(joined, skip=self._class_spans(tokens))
        score, sspan = find_score(joined)
        qspans = [s for s in (mspan, sspan) if s]
        _, dspans = find_dates(joined, date(2000, 1, 5), future=False, skip=qspans)  # spans only: today does not move them
        masks: dict[int, str] = {}
        for p in progs:
            masks.update(dict.fromkeys(tokens.span(p.start, p.end), "PROG"))
        for (a, b), label in zip(qspans, ("QTY", "QTY")):
            masks.update(dict.fromkeys(tokens.span(a, b), label))
        for a, b in dspans:
            for i in tokens.span(a, b):
                masks.setdefault(i, "")  # blocked for names, kept as words for the classifier
        names = self.names.resolve(tokens, set(masks))
        for span in names.spans:
            masks.update(dict.fromkeys(span, "PUPIL"))
        words = [t.norm for t in tokens.items]
        feats = intents.features(words, {i: m for i, m in masks.items() if m})
        return Analysis(folded, tokens, names, progs, minutes, score, qspans, feats, is_safeguarding(folded))

    def parse(self, text: str, *, today: date) -> Parsed:
        """Understand one message; never raises on odd input."""
        a = self.analyse(text)
        firm = [p for p in a.programmes if not p.wordy]
        intent = intents.rule_intent(
            a.folded, safeguarding=a.safeguarding, session_facts=bool(a.programmes and (a.minutes or a.score))
        )
        if intent is None:
            cats = intents.classify(intents.load_intent_model(), a.features)
            intent = max(cats, key=cats.get)
        chosen = firm or (a.programmes if intent in ("record_session", "upcoming") else [])
        day, _ = find_dates(a.tokens.joined, today, future=intent == "upcoming", skip=a.quantity_spans)
        n = a.names
        return Parsed(
            intent=intent,
            pupils=n.pupils,
            candidates=n.candidates,
            unmatched=n.unmatched,
            suggestions=n.suggestions,
            absent=n.absent,
            programme=chosen[0].name if chosen else None,
            duration_minutes=a.minutes,
            score=a.score,
            date=day,
            area_of_need=area_of_need(a.folded) if intent == "log_concern" else None,
            safeguarding=a.safeguarding,
        )
