"""Several schedulers on one PostgreSQL database: every nudge and notification is sent exactly once."""
from __future__ import annotations

import asyncio
import threading
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from bot.channels.base import Target
from bot.scheduling.dispatcher import claim, dispatch_due
from bot.scheduling.jobs import make_nudges
from handlers.reply import Reply
from models import OutboxMessage
from models.outbox import enqueue
from tests.conftest import PG_URL
from tests.scheduling.conftest import morning, outbox

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL: set TEST_DATABASE_URL")
DAY = date(2027, 3, 2)


class CountingSender:
    """A slow channel shared by every scheduler, counting what each outbox row delivered."""

    name = "teams"

    def __init__(self):
        self.lock = threading.Lock()
        self.sent: Counter[int] = Counter()

    async def send(self, target: Target, reply: Reply) -> None:
        await asyncio.sleep(0.002)  # long enough for the other scheduler to try the same rows
        with self.lock:
            self.sent[reply.data["n"]] += 1


def _fill(db_factory, school, count: int) -> None:
    with db_factory() as db:
        for n in range(count):
            staff = (school.teacher, school.senco, school.ta)[n % 3]
            message = enqueue(db, school_id=school.id, kind="concern.acknowledged", subject=f"concern:{n}",
                              recipient=f"staff:{staff.id}", due_on=DAY, prompt="notify.concern_acknowledged",
                              data={"n": n, "by": "Ruth Amberley", "reference": n, "pupil": "Tobias Wren"})
            message.next_attempt_at = morning(DAY, 7, 0)
        db.commit()


def _together(*jobs):
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(i, job):
        barrier.wait()
        try:
            results[i] = job()
        except BaseException as exc:  # surfaced below: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_claim_skips_rows_another_scheduler_holds(db_url, db_factory, school):
    _fill(db_factory, school, 30)
    with db_factory() as holder:
        held = holder.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id).limit(10)
                              .with_for_update(skip_locked=True)).all()
        # While the first scheduler holds ten rows, the second takes the other twenty without waiting.
        [taken] = _together(lambda: claim(db_factory, {"teams": CountingSender()}, now=morning(DAY, 9, 0)))
        holder.rollback()
    assert len(taken) == 20 and not {c.id for c in taken} & set(held)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_schedulers_send_every_message_exactly_once(db_url, db_factory, school):
    _fill(db_factory, school, 240)
    sender = CountingSender()
    now = morning(DAY, 9, 0)

    def scheduler():
        sent = 0
        while True:
            result = asyncio.run(dispatch_due(db_factory, {"teams": sender}, now=now, batch=20))
            sent += result.sent
            if not (result.sent or result.retried):
                return sent

    first, second = _together(scheduler, scheduler)
    assert first and second  # both really worked
    assert first + second == 240
    assert sorted(sender.sent) == list(range(240)) and set(sender.sent.values()) == {1}
    assert {m.status for m in outbox(db_factory)} == {"sent"}


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_schedulers_making_nudges_at_once_queue_each_once(db_url, db_factory, school):
    now = morning(date(2026, 12, 4), 8, 20)
    first, second = _together(lambda: make_nudges(db_factory, now=now), lambda: make_nudges(db_factory, now=now))
    rows = outbox(db_factory)
    keys = Counter((m.kind, m.subject, m.recipient, m.due_on) for m in rows)
    assert rows and first + second == len(rows) and set(keys.values()) == {1}
