"""Live delivery to open browser tabs, in memory: this is a local demo channel, not a message store.

A person's messages wait in a short queue while no tab of theirs is open, and are lost on restart
(the outbox has already marked them sent). A staff room keeps its last posts for every tab that opens.
"""
from __future__ import annotations

import asyncio
from collections import defaultdict, deque
from typing import Any

BACKLOG = 20

Event = dict[str, Any]


class Live:
    def __init__(self, backlog: int = BACKLOG):
        self._tabs: dict[str, set[asyncio.Queue[Event | None]]] = defaultdict(set)
        self._waiting: dict[str, deque[Event]] = defaultdict(lambda: deque(maxlen=backlog))
        self._history: dict[str, deque[Event]] = defaultdict(lambda: deque(maxlen=backlog))

    def open(self, person: str, rooms: tuple[str, ...] = ()) -> asyncio.Queue[Event | None]:
        """A new tab listening to one person and some rooms; it first gets what was waiting for it."""
        queue: asyncio.Queue[Event | None] = asyncio.Queue()
        for event in self._waiting.pop(person, ()):
            queue.put_nowait(event)
        for room in rooms:
            for event in self._history.get(room, ()):
                queue.put_nowait(event)
        for topic in (person, *rooms):
            self._tabs[topic].add(queue)
        return queue

    def close(self, queue: asyncio.Queue[Event | None]) -> None:
        for topic in list(self._tabs):
            self._tabs[topic].discard(queue)
            if not self._tabs[topic]:
                del self._tabs[topic]

    def is_open(self, topic: str) -> bool:
        return bool(self._tabs.get(topic))

    def to_person(self, person: str, event: Event) -> int:
        """Push to every open tab of this person, or keep it until one opens; returns tabs reached."""
        tabs = self._tabs.get(person, set())
        if not tabs:
            self._waiting[person].append(event)
        for queue in tabs:
            queue.put_nowait(event)
        return len(tabs)

    def to_room(self, room: str, event: Event) -> int:
        """Post to a room: every open tab sees it now, later tabs from its history."""
        self._history[room].append(event)
        tabs = self._tabs.get(room, set())
        for queue in tabs:
            queue.put_nowait(event)
        return len(tabs)

    def shut(self) -> None:
        """End every open stream (the server is stopping)."""
        for queue in {q for tabs in self._tabs.values() for q in tabs}:
            queue.put_nowait(None)
