"""Answers about pupils asked for in a shared channel go to the person's own 1:1 chat, through the outbox, so an
answer waits for someone who has not opened a chat with the bot yet; the channel gets a note with no pupil data."""
from __future__ import annotations

import secrets
from dataclasses import replace
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers.reply import Reply, to_data
from models import ConversationRef, School, Staff, utcnow
from models.db import unit_of_work
from models.outbox import enqueue


def answer_privately(factory: sessionmaker[Session], *, staff_id: int, channel: str, replies: list[Reply]) -> Reply:
    """Queue `replies` for the person's 1:1 chat; the note to post in the channel instead."""
    with unit_of_work(factory) as db:
        staff = db.get(Staff, staff_id)
        school = db.get(School, staff.school_id)
        today = utcnow().astimezone(ZoneInfo(school.timezone)).date()
        for reply in replies:
            enqueue(db, school_id=staff.school_id, kind="private.reply", subject=f"private:{secrets.token_hex(8)}",
                    recipient=f"staff:{staff_id}", due_on=today, prompt=reply.prompt, urgent=True,
                    data={"reply": to_data(replace(reply, private=False))})
        has_chat = db.scalar(select(ConversationRef.id).where(
            ConversationRef.staff_id == staff_id, ConversationRef.channel == channel,
            ConversationRef.is_channel.is_(False), ConversationRef.dead.is_(False)).limit(1)) is not None
    return Reply("channel.answered_privately" if has_chat else "channel.open_personal_chat",
                 {"name": staff.name.split()[0]})
