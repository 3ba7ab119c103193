"""The page's demo controls: run a scheduled job for one school now instead of at its set time."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.channels.webchat.routes import Trigger
from bot.services import Services
from handlers.digest import queue_digest
from handlers.nudges import queue_due_nudges
from models import School, utcnow
from models.db import unit_of_work
from models.db_thread import run_db

Job = Callable[..., int]  # (db, *, school_id, today) -> how many messages it queued


def _now(services: Services, job: Job, clock: Callable[[], datetime]) -> Trigger:
    """A trigger running `job` for one school on the school's own today (outbox keys keep it once-only)."""

    def work(school_id: int) -> int:
        with unit_of_work(services.factory) as db:
            return job(db, school_id=school_id, today=_today(db, school_id, clock))

    async def run(school_id: int) -> int:
        return await run_db(services.factory, work, school_id)

    return run


def _today(db: Session, school_id: int, clock: Callable[[], datetime]):
    return clock().astimezone(ZoneInfo(db.get(School, school_id).timezone)).date()


def demo_triggers(services: Services, *, clock: Callable[[], datetime] = utcnow) -> dict[str, Trigger]:
    """"Send today's nudges now" and "post the weekly digest", as the page's buttons name them."""
    return {"nudges": _now(services, queue_due_nudges, clock), "digest": _now(services, queue_digest, clock)}
