"""Who read or changed which pupil's record, when and through which channel."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow

AUDIT_ACTIONS = ("read", "change", "export", "refused")


class AuditEvent(Base):
    __tablename__ = "audit_events"
    # A pupil's access history, newest first (subject access requests, DSL checks).
    __table_args__ = (Index("ix_audit_pupil_at", "pupil_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # None only for a refused stranger whose workspace maps to no school.
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: the system or an unknown user
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupils.id"))
    action: Mapped[str] = mapped_column(String(10))
    record: Mapped[str] = mapped_column(String(40))  # "pen_portrait", "concern", "export", ...
    channel: Mapped[str] = mapped_column(String(10))
    detail: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[datetime] = mapped_column(default=utcnow)


def audit(
    db: Session,
    *,
    school_id: int | None,
    staff_id: int | None,
    pupil_id: int | None,
    action: str,
    record: str,
    channel: str,
    detail: str | None = None,
    at: datetime | None = None,
) -> datetime:
    """Write one audit row in the caller's transaction (it commits or rolls back with the rest); returns its time.

    One Core INSERT on the session's connection rather than an ORM object or an ORM-enabled insert:
    every pen portrait read writes one, and either ORM path costs several times the statement.
    """
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    at = at or utcnow()
    db.connection().execute(_INSERT, {
        "school_id": school_id, "staff_id": staff_id, "pupil_id": pupil_id, "action": action,
        "record": record, "channel": channel, "detail": detail[:500] if detail else None, "at": at,
    })
    return at


_INSERT = insert(AuditEvent)  # built once; the values come with each execution
