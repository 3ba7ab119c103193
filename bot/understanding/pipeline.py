"""The Understander: one message in, a Parsed out. It is given its classifier and its safeguarding screener."""
from __future__ import annotations

from datetime import date
from typing import Callable, Sequence

from .extract.analysis import Analyser, Analysis
from .extract.areas import area_of_need
from .extract.dates import find_dates, is_vague
from .extract.names import NameResult
from .model.intents import IntentModel
from .rules import intents
from .rules.safeguarding import question_topic
from .schema import Parsed, Programme, RosterPupil
from .screening import Screener

# Words between a pupil's name and their score: "Esme 9/10", "Esme - 9/10", "Esme got 9/10".
_SCORE_LINKS = frozenset(":-–=( got scored score gets".split())


class Understander:
    """Parses staff messages against one school's roster and programme catalogue (build.understander makes one)."""

    def __init__(self, roster: Sequence[RosterPupil], catalogue: Sequence[Programme], intent_model: IntentModel,
                 screener: Screener):
        self.analyser = Analyser(roster, catalogue)
        self.names = self.analyser.names
        self.intent_model = intent_model
        self.screener = screener

    def analyse(self, text: str) -> Analysis:
        """Everything found before the intent is known."""
        return self.analyser.analyse(text)

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

    def parse(self, text: str, *, today: date, prefer: Callable[[str], Sequence[frozenset[str]]] | None = None,
              screen: bool = True) -> Parsed:
        """Understand one message; never raises on odd input.

        `prefer(intent)` gives tiers of UPNs (the person's group, their class) that settle a first name several
        pupils share; it is called only when a name is ambiguous. `sendbot parse` passes none, so the contract
        resolves against the whole roster. `screen=False` reads a message the person has said is no safeguarding
        matter as if it held no indicator, so it is filed as what it asks.
        """
        a = self.analyse(text)
        firm = [p for p in a.programmes if not p.wordy]
        screened = self.screener.screen(a.cleaned, names_pupil=bool(a.names.spans)) if screen else None
        risk = screened if screened in ("clear", "possible") else None
        intent = f"safeguarding_{question_topic(a.folded)}" if screened == "question" else intents.rule_intent(
            a.folded, safeguarding=risk is not None,
            session_facts=bool(a.programmes and (a.minutes or any(not v.endswith("/min") for v, _ in a.scores))),
        )
        confidence, ranked = 1.0, ()
        if intent is None:
            cats = self.intent_model.classify(a.features)
            ranked = tuple(sorted(cats, key=cats.get, reverse=True))
            intent, confidence = ranked[0], cats[ranked[0]]
        chosen = firm or (a.programmes if intent in ("record_session", "upcoming") else [])
        day, dspans = find_dates(a.tokens.joined, today, future=intent == "upcoming", skip=a.quantity_spans)
        n = a.names
        if prefer is not None and (n.candidates or n.unmatched):  # settle shared names; offer own pupils for typos
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
            safeguarding=risk is not None,
            safeguarding_level=risk,
            scores=tuple(by_pupil.items()) if several else (),
            candidate_groups=tuple((upns, by_group.get(upns) if several else None, absent) for upns, absent in n.groups),
            confidence=confidence,
            alternatives=tuple(i for i in ranked[1:3] if i not in ("unknown", intent)),
            guessed=n.guessed,
            name_words=tuple(a.tokens.items[i].norm for span in n.spans for i in span),
            date_unsure=is_vague(a.tokens.joined, day, dspans),
        )
