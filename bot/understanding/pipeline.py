"""The Understander: one message in, a Parsed out."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Sequence

import spacy

from . import intents
from .areas import area_of_need
from .catalogue import DEFAULT_CATALOGUE
from .dates import find_dates, is_vague
from .names import NameIndex, NameResult
from .programmes import ProgrammeFinder, ProgrammeMatch
from .quantities import find_minutes, find_scores
from .safeguarding import is_safeguarding
from .schema import Parsed, Programme, RosterPupil
from .text import Tokens, clean, fold

# Words between a pupil's name and their score: "Esme 9/10", "Esme - 9/10", "Esme got 9/10".
_SCORE_LINKS = frozenset(":-–=( got scored score gets".split())
_tokenizer = spacy.blank("en").tokenizer  # the same rules as the intent model's; shared, it holds no state per call


@dataclass
class Analysis:
    """Everything found before the intent is known."""

    folded: str
    tokens: Tokens
    names: NameResult
    programmes: list[ProgrammeMatch]
    minutes: int | None
    scores: list[tuple[str, tuple[int, int]]]
    quantity_spans: list[tuple[int, int]]
    features: list[str]
    safeguarding: bool
    masks: dict[int, str]  # token -> PROG / QTY / PUPIL, or "" for a date (blocked for names)
    blocked: set[int]  # tokens no name may cover (programmes, quantities, dates)
    after_programme: frozenset[int]  # tokens right after a programme's name, where pupils are listed


class Understander:
    """Parses staff messages against one school's roster and programme catalogue."""

    def __init__(self, roster: Sequence[RosterPupil], catalogue: Sequence[Programme] = DEFAULT_CATALOGUE,
                 examples: Sequence[tuple[str, str]] = ()):
        """`examples`: (text, intent) from the registry of conversations, trained on beside the shipped data."""
        self.names = NameIndex(roster)
        self.programmes = ProgrammeFinder(catalogue)
        self.examples = tuple(examples)

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
        scores = find_scores(joined)
        minutes, mspan = find_minutes(joined, skip=self._class_spans(tokens) + [span for _, span in scores])
        qspans = ([mspan] if mspan else []) + [span for _, span in scores]  # a score is never a date
        _, dspans = find_dates(joined, date(2000, 1, 5), future=False, skip=qspans)  # spans only: today does not move them
        masks: dict[int, str] = {}
        for p in progs:
            masks.update(dict.fromkeys(tokens.span(p.start, p.end), "PROG"))
        for a, b in qspans:
            masks.update(dict.fromkeys(tokens.span(a, b), "QTY"))
        for a, b in dspans:
            for i in tokens.span(a, b):
                masks.setdefault(i, "")  # blocked for names, kept as words for the classifier
        blocked = set(masks)
        after = frozenset(tokens.token_at(p.end) + 1 for p in progs if not p.wordy)
        names = self.names.resolve(tokens, blocked, after_programme=after)
        for span in names.spans:
            masks.update(dict.fromkeys(span, "PUPIL"))
        words = [t.norm for t in tokens.items]
        feats = intents.features(words, {i: m for i, m in masks.items() if m}) + intents.cue_features(folded)
        return Analysis(folded, tokens, names, progs, minutes, scores, qspans, feats, is_safeguarding(folded), masks,
                        blocked, after)

    def _pupil_scores(self, a: Analysis, names: NameResult) -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
        """Scores written after a pupil's name ("Esme 9/10, Joaquin 5/10"): by UPN, and by the group of pupils an
        ambiguous name fits (settled when the person says which one)."""
        ends = {end: (upns, one) for end, upns, one in names.ends}
        by_pupil: dict[str, str] = {}
        by_group: dict[tuple[str, ...], str] = {}
        for value, (start, _) in a.scores:
            i = a.tokens.token_at(start)
            while i > 0 and a.tokens.items[i - 1].norm in _SCORE_LINKS:
                i -= 1
            if i not in ends:
                continue
            upns, one = ends[i]
            if one:
                by_pupil.setdefault(one, value)
            else:
                by_group.setdefault(tuple(sorted(upns)), value)
        return by_pupil, by_group

    def parse(self, text: str, *, today: date, prefer: Callable[[str], Sequence[frozenset[str]]] | None = None) -> Parsed:
        """Understand one message; never raises on odd input.

        `prefer(intent)` gives tiers of UPNs (the person's group, their class) that settle a first name several
        pupils share; it is called only when a name is ambiguous. `sendbot parse` passes none, so the contract
        resolves against the whole roster.
        """
        a = self.analyse(text)
        firm = [p for p in a.programmes if not p.wordy]
        intent = intents.rule_intent(
            a.folded, safeguarding=a.safeguarding,
            session_facts=bool(a.programmes and (a.minutes or any(not v.endswith("/min") for v, _ in a.scores))),
        )
        confidence, ranked = 1.0, ()
        if intent is None:
            cats = intents.classify(intents.load_intent_model(self.examples), a.features)
            ranked = tuple(sorted(cats, key=cats.get, reverse=True))
            intent, confidence = ranked[0], cats[ranked[0]]
        chosen = firm or (a.programmes if intent in ("record_session", "upcoming") else [])
        day, dspans = find_dates(a.tokens.joined, today, future=intent == "upcoming", skip=a.quantity_spans)
        n = a.names
        if prefer is not None and n.candidates:
            tiers = prefer(intent)
            if tiers:
                n = self.names.resolve(a.tokens, a.blocked, tiers, a.after_programme)
        by_pupil, by_group = self._pupil_scores(a, n)
        several = len(by_pupil) + len(by_group) > 1 or len({v for v, _ in a.scores}) > 1
        return Parsed(
            intent=intent,
            pupils=n.pupils,
            candidates=n.candidates,
            unmatched=n.unmatched,
            suggestions=n.suggestions,
            absent=n.absent,
            programme=chosen[0].name if chosen else None,
            duration_minutes=a.minutes,
            score=a.scores[0][0] if a.scores else None,
            date=day,
            area_of_need=area_of_need(a.folded) if intent == "log_concern" else None,
            safeguarding=a.safeguarding,
            scores=tuple(by_pupil.items()) if several else (),
            candidate_groups=tuple((upns, by_group.get(upns) if several else None, absent) for upns, absent in n.groups),
            confidence=confidence,
            alternatives=tuple(i for i in ranked[1:3] if i not in ("unknown", intent)),
            guessed=n.guessed,
            name_words=tuple(a.tokens.items[i].norm for span in n.spans for i in span),
            date_unsure=is_vague(a.tokens.joined, day, dspans),
        )
