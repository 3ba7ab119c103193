"""Cleaning, folding and tokenising message text once for every extractor."""
from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

MAX_CHARS = 2000  # longer messages are cut: nothing useful hides past this, and it bounds latency

_SCRIPT = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.S | re.I)
_AT = re.compile(r"<at\b[^>]*>.*?</at>", re.S | re.I)  # Teams mentions name workspace users, never pupils
_SLACK = re.compile(r"<[@#!][^>]*>")  # Slack user/channel/special mentions
_SLACK_LINK = re.compile(r"<(?:https?|mailto):[^>|]*\|([^>]*)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]{0,200}>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ı": "i"})


def clean(text: str) -> str:
    """Strip markup, mentions and control characters; cap the length."""
    text = text[: MAX_CHARS * 2]
    text = _SCRIPT.sub(" ", text)
    text = _AT.sub(" ", text)
    text = _SLACK_LINK.sub(r"\1", text)
    text = _SLACK.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _CONTROL.sub(" ", text)
    return _SPACE.sub(" ", text).strip()[:MAX_CHARS]


def fold(text: str) -> str:
    """Lowercase without accents, with one kind of apostrophe (Zoë -> zoe)."""
    text = text.lower().translate(_FOLD)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """The lookup form of a name token: folded, apostrophes and dots dropped."""
    return fold(text).replace("'", "").replace(".", "")


def name_keys(name: str) -> tuple[str, ...]:
    """Split a roster name the way messages are tokenised ("Smith-Jones" -> smith, jones)."""
    return tuple(k for k in (name_key(p) for p in re.split(r"[\s\-]+", name)) if k)


@dataclass(slots=True)
class Token:
    """One spaCy token with the forms extractors need."""

    text: str
    norm: str  # folded text
    key: str  # name lookup form
    title: bool  # starts with a capital
    sent_start: bool  # first word of a sentence (capital there says nothing)
    alpha: bool


class Tokens:
    """A message's tokens plus a joined folded string for regex extractors."""

    def __init__(self, words: list[str]):
        self.items: list[Token] = []
        sent_start = True
        for w in words:
            norm = fold(w)
            alpha = norm[:1].isalpha() and norm.replace("'", "").replace(".", "").isalpha()  # "'s" is not a word
            self.items.append(Token(w, norm, name_key(w), w[:1].isupper(), sent_start, alpha))
            if alpha or any(c.isdigit() for c in w):
                sent_start = False
            elif w in (".", "!", "?", "\n") or w.endswith((".", "!", "?")):
                sent_start = True
        self.starts: list[int] = []
        pos = 0
        for t in self.items:
            self.starts.append(pos)
            pos += len(t.norm) + 1
        self.joined = " ".join(t.norm for t in self.items)

    def __len__(self) -> int:
        return len(self.items)

    def token_at(self, offset: int) -> int:
        """Index of the token containing a character offset of `joined`."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def span(self, start: int, end: int) -> range:
        """Token indices covering characters [start, end) of `joined`."""
        return range(self.token_at(start), self.token_at(max(start, end - 1)) + 1)
