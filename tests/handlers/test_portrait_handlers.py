"""Pen portraits: the read is audited; the SENCO and class teacher add to it as new versions."""
from __future__ import annotations

from sqlalchemy import select

from models import AuditEvent, PenPortraitVersion


def test_what_works_is_phone_friendly_and_audited(db, school, chat):
    ta = chat(school.ta, channel="slack")
    reply = ta.say("get_portrait", "what works for Aisha?", pupil_ids=[school.aisha.id])
    assert reply.prompt == "portrait.show"
    text = ta.rendered.text
    assert text.index("Visual timetable") < text.index("Sudden changes") < text.index("Drawing")
    assert "Prefers short instructions" in text and "know what's next" in text
    assert "Ask for help using her help card" in text and "EHCP" in text
    assert ta.rendered.title == "What works for Aisha Noor"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "read"))
    assert (event.staff_id, event.pupil_id, event.record, event.channel) == (
        school.ta.id, school.aisha.id, "pen_portrait", "slack")


def test_running_interventions_are_listed(db, school, chat):
    me = chat(school.teacher3)
    me.say("update_portrait", "add strategy for Leo: sit near the front", pupil_ids=[school.leo.id])
    me.say("get_portrait", "what works for Leo", pupil_ids=[school.leo.id])
    assert "Y3 PT group" in me.rendered.text and "sit near the front" in me.rendered.text


def test_no_portrait_yet_says_who_can_add_one(db, school, chat):
    ta = chat(school.ta)
    reply = ta.say("get_portrait", "what works for Jack", pupil_ids=[school.jack.id])
    assert reply.prompt == "portrait.none"
    assert "Hana Whitlock and Tom Bellamy can add one" in ta.rendered.text
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "read")).pupil_id == school.jack.id


def test_which_sam_for_a_portrait(db, school, chat):
    me = chat(school.admin)
    reply = me.say("get_portrait", "what works for Sam", candidate_ids=[school.sam_c.id, school.sam_p.id])
    assert reply.prompt == "pupil.which"
    assert me.press(reply.choices[1]).prompt == "portrait.none"


def test_class_teacher_adds_a_strategy_as_a_new_version(db, school, chat):
    me = chat(school.teacher4)
    reply = me.say("update_portrait", "add strategy for Aisha: movement breaks every 20 minutes, sit by Jack",
                   pupil_ids=[school.aisha.id, school.jack.id])
    assert reply.prompt == "portrait.updated" and reply.data["version"] == 2
    latest = db.scalar(select(PenPortraitVersion).order_by(PenPortraitVersion.version.desc()))
    assert latest.strategies == ["Visual timetable", "movement breaks every 20 minutes, sit by Jack"]
    assert latest.avoid == ["Sudden changes"] and latest.communication == "Prefers short instructions"
    first = db.scalar(select(PenPortraitVersion).where(PenPortraitVersion.version == 1))
    assert first.strategies == ["Visual timetable"]
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "change")).record == "pen_portrait"


def test_senco_adds_a_trigger_and_the_item_can_come_next(db, school, chat):
    me = chat(school.senco)
    reply = me.say("update_portrait", "add trigger for Leo", pupil_ids=[school.leo.id])
    assert reply.prompt == "portrait.ask_item" and reply.expect.missing == "item"
    assert me.say("", "loud hand dryers").prompt == "portrait.updated"
    portrait = db.scalar(select(PenPortraitVersion).where(PenPortraitVersion.pupil_id == school.leo.id))
    assert portrait.version == 1 and portrait.avoid == ["loud hand dryers"]
    assert me.say("update_portrait", "add interest for Leo: dinosaurs", pupil_ids=[school.leo.id]).data["version"] == 2
    assert me.say("update_portrait", "add strength for Leo: Dinosaurs", pupil_ids=[school.leo.id]).prompt == "portrait.updated"
    assert me.say("update_portrait", "add interest for Leo: DINOSAURS",
                  pupil_ids=[school.leo.id]).prompt == "portrait.already_there"


def test_others_are_refused_and_audited(db, school, chat):
    for actor in (school.ta, school.teacher3, school.admin):  # teacher3 teaches 3A, Aisha is in 4K
        reply = chat(actor).say("update_portrait", "add avoid for Aisha: fire drills", pupil_ids=[school.aisha.id])
        assert reply.prompt == "access.refused"
    assert db.scalar(select(PenPortraitVersion).where(PenPortraitVersion.version == 2)) is None
    refused = db.scalars(select(AuditEvent).where(AuditEvent.action == "refused")).all()
    assert {e.staff_id for e in refused} == {school.ta.id, school.teacher3.id, school.admin.id}
    assert all(e.pupil_id == school.aisha.id for e in refused)


def test_another_schools_pupil_portrait(db, school, chat):
    reply = chat(school.senco).say("get_portrait", "what works for Zara", pupil_ids=[school.other_pupil.id])
    assert reply.prompt == "pupil.no_such"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "read")) is None


def test_how_to_add_when_the_field_is_unclear(db, school, chat):
    assert chat(school.senco).say("update_portrait", "update Leo's portrait",
                                  pupil_ids=[school.leo.id]).prompt == "portrait.how_to_add"


def test_every_strategy_and_trigger_shows_and_long_lists_say_how_many_more(db, school, chat):
    db.add(PenPortraitVersion(school_id=school.id, pupil_id=school.aisha.id, version=2, updated_by_id=school.senco.id,
                              strategies=[f"Strategy {n}" for n in range(1, 8)], avoid=[f"Trigger {n}" for n in range(1, 7)],
                              strengths=[f"Strength {n}" for n in range(1, 7)], interests=["Horses"]))
    db.commit()
    ta = chat(school.ta)
    ta.say("get_portrait", "what works for Aisha?", pupil_ids=[school.aisha.id])
    text = ta.rendered.text
    assert all(f"Strategy {n}" in text for n in range(1, 8)) and "Trigger 6" in text
    assert "Strength 5, Horses and 1 more" in text and "Strength 6" not in text
