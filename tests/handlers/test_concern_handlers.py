"""Concerns: one-shot, multi-turn, the SENCO's acknowledgement and closure, append-only versions."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.handlers.conftest import choice_for, outbox, render_outbox
from models import AppendOnlyViolation, AuditEvent, Concern


def test_one_message_logs_the_concern_and_tells_the_senco(db, school, chat):
    me = chat(school.teacher3)
    reply = me.say("log_concern", "Concern about Leo: he can't copy from the board and squints, "
                   "evidence: unfinished copying in his English book for 3 weeks",
                   pupil_ids=[school.leo.id], area_of_need="sensory_physical")
    assert reply.prompt == "concern.logged" and reply.expect is None
    concern = db.scalar(select(Concern))
    assert concern.reference == concern.id == reply.data["reference"]
    assert concern.noticed.startswith("he can't copy") and "evidence" not in concern.noticed
    assert concern.evidence.startswith("unfinished copying")
    assert concern.source == "staff" and concern.area_of_need == "sensory_physical" and concern.status == "open"
    assert f"#{concern.id}" in me.rendered.text and "Hana Whitlock" in me.rendered.text
    [note] = outbox(db, "concern.new")
    assert note.recipient == f"staff:{school.senco.id}" and note.subject == f"concern:{concern.id}"
    assert note.data["pupil"] == "Leo Hartley" and note.data["class_name"] == "3A"
    assert note.data["raised_by"] == "Tom Bellamy" and note.data["concern_id"] == concern.id
    assert "Leo Hartley" in render_outbox(note).text


def test_asks_only_for_what_is_missing(db, school, chat):
    me = chat(school.ta)
    reply = me.say("log_concern", "log a concern about Sam", candidate_ids=[school.sam_c.id, school.sam_p.id])
    assert reply.prompt == "pupil.which" and reply.expect.missing == "pupil"
    assert [c.data["pupil_id"] for c in reply.choices] == [school.sam_c.id, school.sam_p.id]
    assert "Sam Carter (3A, Year 3)" in [c.label for c in me.rendered.choices]
    reply = me.press(choice_for(reply, pupil_id=school.sam_p.id))
    assert reply.prompt == "concern.ask_noticed" and reply.expect.missing == "noticed"
    reply = me.say("", "Mum said he's been anxious about coming to school and cries at drop-off")
    assert reply.prompt == "concern.ask_evidence"
    reply = me.say("", "none yet")
    assert reply.prompt == "concern.ask_area" and len(reply.choices) == 5
    reply = me.press(choice_for(reply, area_of_need="semh"))
    # Gathered from several messages, so it is shown before it is saved.
    assert reply.prompt == "concern.confirm" and reply.expect.missing == "confirm"
    assert "cries at drop-off" in me.rendered.text and db.scalar(select(Concern)) is None
    reply = me.press(choice_for(reply, confirm="save"))
    assert reply.prompt == "concern.logged"
    concern = db.scalar(select(Concern))
    assert concern.pupil_id == school.sam_p.id and concern.source == "parent_carer"
    assert concern.evidence is None and concern.area_of_need == "semh"
    assert "have been told.\nPlease gather some evidence" in me.rendered.text.replace("has been", "have been")


def test_evidence_button_and_text_answer_for_area(db, school, chat):
    me = chat(school.teacher4)
    reply = me.say("log_concern", "I'm worried about Aisha, she covers her ears in assembly and hides under tables",
                   pupil_ids=[school.aisha.id])
    assert reply.prompt == "concern.ask_evidence"
    reply = me.press(reply.choices[0])
    assert reply.prompt == "concern.ask_area"
    assert me.say("", "not sure").prompt == "concern.logged"
    assert db.scalar(select(Concern)).area_of_need is None


def test_unmatched_name_suggests_the_closest(db, school, chat):
    me = chat(school.teacher3)
    reply = me.say("log_concern", "concern about Jak: struggles to sit still on the carpet",
                   unmatched=["Jak"], suggestion_ids=[school.jack.id])
    assert reply.prompt == "pupil.unmatched" and "Jak" in me.rendered.text
    reply = me.press(reply.choices[0])
    assert reply.prompt == "concern.ask_evidence"


def test_another_schools_pupil_never_resolves(db, school, chat):
    me = chat(school.teacher3)
    reply = me.say("log_concern", "concern: struggles with reading aloud in class", pupil_ids=[school.other_pupil.id])
    assert reply.prompt == "pupil.no_such"
    assert db.scalar(select(Concern)) is None
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "refused"))
    assert event.staff_id == school.teacher3.id and event.record == "pupil"


def _logged(db, school, chat):
    me = chat(school.teacher3)
    me.say("log_concern", "Concern about Leo: he loses his place when reading, evidence: running records",
           pupil_ids=[school.leo.id], area_of_need="cognition_learning")
    return db.scalar(select(Concern))


def test_senco_acknowledges_then_closes_with_outcome(db, school, chat):
    concern = _logged(db, school, chat)
    senco = chat(school.senco)
    reply = senco.press(render_outbox_choice(concern.reference))
    assert reply.prompt == "concern.acknowledged"
    current = db.scalars(select(Concern).where(Concern.current())).all()
    assert len(current) == 1 and current[0].status == "acknowledged" and current[0].supersedes_id == concern.id
    [note] = outbox(db, "concern.acknowledged")
    assert note.recipient == f"staff:{school.teacher3.id}" and "Hana Whitlock" in render_outbox(note).text
    assert senco.press(render_outbox_choice(concern.reference)).prompt == "concern.already"

    reply = senco.press(choice_for(reply, reference=concern.reference))
    assert reply.prompt == "concern.ask_outcome" and reply.form is not None
    reply = senco.submit(reply.form, outcome="  ")
    assert reply.form.fields[0].error == "concern.error.outcome" and reply.form.fields[0].value == "  "
    reply = senco.submit(reply.form, outcome="Referred to optometrist; glasses prescribed")
    assert reply.prompt == "concern.closed"
    [closed] = db.scalars(select(Concern).where(Concern.current())).all()
    assert closed.status == "closed" and closed.outcome.startswith("Referred") and closed.reference == concern.id
    assert len(db.scalars(select(Concern)).all()) == 3
    assert "Outcome" in render_outbox(outbox(db, "concern.closed")[0]).text


def test_outcome_by_text_answer(db, school, chat):
    concern = _logged(db, school, chat)
    senco = chat(school.senco)
    reply = senco.press(close_choice(concern.reference))
    assert reply.expect.missing == "outcome"
    assert senco.say("", "Monitoring ended: progress good").prompt == "concern.closed"


def test_only_the_senco_acknowledges_and_refusals_are_audited(db, school, chat):
    concern = _logged(db, school, chat)
    reply = chat(school.teacher3).press(render_outbox_choice(concern.reference))
    assert reply.prompt == "access.refused"
    assert db.scalar(select(Concern).where(Concern.current())).status == "open"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "refused"))
    assert event.pupil_id == school.leo.id and event.record == "concern"
    # A SENCO of another school cannot even find it.
    assert chat(school.other_staff).press(render_outbox_choice(concern.reference)).prompt == "concern.not_found"


def test_concerns_are_append_only(db, school, chat):
    concern = _logged(db, school, chat)
    concern.noticed = "edited in place"
    with pytest.raises(AppendOnlyViolation):
        db.flush()
    db.rollback()
    db.delete(db.get(Concern, concern.id))
    with pytest.raises(AppendOnlyViolation):
        db.flush()


def render_outbox_choice(reference):
    from handlers.reply import Choice
    return Choice("notify.concern_acknowledge_button", "acknowledge_concern", {"reference": reference})


def close_choice(reference):
    from handlers.reply import Choice
    return Choice("concern.close_button", "close_concern", {"reference": reference})
