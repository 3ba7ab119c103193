"""What's coming up, help by role, and the fallback."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.handlers.conftest import TODAY
from models import Intervention, InterventionPupil, ParentContact, Plan


def test_ta_sees_sessions_to_log_until_logged(db, school, chat):
    ta = chat(school.ta)
    reply = ta.say("upcoming", "what's coming up?")
    assert reply.prompt == "upcoming.list"
    assert reply.data["sessions"] == [{"name": "Y3 PT group", "pupils": ["Sam", "Jack", "Leo"]}]
    assert reply.data["reviews"] == [] and reply.data["parents"] == []
    ta.say("record_session", "PT with Leo", programme="Precision Teaching", pupil_ids=[school.leo.id])
    assert ta.say("upcoming", "what's coming up?").prompt == "upcoming.nothing"


def test_class_teacher_sees_reviews_and_parent_conversations_for_their_class(db, school, chat):
    db.add(Plan(school_id=school.id, pupil_id=school.leo.id, kind="isp", review_cadence="termly",
                starts_on=TODAY - timedelta(days=90), next_review_due=TODAY - timedelta(days=3)))
    db.add(Plan(school_id=school.id, pupil_id=school.sam_c.id, kind="isp", review_cadence="termly",
                starts_on=TODAY, next_review_due=TODAY + timedelta(days=60)))  # too far ahead
    db.add(ParentContact(school_id=school.id, pupil_id=school.sam_c.id, contact_on=TODAY - timedelta(days=5),
                         with_whom="Mum", summary="Spring catch-up"))
    db.commit()
    me = chat(school.teacher3)
    reply = me.say("upcoming", "what's due")
    assert [r["pupil"] for r in reply.data["reviews"]] == ["Leo Hartley"] and reply.data["reviews"][0]["overdue"]
    assert reply.data["parents"] == ["Leo Hartley"]  # Sam Carter's family was seen this term; Jack is not K/E
    assert "**overdue**" in me.rendered.text and reply.data["sessions"] == []


def test_senco_sees_every_class_and_interventions_ending(db, school, chat):
    ended = Intervention(school_id=school.id, programme_id=school.lego.id, lead_staff_id=school.ta2.id,
                         name="Lego club", starts_on=TODAY - timedelta(days=70), ends_on=TODAY - timedelta(days=7),
                         members=[InterventionPupil(pupil_id=school.aisha.id, entry_assessment="3")])
    db.add(ended)
    db.commit()
    me = chat(school.senco)
    reply = me.say("upcoming", "what's coming up")
    assert [r["pupil"] for r in reply.data["reviews"]] == ["Aisha Noor"]
    assert set(reply.data["parents"]) == {"Aisha Noor", "Leo Hartley", "Sam Carter"}
    assert reply.data["ending"] == [{"name": "Lego club", "ends": ended.ends_on.isoformat(), "ended": True,
                                     "missing_exit": 1}]
    assert "1 exit assessment to do" in me.rendered.text
    # The lead sees it too; once assessed it drops off.
    assert chat(school.ta2).say("upcoming", "").data["ending"][0]["name"] == "Lego club"
    db.scalar(select(InterventionPupil).where(InterventionPupil.intervention_id == ended.id)).exit_assessment = "9"
    db.commit()
    assert chat(school.senco).say("upcoming", "").data["ending"] == []


def test_help_by_role(db, school, chat):
    ta = chat(school.ta)
    reply = ta.say("help", "help")
    assert "PT with Esme and Dawit" in ta.rendered.text and "add strategy" not in ta.rendered.text
    assert [c.action for c in reply.choices] == ["log_concern", "record_session", "get_portrait", "log_parent_contact"]
    teacher = chat(school.teacher3)
    teacher.say("help", "help")
    assert "add strategy" in teacher.rendered.text
    dsl = chat(school.dsl)
    dsl.say("help", "help")
    assert "Safeguarding alerts come straight to you" in dsl.rendered.text


def test_unknown_offers_the_main_conversations(db, school, chat):
    ta = chat(school.ta)
    reply = ta.say("unknown", "blah")
    assert {c.action for c in reply.choices} == {"log_concern", "record_session", "get_portrait",
                                                  "log_parent_contact", "upcoming", "help"}
    assert ta.press(reply.choices[1]).form is not None  # "Log a session" opens the form
    assert ta.press(reply.choices[0]).prompt == "pupil.ask"  # "Log a concern" asks which pupil
    assert ta.say("", "Leo Hartley", pupil_ids=[school.leo.id]).prompt == "concern.ask_noticed"
