from __future__ import annotations

import pytest

from bot.understanding.safeguarding import is_safeguarding
from bot.understanding.text import fold

RAISE = [
    "she told me her dad hits her", "said he's scared to go home", "doesn't want to go home tonight", "bruise on her arm",
    "bruises on his back and won't say how", "has a black eye", "finger marks on his neck", "came in hungry again",
    "same clothes all week", "unwashed and smelly", "no breakfast again", "mum's boyfriend hurts him", "stepdad kicked her",
    "she's been cutting herself", "talked about wanting to die", "said he wishes he was dead", "mentions suicide",
    "self-harm marks", "told me a man online asked her for photos", "worried about county lines", "possible FGM, going abroad for a special ceremony",
    "talking about extremist videos", "police were called to the house last night", "parents were fighting", "dad was drunk at pick up",
    "left home alone all weekend", "disclosed something to me", "he said his uncle touches him", "she flinched when i raised my hand",
    "being groomed online", "mum hits me he said", "gets hit at home", "was hit by his dad", "scared of her stepdad",
    "he has burns on his hands", "says nobody picked him up and no food at home", "carrying a knife", "radicalisation concern",
    "he said dad locks him in his room", "domestic violence at home", "forced marriage worries", "sexualised behaviour",
]
CLEAR = [
    "hit the ball really well in PE", "cut out shapes neatly", "hurt his knee in PE, first aid given", "kicked the football",
    "bruised ego after losing", "used scissors to cut paper", "read the very hungry caterpillar", "he hit Leo in the playground",
    "fell over in the playground and grazed his knee, first aid given", "beat his score from last week", "PT 15 mins 7/10",
    "worried about his reading", "struggling with phonics", "dad came in about homework", "burns off energy at break",
    "police officer visited class for people who help us", "bruised his shin playing football", "mum rang about the trip",
]


@pytest.mark.parametrize("text", RAISE)
def test_raises(text):
    assert is_safeguarding(fold(text))


@pytest.mark.parametrize("text", CLEAR)
def test_clear(text):
    assert not is_safeguarding(fold(text))


def test_safeguarding_keeps_concern_intent(parse):
    p = parse("Isaac told me his dad hits him")
    assert p.safeguarding and p.intent == "log_concern"
