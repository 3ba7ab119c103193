"""A whole school year, day by day, with the clock injected: every rule nudges on the right school days only."""
from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from bot.scheduling.dispatcher import dispatch_due
from bot.scheduling.jobs import escalate_safeguarding, make_digests, make_nudges
from models import Concern, OutboxMessage, ParentContact, Plan, PlanReview
from models.calendar import load_calendar
from tests.scheduling.conftest import FakeSender, act, morning

FIRST, LAST = date(2026, 9, 1), date(2027, 7, 23)


def _days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _concern(factory, school, pupil, by, day: date) -> None:
    raised = datetime.combine(day, time(15, 0), tzinfo=timezone.utc)
    with factory() as db:
        db.add(Concern(school_id=school.id, pupil_id=pupil.id, raised_by_id=by.id, recorded_by_id=by.id,
                       noticed="Finds it hard to settle after break", area_of_need="semh", raised_at=raised,
                       recorded_at=raised))
        db.commit()


def _press(factory, actor, action, day, **values):
    with factory() as db:
        return act(db, db.merge(actor), action, today=day, now=morning(day, 10, 0), **values)


def test_a_school_year_of_nudges_digests_and_deliveries(db_factory, school):
    teams = FakeSender("teams")
    with db_factory() as db:
        calendar = load_calendar(db, school_id=school.id)
    isp_due, ehcp_due = date(2026, 11, 20), date(2027, 1, 14)
    actions = defaultdict(list)
    # Concerns about Effie from two members of staff within six school weeks.
    actions[date(2026, 10, 5)].append(lambda d: _concern(db_factory, school, school.effie, school.teacher5, d))
    actions[date(2026, 10, 12)].append(lambda d: _concern(db_factory, school, school.effie, school.teacher5, d))
    actions[date(2026, 10, 14)].append(lambda d: _concern(db_factory, school, school.effie, school.teacher, d))
    isp_key = {"rule": "plan_review", "subject": f"plan:{school.isp.id}:review"}
    actions[date(2026, 12, 1)].append(
        lambda d: _press(db_factory, school.teacher, "nudge_done", d, **isp_key, due=isp_due.isoformat()))
    parents = {"rule": "parent_conversation", "due": "2026-12-18"}
    actions[date(2026, 12, 4)] += [
        lambda d: _press(db_factory, school.teacher, "nudge_book_date", d, **parents,
                         subject=f"pupil:{school.tobias.id}:parents", date="2026-12-10", with_whom="Mum"),
        lambda d: _press(db_factory, school.teacher, "nudge_snooze", d, **parents,
                         subject=f"pupil:{school.maisie.id}:parents", days=3),
    ]
    register = {"rule": "register_review", "subject": f"school:{school.id}:register", "due": "2026-12-18"}
    actions[date(2026, 12, 16)].append(lambda d: _press(db_factory, school.senco, "nudge_done", d, **register))
    invitations = {"rule": "ehcp_invitations", "subject": f"plan:{school.ehcp.id}:invitations", "due": "2026-12-31"}
    actions[date(2026, 12, 17)].append(lambda d: _press(db_factory, school.senco, "nudge_done", d, **invitations))
    actions[ehcp_due].append(lambda d: _press(db_factory, school.senco, "nudge_done", d, rule="ehcp_review",
                                              subject=f"plan:{school.ehcp.id}:review", due=ehcp_due.isoformat()))
    exit_key = {"rule": "exit_assessment", "subject": f"intervention:{school.group.id}:exit", "due": "2027-02-12"}

    def exit_assessments(d):
        form = _press(db_factory, school.ta, "nudge_done", d, **exit_key).form
        for _ in range(2):
            form = _press(db_factory, school.ta, "nudge_done", d, **{**form.data, "exit": "PT probe: 19 wpm"}).form
        assert form is None

    actions[date(2027, 2, 10)].append(exit_assessments)

    created_on: dict[int, date] = {}
    for day in _days(FIRST, LAST):
        now = morning(day)
        make_nudges(db_factory, now=now)
        make_digests(db_factory, now=now)
        escalate_safeguarding(db_factory, now=now)
        asyncio.run(dispatch_due(db_factory, {"teams": teams}, now=now))
        with db_factory() as db:
            for message_id in db.scalars(select(OutboxMessage.id).where(OutboxMessage.id.not_in(list(created_on) or [0]))):
                created_on[message_id] = day
        for action in actions.get(day, []):
            action(day)

    with db_factory() as db:
        rows = list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        isp = db.get(Plan, school.isp.id)
        reviews = db.scalars(select(PlanReview.held_on).where(PlanReview.plan_id == school.ehcp.id)).all()
        booked = db.scalars(select(ParentContact).where(ParentContact.pupil_id == school.tobias.id)).all()

    def days_of(rule, subject, staff):
        return [created_on[r.id] for r in rows
                if r.kind == f"nudge.{rule}" and r.subject == subject and r.recipient == f"staff:{staff.id}"]

    # Nothing ever lands on a weekend, in a holiday, on an INSET day or a bank holiday.
    assert rows and all(calendar.is_school_day(created_on[r.id]) for r in rows)
    # Every row delivered exactly once, on the morning it was made.
    assert all(r.status == "sent" and r.sent_at.date() == created_on[r.id] for r in rows)
    assert len(teams.sent) == len(rows)

    # ISP: 10 and 2 school days before, a weekly overdue reminder, Done; then the next term's review.
    isp_days = days_of("plan_review", f"plan:{school.isp.id}:review", school.teacher)
    assert isp_days[:3] == [date(2026, 11, 6), date(2026, 11, 18), date(2026, 11, 27)]
    assert isp.next_review_due == date(2027, 3, 25)
    assert isp_days[3:5] == [calendar.add_school_days(date(2027, 3, 25), -10), date(2027, 3, 23)]
    # Two overdue weeks passed in the Easter holidays: one reminder on the first day back, not two.
    assert isp_days[5] == date(2027, 4, 12)
    assert isp_days[6] == date(2027, 4, 15)

    # Parent conversations: Book a date stops them until the date passes; Snooze 3 school days delays them.
    assert days_of("parent_conversation", f"pupil:{school.tobias.id}:parents", school.teacher)[:2] == [
        date(2026, 12, 4), date(2026, 12, 16)]
    assert [c.status for c in booked] == ["planned"]
    assert days_of("parent_conversation", f"pupil:{school.maisie.id}:parents", school.teacher)[:3] == [
        date(2026, 12, 4), date(2026, 12, 9), date(2026, 12, 16)]

    # EHCP: the teacher nudged, the SENCO copied; invitations two weeks before; the report after the meeting.
    review_subject = f"plan:{school.ehcp.id}:review"
    assert days_of("ehcp_review", review_subject, school.teacher) == days_of("ehcp_review", review_subject, school.senco)
    assert days_of("ehcp_review", review_subject, school.senco)[:2] == [
        calendar.add_school_days(ehcp_due, -10), calendar.add_school_days(ehcp_due, -2)]
    assert days_of("ehcp_invitations", f"plan:{school.ehcp.id}:invitations", school.senco) == [
        date(2026, 12, 7), date(2026, 12, 17)]
    assert days_of("ehcp_invitations", f"plan:{school.ehcp.id}:invitations", school.teacher) == []
    assert reviews == [ehcp_due]
    assert days_of("ehcp_report", f"plan:{school.ehcp.id}:report", school.senco)[:2] == [
        date(2027, 1, 15), calendar.add_school_days(ehcp_due + timedelta(days=14), -2)]

    # Exit assessment: to the group's lead, stopped once every pupil's is recorded.
    assert days_of("exit_assessment", f"intervention:{school.group.id}:exit", school.ta) == [
        date(2027, 1, 29), date(2027, 2, 10)]

    # The pattern of concerns: the SENCO hears once, the morning after the third.
    assert days_of("pattern", f"pupil:{school.effie.id}:pattern", school.senco) == [date(2026, 10, 15)]

    # The SEN register: termly, to the SENCO.
    assert days_of("register_review", f"school:{school.id}:register", school.senco)[:2] == [
        date(2026, 12, 4), date(2026, 12, 16)]

    # The TA's morning message: school days only, while the group runs.
    mornings = days_of("morning_sessions", f"staff:{school.ta.id}:morning", school.ta)
    assert mornings[0] == date(2026, 9, 14) and mornings[-1] <= date(2027, 2, 12)
    assert len(mornings) == len(set(mornings))

    # The digest: one a week to the staff room, on the first school day of the week.
    digests = [r for r in rows if r.kind == "digest.weekly"]
    weeks = {day - timedelta(days=day.weekday()) for day in _days(FIRST, LAST) if calendar.is_school_day(day)}
    assert sorted(r.due_on for r in digests) == sorted(weeks)
    assert all(r.recipient == f"registration:{school.room.id}" for r in digests)
    assert all(created_on[r.id] == calendar.next_school_day(r.due_on) for r in digests)
