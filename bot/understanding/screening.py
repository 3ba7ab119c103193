"""Safeguarding screening of any free text: the precise rules first, then the learned detector for words they miss.

Outcomes: "clear" (alert the DSLs now), "possible" (ask the person whether the DSL should see it), "question" (a
question about safeguarding procedure that carries no indicator: answered, never alerted) or None.
"""
from __future__ import annotations

from .extract.text import clean, fold
from .model.safeguarding import Detector, Encode
from .rules.safeguarding import question_topic, rule_level


class Screener:
    """Screens texts; `detector` and `encode` are the learned part (None leaves the rules alone)."""

    def __init__(self, detector: Detector | None = None, encode: Encode | None = None):
        self.detector, self.encode = detector, encode

    def screen(self, text: str, *, names_pupil: bool = False) -> str | None:
        """The outcome for one text. A question about procedure carries no indicator of its own, but one naming a
        pupil ("should I tell the DSL about Tariq?") is asked about."""
        cleaned = clean(text if isinstance(text, str) else "")
        folded = fold(cleaned)
        level = rule_level(folded)
        if level == "clear":
            return "clear"
        if level == "question" and names_pupil and question_topic(folded) == "info":
            return "possible"  # "should I tell the DSL about Tariq?"; a DSL asking for Tariq's chronology is not
        if level != "possible" and self.detector is not None and self.encode is not None \
                and self.detector.probability(self.encode, cleaned) >= self.detector.possible_at:
            return "possible"
        return level
