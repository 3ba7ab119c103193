"""Teams conversation references in the database, so any process can write to a person or channel later."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.channels import references as shared
from bot.channels.base import Target
from models import ConversationRef, Staff, StaffIdentity

CHANNEL = "teams"


def save_reference(
    db: Session, *, reference: dict[str, Any], staff_id: int | None, school_id: int | None, is_channel: bool,
) -> ConversationRef:
    """Insert or refresh the reference for this Teams conversation."""
    return shared.save_reference(db, channel=CHANNEL, conversation_id=reference["conversation"]["id"],
                                 reference=reference, staff_id=staff_id, school_id=school_id, is_channel=is_channel)


def mark_dead(db: Session, *, ref_id: int) -> None:
    """The app was removed or the user blocked it: stop writing there until they speak again."""
    row = db.get(ConversationRef, ref_id)
    if row is not None:
        row.dead = True


def mark_conversation_dead(db: Session, *, conversation_id: str) -> None:
    row = shared.find_reference(db, channel=CHANNEL, conversation_id=conversation_id)
    if row is not None:
        row.dead = True


def register_digest(db: Session, *, staff: Staff, reference: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Make this team channel the school's digest channel; returns the prompt key and its data."""
    conversation_id = reference["conversation"]["id"]
    outcome, data = shared.register_digest(db, channel=CHANNEL, staff=staff, conversation_id=conversation_id,
                                           reference=reference, where=f"Teams channel {conversation_id}")
    return f"teams.digest.{outcome}", data


def as_target(row: ConversationRef) -> Target:
    return Target(ref_id=row.id, channel=CHANNEL, conversation_id=row.conversation_id, reference=dict(row.reference),
                  is_channel=row.is_channel, school_id=row.school_id)


def personal_target(db: Session, *, staff_id: int) -> Target | None:
    """The staff member's live 1:1 chat with the bot, if there is one."""
    row = db.scalar(select(ConversationRef).where(
        ConversationRef.channel == CHANNEL, ConversationRef.staff_id == staff_id,
        ConversationRef.is_channel.is_(False), ConversationRef.dead.is_(False)))
    return as_target(row) if row is not None else None


def chat_opening(db: Session, *, staff_id: int) -> dict[str, Any] | None:
    """What creating a 1:1 needs: the person's Teams id and tenant, and a service URL known in that tenant."""
    identity = db.scalar(select(StaffIdentity).where(StaffIdentity.staff_id == staff_id,
                                                     StaffIdentity.channel == CHANNEL))
    if identity is None:
        return None
    school_id = identity.staff.school_id
    for row in db.scalars(select(ConversationRef)
                          .where(ConversationRef.channel == CHANNEL, ConversationRef.school_id == school_id)
                          .order_by(ConversationRef.updated_at.desc())):
        ref = row.reference
        if ref.get("conversation", {}).get("tenantId") == identity.tenant and ref.get("serviceUrl"):
            return {"user_id": identity.user_id, "tenant": identity.tenant, "service_url": ref["serviceUrl"],
                    "bot": ref.get("bot") or {}, "school_id": school_id}
    return None
