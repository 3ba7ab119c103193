"""Common English words that must never be taken (or fuzzily matched) as pupil names."""
from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS

from ..store import data_path


def _load() -> frozenset[str]:
    words = data_path("words.txt").read_text(encoding="utf-8").split()
    return frozenset(w.lower() for w in words) | frozenset(STOP_WORDS)


COMMON_WORDS = _load()
