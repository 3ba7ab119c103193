"""Whole conversations through Conversation: real understanding, dialog state in the database, one unit of work."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.conversation import Conversation
from bot.incoming import Incoming
from bot.prompts import prompts
from models import AuditEvent, Concern, DialogState, InterventionSession, OutboxMessage, SafeguardingAlert
from tests.handlers.conftest import NOW


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock(NOW)


@pytest.fixture
def talk(db_factory, school, clock):
    """talk(staff, text or action=..., values=...) -> the rendered replies, through a fresh Conversation each time."""
    def say(staff, text="", *, action=None, values=None, conversation=None, event_id=None):
        bot = conversation or Conversation(db_factory, clock=clock)
        incoming = Incoming("webchat", f"c{staff.id}", staff.id, text=text, action=action, values=values or {},
                            event_id=event_id)
        return [prompts().render(r) for r in bot.handle_sync(incoming)]
    return say


def count(db_factory, model, *where):
    with db_factory() as db:
        return db.scalar(select(func.count()).select_from(model).where(*where))


def test_a_concern_in_one_message_is_saved_and_the_senco_told(talk, school, db_factory):
    [reply] = talk(school.teacher3, "worried about Leo Hartley, he can't copy from the board and loses his place. "
                                    "evidence: 3 unfinished pieces this week")
    assert reply.key in {"concern.logged", "concern.ask_area"}
    if reply.key == "concern.ask_area":
        [reply] = talk(school.teacher3, action=reply.choices[1].action, values=reply.choices[1].data)
    assert reply.key == "concern.logged"
    assert count(db_factory, Concern) == 1
    assert count(db_factory, OutboxMessage, OutboxMessage.kind == "concern.new",
                 OutboxMessage.recipient == f"staff:{school.senco.id}") == 1


def test_a_session_line_records_attendance_and_undo_removes_it(talk, school, db_factory):
    [reply] = talk(school.ta, "PT with Sam Carter and Jack 15 mins 7/10, Jack absent")
    assert reply.key.startswith("session.recorded"), reply
    with db_factory() as db:
        session = db.scalar(select(InterventionSession))
        assert session.minutes == 15 and session.score == "7/10" and session.intervention_id == school.group.id
        present = {a.pupil_id: a.present for a in session.attendance}
    assert present == {school.sam_c.id: True, school.jack.id: False}
    undo = next(c for c in reply.choices if c.action == "undo_session")
    [undone] = talk(school.ta, action=undo.action, values=undo.data)
    assert undone.key.startswith("session.undone"), undone
    with db_factory() as db:
        assert db.scalars(select(InterventionSession).where(InterventionSession.current())).all() == []


def test_an_ambiguous_pupil_is_asked_about_and_the_answer_survives_a_restart(talk, school, db_factory):
    # The admin teaches neither Sam, so nothing settles which one is meant.
    [question] = talk(school.admin, "what works for Sam?")
    assert question.key == "pupil.which"
    assert {c.data.get("pupil_id") for c in question.choices} == {school.sam_c.id, school.sam_p.id}
    assert count(db_factory, DialogState) == 1
    # A new Conversation object is a restarted server: the pending question lives in the database.
    pick = next(c for c in question.choices if c.data.get("pupil_id") == school.sam_c.id)
    [answer] = talk(school.admin, action=pick.action, values=pick.data)
    assert answer.key.startswith("portrait"), answer
    assert count(db_factory, DialogState) == 0
    assert count(db_factory, AuditEvent, AuditEvent.action == "read", AuditEvent.pupil_id == school.sam_c.id) == 1


def test_a_typed_answer_continues_the_pending_question(talk, school):
    [question] = talk(school.senco, "log a concern about Leo Hartley")
    assert question.key == "concern.ask_noticed"
    [next_question] = talk(school.senco, "he covers his ears and hides under the table in assembly")
    if next_question.key == "safeguarding.check":  # the detector asks first; "No" carries on with the question
        no = next(c for c in next_question.choices if c.action == "safeguarding_check_no")
        filed, next_question = talk(school.senco, action=no.action, values=dict(no.data))
        assert filed.key == "safeguarding.check_filed"
    assert next_question.key == "concern.ask_evidence"


def test_a_pending_question_expires(talk, school, clock, db_factory):
    [question] = talk(school.senco, "log a concern about Leo Hartley")
    assert question.key == "concern.ask_noticed"
    clock.now += timedelta(minutes=16)
    [reply] = talk(school.senco, "cancel")
    assert reply.key == "dialog.nothing_to_cancel"
    assert count(db_factory, DialogState) == 0


def test_cancel_drops_the_question_and_saves_nothing(talk, school, db_factory):
    talk(school.senco, "log a concern about Leo Hartley")
    [reply] = talk(school.senco, "cancel")
    assert reply.key == "dialog.cancelled"
    assert count(db_factory, DialogState) == 0 and count(db_factory, Concern) == 0


def test_one_users_dialog_never_leaks_into_anothers(talk, school):
    talk(school.senco, "log a concern about Leo Hartley")
    [reply] = talk(school.teacher3, "he hides under the table")
    assert not reply.key.startswith("concern.ask_evidence")


def test_another_schools_pupil_is_never_matched(talk, school, db_factory):
    [reply] = talk(school.teacher3, "what works for Zara Quill?")
    assert reply.key in {"pupil.unmatched", "pupil.ask"}, reply
    assert all(c.data.get("pupil_id") != school.other_pupil.id for c in reply.choices)
    assert count(db_factory, AuditEvent, AuditEvent.pupil_id == school.other_pupil.id) == 0


def test_a_disclosure_goes_to_the_dsl_and_is_never_a_send_concern(talk, school, db_factory):
    [reply] = talk(school.teacher3, "Jack told me his dad hits him when he gets home late")
    assert reply.key.startswith("safeguarding"), reply
    assert school.dsl.name in reply.text
    assert count(db_factory, SafeguardingAlert) == 1 and count(db_factory, Concern) == 0
    with db_factory() as db:
        recipients = set(db.scalars(select(OutboxMessage.recipient).where(OutboxMessage.kind == "safeguarding.alert")))
    assert recipients == {f"staff:{school.dsl.id}", f"staff:{school.deputy.id}"}


def test_a_retried_platform_event_writes_once(talk, school, db_factory):
    text = "worried about Leo Hartley, he can't copy from the board. evidence: none yet. area: cognition and learning"
    first = talk(school.teacher3, text, event_id="Ev1")
    assert first
    assert talk(school.teacher3, text, event_id="Ev1") == []
    assert talk(school.teacher3, text, event_id="Ev1") == []
    assert count(db_factory, Concern) == (1 if first[0].key == "concern.logged" else 0)


@pytest.mark.parametrize(
    "text, key",
    [
        ("", "input.empty"),
        ("   \u200b\u0007  ", "input.empty"),
        ("🙂🙂🙂", "input.empty"),
        ("x" * 20000, "input.too_long"),
    ],
)
def test_bad_input_gets_a_clear_reply_and_writes_nothing(talk, school, db_factory, text, key):
    [reply] = talk(school.teacher3, text)
    assert reply.key == key
    assert count(db_factory, Concern) == 0 and count(db_factory, DialogState) == 0


@pytest.mark.parametrize("text", ["<script>alert(1)</script> what works for Leo Hartley?",
                                  "<at>SENDbot</at> <@U123> help", "what works for Leo\x00\x1b[31m Hartley"])
def test_markup_and_control_characters_never_crash(talk, school, text):
    [reply] = talk(school.teacher3, text)
    assert reply.key != "error.internal"


def test_a_new_request_while_a_name_is_awaited_starts_afresh(talk, school, db_factory):
    # The SENCO leads no group and teaches no class, so "Sam" stays ambiguous.
    [question] = talk(school.senco, "PT with Sam 15 mins 7/10")
    assert question.key == "pupil.which"
    [kept, reply] = talk(school.senco, "what works for Aisha Noor?")
    assert kept.key == "dialog.kept_draft" and reply.key.startswith("portrait"), reply
    assert count(db_factory, InterventionSession) == 0
    # The unfinished session waits as the one draft, not as a pending question.
    with db_factory() as db:
        assert [s.conversation.endswith("#draft") for s in db.scalars(select(DialogState))] == [True]


def test_asking_for_the_form_while_a_name_is_awaited_shows_the_form(talk, school):
    [question] = talk(school.senco, "PT with Sam 15 mins 7/10")
    assert question.key == "pupil.which"
    [reply] = talk(school.senco, "log a session")
    assert reply.form is not None and reply.form.action == "record_session"
