"""Done, Snooze and Book a date on nudges: what each records, and bad input named without writing anything."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.scheduling.preview import PreviewError, digest_preview_text, nudges_preview_text
from bot.schooldata.demo import build_demo
from handlers.nudges import due_nudges, nudges_preview
from models import InterventionPupil, ParentContact, Plan, PlanReview
from models.calendar import load_calendar
from models.catalogue import create_school
from models.nudging import NudgeAction, NudgeSetting
from tests.scheduling.conftest import act

DAY = date(2026, 11, 18)  # two school days before Tobias's ISP review


def _keys(db, school, day):
    calendar = load_calendar(db, school_id=school.id)
    return {(n.rule, n.recipient_id) for n in due_nudges(db, school_id=school.id, today=day, calendar=calendar)}


def test_done_on_a_review_records_it_and_moves_the_next_one(db, school):
    key = {"rule": "plan_review", "subject": f"plan:{school.isp.id}:review", "due": "2026-11-20"}
    reply = act(db, school.teacher, "nudge_done", today=DAY, **key)
    assert reply.prompt == "nudge.review_recorded" and reply.data["next_due"] == "Thu 25 Mar"
    assert db.scalars(select(PlanReview.held_on).where(PlanReview.plan_id == school.isp.id)).all() == [DAY]
    assert db.get(Plan, school.isp.id).next_review_due == date(2027, 3, 25)
    # Pressed again (another device, a double tap): nothing more is recorded.
    assert act(db, school.teacher, "nudge_done", today=DAY, **key).prompt == "nudge.already_done"
    assert len(db.scalars(select(PlanReview).where(PlanReview.plan_id == school.isp.id)).all()) == 1


def test_only_the_class_teacher_or_senco_may_mark_a_review_done(db, school):
    key = {"rule": "plan_review", "subject": f"plan:{school.isp.id}:review", "due": "2026-11-20"}
    assert act(db, school.teacher5, "nudge_done", today=DAY, **key).prompt == "access.refused"
    assert db.get(Plan, school.isp.id).next_review_due == date(2026, 11, 20)


def test_snooze_skips_one_or_three_school_days_then_reminds_again(db, school):
    key = {"rule": "plan_review", "subject": f"plan:{school.isp.id}:review", "due": "2026-11-20"}
    reply = act(db, school.teacher, "nudge_snooze", today=date(2026, 11, 20), days=3, **key)
    assert reply.data["until"] == "Wed 25 Nov"  # Fri + 3 school days, over the weekend
    assert ("plan_review", school.teacher.id) not in _keys(db, school, date(2026, 11, 24))
    assert ("plan_review", school.teacher.id) in _keys(db, school, date(2026, 11, 25))
    assert act(db, school.teacher, "nudge_snooze", today=DAY, days=7, **key).prompt == "nudge.unknown"


def test_a_parent_conversation_done_asks_for_it_and_records_it(db, school):
    key = {"rule": "parent_conversation", "subject": f"pupil:{school.tobias.id}:parents", "due": "2026-12-18"}
    form = act(db, school.teacher, "nudge_done", today=date(2026, 12, 4), **key).form
    assert [f.name for f in form.fields] == ["held_on", "with_whom", "summary", "agreed"]
    bad = act(db, school.teacher, "nudge_done", today=date(2026, 12, 4), **form.data, held_on="2026-12-25", summary="")
    assert {f.name: f.error for f in bad.form.fields if f.error} == {"held_on": "nudge.error.held_on",
                                                                       "summary": "nudge.error.summary"}
    assert db.scalars(select(ParentContact)).all() == []
    done = act(db, school.teacher, "nudge_done", today=date(2026, 12, 4), **form.data, held_on="2026-12-03",
               with_whom="Dad", summary="Agreed a reading routine at home", agreed="Ten minutes a night")
    assert done.prompt == "nudge.conversation_recorded"
    [contact] = db.scalars(select(ParentContact)).all()
    assert (contact.status, contact.contact_on, contact.with_whom) == ("held", date(2026, 12, 3), "Dad")
    assert ("parent_conversation", school.teacher.id) in _keys(db, school, date(2026, 12, 4))  # Maisie still owed
    assert not any(n.subject == key["subject"] for n in due_nudges(
        db, school_id=school.id, today=date(2026, 12, 4), calendar=load_calendar(db, school_id=school.id)))


def test_book_a_date_refuses_a_past_date_and_records_a_planned_conversation(db, school):
    key = {"rule": "parent_conversation", "subject": f"pupil:{school.maisie.id}:parents", "due": "2026-12-18"}
    today = date(2026, 12, 4)
    past = act(db, school.teacher, "nudge_book_date", today=today, **key, date="2026-12-01")
    assert past.form.fields[0].error == "nudge.error.book_date"
    booked = act(db, school.teacher, "nudge_book_date", today=today, **key, date="2026-12-09", with_whom="Mum")
    assert booked.prompt == "nudge.booked"
    assert [(c.status, c.contact_on) for c in db.scalars(select(ParentContact))] == [("planned", date(2026, 12, 9))]


def test_exit_assessments_one_pupil_at_a_time(db, school):
    key = {"rule": "exit_assessment", "subject": f"intervention:{school.group.id}:exit", "due": "2027-02-12"}
    today = date(2027, 2, 10)
    first = act(db, school.ta, "nudge_done", today=today, **key)
    assert first.data["pupil"] == "Arlo Finch" and first.data["remaining"] == 2
    empty = act(db, school.ta, "nudge_done", today=today, **first.form.data, exit=" ")
    assert empty.form.fields[0].error == "nudge.error.exit"
    second = act(db, school.ta, "nudge_done", today=today, **first.form.data, exit="PT probe: 21 words a minute")
    assert second.data["recorded"] == "Arlo Finch" and second.data["pupil"] == "Tobias Wren"
    last = act(db, school.ta, "nudge_done", today=today, **second.form.data, exit="PT probe: 18 words a minute")
    assert last.prompt == "nudge.exit_recorded"
    assert sorted(db.scalars(select(InterventionPupil.exit_assessment))) == [
        "PT probe: 18 words a minute", "PT probe: 21 words a minute"]


def test_a_school_can_turn_a_rule_off_or_change_its_lead_times(db, school):
    db.add_all([NudgeSetting(school_id=school.id, rule="morning_sessions", enabled=False),
                NudgeSetting(school_id=school.id, rule="plan_review", lead_school_days=[5])])
    db.commit()
    assert ("morning_sessions", school.ta.id) not in _keys(db, school, date(2026, 11, 13))
    assert ("plan_review", school.teacher.id) in _keys(db, school, date(2026, 11, 13))  # 5 school days before
    assert ("plan_review", school.teacher.id) not in _keys(db, school, date(2026, 11, 6))


def test_a_forged_button_is_named_not_obeyed(db, school):
    assert act(db, school.teacher, "nudge_done", today=DAY, rule="nonsense", subject="x", due="2026-11-20").prompt == "nudge.unknown"
    assert act(db, school.teacher, "nudge_done", today=DAY, rule="plan_review", subject="plan:99999:review",
               due="2026-11-20").prompt == "nudge.gone"
    assert db.scalars(select(NudgeAction)).all() == []


def test_the_demo_school_has_nudges_out_of_the_box(db):
    school = build_demo(db, today=date(2026, 11, 24))
    db.commit()
    preview = nudges_preview(db, school_id=school.id, day=date(2026, 11, 24))
    assert {"nudge.plan_review", "nudge.ehcp_invitations"} <= {reply.prompt for _, reply in preview}
    assert "Chioma Nwosu" in {name for name, _ in preview}  # a class teacher of the demo school


def test_the_preview_text_names_each_recipient_and_refuses_an_ambiguous_school(db, school):
    text = nudges_preview_text(db, day=date(2026, 11, 18))
    assert "To Grace Whitmore:" in text and "Tobias Wren (3W): the ISP review is due Fri 20 Nov" in text
    assert digest_preview_text(db, day=date(2026, 11, 23)).startswith("SEND THIS WEEK: MON 23 NOV")
    create_school(db, name="Larchfield Primary (fictional)", urn="999202")
    db.commit()
    with pytest.raises(PreviewError, match="--school URN"):
        nudges_preview_text(db, day=date(2026, 11, 18))
    assert "Hollybrook" in nudges_preview_text(db, day=date(2026, 11, 18), urn="999201")
