"""Posting to Slack at about one message a second per channel, as Slack asks."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.prompts import prompts
from bot.render import blockkit
from handlers.reply import Reply

INTERVAL = 1.0  # seconds between posts to one channel
log = logging.getLogger(__name__)


class Pacer:
    """Spaces calls per key; the clock and sleep are injected so tests need not wait."""

    def __init__(self, interval: float = INTERVAL, *, clock: Callable[[], float] | None = None,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep):
        self.interval = interval
        self.clock = clock or (lambda: asyncio.get_running_loop().time())
        self.sleep = sleep
        self._next: dict[str, float] = {}

    async def wait(self, key: str) -> None:
        """Return when a call for `key` may go, reserving the next slot first so callers queue in order."""
        now = self.clock()
        slot = max(now, self._next.get(key, now))
        self._next[key] = slot + self.interval
        if len(self._next) > 10_000:  # forget channels that have been quiet
            self._next = {k: v for k, v in self._next.items() if v > now}
        if slot > now:
            await self.sleep(slot - now)


class Poster:
    """chat.postMessage and DMs for replies and notifications, through one paced client."""

    def __init__(self, client: AsyncWebClient, locale: str = "en-GB", pacer: Pacer | None = None):
        self.client = client
        self.locale = locale
        self.pacer = pacer or Pacer()
        self._dm: dict[str, str] = {}

    def body(self, reply: Reply) -> dict[str, Any]:
        return blockkit.message(prompts(self.locale).render(reply))

    async def post(self, channel: str, reply: Reply, *, thread_ts: str | None = None) -> dict[str, Any]:
        await self.pacer.wait(channel)
        response = await self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, **self.body(reply))
        return response.data

    async def ephemeral(self, channel: str, user_id: str, reply: Reply, *, thread_ts: str | None = None) -> None:
        """Shown only to `user_id` in a shared channel: an answer about pupils never posted for all to see."""
        await self.pacer.wait(channel)
        await self.client.chat_postEphemeral(channel=channel, user=user_id, thread_ts=thread_ts, **self.body(reply))

    async def dm_channel(self, user_id: str) -> str:
        """The bot's DM with a user (conversations.open is idempotent; the id is remembered)."""
        channel = self._dm.get(user_id)
        if channel is None:
            response = await self.client.conversations_open(users=user_id)
            channel = self._dm[user_id] = response["channel"]["id"]
        return channel

    async def dm(self, user_id: str, reply: Reply) -> dict[str, Any]:
        return await self.post(await self.dm_channel(user_id), reply)

    async def settle(self, channel: str, ts: str, message: dict[str, Any], outcome: str) -> None:
        """Replace a pressed message's buttons with a one-line outcome, so they cannot be pressed again."""
        words = prompts(self.locale).text("slack.pressed", {"outcome": outcome})
        kept = [b for b in message.get("blocks") or () if b.get("type") != "actions"]
        blocks = [*kept, {"type": "context", "elements": [{"type": "mrkdwn", "text": blockkit.mrkdwn(words)}]}]
        await self.pacer.wait(channel)
        try:
            await self.client.chat_update(channel=channel, ts=ts, text=message.get("text") or words, blocks=blocks)
        except SlackApiError as exc:  # the answer went out; an old message Slack won't update is only cosmetic
            log.warning("chat.update failed: %s", exc.response.get("error") if exc.response else exc)
