"""Value types shared by the understanding pipeline and its callers."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The `sendbot parse` contract's intents; understanding knows more (update_portrait), reported there as unknown.
INTENTS = ("log_concern", "record_session", "get_portrait", "log_parent_contact", "upcoming", "help", "unknown")
AREAS = ("communication_interaction", "cognition_learning", "semh", "sensory_physical")


@dataclass(frozen=True)
class RosterPupil:
    """One pupil as the school census knows them."""

    upn: str
    first_name: str
    preferred_name: str | None
    last_name: str
    year_group: str  # census values: "N1","N2","R","1".."14"
    class_name: str | None  # e.g. "4K"


@dataclass(frozen=True)
class Programme:
    """An intervention programme and the other names staff use for it."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Parsed:
    """Everything understood from one message."""

    intent: str
    pupils: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    programme: str | None = None
    duration_minutes: int | None = None
    score: str | None = None
    date: date | None = None
    area_of_need: str | None = None
    safeguarding: bool = False  # a clear or a possible indicator
    # Beyond the `sendbot parse` contract: what the conversation needs to decide whether to ask first.
    scores: tuple[tuple[str, str], ...] = ()  # (upn, score) when several pupils have their own score
    # Each name several pupils fit, in order: (their UPNs, the score written after it or None, said to be absent)
    candidate_groups: tuple[tuple[tuple[str, ...], str | None, bool], ...] = ()
    confidence: float = 1.0  # the classifier's probability of `intent` (1.0 when a rule decided)
    alternatives: tuple[str, ...] = ()  # the next likeliest intents, best first
    guessed: tuple[str, ...] = ()  # pupils found only from a misspelling
    name_words: tuple[str, ...] = ()  # the message's words that name pupils (or look like names)
    date_unsure: bool = False  # "last week", "next Thursday", two days: a dated record asks before it is saved
    safeguarding_level: str | None = None  # "clear" (alert now) or "possible" (ask the person first)

    def to_contract(self) -> dict:
        """The `sendbot parse` JSON object for this message."""
        return {
            "intent": self.intent if self.intent in INTENTS else "unknown",
            "pupils": list(self.pupils),
            "candidates": list(self.candidates),
            "programme": self.programme,
            "duration_minutes": self.duration_minutes,
            "score": self.score,
            "date": self.date.isoformat() if self.date else None,
            "area_of_need": self.area_of_need,
            "safeguarding": self.safeguarding,
        }
