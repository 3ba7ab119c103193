"""Understanding staff messages: intent, pupils, programme, minutes, score, date, area of need, safeguarding."""
from .catalogue import DEFAULT_CATALOGUE
from .contract import parse_command
from .intents import load_intent_model
from .pipeline import Understander
from .schema import Parsed, Programme, RosterPupil

__all__ = ["DEFAULT_CATALOGUE", "Parsed", "Programme", "RosterPupil", "Understander", "load_intent_model", "parse_command"]
