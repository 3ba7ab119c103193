"""The long-lived pieces one process shares: settings, the database, the conversation, the senders."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.base import Sender
from bot.conversation import Conversation
from bot.settings import Settings
from models.db import make_engine, session_factory


@dataclass
class Services:
    settings: Settings
    engine: Engine
    factory: sessionmaker[Session]
    conversation: Conversation
    senders: dict[str, Sender] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> Services:
        engine = make_engine(settings.database_url)
        factory = session_factory(engine)
        conversation = Conversation(factory, dialog_timeout=timedelta(minutes=settings.dialog_timeout_minutes))
        return cls(settings, engine, factory, conversation)
