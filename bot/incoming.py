"""A message or button press from any channel, in one neutral shape."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Incoming:
    channel: str  # "teams" | "slack" | "webchat" | "cli"
    conversation_id: str  # the platform's conversation (a 1:1 chat, a channel, a thread)
    staff_id: int  # resolved by the adapter through bot.identity
    text: str = ""
    action: str | None = None  # a pressed button's or submitted form's action
    values: Mapping[str, Any] = field(default_factory=dict)
    is_channel: bool = False  # a team channel or group chat, not a 1:1
    event_id: str | None = None  # the platform's id for de-duplicating retried deliveries
