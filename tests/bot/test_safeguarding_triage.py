"""Safeguarding triage, driven as staff and the DSL use it: clear indicators alert, possible ones ask first, questions
about procedure are answered, and the DSL works the alerts and the possible-safeguarding list in their own chat."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from models import AuditEvent, Concern, OutboxMessage, ParentContact, SafeguardingAlert
from tests.bot.staffroom import Staffroom

# Missed before issue 13 (filed as SEND concerns or parent conversations); each must reach the DSLs now.
MISSED = [
    "an older boy gives Stanley money to carry packages",
    "Hafsa said she's being taken to Pakistan in the holidays to get married",
    "Hafsa said daddy throws things at mummy",
    "Stanley has new expensive trainers, an older lad waits at the gate for him and he goes missing at lunch",
    "Leo says he's always tired because mum and dad fight every night",
    "spoke to Esme's mum: she smelt of alcohol at pickup and could barely stand",
    "how do I report that Leo's dad hit him?",
]


@pytest.fixture
def room(db_factory):
    return Staffroom(db_factory)


@pytest.mark.parametrize("text", MISSED)
def test_each_phrase_the_first_wave_missed_reaches_the_dsls(room, text):
    room.say("teacher", text)
    alerts = room.new(SafeguardingAlert)
    assert len(alerts) == 1, room.keys("teacher")
    assert not room.new(Concern) and not room.new(ParentContact)
    if room.keys("teacher") == ["safeguarding.check"]:  # a possible indicator asks first: yes alerts
        room.press("teacher", "Yes, tell the DSL")
    assert room.keys("teacher") == ["safeguarding.reply"]
    assert room.rows(SafeguardingAlert, SafeguardingAlert.id == alerts[0].id)[0].status == "open"


@pytest.mark.parametrize("who, text, key", [
    ("dsl", "what safeguarding alerts are open?", "safeguarding.alerts"),
    ("dsl", "any safeguarding alerts for me?", "safeguarding.alerts"),
    ("teacher", "who is the DSL?", "safeguarding.info"),
    ("teacher", "how do I report a safeguarding concern?", "safeguarding.info"),
    ("ta", "open alerts", "safeguarding.dsl_only"),
])
def test_questions_about_safeguarding_are_answered_never_alerted(room, who, text, key):
    room.say(who, text)
    assert room.keys(who) == [key]
    assert not room.new(SafeguardingAlert)


def test_a_possible_indicator_asks_and_no_files_it_as_asked_and_lists_it_for_the_dsl(room):
    room.say("teacher", "concern about Leo Mensah: came in hungry again, evidence: three mornings this week, area: SEMH")
    assert room.keys("teacher") == ["safeguarding.check"]
    held = room.new(SafeguardingAlert)[0]
    assert held.status == "held" and held.level == "possible" and not room.new(Concern)
    assert room.count(OutboxMessage, OutboxMessage.kind.like("safeguarding%")) == 0  # the DSLs are not told yet
    room.press("teacher", "No, it's a SEND matter")
    assert room.keys("teacher")[0] == "safeguarding.check_filed"
    [concern] = room.new(Concern)
    assert concern.pupil_id == room.pupil("Leo Mensah").id and "hungry" in concern.noticed
    alert = room.rows(SafeguardingAlert, SafeguardingAlert.id == held.id)[0]
    assert alert.status == "review" and alert.held is None
    with room.factory() as db:
        said = db.scalars(select(AuditEvent.detail).where(AuditEvent.record == "safeguarding_alert")).all()
    assert f"alert {held.id}: raiser said a SEND matter" in said
    # The DSL's daily list has it, with who raised it and when; "Not safeguarding" closes it.
    room.say("dsl", "safeguarding list")
    [shown] = room.last["dsl"]
    assert shown.key == "safeguarding.review" and "Imran Hussain" in shown.text and "today 10:30" in shown.text
    room.press("dsl", "Not safeguarding")
    closed = room.rows(SafeguardingAlert, SafeguardingAlert.id == held.id)[0]
    assert closed.status == "closed" and closed.action == "not_safeguarding" and closed.closed_by_id == room.staff("dsl").id
    room.say("dsl", "safeguarding list")
    assert "Nothing on the possible-safeguarding list" in room.last["dsl"][0].text


def test_an_unanswered_question_is_asked_once_more_after_the_next_message(room):
    room.say("teacher", "concern about Leo Mensah: came in hungry again, evidence: three mornings this week, area: SEMH")
    room.say("teacher", "what works for Evie?")  # went on without answering: it vanished from view before
    assert room.keys("teacher") == ["portrait.show", "safeguarding.still_held"]
    reminder = room.last["teacher"]
    room.say("teacher", "what works for Leo?")
    assert room.keys("teacher") == ["portrait.show"]  # asked once more, not on every message
    room.last["teacher"] = reminder
    room.press("teacher", "No, it's a SEND matter")
    [concern] = room.new(Concern)
    assert concern.pupil_id == room.pupil("Leo Mensah").id and "hungry" in concern.noticed
    assert room.new(SafeguardingAlert)[0].status == "review"


def test_an_indicator_answering_a_question_names_that_questions_pupil(room):
    room.say("teacher", "concern about Leo Mensah")
    assert room.keys("teacher") == ["concern.ask_noticed"]
    room.say("teacher", "came in hungry again and in the same clothes")
    assert room.keys("teacher") == ["safeguarding.check"]
    [held] = room.new(SafeguardingAlert)
    assert held.pupil_id == room.pupil("Leo Mensah").id  # the DSL saw no pupil before
    room.press("teacher", "No, it's a SEND matter")
    assert room.keys("teacher") == ["safeguarding.check_filed", "concern.ask_evidence"]  # carries on
    room.say("teacher", "none yet")
    room.press("teacher", "Social, emotional")
    assert room.keys("teacher") == ["concern.confirm"]  # gathered over several messages: shown first
    room.press("teacher", "Save")
    [concern] = room.new(Concern)
    assert concern.pupil_id == room.pupil("Leo Mensah").id and "hungry" in concern.noticed


def test_yes_alerts_the_dsls_and_files_nothing(room):
    room.say("teacher", "concern about Leo Mensah: came in hungry again, evidence: three mornings this week, area: SEMH")
    room.press("teacher", "Yes, tell the DSL")
    assert room.keys("teacher") == ["safeguarding.reply"] and not room.new(Concern)
    assert room.new(SafeguardingAlert)[0].status == "open"
    assert room.count(OutboxMessage, OutboxMessage.kind == "safeguarding.alert") >= 1
    room.say("teacher", "undo")
    assert room.keys("teacher") == ["undo.safeguarding"]


def raise_alert(room, who: str, text: str) -> None:
    room.say(who, text)
    if room.keys(who) == ["safeguarding.check"]:
        room.press(who, "Yes, tell the DSL")
    assert room.keys(who) == ["safeguarding.reply"]


def test_the_dsl_takes_records_action_and_closes_and_the_chronology_shows_it(room):
    raise_alert(room, "teacher", "Leo Mensah said daddy throws things at mummy")
    alert = room.new(SafeguardingAlert)[0]
    room.later(minutes=5)
    room.say("dsl", "open alerts")
    [shown] = room.last["dsl"]
    assert shown.key == "safeguarding.alerts" and f"#{alert.id}" in shown.text and "today 10:30" in shown.text
    assert "daddy throws things at mummy" in shown.text  # the words, in the DSL's own chat only
    # Each button says which alert it is for, so a list of several reads unambiguously.
    assert [c.label for c in shown.choices] == [f"I'm dealing with #{alert.id}", f"Record action and close #{alert.id}"]
    room.press("dsl", "I'm dealing with #")
    assert room.rows(SafeguardingAlert, SafeguardingAlert.id == alert.id)[0].status == "acknowledged"
    room.say("dsl", "open alerts")
    room.press("dsl", "Record action and close")
    assert room.keys("dsl") == ["safeguarding.action_form"]
    room.submit("dsl", action="referral", note="MASH referral made, ref 1234")
    assert room.keys("dsl") == ["safeguarding.closed"]
    done = room.rows(SafeguardingAlert, SafeguardingAlert.id == alert.id)[0]
    assert done.status == "closed" and done.action == "referral" and done.action_note == "MASH referral made, ref 1234"
    room.say("dsl", "open alerts")
    assert "No open alerts" in room.last["dsl"][0].text
    assert alert.pupil_id == room.pupil("Leo Mensah").id
    room.say("dsl", "show me the safeguarding chronology for Leo Mensah")
    [chronology] = room.last["dsl"]
    assert chronology.key == "safeguarding.chronology"
    assert "daddy throws things at mummy" in chronology.text and "referral to children's social care" in chronology.text


def test_only_dsls_see_the_list_and_chronology(room):
    raise_alert(room, "teacher", "Hafsa said daddy throws things at mummy")
    for text in ("safeguarding list", "show me the safeguarding chronology for Hafsa"):
        room.say("head", text)
        assert room.keys("head") == ["safeguarding.dsl_only"]
        assert "daddy" not in room.last["head"][0].text


def test_a_disclosure_in_a_submitted_form_is_not_filed(room):
    pupil = room.pupil("Leo Mensah")
    room._send("teacher", {"action": "log_concern", "values": {
        "pupil_id": str(pupil.id), "noticed": "he told me his stepdad locks him in his room without food",
        "evidence": "said it twice", "area_of_need": "semh"}}, "webchat")
    assert room.keys("teacher") == ["safeguarding.reply"]
    assert not room.new(Concern)
    [alert] = room.new(SafeguardingAlert)
    assert alert.pupil_id == pupil.id and "locks him in his room" in alert.text


def test_a_disclosure_inside_a_session_line_says_the_session_was_not_saved(room):
    room.say("ta", "PT with Esme Costa 10 mins 7/10, she said her uncle touches her at night")
    assert room.keys("ta") == ["safeguarding.reply"]
    assert "Nothing is saved as a SEND record" in room.last["ta"][0].text
    assert len(room.new(SafeguardingAlert)) == 1


def test_no_outbox_row_holds_the_words_of_a_disclosure(room):
    marker = "zq7marker"
    room.say("teacher", f"Leo Mensah said his dad burns him with a {marker} lighter")
    assert len(room.new(SafeguardingAlert)) == 1
    with room.factory() as db:
        rows = db.scalars(select(OutboxMessage)).all()
        assert rows and all(marker not in json.dumps(r.data) for r in rows)
        assert all(marker not in (e.detail or "") for e in db.scalars(select(AuditEvent)))


@pytest.mark.parametrize("next_message", ["what works for Evie?", "cancel"])
def test_a_possible_worry_left_unanswered_is_on_the_dsls_list_at_once(room, next_message):
    room.say("teacher", "concern about Leo Mensah: came in hungry again, evidence: three mornings this week, area: SEMH")
    assert room.keys("teacher") == ["safeguarding.check"]
    room.say("teacher", next_message)
    if next_message == "cancel":
        assert room.keys("teacher") == ["safeguarding.check_cancelled"]
    assert not room.new(Concern)
    room.say("dsl", "safeguarding list")
    [shown] = room.last["dsl"]
    assert "came in hungry again" in shown.text and "not (yet) answered" in shown.text
    room.say("teacher", "undo")  # no alert went to the DSLs, so undo does not speak of one
    assert room.keys("teacher") != ["undo.safeguarding"]


def test_cancel_after_an_alert_was_sent_does_not_speak_of_a_question(room):
    room.say("teacher", "concern about Leo Mensah: came in hungry again, evidence: three mornings this week, area: SEMH")
    assert room.keys("teacher") == ["safeguarding.check"]  # an older question, left unanswered
    room.say("teacher", "Leo Mensah told me his dad hit him with a belt")
    assert room.keys("teacher") == ["safeguarding.reply"]
    room.say("teacher", "cancel")
    assert room.keys("teacher") == ["dialog.nothing_to_cancel"]


def test_the_head_sees_and_takes_only_an_alert_escalated_to_them(room):
    raise_alert(room, "teacher", "Leo Mensah said his dad hit him with a belt")
    [alert] = room.new(SafeguardingAlert)
    room.say("head", "open alerts")
    assert room.keys("head") == ["safeguarding.alerts"] and "dad hit him" not in room.last["head"][0].text
    assert room.last["head"][0].choices == ()  # nothing escalated yet: no alert listed for the head
    with room.factory() as db:  # no DSL took it within the escalation time
        db.get(SafeguardingAlert, alert.id).escalated_at = room.clock.now
        db.commit()
    room.say("head", "open alerts")
    [shown] = room.last["head"]
    assert "dad hit him with a belt" in shown.text and [c.label for c in shown.choices] == [f"I'm dealing with #{alert.id}"]
    room.press("head", "I'm dealing with")
    taken = room.rows(SafeguardingAlert, SafeguardingAlert.id == alert.id)[0]
    assert taken.status == "acknowledged" and taken.acknowledged_by_id == room.staff("head").id
    reads = room.rows(AuditEvent, AuditEvent.record == "safeguarding_alert", AuditEvent.action == "read",
                      AuditEvent.staff_id == room.staff("head").id)
    assert [r.detail for r in reads][:2] == ["open alerts []", f"open alerts [{alert.id}]"], [r.detail for r in reads]


def test_the_dsls_closing_note_and_chronology_request_raise_no_alert(room):
    raise_alert(room, "teacher", "Leo Mensah said his dad hit him with a belt")
    [alert] = room.new(SafeguardingAlert)
    room.say("dsl", "safeguarding chronology for leo mensah")
    assert room.keys("dsl") == ["safeguarding.chronology"]
    room.say("dsl", "open alerts")
    room.press("dsl", "Record action and close")
    room.submit("dsl", action="monitoring", note="spoke to dad, he admitted hitting him with a belt; referral next")
    assert room.keys("dsl") == ["safeguarding.closed"]
    assert [a.id for a in room.new(SafeguardingAlert)] == [alert.id]  # no new alert from the DSL's own words
    assert room.rows(SafeguardingAlert, SafeguardingAlert.id == alert.id)[0].status == "closed"
