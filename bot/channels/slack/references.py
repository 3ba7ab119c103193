"""Where the bot can write later: Slack DMs and channels as ConversationRef rows, and the digest channel."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from bot.channels import references as shared
from models import ConversationRef, Staff

CHANNEL = "slack"
DIGEST_PHRASE = re.compile(r"\bpost\b.*\bdigest\b.*\bhere\b", re.I | re.S)


def save_reference(db: Session, *, conversation_id: str, reference: dict[str, Any], staff_id: int | None,
                   school_id: int | None, is_channel: bool) -> ConversationRef:
    """Insert or refresh the reference for this Slack DM or channel."""
    return shared.save_reference(db, channel=CHANNEL, conversation_id=conversation_id, reference=reference,
                                 staff_id=staff_id, school_id=school_id, is_channel=is_channel)


def register_digest(db: Session, *, staff: Staff, team_id: str, channel_id: str) -> tuple[str, dict[str, Any]]:
    """Make this Slack channel the school's digest channel; returns the prompt key and its data."""
    outcome, data = shared.register_digest(db, channel=CHANNEL, staff=staff, conversation_id=channel_id,
                                           reference={"team_id": team_id, "channel_id": channel_id},
                                           where=f"Slack channel {channel_id}")
    return f"slack.digest.{outcome}", data
