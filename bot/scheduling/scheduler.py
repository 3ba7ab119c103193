"""APScheduler 3 jobs inside `sendbot serve`, or alone as `sendbot scheduler` beside several servers."""
from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.scheduling.clock import Clock, system_clock
from bot.scheduling.dispatcher import dispatch_due
from bot.scheduling.jobs import escalate_safeguarding, make_digests, make_nudges
from bot.services import Services
from models.db_thread import run_db

log = logging.getLogger(__name__)
SCHEDULER = web.AppKey("scheduler", AsyncIOScheduler)

# After downtime a missed run is caught up once (coalesce), not once per missed interval; the
# outbox keys make even a repeated run harmless.
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}


def build_scheduler(services: Services, *, clock: Clock = system_clock) -> AsyncIOScheduler:
    """The periodic jobs: deliver the outbox and escalate alerts every minute, nudges and digests every 5."""
    scheduler = AsyncIOScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
    factory = services.factory

    async def deliver() -> None:
        result = await dispatch_due(factory, services.senders, now=clock())
        if result.sent or result.failed:
            log.info("outbox: %s sent, %s retrying, %s waiting, %s failed", result.sent, result.retried,
                     result.waiting, result.failed)

    async def escalate() -> None:
        await run_db(factory, escalate_safeguarding, factory, now=clock())

    async def nudges() -> None:
        await run_db(factory, make_nudges, factory, now=clock())

    async def digests() -> None:
        await run_db(factory, make_digests, factory, now=clock())

    scheduler.add_job(escalate, IntervalTrigger(minutes=1), id="escalate_safeguarding")
    scheduler.add_job(deliver, IntervalTrigger(minutes=1), id="dispatch_outbox")
    scheduler.add_job(nudges, IntervalTrigger(minutes=5), id="make_nudges")
    scheduler.add_job(digests, IntervalTrigger(minutes=5), id="make_digests")
    return scheduler


async def run_scheduler_forever(services: Services) -> None:
    """Run the jobs until cancelled (the `sendbot scheduler` process)."""
    scheduler = build_scheduler(services)
    scheduler.start()
    log.info("scheduler running: %s", ", ".join(job.id for job in scheduler.get_jobs()))
    try:
        await asyncio.Event().wait()
    finally:
        scheduler.shutdown(wait=False)


def attach_scheduler(app: web.Application, services: Services, *, clock: Clock = system_clock) -> None:
    """Run the jobs inside `sendbot serve`: started with the app's loop, stopped with the app."""

    async def running(app: web.Application):
        scheduler = app[SCHEDULER] = build_scheduler(services, clock=clock)
        scheduler.start()
        yield
        scheduler.shutdown(wait=False)

    app.cleanup_ctx.append(running)
