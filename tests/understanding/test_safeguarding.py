from __future__ import annotations

import pytest

from bot.understanding.rules.safeguarding import rule_level
from bot.understanding.extract.text import fold

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
    assert rule_level(fold(text)) in ("clear", "possible")


@pytest.mark.parametrize("text", CLEAR)
def test_clear(text):
    assert rule_level(fold(text)) is None


def test_safeguarding_keeps_concern_intent(parse):
    p = parse("Isaac told me his dad hits him")
    assert p.safeguarding and p.intent == "log_concern"


# Missed by the first wave's rules (issue 13); the contract keeps log_concern for a clear and a possible indicator.
ISSUE_13_MISSED = [
    "an older boy gives him money to carry packages",
    "she's being taken to Pakistan in the holidays to get married",
    "Hafsa said daddy throws things at mummy",
    "he has new expensive trainers and won't say where from",
    "an older lad is waiting at the gate for her after school",
    "he keeps going missing at lunch",
    "Leo says he's always tired because mum and dad fight every night",
    "Esme's mum smelt of alcohol at pickup and could barely stand",
    "how do I report that Leo's dad hit him?",
]


@pytest.mark.parametrize("text", ISSUE_13_MISSED)
def test_the_phrases_the_rules_missed_are_caught(parse, text):
    p = parse(text)
    assert p.safeguarding and p.safeguarding_level in ("clear", "possible") and p.intent == "log_concern"
    assert p.to_contract()["safeguarding"] is True


@pytest.mark.parametrize("text, intent", [
    ("who is the DSL?", "safeguarding_info"), ("how do I report a safeguarding concern?", "safeguarding_info"),
    ("what safeguarding alerts are open?", "safeguarding_alerts"), ("any safeguarding alerts for me?", "safeguarding_alerts"),
    ("safeguarding list", "safeguarding_review"),
])
def test_questions_about_procedure_carry_no_indicator(parse, text, intent):
    p = parse(text)
    assert not p.safeguarding and p.intent == intent and p.to_contract()["intent"] == "unknown"


@pytest.mark.parametrize("text", ["", "x" * 20000, "🙂" * 500, "<script>alert(1)</script>" * 300, "\x00\x07" * 100,
                                  "dad " * 3000])
def test_hostile_text_never_crashes_the_screener(text):
    from bot.understanding import screener

    assert screener().screen(text) in (None, "clear", "possible", "question")


# Sealed sets 3 to 5, read for their false alarms once they were spent (README): explanations, idioms, lessons and
# procedure questions that named no child alerted or asked.
@pytest.mark.parametrize("text", [
    "black eye from a cricket ball at his club on Saturday, coach emailed",
    "bruise on her shin from PE, she ran into the bench during dodgeball",
    "big bruise on her thigh, she has haemophilia, followed her care plan",
    "scratches on his arm from the new kitten",
    "Layla said she wanted to die of embarrassment after tripping in the nativity",
    "ramon says he's gonna kill it at the concert",
])
def test_an_explanation_or_an_idiom_defuses_the_rules(text):
    assert rule_level(fold(text)) is None


@pytest.mark.parametrize("text", [
    "what are the signs of CSE we're meant to look out for?",
    "can TAs get access to CPOMS or is it just teachers?",
    "is FGM mandatory reporting for teachers or just nurses?",
])
def test_a_procedure_question_naming_no_child_is_a_question(text):
    assert rule_level(fold(text)) == "question"


@pytest.mark.parametrize("text", [
    "Y10 RS lesson comparing arranged and forced marriage, good balanced discussion",
    "Y9 PSHE county lines session with the police video, sensible questions",
    "Y11 sociology on domestic abuse statistics, good presentations",
])
def test_a_lesson_naming_no_child_is_never_an_alert(text):
    assert rule_level(fold(text)) in ("possible", None)


@pytest.mark.parametrize("text", [
    "burn on his hand from the oven, mum was out",  # a burn at home explains nothing
    "bruises on her back, seen at A&E last week",  # nor does where it was treated
    "black eye, said he walked into a door",
    "Ruby's foster carer rang, the social worker is in the loop",  # routine for a looked-after child: asked, not alerted
    "bruises all over his back after swimming, some yellow some purple",
])
def test_what_explains_nothing_still_asks(text):
    assert rule_level(fold(text)) == "possible"
