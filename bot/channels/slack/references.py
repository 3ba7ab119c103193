"""Where the bot can write later: Slack DMs and channels as ConversationRef rows, and the digest channel."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ChannelRegistration, ConversationRef, School, Staff, audit

CHANNEL = "slack"
DIGEST_ROLES = ("senco", "head", "admin")
DIGEST_PHRASE = re.compile(r"\bpost\b.*\bdigest\b.*\bhere\b", re.I | re.S)


def save_reference(db: Session, *, conversation_id: str, reference: dict[str, Any], staff_id: int | None,
                   school_id: int | None, is_channel: bool) -> ConversationRef:
    """Insert or refresh a reference; a message in it proves it is alive again."""
    row = db.scalar(select(ConversationRef).where(
        ConversationRef.channel == CHANNEL, ConversationRef.conversation_id == conversation_id))
    if row is None:
        row = ConversationRef(channel=CHANNEL, conversation_id=conversation_id, reference=reference,
                              staff_id=staff_id, school_id=school_id, is_channel=is_channel)
        db.add(row)
        db.flush()
        return row
    # Written only when something changed, so an ordinary message costs one read, not a write.
    changes = {"reference": reference, "dead": False, "staff_id": staff_id if staff_id is not None else row.staff_id,
               "school_id": school_id if school_id is not None else row.school_id}
    for name, value in changes.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    return row


def register_digest(db: Session, *, staff: Staff, team_id: str, channel_id: str) -> tuple[str, dict[str, Any]]:
    """Make this Slack channel the school's digest channel; returns the prompt key and its data."""
    school = db.get(School, staff.school_id)
    data = {"school": school.name}
    if not staff.has_role(*DIGEST_ROLES):
        return "slack.digest.not_allowed", data
    ref = save_reference(db, conversation_id=channel_id, reference={"team_id": team_id, "channel_id": channel_id},
                         staff_id=None, school_id=staff.school_id, is_channel=True)
    existing = db.scalar(select(ChannelRegistration).where(
        ChannelRegistration.school_id == staff.school_id, ChannelRegistration.purpose == "digest",
        ChannelRegistration.conversation_ref_id == ref.id))
    if existing is not None:
        return "slack.digest.already", data
    db.add(ChannelRegistration(school_id=staff.school_id, purpose="digest", conversation_ref_id=ref.id,
                               registered_by_id=staff.id))
    audit(db, school_id=staff.school_id, staff_id=staff.id, pupil_id=None, action="change", record="channel",
          channel=CHANNEL, detail=f"digest channel {channel_id}")
    return "slack.digest.registered", data
