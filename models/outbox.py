"""Queueing notifications in the outbox, inside the caller's transaction."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.delivery import OutboxMessage


def enqueue(
    db: Session,
    *,
    school_id: int,
    kind: str,
    subject: str,
    recipient: str,
    due_on: date,
    prompt: str,
    data: dict[str, Any],
    urgent: bool = False,
) -> OutboxMessage | None:
    """Queue one notification; returns None when the same (kind, subject, recipient, due_on) is already queued.

    The unique key makes this exactly-once even when several processes race: the loser's insert
    fails inside a savepoint and the rest of its transaction carries on.
    """
    existing = db.scalar(
        select(OutboxMessage).where(
            OutboxMessage.kind == kind, OutboxMessage.subject == subject,
            OutboxMessage.recipient == recipient, OutboxMessage.due_on == due_on,
        )
    )
    if existing is not None:
        return None
    message = OutboxMessage(
        school_id=school_id, kind=kind, subject=subject, recipient=recipient, due_on=due_on,
        prompt=prompt, data=data, urgent=urgent,
    )
    try:
        with db.begin_nested():
            db.add(message)
    except IntegrityError:
        return None
    return message


def withdraw(db: Session, *, school_id: int, subject: str) -> int:
    """Stop notifications about a record that was undone before they went; returns how many."""
    pending = db.scalars(select(OutboxMessage).where(
        OutboxMessage.school_id == school_id, OutboxMessage.subject == subject, OutboxMessage.status == "pending"))
    count = 0
    for message in pending:
        message.status = "withdrawn"
        count += 1
    return count
