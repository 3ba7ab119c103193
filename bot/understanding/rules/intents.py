"""Intents the wording leaves no doubt about; everything else goes to the classifier (model/intents.py)."""
from __future__ import annotations

import re

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
    rf"^\s*(?:i\s+)?(?:spoke|talked|chatted|chat|met|rang|phoned|called|emailed|texted|caught|bumped into|saw|"
    rf"had a (?:chat|word|call|meeting|catch up))"
    rf"\s+(?:to|with|w/?|from)?\s*(?:both\s+(?:of\s+)?)?(?:[\w'-]+\s+){{0,2}}?(?:[\w'-]+(?:'s|s')\s+)?{_RELATION}\b"
    rf"|^\s*(?:parents?|carers?)\s+(?:contact|meeting|conversation|evening|call|chat)\b"
    rf"|^\s*[\w'-]+(?:\s+[\w'-]+)?(?:'s|s')\s+{_RELATION}\s+(?:called|rang|phoned|emailed|texted|messaged|came in|"
    rf"popped in|caught me|stopped me)\b"
    rf"|^\s*(?:phone call|call|email|text|meeting)\s+(?:from|with|to)\s+(?:[\w'-]+(?:'s|s')\s+)?{_RELATION}\b"
)
# "How do I put in that a child was absent?", "what's the format for adding scores?": how to use the bot.
HOW_TO = re.compile(
    r"^\s*(?:how\s+(?:do|can|should|would|d'?you|to)\s*(?:i|we|you|u)?|what(?:'s|s| is) the (?:format|way|best way|"
    r"command|syntax))\s+(?:for\s+)?(?:log|logg|record|put|add|enter|undo|chang|correct|fix|edit|delet|remov|us|updat|sav|"
    r"mark|typ|writ|not|set up|start|get the bot)\w*"
)
# An intervention's entry or exit assessment is not a session (and has no conversation yet).
ASSESSMENT = re.compile(r"\b(?:exit|entry|end|start|baseline|initial|final)\s+(?:assessment|score|probe|data|test)s?\b")
PORTRAIT_ADD_TO = re.compile(
    rf"\b(?:add|put|stick|pop|include|note|write)\b[^.?!]{{0,80}}?\b(?:on|to|in|onto|into)\s+(?:[\w'-]+(?:'s|s')|his|her|their)"
    rf"\s+(?:pen\s+)?(?:profile|portrait|pen portrait|one page profile|{_LISTS}|what works)\b"
)
# A greeting and nothing else ("good morning! hope you're well") is met with help.
_GREETING = re.compile(r"^(?:hi|hello|hey|hiya|morning|good (?:morning|afternoon|evening))\b")
_PLEASANTRIES = frozenset("hope you you're youre are well there sendbot bot all everyone how ok okay doing today "
                          "and thanks thank".split())


def rule_intent(folded: str, *, safeguarding: bool, session_facts: bool) -> str | None:
    """An intent the rules are certain of, else None."""
    bare = _PUNCT.sub("", folded).strip()
    greeting = _GREETING.match(bare)
    if greeting and not safeguarding and set(bare[greeting.end():].split()) <= _PLEASANTRIES:
        return "help"
    if folded.strip() in HELP_EXACT:  # "?" alone asks for help; other punctuation-only messages say nothing
        return "help"
    if not any(c.isalnum() for c in folded):
        return "unknown"
    if bare in HELP_EXACT or bare.rstrip("!?. ") in HELP_EXACT:
        return "help"
    if safeguarding:
        return "log_concern"  # a safeguarding matter is always a concern, so it reaches a person
    if HOW_TO.match(folded):
        return "help"
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
