"""Socket Mode: the same bolt app over a websocket, with a watchdog for Slack's silent idle disconnects."""
from __future__ import annotations

import asyncio
import contextlib
import logging

from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

log = logging.getLogger(__name__)

WATCH_EVERY = 30.0  # seconds between connection checks


class SocketModeRunner:
    """A connected Socket Mode handler; `stop()` closes it and its watchdog."""

    def __init__(self, app: AsyncApp, app_token: str, *, watch_every: float = WATCH_EVERY, ping_interval: float = 10):
        self.handler = AsyncSocketModeHandler(app, app_token, ping_interval=ping_interval)
        self.watch_every = watch_every
        self.reconnects = 0
        self._watchdog: asyncio.Task | None = None

    async def start(self) -> SocketModeRunner:
        await self.handler.connect_async()
        self._watchdog = asyncio.create_task(self._watch(), name="slack-socket-watchdog")
        return self

    async def check(self) -> bool:
        """Reconnect if the socket is down or its pings stopped; True when a reconnect was needed."""
        client = self.handler.client
        if await client.is_connected() and not await client.is_ping_pong_failing():
            return False
        log.warning("Slack Socket Mode connection lost; reconnecting")
        await client.connect_to_new_endpoint(force=True)
        self.reconnects += 1
        log.info("Slack Socket Mode reconnected (%d so far)", self.reconnects)
        return True

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.watch_every)
            try:
                await self.check()
            except Exception:
                # Slack may be unreachable for a while; keep watching and try again next time.
                log.exception("Slack Socket Mode reconnect failed")

    async def stop(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watchdog
        await self.handler.close_async()
