"""Understanding staff messages: intent, pupils, programme, minutes, score, date, area of need, safeguarding.

extract/ finds what a message holds, rules/ decides what the wording makes certain, model/ holds the learned parts
(intent classifier, sentence encoder, safeguarding detector); pipeline.py puts them together for one message and
build.py gives it its trained models.
"""
from .build import intent_model, screener, understander
from .catalogue import DEFAULT_CATALOGUE
from .contract import parse_command
from .pipeline import Understander
from .schema import Parsed, Programme, RosterPupil

__all__ = ["DEFAULT_CATALOGUE", "Parsed", "Programme", "RosterPupil", "Understander", "intent_model", "parse_command",
           "screener", "understander"]
