"""What every channel adapter offers the outbox dispatcher: send a Reply to a stored reference."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from handlers.reply import Reply


@dataclass(frozen=True)
class Target:
    """A stored place to write to: a person's 1:1 chat or a team channel (a ConversationRef row)."""

    ref_id: int
    channel: str
    conversation_id: str
    reference: dict[str, Any]  # the platform's own reference data
    is_channel: bool
    school_id: int | None


class DeliveryError(Exception):
    """A send failed. `permanent` means never retry (app removed, user blocked the bot)."""

    def __init__(self, message: str, *, retry_after: float | None = None, permanent: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


class Sender(Protocol):
    """Implemented by each channel adapter that can write first (proactive messages)."""

    name: str

    async def send(self, target: Target, reply: Reply) -> None:
        """Deliver one reply, or raise DeliveryError."""
        ...
