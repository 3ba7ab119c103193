"""Delivering the outbox: claim due rows (SKIP LOCKED), send each once, retry failures, flag what never goes.

A claim moves the row's next attempt a lease into the future and commits, so no other dispatcher
takes it while it is being sent; the send happens outside any transaction; the outcome is written
after. A process that dies mid-send leaves the row to be retried when the lease runs out.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.base import DeliveryError, Sender, Target
from handlers.notifications import is_safeguarding, reply_for
from handlers.reply import Reply
from models import ChannelRegistration, ConversationRef, OutboxMessage, Staff, StaffRole
from models.db import unit_of_work
from models.outbox import enqueue
from models.db_thread import run_db

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
NO_REFERENCE_WAIT = timedelta(hours=6)  # they may install the bot later: wait, don't give up
BATCH = 100


@dataclass
class Claimed:
    id: int
    school_id: int
    kind: str
    recipient: str
    attempts: int
    reply: Reply
    targets: list[Target]
    refused: str | None = None  # why this row must never be sent


@dataclass
class Outcome:
    id: int
    sent: bool = False
    error: str | None = None
    retry_after: float | None = None
    no_reference: bool = False
    refused: str | None = None
    dead_refs: list[int] = field(default_factory=list)


@dataclass
class DispatchResult:
    sent: int = 0
    retried: int = 0
    waiting: int = 0
    failed: int = 0


async def dispatch_due(factory: sessionmaker[Session], senders: Mapping[str, Sender], *, now: datetime,
                       batch: int = BATCH, max_attempts: int = MAX_ATTEMPTS) -> DispatchResult:
    """Send every outbox row whose time has come; returns what happened."""
    claimed = await run_db(factory, claim, factory, senders, now=now, batch=batch)
    outcomes = [await _deliver(message, senders) for message in claimed]
    return await run_db(factory, record, factory, claimed, outcomes, now=now, max_attempts=max_attempts)


def claim(factory: sessionmaker[Session], senders: Mapping[str, Sender], *, now: datetime,
          batch: int = BATCH) -> list[Claimed]:
    """Take up to `batch` due rows for this process, urgent first, skipping rows another process holds."""
    with unit_of_work(factory) as db:
        rows = list(db.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.urgent.desc(), OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        ))
        claimed = []
        for row in rows:
            row.next_attempt_at = now + LEASE
            claimed.append(Claimed(row.id, row.school_id, row.kind, row.recipient, row.attempts, reply_for(row, db),
                                   *_targets(db, row, senders)))
        return claimed


def _targets(db: Session, row: OutboxMessage, senders: Mapping[str, Sender]) -> tuple[list[Target], str | None]:
    kind, _, ident = row.recipient.partition(":")
    if not ident.isdigit():
        return [], f"unknown recipient {row.recipient!r}"
    if is_safeguarding(row.kind) and kind != "staff":
        # A safeguarding matter goes to named people, never to a channel: refuse, whatever queued it.
        return [], "safeguarding alerts go only to staff directly, never to a channel"
    if kind == "staff":
        staff = db.get(Staff, int(ident))
        if staff is None or not staff.active or staff.school_id != row.school_id:
            return [], "the member of staff is no longer active at this school"
        refs = db.scalars(select(ConversationRef)
                          .where(ConversationRef.staff_id == staff.id, ConversationRef.dead.is_(False),
                                 ConversationRef.is_channel.is_(False), ConversationRef.channel.in_(list(senders)))
                          .order_by(ConversationRef.updated_at.desc(), ConversationRef.id.desc())).all()
    elif kind == "registration":
        registration = db.get(ChannelRegistration, int(ident))
        if registration is None or registration.school_id != row.school_id:
            return [], "the channel registration no longer exists"
        ref = db.get(ConversationRef, registration.conversation_ref_id)
        refs = [ref] if ref is not None and not ref.dead and ref.channel in senders else []
    else:
        return [], f"unknown recipient {row.recipient!r}"
    targets = [Target(r.id, r.channel, r.conversation_id, dict(r.reference), r.is_channel, r.school_id) for r in refs]
    return targets, None


async def _deliver(message: Claimed, senders: Mapping[str, Sender]) -> Outcome:
    """Try the recipient's references newest first; the first that takes it wins."""
    outcome = Outcome(message.id, refused=message.refused)
    if message.refused:
        return outcome
    if not message.targets:
        outcome.no_reference = True
        return outcome
    errors = []
    for target in message.targets:
        try:
            await senders[target.channel].send(target, message.reply)
        except DeliveryError as exc:
            errors.append(f"{target.channel}: {exc}")
            if exc.permanent:
                outcome.dead_refs.append(target.ref_id)
                continue
            if exc.retry_after is not None:
                outcome.retry_after = max(outcome.retry_after or 0.0, exc.retry_after)
            continue
        except Exception as exc:  # a bug in one adapter must not stop the rest of the outbox
            log.exception("sender %s failed on outbox %s", target.channel, message.id)
            errors.append(f"{target.channel}: {type(exc).__name__}: {exc}")
            continue
        outcome.sent = True
        return outcome
    outcome.error = "; ".join(errors)[:2000]
    outcome.no_reference = len(outcome.dead_refs) == len(message.targets)
    return outcome


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    """30 s, 1, 2, 4 ... minutes, at most an hour; never sooner than the platform asked."""
    delay = min(FIRST_RETRY * (2 ** max(0, attempts - 1)), LONGEST_RETRY)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=retry_after))
    return delay


def record(factory: sessionmaker[Session], claimed: list[Claimed], outcomes: list[Outcome], *, now: datetime,
           max_attempts: int = MAX_ATTEMPTS) -> DispatchResult:
    """Write each send's outcome; a row that has failed `max_attempts` times is failed and flagged to admins."""
    result = DispatchResult()
    by_id = {c.id: c for c in claimed}
    with unit_of_work(factory) as db:
        for outcome in outcomes:
            row = db.get(OutboxMessage, outcome.id)
            for ref_id in outcome.dead_refs:
                ref = db.get(ConversationRef, ref_id)
                if ref is not None:
                    ref.dead = True
            if outcome.sent:
                row.status, row.sent_at, row.attempts, row.last_error = "sent", now, row.attempts + 1, None
                result.sent += 1
            elif outcome.refused:
                row.status, row.last_error = "failed", outcome.refused
                result.failed += 1
                log.error("outbox %s refused: %s", row.id, outcome.refused)
            elif outcome.no_reference:
                row.next_attempt_at = now + NO_REFERENCE_WAIT
                row.last_error = outcome.error or "no conversation with the recipient on any configured channel yet"
                result.waiting += 1
            else:
                row.attempts += 1
                row.last_error = outcome.error
                if row.attempts >= max_attempts:
                    row.status = "failed"
                    _flag_to_admins(db, row, by_id[row.id], now)
                    result.failed += 1
                else:
                    row.next_attempt_at = now + backoff(row.attempts, outcome.retry_after)
                    result.retried += 1
    return result


def _flag_to_admins(db: Session, row: OutboxMessage, claimed: Claimed, now: datetime) -> None:
    if row.kind == "delivery.failed":
        return  # an admin who cannot be reached is not told by another message that cannot reach them
    admins = db.scalars(select(Staff.id).join(StaffRole, StaffRole.staff_id == Staff.id)
                        .where(Staff.school_id == row.school_id, Staff.active.is_(True), StaffRole.role == "admin"))
    recipient = _recipient_name(db, row.recipient)
    for admin_id in admins:
        # Only what was undeliverable and to whom: never the message's own content.
        message = enqueue(db, school_id=row.school_id, kind="delivery.failed", subject=f"outbox:{row.id}",
                          recipient=f"staff:{admin_id}", due_on=now.date(), prompt="notify.delivery_failed",
                          data={"outbox_id": row.id, "what": row.kind, "recipient": recipient,
                                "attempts": row.attempts, "error": (row.last_error or "")[:300]})
        if message is not None:
            message.next_attempt_at = now


def _recipient_name(db: Session, recipient: str) -> str:
    kind, _, ident = recipient.partition(":")
    if kind == "staff" and ident.isdigit():
        staff = db.get(Staff, int(ident))
        return staff.name if staff else recipient
    return recipient
