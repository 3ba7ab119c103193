"""The dispatcher through the real Teams sender, over HTTP, against the local fake Bot Connector."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.scheduling.dispatcher import dispatch_due
from models import OutboxMessage
from models.db import unit_of_work
from models.outbox import enqueue
from tests.teams.conftest import NOW, TODAY, fake_connector, school, teams, words_of  # noqa: F401  (fixtures)

PERSONAL = "a:1hannahPersonalChatWithSendbot"


async def test_a_throttled_nudge_is_retried_after_retry_after_and_posted_once(teams, school):
    await teams.say("help")  # Hannah has written once: her 1:1 reference is stored
    factory, senders = teams.services.factory, teams.services.senders
    with unit_of_work(factory) as db:
        message = enqueue(db, school_id=school["school_id"], kind="nudge.parent_conversation",
                          subject=f"pupil:{school['sam']}:parents", recipient=f"staff:{school['hannah']}",
                          due_on=TODAY, prompt="nudge.parent_conversation",
                          data={"rule": "parent_conversation", "subject": f"pupil:{school['sam']}:parents",
                                "due": "2026-03-27", "pupil": "Sam Jones", "class_name": "4K", "last_label": None,
                                "overdue": False, "due_label": "Fri 27 Mar", "school_days_left": 13})
        message.next_attempt_at = NOW
        message_id = message.id
    for _ in range(5):  # Teams keeps answering 429 through the connector's own quick retries
        teams.connector.answer_next(PERSONAL, 429, {"Retry-After": "90"})
    before = len(teams.connector.sent_to(PERSONAL))

    first = await dispatch_due(factory, senders, now=NOW)
    assert first.retried == 1 and len(teams.connector.sent_to(PERSONAL)) == before
    with factory() as db:
        row = db.get(OutboxMessage, message_id)
        assert row.attempts == 1 and row.next_attempt_at >= NOW + timedelta(seconds=90)

    second = await dispatch_due(factory, senders, now=NOW + timedelta(seconds=91))
    assert second.sent == 1
    [posted] = teams.connector.sent_to(PERSONAL)[before:]
    assert "Sam Jones" in words_of(posted) and "Book a date" in words_of(posted)
    assert (await dispatch_due(factory, senders, now=NOW + timedelta(hours=1))).sent == 0
    with factory() as db:
        assert db.scalar(select(OutboxMessage.status).where(OutboxMessage.id == message_id)) == "sent"


async def test_a_500_from_teams_is_retried_not_lost(teams, school):
    await teams.say("help")
    factory, senders = teams.services.factory, teams.services.senders
    with unit_of_work(factory) as db:
        message = enqueue(db, school_id=school["school_id"], kind="concern.acknowledged", subject="concern:1",
                          recipient=f"staff:{school['hannah']}", due_on=TODAY, prompt="notify.concern_acknowledged",
                          data={"by": "Priya Shah", "reference": 1, "pupil": "Sam Jones"})
        message.next_attempt_at = NOW
    teams.connector.answer_next(PERSONAL, 500)
    assert (await dispatch_due(factory, senders, now=NOW)).retried == 1
    assert (await dispatch_due(factory, senders, now=NOW + timedelta(minutes=2))).sent == 1
    assert "Priya Shah has acknowledged" in words_of(teams.connector.sent_to(PERSONAL)[-1])
