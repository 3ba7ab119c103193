"""The outbox dispatcher: retries with backoff, failure flagged to admins, routing, safeguarding never to a channel."""
from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from bot.channels.base import DeliveryError
from bot.scheduling.dispatcher import MAX_ATTEMPTS, NO_REFERENCE_WAIT, dispatch_due
from bot.scheduling.jobs import escalate_safeguarding
from handlers.request import Request
from handlers.routes import ROUTES
from models import ConversationRef, OutboxMessage, SafeguardingAlert
from models.outbox import enqueue
from tests.scheduling.conftest import FakeSender, act, fetch, morning, outbox, sent_to

DAY = date(2027, 3, 2)  # a Tuesday in term
NOW = morning(DAY, 9, 0)


def _queue(db, school, *, recipient, kind="concern.acknowledged", prompt="notify.concern_acknowledged", **data):
    message = enqueue(db, school_id=school.id, kind=kind, subject="concern:1", recipient=recipient, due_on=DAY,
                      prompt=prompt, data={"by": "Ruth Amberley", "reference": 1, "pupil": "Tobias Wren", **data})
    db.commit()
    return message


def _dispatch(db_factory, senders, now):
    return asyncio.run(dispatch_due(db_factory, senders, now=now))


def test_429_and_500_are_retried_with_backoff_then_sent_once(db, db_factory, school):
    message = _queue(db, school, recipient=f"staff:{school.teacher.id}")
    teams = FakeSender("teams", failures=[DeliveryError("Too many requests", retry_after=120),
                                          DeliveryError("Bot Connector answered 500")])
    assert _dispatch(db_factory, {"teams": teams}, NOW).retried == 1
    row = fetch(db_factory, OutboxMessage, message.id)
    assert row.status == "pending" and row.attempts == 1 and row.next_attempt_at >= NOW + timedelta(seconds=120)
    # Not yet due: nothing is tried before the platform's Retry-After.
    assert _dispatch(db_factory, {"teams": teams}, NOW + timedelta(seconds=60)).retried == 0
    assert _dispatch(db_factory, {"teams": teams}, NOW + timedelta(seconds=121)).retried == 1
    second_try = fetch(db_factory, OutboxMessage, message.id).next_attempt_at
    assert second_try - (NOW + timedelta(seconds=121)) >= timedelta(seconds=60)  # the backoff grows
    assert _dispatch(db_factory, {"teams": teams}, second_try).sent == 1
    assert _dispatch(db_factory, {"teams": teams}, second_try + timedelta(hours=2)).sent == 0
    row = fetch(db_factory, OutboxMessage, message.id)
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, None)
    assert len(sent_to(teams, school.teacher.ref_id)) == 1


def test_after_too_many_failures_the_row_fails_and_the_admin_is_told_without_the_content(db, db_factory, school):
    message = _queue(db, school, recipient=f"staff:{school.teacher.id}", outcome="Referred to speech therapy")
    teams = FakeSender("teams", failures=[DeliveryError("Bot Connector answered 503")] * MAX_ATTEMPTS)
    now = NOW
    for _ in range(MAX_ATTEMPTS):
        _dispatch(db_factory, {"teams": teams}, now)
        now = max(now, fetch(db_factory, OutboxMessage, message.id).next_attempt_at)
    row = fetch(db_factory, OutboxMessage, message.id)
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    [flag] = outbox(db_factory, "delivery.failed")
    assert flag.recipient == f"staff:{school.admin.id}"
    assert flag.data["recipient"] == "Grace Whitmore" and "speech therapy" not in str(flag.data)
    assert _dispatch(db_factory, {"teams": teams}, now).sent == 1  # the admin's flag goes out
    assert "failed 8 times" in teams.texts[-1]


def test_a_dead_reference_is_skipped_for_the_next_channel_and_no_reference_waits(db, db_factory, school):
    slack_ref = ConversationRef(school_id=school.id, channel="slack", conversation_id="D0TEACHER", staff_id=school.teacher.id,
                                reference={"channel": "D0TEACHER"}, updated_at=datetime(2020, 1, 6, tzinfo=timezone.utc))
    db.add(slack_ref)
    db.commit()
    first = _queue(db, school, recipient=f"staff:{school.teacher.id}")
    teams = FakeSender("teams", failures=[DeliveryError("app removed", permanent=True)])
    slack = FakeSender("slack")
    assert _dispatch(db_factory, {"teams": teams, "slack": slack}, NOW).sent == 1
    assert fetch(db_factory, ConversationRef, school.teacher.ref_id).dead
    assert [t.ref_id for t, _ in slack.sent] == [slack_ref.id]
    assert fetch(db_factory, OutboxMessage, first.id).status == "sent"
    # The TA has no reference on any configured channel: kept, tried again much later, never counted as failing.
    waiting = _queue(db, school, recipient=f"staff:{school.ta.id}", kind="concern.closed", prompt="notify.concern_closed",
                     outcome="Monitoring")
    assert _dispatch(db_factory, {"slack": slack}, NOW).waiting == 1
    row = fetch(db_factory, OutboxMessage, waiting.id)
    assert (row.status, row.attempts) == ("pending", 0) and row.next_attempt_at == NOW + NO_REFERENCE_WAIT


def test_a_new_concern_reaches_the_senco_with_an_acknowledge_button(db, db_factory, school, teams):
    request = Request(actor=school.teacher, channel="teams", intent="log_concern", now=NOW, today=DAY,
                      slots={"pupil_ids": [school.arlo.id], "noticed": "Avoids writing tasks and copies slowly",
                             "evidence": "", "area_of_need": "cognition_learning"})
    ROUTES["log_concern"](request, db)
    db.commit()
    db.close()
    assert _dispatch(db_factory, {"teams": teams}, NOW).sent == 1
    [(target, reply)] = teams.sent
    assert target.ref_id == school.senco.ref_id and not target.is_channel
    assert [(c.action, dict(c.data)) for c in reply.choices] == [("acknowledge_concern", {"reference": reply.data["reference"]})]


def _raise_alert(db, school, now):
    request = Request(actor=school.teacher, channel="teams", intent="safeguarding", now=now, today=DAY,
                      text="Arlo said someone at home hurts him", slots={"pupil_ids": [school.arlo.id]})
    ROUTES["safeguarding"](request, db)
    db.commit()
    alert = db.scalar(select(SafeguardingAlert).order_by(SafeguardingAlert.id.desc()))
    db.commit()
    return alert


def test_safeguarding_goes_to_dsls_directly_and_never_to_a_channel(db, db_factory, school, teams):
    alert = _raise_alert(db, school, NOW)
    # Even if something queued it for the staff room, the dispatcher refuses it.
    rogue = enqueue(db, school_id=school.id, kind="safeguarding.alert", subject=f"safeguarding:{alert.id}",
                    recipient=f"registration:{school.room.id}", due_on=DAY, prompt="notify.safeguarding_alert",
                    data={"text": "Arlo said someone at home hurts him"}, urgent=True)
    db.commit()
    result = _dispatch(db_factory, {"teams": teams}, NOW)
    assert result.failed == 1
    assert {t.ref_id for t, _ in teams.sent} == {school.dsl.ref_id, school.deputy.ref_id}
    assert not any(t.is_channel for t, _ in teams.sent)
    row = fetch(db_factory, OutboxMessage, rogue.id)
    assert row.status == "failed" and "never to a channel" in row.last_error
    assert all(c.action == "acknowledge_safeguarding" for _, r in teams.sent for c in r.choices)


def test_an_unacknowledged_alert_escalates_after_15_minutes_to_deputies_and_the_head(db, db_factory, school, teams):
    alert = _raise_alert(db, school, NOW)
    assert escalate_safeguarding(db_factory, now=NOW + timedelta(minutes=14)) == 0
    assert escalate_safeguarding(db_factory, now=NOW + timedelta(minutes=15)) == 1
    assert escalate_safeguarding(db_factory, now=NOW + timedelta(minutes=16)) == 0  # once only
    escalations = outbox(db_factory, "safeguarding.escalation")
    assert {m.recipient for m in escalations} == {f"staff:{school.deputy.id}", f"staff:{school.head.id}"}
    assert all(m.urgent for m in escalations)
    _dispatch(db_factory, {"teams": teams}, NOW + timedelta(minutes=15))
    assert any("within 15 minutes" in t for t in teams.texts)
    # The head takes it from the button (read afresh, as a new request reads it).
    db.expire_all()
    reply = act(db, school.head, "acknowledge_safeguarding", today=DAY, alert_id=alert.id)
    assert reply.prompt == "safeguarding_ack.done"
    assert act(db, school.dsl, "acknowledge_safeguarding", today=DAY, alert_id=alert.id).prompt == "safeguarding_ack.already"
    assert act(db, school.teacher, "acknowledge_safeguarding", today=DAY, alert_id=alert.id).prompt == "access.refused"


def test_an_acknowledged_alert_does_not_escalate(db, db_factory, school):
    alert = _raise_alert(db, school, NOW)
    act(db, school.dsl, "acknowledge_safeguarding", today=DAY, now=NOW + timedelta(minutes=3), alert_id=alert.id)
    assert escalate_safeguarding(db_factory, now=NOW + timedelta(minutes=30)) == 0
    assert outbox(db_factory, "safeguarding.escalation") == []
    assert fetch(db_factory, SafeguardingAlert, alert.id).acknowledged_by_id == school.dsl.id
