"""Common English words that must never be taken (or fuzzily matched) as pupil names."""
from __future__ import annotations

from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS


def _load() -> frozenset[str]:
    words = resources.files(__package__).joinpath("data", "words.txt").read_text(encoding="utf-8").split()
    return frozenset(w.lower() for w in words) | frozenset(STOP_WORDS)


COMMON_WORDS = _load()
