"""What a handler is asked: who is acting, what they said or submitted, and the slots understood."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from handlers.portrait_views import PortraitViews
from models import Staff


@dataclass(frozen=True)
class Request:
    actor: Staff
    channel: str  # "teams" | "slack" | "webchat" | "cli"
    intent: str  # an understood intent or a button/form action name
    now: datetime  # aware UTC: the clock is injected, never read inline
    today: date  # the school's local date
    text: str = ""
    # Slots as plain data: pupil_ids, candidate_ids, unmatched, suggestion_ids, absent_ids, programme,
    # minutes, score, date, area_of_need, safeguarding, plus whatever earlier turns gathered.
    slots: Mapping[str, Any] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)  # a submitted form or a pressed button's data
    heard: Mapping[str, Any] = field(default_factory=dict)  # slots understood from this message's own text
    answer_for: str | None = None  # set when `text` answers a question the handler asked (Expect.missing)
    is_channel: bool = False  # said in a team channel rather than a 1:1 chat
    portraits: PortraitViews = field(default_factory=PortraitViews)  # a conversation passes its long-lived one

    @property
    def school_id(self) -> int:
        return self.actor.school_id

    def with_slots(self, **slots: Any) -> Request:
        return replace(self, slots={**self.slots, **slots})
