"""The rules the wording leaves no doubt about, each from a phrasing staff used (the development set's misses)."""
from __future__ import annotations

import pytest

from bot.understanding.extract.quantities import find_minutes
from bot.understanding.extract.text import fold
from bot.understanding.rules.intents import rule_intent
from bot.understanding.rules.safeguarding import rule_level, rule_marks


@pytest.mark.parametrize(("text", "intent"), [
    ("caught Isla P's mum in the playground, she's going to read with her every night", "log_parent_contact"),
    ("chat w kai's mum at the gate - he's not sleeping", "log_parent_contact"),
    ("Miles's mum called - says he's miles happier since lego club started", "log_parent_contact"),
    ("how do i put in that a child was abesnt from a group", "help"),
    ("what's the format for adding scores?", "help"),
    ("good morning! hope you're well", "help"),
    ("hello there", "help"),
    # not help: a greeting before a request, a question about a pupil
    ("morning, PT with Esme 10 mins 7/10", None),
    ("how does Amara like to be helped with coat n shoes", None),
    ("saw Leo at break, upset", None),
])
def test_rule_intents(text, intent):
    assert rule_intent(fold(text), safeguarding=False, session_facts=False) == intent


@pytest.mark.parametrize(("text", "minutes"), [
    ("PT 10:30-10:40 8/10", 10), ("ELSA 9.15 to 9.45", 30), ("lego 12:50-1:20", 30), ("at 10:30 did 15 mins", 15),
    ("score 10/10 at 9:30", None),
])
def test_clock_times_give_minutes(text, minutes):
    assert find_minutes(fold(text))[0] == minutes


@pytest.mark.parametrize("text", [
    "If a child ever discloses something to me, do I write it on paper first or go straight onto MyConcern?",
    "What's the difference between a child in need plan and a child protection plan? For my NPQ reading.",
])
def test_a_question_about_procedure_put_as_a_case_is_a_question(text):
    assert rule_level(fold(text)) == "question"


@pytest.mark.parametrize("text", [
    "Kian startles at sudden noises and flinches", "carrying a knife", "he's in a gang", "same clothes all week",
])
def test_words_that_are_risk_only_in_context_ask_rather_than_alert(text):
    assert rule_level(fold(text)) == "possible" and "guarded" in rule_marks(fold(text))


@pytest.mark.parametrize("text", [
    "how do I report that Leo's dad hit him?", "she flinched when dad shouted at her, he hits her at home",
])
def test_a_disclosure_inside_a_question_still_alerts(text):
    assert rule_level(fold(text)) == "clear"


@pytest.mark.parametrize("text", [
    "Callum Costa gets really anxious at home time when the routine changes, his dad picks him up on Fridays",
    "Chloé Ferreira keeps saying she's hungry before lunch - mum says she's in a growth spurt and eating loads at home",
    'Stanley Yilmaz shouted "I\'m going to kill you" at his friend playing tag at wet play, they were both laughing',
    "Layla is scared of going home on the minibus because it's so noisy",
])
def test_ordinary_notes_with_risk_words_never_alert_unasked(text):
    assert rule_level(fold(text)) != "clear"


@pytest.mark.parametrize("text", ["her aunt said she will have sunna when they visit", "gudniin in the summer"])
def test_fgm_by_the_names_communities_use_is_asked_about(text):
    assert rule_level(fold(text)) == "possible"


@pytest.mark.parametrize("text", [
    "PT with Joaquin 10 mins 6/10. he said he doesnt want to go home because dad hits mum when hes drunk",
    "he said dad hits mum when hes drunk", "mum says dad pushed her down the stairs",
])
def test_one_parent_hurting_another_alerts(text):
    assert rule_level(fold(text)) == "clear"


@pytest.mark.parametrize("text", [
    "safeguarding chronology for ollie thorne", "show me the safeguarding chronology for Leo Mensah", "safeguarding list",
])
def test_the_dsls_own_requests_are_questions(text):
    assert rule_level(fold(text)) == "question"


def test_scratching_is_asked_about_and_eczema_explains_it():
    assert rule_level(fold("she keeps scratching her arms and hides it")) == "possible"
    assert rule_level(fold("isla keeps scratching her arms in class, its her eczema flaring")) is None
    assert rule_level(fold("she has been cutting her arms")) == "clear"
