"""Intent classification: a bag-of-words spaCy textcat over masked tokens, plus rules where they are certain."""
from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

from spacy.tokens import Doc

if TYPE_CHECKING:
    from spacy.language import Language

TEXTCAT_CONFIG = {
    "threshold": 0.5,
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 262144,
    },
}
HELP_EXACT = frozenset(
    "help|help me|help please|please help|?|??|menu|commands|command list|what can you do|how do i use this|instructions|options|hi|hello|hey|hiya|start|guide".split("|")
)
_PUNCT = re.compile(r"[^\w\s?']+")
# "add a strategy for Evie: ...": a change to a pen portrait (handlers/portraits.py reads the item from it).
PORTRAIT_UPDATE = re.compile(
    r"^\s*(?:please\s+)?(?:can you\s+)?(?:add|new|put)\s+(?:an?\s+|another\s+|the\s+)?(?:new\s+)?"
    r"(?:strateg(?:y|ies)|triggers?|avoids?|things? to avoid|strengths?|interests?)\b"
)
_DIGIT = re.compile(r"\d")
_models: dict[tuple, Language] = {}
_lock = threading.Lock()


def load_intent_model(examples: tuple[tuple[str, str], ...] = ()) -> Language:
    """The trained intent classifier for these registry examples, trained or loaded from disk once per process."""
    with _lock:
        model = _models.get(examples)
        if model is None:
            from .train import load_or_train

            model = _models[examples] = load_or_train(examples)
        return model


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


def classify(nlp: Language, words: list[str]) -> dict[str, float]:
    """Class probabilities for featurised words (only the textcat runs)."""
    doc = nlp.get_pipe("textcat")(Doc(nlp.vocab, words=words))
    return doc.cats


def rule_intent(folded: str, *, safeguarding: bool, session_facts: bool) -> str | None:
    """An intent the rules are certain of, else None."""
    bare = _PUNCT.sub("", folded).strip()
    if folded.strip() in HELP_EXACT:  # "?" alone asks for help; other punctuation-only messages say nothing
        return "help"
    if not any(c.isalnum() for c in folded):
        return "unknown"
    if bare in HELP_EXACT or bare.rstrip("!?. ") in HELP_EXACT:
        return "help"
    if safeguarding:
        return "log_concern"  # a safeguarding matter is always a concern, so it reaches a person
    if PORTRAIT_UPDATE.match(folded):
        return "update_portrait"
    if session_facts:
        return "record_session"
    return None
