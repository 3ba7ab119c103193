"""Scheduled work: making nudges and digests due, escalating safeguarding alerts, delivering the outbox."""
from bot.scheduling.dispatcher import dispatch_due
from bot.scheduling.scheduler import attach_scheduler, build_scheduler, run_scheduler_forever

__all__ = ["attach_scheduler", "build_scheduler", "dispatch_due", "run_scheduler_forever"]
