"""Intent classification: a bag-of-words spaCy textcat over masked tokens, plus rules where they are certain."""
from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from .areas import cue_areas

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
# A change to a pen portrait (handlers/portraits.py reads the list and the item from it): "add a strategy for Evie:
# ...", "Aaron's triggers: ...", "strength for Ayaan - ...", "stick that on her interests".
_LISTS = r"(?:strateg(?:y|ies)|triggers?|avoids?|things? to avoid|strengths?|interests?)"
_ASK = r"^\s*(?:please\s+|pls\s+)?(?:can (?:you|u)\s+|could (?:you|u)\s+)?"
PORTRAIT_UPDATE = re.compile(
    rf"{_ASK}(?:add|new|put|stick|pop|include)\s+(?:an?\s+|another\s+|the\s+)?(?:new\s+)?{_LISTS}\b"
    rf"|^\s*(?:[\w'-]+\s+)?[\w'-]+(?:'s|s')\s+(?:new\s+)?{_LISTS}\s*[:\-–]"
    rf"|^\s*(?:new\s+|another\s+)?{_LISTS}\s+(?:for|to)\s+[\w'-]+(?:\s+[\w'-]+)?\s*[:\-–]"
    rf"|^\s*[\w'-]+(?:\s+[\w'-]+)?\s*[-–:]\s*(?:new\s+|another\s+)?{_LISTS}\s*[:\-–]"
)
# How a message starts that leaves no doubt what it is (a worry later in the sentence may be a parent's, and a
# parent in a concern may be its source, so only the opening counts).
CONCERN_OPENING = re.compile(
    r"^\s*(?:(?:new|a|another)\s+)?concern\b(?!s)"
    r"|^\s*(?:(?:i'?m|i am|im|really|a bit|bit|quite|v|very|a little)\s+)*(?:worried|concerned)\s+(?:about|for|re|regarding)\b"
    r"|^\s*(?:can|could|may)\s+i\s+(?:raise|flag|log)\b|^\s*(?:flagging|raising)\s+(?:a\s+)?(?:concern|worry)?"
)
_RELATION = r"(?:mum|mom|dad|parents?|carers?|foster carers?|nan|nana|gran|grandma|grandad|grandparents?|step-?mum|step-?dad|aunt|auntie|uncle|mums|dads)"
PARENT_OPENING = re.compile(
    rf"^\s*(?:i\s+)?(?:spoke|talked|chatted|met|rang|phoned|called|emailed|texted|had a (?:chat|word|call|meeting))"
    rf"\s+(?:to|with|from)?\s*(?:both\s+(?:of\s+)?)?(?:[\w'-]+\s+){{0,2}}?(?:[\w'-]+(?:'s|s')\s+)?{_RELATION}\b"
    rf"|^\s*(?:parents?|carers?)\s+(?:contact|meeting|conversation|evening|call|chat)\b"
    rf"|^\s*(?:phone call|call|email|text|meeting)\s+(?:from|with|to)\s+(?:[\w'-]+(?:'s|s')\s+)?{_RELATION}\b"
)
# An intervention's entry or exit assessment is not a session (and has no conversation yet).
ASSESSMENT = re.compile(r"\b(?:exit|entry|end|start|baseline|initial|final)\s+(?:assessment|score|probe|data|test)s?\b")
PORTRAIT_ADD_TO = re.compile(
    rf"\b(?:add|put|stick|pop|include|note|write)\b[^.?!]{{0,80}}?\b(?:on|to|in|onto|into)\s+(?:[\w'-]+(?:'s|s')|his|her|their)"
    rf"\s+(?:pen\s+)?(?:profile|portrait|pen portrait|one page profile|{_LISTS}|what works)\b"
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


_FAMILY = re.compile(r"\b(?:mum|mums|mom|dad|dads|parents?|carers?|nan|nana|nanna|gran|grandma|grandad|grandparents?|"
                     r"step-?mum|step-?dad|auntie|aunt|uncle|guardian)\b")


def cue_features(folded: str) -> list[str]:
    """Words the message holds from lexicons that outlast any training set: the areas-of-need cues ("pinching",
    "visual stress", "counts on fingers") say a pupil's difficulty is described; a family word says home is involved."""
    out = [f"CUE_{area}" for area in cue_areas(folded)]
    if _FAMILY.search(folded):
        out.append("FAMILY")
    return out


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
    if PORTRAIT_UPDATE.match(folded) or PORTRAIT_ADD_TO.search(folded):
        return "update_portrait"
    if ASSESSMENT.search(folded):
        return "unknown"
    if CONCERN_OPENING.match(folded):
        return "log_concern"
    if PARENT_OPENING.match(folded):
        return "log_parent_contact"
    if session_facts:
        return "record_session"
    return None
