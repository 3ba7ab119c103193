"""Where the bot can write later, for every chat platform: ConversationRef rows and the digest channel."""
from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ChannelRegistration, ConversationRef, School, Staff, audit, utcnow
from models.db import insert_or_ignore

DIGEST_ROLES = ("senco", "head", "admin")
Registration = Literal["registered", "already", "not_allowed"]


def find_reference(db: Session, *, channel: str, conversation_id: str) -> ConversationRef | None:
    return db.scalar(select(ConversationRef).where(
        ConversationRef.channel == channel, ConversationRef.conversation_id == conversation_id))


def save_reference(
    db: Session, *, channel: str, conversation_id: str, reference: dict[str, Any], staff_id: int | None,
    school_id: int | None, is_channel: bool,
) -> ConversationRef:
    """Insert or refresh the reference for this conversation; a message in it proves it is alive again."""
    row = find_reference(db, channel=channel, conversation_id=conversation_id)
    if row is None:
        # Two first messages in one conversation can arrive together: the second finds the first's row.
        added = insert_or_ignore(db, ConversationRef, keys=["channel", "conversation_id"], channel=channel,
                                 conversation_id=conversation_id, reference=reference, staff_id=staff_id,
                                 school_id=school_id, is_channel=is_channel, dead=False, updated_at=utcnow())
        row = find_reference(db, channel=channel, conversation_id=conversation_id)
        if added is not None:
            return row
    # Written only when something changed, so an ordinary message costs one read, not a write.
    changes = {"reference": reference, "dead": False, "staff_id": staff_id if staff_id is not None else row.staff_id,
               "school_id": school_id if school_id is not None else row.school_id}
    for name, value in changes.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    return row


def register_digest(
    db: Session, *, channel: str, staff: Staff, conversation_id: str, reference: dict[str, Any], where: str,
) -> tuple[Registration, dict[str, Any]]:
    """Make this channel the school's digest channel, if `staff` may; returns the outcome and the prompt data.

    `where` names the channel in the audit trail ("Teams channel 19:...", "Slack channel C...").
    """
    school = db.get(School, staff.school_id)
    data = {"school": school.name}
    if not staff.has_role(*DIGEST_ROLES):
        return "not_allowed", data
    ref = save_reference(db, channel=channel, conversation_id=conversation_id, reference=reference, staff_id=None,
                         school_id=staff.school_id, is_channel=True)
    existing = db.scalar(select(ChannelRegistration).where(
        ChannelRegistration.school_id == staff.school_id, ChannelRegistration.purpose == "digest",
        ChannelRegistration.conversation_ref_id == ref.id))
    if existing is not None:
        return "already", data
    db.add(ChannelRegistration(school_id=staff.school_id, purpose="digest", conversation_ref_id=ref.id,
                               registered_by_id=staff.id))
    audit(db, school_id=staff.school_id, staff_id=staff.id, pupil_id=None, action="change", record="channel",
          channel=channel, detail=f"digest posts to {where}"[:500])
    return "registered", data
