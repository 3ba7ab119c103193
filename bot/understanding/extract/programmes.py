"""Finding the intervention programme a message names."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..schema import Programme
from .text import fold

# Extra spellings staff use; the catalogue's own aliases come first.
EXTRA_ALIASES = {
    "Precision Teaching": ("precision teach",),
    "Lego-based Therapy": ("lego", "lego based therapy", "lego group", "lego therapy group"),
    "ELSA": ("elsa session", "emotional literacy"),
    "Zones of Regulation": ("zones of reg", "zones of regulations", "zor"),
    "Talk Boost": ("talkboost",),
    "Colourful Semantics": ("colorful semantics", "colourful semantic"),
    "Social Stories": ("social story",),
    "Sensory Circuits": ("sensory circuit",),
    "1stClass@Number": ("1st class at number", "first class number", "1st class number", "first class@number"),
    "Fast Track Phonics": ("fast track", "fasttrack phonics", "rwi fasttrack", "ft phonics"),
    "Speech and Language Programme": ("salt programme", "speech and language"),
    "Fine Motor Skills": ("fine motor", "fine motor group", "fine motor skills group"),
    "Nurture Group": ("nurture group",),
    "Switch-on Reading": ("switch on",),
    "Attention Autism": ("attention autism session",),
}
# Aliases that are also ordinary words in a concern ("his handwriting", "fine motor difficulties").
WORDY = frozenset({"handwriting", "nurture", "zones", "time to talk", "lego", "fine motor", "speech and language", "emotional literacy", "switch on", "fast track"})
SESSION_WORDS = re.compile(r"\s*(?:group|session|sessions|club|programme|program|intervention|today|this week)\b")


def _word(word: str) -> str:
    """One alias word as a pattern; "and" is typed "&" or "n" as often ("drawing & talking"), "to" as "2"."""
    if word == "to":
        return r"(?:to|2)"  # "time 2 talk"
    return r"(?:and|&|n|\+)" if word == "and" else re.escape(word)


@dataclass(frozen=True)
class ProgrammeMatch:
    """A programme named in the joined token string."""

    name: str
    start: int
    end: int
    wordy: bool  # only an ordinary word unless a session word follows


class ProgrammeFinder:
    """One compiled alternation over every alias, longest first."""

    def __init__(self, catalogue: Sequence[Programme]):
        self.alias: dict[str, str] = {}
        for p in catalogue:
            for a in (p.name, *p.aliases, *EXTRA_ALIASES.get(p.name, ())):
                self.alias.setdefault(self._key(a), p.name)
        parts = sorted(self.alias, key=len, reverse=True)
        pattern = "|".join(r"[\s\-@']*".join(_word(w) for w in k.split()) for k in parts)
        self.regex = re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])") if parts else None

    @staticmethod
    def _key(text: str) -> str:
        words = re.findall(r"[a-z0-9]+|[&+]", fold(text))
        return " ".join("and" if w in ("&", "+") or (w == "n" and 0 < i < len(words) - 1) else
                        "to" if (w == "2" and 0 < i < len(words) - 1) else w for i, w in enumerate(words))

    def find(self, joined: str) -> list[ProgrammeMatch]:
        """Every programme mention, in order."""
        if self.regex is None:
            return []
        out = []
        for m in self.regex.finditer(joined):
            key = self._key(m.group())
            wordy = key in WORDY and not SESSION_WORDS.match(joined, m.end())
            out.append(ProgrammeMatch(self.alias[key], m.start(), m.end(), wordy))
        return out
