"""Append-only records: a correction is a new version that supersedes the old, never an edit."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, event, exists, inspect, select
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from models.base import utcnow


class AppendOnly:
    """Columns shared by concerns, sessions and parent conversations.

    The current version of a record is the one no other row supersedes; `voided` versions
    withdraw it (an undo) while keeping the history.
    """

    # Columns that may be filled in once, in the transaction that inserts the row (a reference
    # that is the row's own id is known only after the insert).
    set_once: tuple[str, ...] = ()

    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    voided: Mapped[bool] = mapped_column(default=False)

    @declared_attr
    def supersedes_id(cls) -> Mapped[int | None]:
        # Unique: a version can be corrected once, so the history is a single line.
        return mapped_column(ForeignKey(f"{cls.__tablename__}.id"), unique=True)

    @declared_attr
    def recorded_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("staff.id"), index=True)

    @classmethod
    def current(cls):
        """A filter that keeps only current, not voided versions."""
        newer = inspect(cls).local_table.alias("newer")
        return (~exists(select(newer.c.id).where(newer.c.supersedes_id == cls.id))) & (cls.voided.is_(False))


class AppendOnlyViolation(RuntimeError):
    """Raised when code tries to edit or delete an append-only record in place."""


@event.listens_for(Session, "before_flush")
def _refuse_edits(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AppendOnly) and (obj in session.deleted or _edited(obj)):
            raise AppendOnlyViolation(
                f"{type(obj).__name__} {obj.id} is append-only: add a new version that supersedes it"
            )


def _edited(obj: AppendOnly) -> bool:
    """True when a stored value changes; filling in an empty set-once column is not an edit."""
    for attr in inspect(obj).attrs:
        history = attr.load_history()
        if not history.has_changes():
            continue
        if attr.key in obj.set_once and all(old is None for old in history.deleted):
            continue
        return True
    return False
