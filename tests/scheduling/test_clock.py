"""08:15 local across the clock changes, a restart mid-morning, and the scheduler's catch-up settings."""
from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timezone
from types import SimpleNamespace

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.scheduling.clock import at_local, has_passed
from bot.scheduling.dispatcher import dispatch_due
from bot.scheduling.jobs import make_nudges
from bot.scheduling.scheduler import SCHEDULER, attach_scheduler, build_scheduler
from tests.scheduling.conftest import FakeSender, outbox


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_nudge_time_is_local_on_both_sides_of_the_clock_changes():
    assert at_local(date(2026, 10, 23), time(8, 15), "Europe/London") == utc(2026, 10, 23, 7, 15)  # BST
    assert at_local(date(2026, 10, 26), time(8, 15), "Europe/London") == utc(2026, 10, 26, 8, 15)  # GMT
    assert at_local(date(2027, 3, 26), time(8, 15), "Europe/London") == utc(2027, 3, 26, 8, 15)  # GMT
    assert at_local(date(2027, 3, 29), time(8, 15), "Europe/London") == utc(2027, 3, 29, 7, 15)  # BST


def test_nudges_wait_for_the_local_nudge_time_in_october_and_march(db_factory, school):
    # Thu 5 Nov 2026 (GMT) and Tue 23 Mar 2027 (GMT) are days with an ISP nudge; 12 Apr 2027 is in BST.
    assert make_nudges(db_factory, now=utc(2026, 11, 6, 8, 14)) == 0
    assert make_nudges(db_factory, now=utc(2026, 11, 6, 8, 15)) > 0
    assert not has_passed(utc(2027, 4, 12, 7, 14), time(8, 15), "Europe/London")
    assert has_passed(utc(2027, 4, 12, 7, 15), time(8, 15), "Europe/London")


def test_a_restart_mid_morning_sends_nothing_new(db_factory, school):
    teams = FakeSender("teams")
    first = make_nudges(db_factory, now=utc(2026, 11, 6, 8, 20))
    asyncio.run(dispatch_due(db_factory, {"teams": teams}, now=utc(2026, 11, 6, 8, 21)))
    sent = len(teams.sent)
    assert first > 0 and sent == first
    # The process restarts at 10:40 and runs everything again for the same day.
    again = make_nudges(db_factory, now=utc(2026, 11, 6, 10, 40))
    asyncio.run(dispatch_due(db_factory, {"teams": teams}, now=utc(2026, 11, 6, 10, 41)))
    assert again == 0 and len(teams.sent) == sent
    assert len(outbox(db_factory)) == first


def test_weekends_and_holidays_make_no_nudges_even_at_nudge_time(db_factory, school):
    for day in (date(2026, 11, 7), date(2026, 10, 28), date(2026, 12, 28), date(2027, 5, 3)):
        assert make_nudges(db_factory, now=at_local(day, time(9, 0), "Europe/London")) == 0
    assert outbox(db_factory) == []


async def test_the_scheduler_catches_up_a_missed_run_once(db_factory):
    services = SimpleNamespace(factory=db_factory, senders={})
    scheduler = build_scheduler(services, clock=lambda: utc(2026, 11, 6, 8, 20))
    scheduler.start(paused=True)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown(wait=False)
    assert set(jobs) == {"dispatch_outbox", "escalate_safeguarding", "make_nudges", "make_digests"}
    # coalesce: after downtime the missed runs collapse into one; the outbox keys make even that harmless.
    assert all(job.coalesce and job.max_instances == 1 and job.misfire_grace_time >= 3600 for job in jobs.values())


async def test_the_scheduler_runs_inside_the_server_and_stops_with_it(db_factory):
    app = web.Application()
    attach_scheduler(app, SimpleNamespace(factory=db_factory, senders={}), clock=lambda: utc(2026, 11, 6, 8, 20))
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    scheduler = app[SCHEDULER]
    assert scheduler.running and len(scheduler.get_jobs()) == 4
    await server.close()
    await asyncio.sleep(0)  # AsyncIOScheduler.shutdown runs on the loop's next turn
    assert not scheduler.running
