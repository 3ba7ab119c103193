"""Sessions: one line from a phone, asking for what's missing, the form, undo in time and too late."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.handlers.conftest import TODAY, choice_for, outbox, render_outbox
from models import AppendOnlyViolation, AuditEvent, InterventionSession


def _sessions(db, current=True):
    query = select(InterventionSession)
    if current:
        query = query.where(InterventionSession.current())
    return db.scalars(query).all()


def test_one_line_is_enough(db, school, chat):
    ta = chat(school.ta)
    reply = ta.say("record_session", "PT with Sam Carter, Leo and Jack 15 mins 7/10, Jack absent. note: Leo tired",
                   programme="Precision Teaching", pupil_ids=[school.sam_c.id, school.leo.id, school.jack.id],
                   absent_ids=[school.jack.id], minutes=15, score="7/10")
    assert reply.prompt == "session.recorded"
    [session] = _sessions(db)
    assert session.intervention_id == school.group.id and not session.flagged
    assert session.delivered_on == TODAY and session.minutes == 15 and session.score == "7/10"
    assert session.note == "Leo tired" and session.delivered_by_id == school.ta.id
    assert {(a.pupil_id, a.present) for a in session.attendance} == {
        (school.sam_c.id, True), (school.leo.id, True), (school.jack.id, False)}
    assert "Absent: Jack" in ta.rendered.text
    assert reply.choices[0].action == "undo_session" and reply.choices[0].data == {"session_id": session.id}
    assert outbox(db) == []


def test_absent_only_pupil_counts_and_date_slot(db, school, chat):
    ta = chat(school.ta)
    reply = ta.say("record_session", "PT yesterday with Sam Carter, Leo absent", programme="Precision Teaching",
                   pupil_ids=[school.sam_c.id], absent_ids=[school.leo.id], date=(TODAY - timedelta(days=1)).isoformat())
    assert reply.prompt == "session.recorded"
    [session] = _sessions(db)
    assert session.delivered_on == TODAY - timedelta(days=1) and len(session.attendance) == 2


def test_two_sams_asks_which_and_keeps_the_others(db, school, chat):
    ta = chat(school.ta)
    reply = ta.say("record_session", "PT with Sam and Jack 10 mins", programme="Precision Teaching",
                   pupil_ids=[school.jack.id], candidate_ids=[school.sam_c.id, school.sam_p.id], minutes=10)
    assert reply.prompt == "pupil.which"
    reply = ta.say("", "Sam Carter", pupil_ids=[school.sam_c.id])
    assert reply.prompt == "session.recorded"
    [session] = _sessions(db)
    assert {a.pupil_id for a in session.attendance} == {school.sam_c.id, school.jack.id}
    assert session.minutes == 10 and session.intervention_id == school.group.id


def test_missing_programme_then_missing_pupils(db, school, chat):
    ta = chat(school.ta)
    reply = ta.say("record_session", "did a session with Leo", pupil_ids=[school.leo.id])
    assert reply.prompt == "session.ask_programme" and reply.expect.missing == "programme"
    assert [c.data["programme"] for c in reply.choices] == ["Precision Teaching"]
    assert ta.press(reply.choices[0]).prompt == "session.recorded"

    reply = ta.say("record_session", "PT 20 mins", programme="Precision Teaching", minutes=20)
    assert reply.prompt == "session.ask_pupils" and reply.expect.missing == "pupil"
    assert "Y3 PT group: Sam, Jack and Leo" in [c.label for c in ta.rendered.choices]
    reply = ta.press(reply.choices[0])
    # Leo already has a PT session today: a second one is shown before it is saved.
    assert reply.prompt == "session.confirm" and reply.data["twice"] == ["Leo"] and len(_sessions(db)) == 1
    reply = ta.press(choice_for(reply, confirm="save"))
    assert reply.prompt == "session.recorded"
    assert len(_sessions(db)) == 2 and _sessions(db)[1].minutes == 20


def test_programme_answered_by_text_alias(db, school, chat):
    ta = chat(school.ta)
    ta.say("record_session", "session with Leo 15 mins", pupil_ids=[school.leo.id], minutes=15)
    assert ta.say("", "pt").prompt == "session.recorded"


def test_unlinked_session_is_flagged_for_the_senco(db, school, chat):
    ta = chat(school.ta2)
    reply = ta.say("record_session", "Lego therapy with Aisha 30 mins", programme="Lego-based Therapy",
                   pupil_ids=[school.aisha.id], minutes=30)
    assert reply.prompt == "session.recorded" and reply.data["flagged"]
    [session] = _sessions(db)
    assert session.flagged and session.intervention_id is None
    [note] = outbox(db, "session.unlinked")
    assert note.recipient == f"staff:{school.senco.id}" and note.data["session_id"] == session.id
    assert "Pip Yarrow" in render_outbox(note).text


def test_form_when_nothing_given_limited_to_my_groups(db, school, chat):
    ta = chat(school.ta)
    reply = ta.say("record_session", "log a session")
    form = reply.form
    assert form.action == "record_session" and reply.expect is None
    fields = {f.name: f for f in form.fields}
    # Each pupil of the TA's group once: there or absent, and their own score.
    group = {p.id for p in (school.sam_c, school.jack, school.leo)}
    assert {int(n.removeprefix("attend_")) for n in fields if n.startswith("attend_")} == group
    assert {int(n.removeprefix("score_")) for n in fields if n.startswith("score_")} == group
    assert fields["programme"].options[0].value == "Precision Teaching" and fields["programme"].value == "Precision Teaching"
    assert fields["date"].value == TODAY.isoformat()
    assert {f.name for f in ta.rendered.form.fields} >= {"programme", "others", "minutes", "score", "date", "note"}
    assert "Sam Carter (3A)" in [f.label for f in ta.rendered.form.fields]


def test_form_for_a_teacher_offers_their_class(db, school, chat):
    teacher = chat(school.teacher4)
    form = teacher.say("record_session", "record session").form
    listed = {f.name for f in form.fields if f.name.startswith("attend_")}
    assert listed == {f"attend_{school.sam_p.id}", f"attend_{school.aisha.id}"}


def test_form_errors_are_named_and_values_kept(db, school, chat):
    ta = chat(school.ta)
    form = ta.say("record_session", "log a session").form
    reply = ta.submit(form, programme="Underwater Basket Weaving", minutes="lots", score="great!",
                      date=(TODAY + timedelta(days=3)).isoformat(), note="keep me")
    assert reply.prompt == "session.form_errors" and not _sessions(db)
    fields = {f.name: f for f in reply.form.fields}
    assert fields["programme"].error == "session.error.programme"
    assert fields["others"].error == "session.error.pupils"
    assert fields["minutes"].error == "session.error.minutes" and fields["minutes"].value == "lots"
    assert fields["score"].error == "session.error.score" and fields["score"].value == "great!"
    assert fields["date"].error == "session.error.date"
    assert fields["note"].value == "keep me"
    assert "Please choose a programme." in [f.error for f in ta.rendered.form.fields]

    reply = ta.submit(reply.form, programme="Precision Teaching", **{f"attend_{school.sam_c.id}": "present",
                      f"attend_{school.leo.id}": "absent"}, minutes="15", score="8 / 10", date=TODAY.isoformat(), note="")
    assert reply.prompt == "session.recorded"
    [session] = _sessions(db)
    assert session.score == "8/10" and session.intervention_id == school.group.id
    assert {(a.pupil_id, a.present) for a in session.attendance} == {(school.sam_c.id, True), (school.leo.id, False)}


def test_form_with_another_schools_pupil_is_refused(db, school, chat):
    ta = chat(school.ta)
    form = ta.say("record_session", "log a session").form
    reply = ta.submit(form, programme="Precision Teaching", pupils=[school.other_pupil.id], minutes="10")
    assert reply.prompt == "pupil.no_such" and not _sessions(db)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "refused")).staff_id == school.ta.id


def test_undo_in_time(db, school, chat):
    ta = chat(school.ta)
    reply = ta.say("record_session", "PT with Leo 15 mins", programme="Precision Teaching",
                   pupil_ids=[school.leo.id], minutes=15)
    reply = ta.later(minutes=9).press(reply.choices[0])
    assert reply.prompt == "session.undone"
    assert _sessions(db) == []
    rows = _sessions(db, current=False)
    assert len(rows) == 2 and rows[1].voided and rows[1].supersedes_id == rows[0].id
    assert ta.press(choice_for_session(rows[0].id)).prompt == "session.already_undone"


def test_undo_too_late_and_by_someone_else(db, school, chat):
    ta = chat(school.ta)
    reply = ta.say("record_session", "PT with Leo 15 mins", programme="Precision Teaching",
                   pupil_ids=[school.leo.id], minutes=15)
    undo = reply.choices[0]
    assert chat(school.ta2).press(undo).prompt == "access.refused"
    assert ta.later(minutes=11).press(undo).prompt == "session.undo_too_late"
    assert "10 minutes" in ta.rendered.text
    assert len(_sessions(db)) == 1


def test_sessions_are_append_only(db, school, chat):
    ta = chat(school.ta)
    ta.say("record_session", "PT with Leo", programme="Precision Teaching", pupil_ids=[school.leo.id])
    session = _sessions(db)[0]
    session.minutes = 99
    with pytest.raises(AppendOnlyViolation):
        db.flush()


def test_a_dsl_only_account_cannot_record(db, school, chat):
    reply = chat(school.deputy).say("record_session", "PT with Leo", programme="Precision Teaching",
                                    pupil_ids=[school.leo.id])
    assert reply.prompt == "access.refused" and not _sessions(db)


def choice_for_session(session_id):
    from handlers.reply import Choice
    return Choice("session.undo", "undo_session", {"session_id": session_id})
