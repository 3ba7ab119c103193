"""Callers seen in the last minute, so a busy chat doesn't re-read the same identity and reference every message.

The database stays the record: an entry only says "this account, in this conversation, with this exact
reference, was checked and stored a moment ago". Conversation still re-reads the staff member (and
refuses anyone made inactive), and an entry lives at most `ttl` seconds.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

MAX_ENTRIES = 10_000  # a whole trust's staff; beyond that, start again rather than grow without bound


class RecentCallers:
    def __init__(self, *, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.clock = clock
        self._seen: dict[tuple[str, str, str], tuple[str, int, float]] = {}

    @staticmethod
    def _fingerprint(reference: dict[str, Any]) -> str:
        return json.dumps(reference, sort_keys=True)

    def staff_id(self, *, tenant: str, user_id: str, reference: dict[str, Any]) -> int | None:
        """The staff id checked for this caller and reference within the last `ttl` seconds, if any."""
        entry = self._seen.get((tenant, user_id, reference["conversation"]["id"]))
        if entry is None:
            return None
        fingerprint, staff_id, expires = entry
        if expires <= self.clock() or fingerprint != self._fingerprint(reference):
            return None
        return staff_id

    def remember(self, *, tenant: str, user_id: str, reference: dict[str, Any], staff_id: int) -> None:
        if len(self._seen) >= MAX_ENTRIES:
            self._seen.clear()
        key = (tenant, user_id, reference["conversation"]["id"])
        self._seen[key] = (self._fingerprint(reference), staff_id, self.clock() + self.ttl)

    def forget_conversation(self, conversation_id: str) -> None:
        """A send there failed for good: the next message must go to the database and revive it."""
        for key in [k for k in self._seen if k[2] == conversation_id]:
            del self._seen[key]
