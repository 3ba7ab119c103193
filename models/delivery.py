"""Conversation plumbing kept in the database: dialog state, references, the outbox."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, school_fk, utcnow

OUTBOX_STATES = ("pending", "sent", "failed", "withdrawn")  # withdrawn: its record was undone before it went
# held: a possible indicator waiting for the person's answer; open: the DSLs are alerted; acknowledged: a DSL took it;
# review: the person said it is a SEND matter, so it waits on the DSLs' possible-safeguarding list; closed: a DSL
# recorded the action taken (ALERT_ACTIONS), "not_safeguarding" among them.
ALERT_STATES = ("held", "open", "acknowledged", "review", "closed")
ALERT_ACTIONS = ("advice", "referral", "early_help", "monitoring", "no_further_action", "not_safeguarding")


class DialogState(Base):
    """A pending question in one user's conversation, so a restart or another process can resume it."""

    __tablename__ = "dialog_states"
    __table_args__ = (UniqueConstraint("staff_id", "conversation"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    conversation: Mapped[str] = mapped_column(String(300))  # channel + conversation id
    state: Mapped[dict] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ConversationRef(Base):
    """Where the bot can write to someone or to a channel later (proactive messages)."""

    __tablename__ = "conversation_refs"
    __table_args__ = (UniqueConstraint("channel", "conversation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    conversation_id: Mapped[str] = mapped_column(String(300))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)  # 1:1
    is_channel: Mapped[bool] = mapped_column(default=False)
    reference: Mapped[dict] = mapped_column(JSON)  # platform's own reference (Teams ConversationReference)
    dead: Mapped[bool] = mapped_column(default=False)  # 403: uninstalled or blocked
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ChannelRegistration(Base):
    """A staff channel a school chose for its posts (the weekly digest)."""

    __tablename__ = "channel_registrations"
    __table_args__ = (UniqueConstraint("school_id", "purpose", "conversation_ref_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    purpose: Mapped[str] = mapped_column(String(20), default="digest")
    conversation_ref_id: Mapped[int] = mapped_column(ForeignKey("conversation_refs.id", ondelete="CASCADE"))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxMessage(Base):
    """A notification to send, written in the transaction that makes it due; the key makes it once-only."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("kind", "subject", "recipient", "due_on"),
        # The dispatcher's claim: pending rows whose time has come.
        Index("ix_outbox_pending", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    kind: Mapped[str] = mapped_column(String(40))  # "concern.new", "safeguarding.alert", "nudge.review", ...
    subject: Mapped[str] = mapped_column(String(100))  # "concern:12", "plan:7"
    recipient: Mapped[str] = mapped_column(String(100))  # "staff:3" or "registration:2"
    due_on: Mapped[date] = mapped_column(Date)
    prompt: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    urgent: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()


class ProcessedEvent(Base):
    """Platform event ids already handled, so a retried delivery writes nothing twice."""

    __tablename__ = "processed_events"
    __table_args__ = (UniqueConstraint("channel", "event_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    event_id: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # pruning old ids


class SafeguardingAlert(Base):
    """A restricted record of a possible safeguarding matter: only DSLs may read it."""

    __tablename__ = "safeguarding_alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: held from a CSV import
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupils.id"))
    text: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(10))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    escalated_at: Mapped[datetime | None] = mapped_column()
    level: Mapped[str] = mapped_column(String(10), default="clear", server_default="clear")  # or "possible"
    status: Mapped[str] = mapped_column(String(20), default="open", server_default="open", index=True)
    # While held or on the review list: what the person asked to save (route and values), so "No, it's a SEND
    # matter" files it as asked. Cleared once filed; only this restricted table ever holds it.
    held: Mapped[dict | None] = mapped_column(JSON)
    action: Mapped[str | None] = mapped_column(String(30))
    action_note: Mapped[str | None] = mapped_column(Text)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[datetime | None] = mapped_column()
