"""One pass over a message: every extractor that does not need the intent, and the classifier's features."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Sequence

import spacy

from ..schema import Programme, RosterPupil
from .areas import cue_areas
from .dates import find_dates
from .names import NameIndex, NameResult
from .programmes import ProgrammeFinder, ProgrammeMatch
from .quantities import find_minutes, find_scores
from .text import Tokens, clean, fold

_tokenizer = spacy.blank("en").tokenizer  # the same rules as the intent model's; shared, it holds no state per call
_DIGIT = re.compile(r"\d")
_FAMILY = re.compile(r"\b(?:mum|mums|mom|dad|dads|parents?|carers?|nan|nana|nanna|gran|grandma|grandad|grandparents?|"
                     r"step-?mum|step-?dad|auntie|aunt|uncle|guardian)\b")


@dataclass
class Analysis:
    """Everything found before the intent is known."""

    cleaned: str
    folded: str
    tokens: Tokens
    names: NameResult
    programmes: list[ProgrammeMatch]
    minutes: int | None
    scores: list[tuple[str, tuple[int, int]]]
    quantity_spans: list[tuple[int, int]]
    features: list[str]
    masks: dict[int, str]  # token -> PROG / QTY / PUPIL, or "" for a date (blocked for names)
    blocked: set[int]  # tokens no name may cover (programmes, quantities, dates)
    after_programme: frozenset[int]  # tokens right after a programme's name, where pupils are listed


class Analyser:
    """Finds pupils, programmes, quantities and dates in messages against one roster and catalogue."""

    def __init__(self, roster: Sequence[RosterPupil], catalogue: Sequence[Programme]):
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
        feats = features(words, {i: m for i, m in masks.items() if m}) + cue_features(folded)
        return Analysis(cleaned, folded, tokens, names, progs, minutes, scores, qspans, feats, masks, blocked, after)


def features(words: list[str], masks: dict[int, str]) -> list[str]:
    """Lowercased words with pupils, programmes and quantities masked, so the classifier learns phrasing not names."""
    out: list[str] = []
    for i, w in enumerate(words):
        mask = masks.get(i)
        if mask is not None:
            if not out or out[-1] != mask:
                out.append(mask)
        elif _DIGIT.search(w):
            out.append("NUM")
        else:
            out.append(w)
    return out or ["EMPTY"]


def cue_features(folded: str) -> list[str]:
    """Words the message holds from lexicons that outlast any training set: the areas-of-need cues ("pinching",
    "visual stress", "counts on fingers") say a pupil's difficulty is described; a family word says home is involved."""
    out = [f"CUE_{area}" for area in cue_areas(folded)]
    if _FAMILY.search(folded):
        out.append("FAMILY")
    return out
