"""Talking to the Bot Connector REST API over one pooled aiohttp session, with cached tokens and retries.

botbuilder's CloudAdapter builds a new msrest ConnectorClient and token client for every activity and
sends each reply from a thread pool on a fresh connection; this keeps one keep-alive pool for every
serviceUrl and one bearer token per app, refreshed before it expires.
"""
from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

import aiohttp
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import MicrosoftAppCredentials

from bot.channels.base import DeliveryError
from bot.settings import Settings

RETRY_STATUSES = frozenset({412, 429, 502, 503, 504})
TOKEN_LIFETIME = 30 * 60  # AAD tokens last an hour or more; renew well before that


class ConnectorError(Exception):
    """The Bot Connector refused a request."""

    def __init__(self, status: int, body: str):
        super().__init__(f"Bot Connector answered {status}: {body[:200]}")
        self.status = status


class Connector:
    """One per process: the pooled HTTP session, the app's credentials and the retry policy."""

    def __init__(
        self, settings: Settings, *, attempts: int = 5, base_delay: float = 0.5, max_delay: float = 30.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, jitter: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.app_id = settings.microsoft_app_id
        self.credentials = (
            MicrosoftAppCredentials(settings.microsoft_app_id, settings.microsoft_app_password,
                                    channel_auth_tenant=settings.microsoft_app_tenant_id or None)
            if settings.teams_configured else MicrosoftAppCredentials(None, None)
        )
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.sleep = sleep
        self.jitter = jitter
        self.clock = clock
        self._session: aiohttp.ClientSession | None = None
        self._token: tuple[str, float] | None = None
        self._token_lock = asyncio.Lock()
        self._clients: dict[str, ConnectorClient] = {}

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=100, limit_per_host=50, keepalive_timeout=60),
                timeout=aiohttp.ClientTimeout(total=20),
            )
        return self._session

    def client(self, service_url: str) -> ConnectorClient:
        """botbuilder's own connector client for the rarer calls (TeamsInfo), one per serviceUrl."""
        client = self._clients.get(service_url)
        if client is None:
            client = self._clients[service_url] = ConnectorClient(self.credentials, base_url=service_url)
        return client

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
        for client in self._clients.values():
            await client.__aexit__(None, None, None)  # msrest async clients close only as context managers
        self._clients.clear()

    async def _headers(self) -> dict[str, str]:
        if not self.app_id:
            return {}  # local mode: the test client or emulator needs no token
        async with self._token_lock:
            if self._token is None or self._token[1] <= self.clock():
                token = await asyncio.to_thread(self.credentials.get_access_token)
                self._token = (token, self.clock() + TOKEN_LIFETIME)
            return {"Authorization": f"Bearer {self._token[0]}"}

    async def send_activity(self, service_url: str, conversation_id: str, activity: dict[str, Any], *,
                            retry: bool = True) -> dict[str, Any]:
        """POST one activity into a conversation; returns the connector's answer ({"id": ...})."""
        url = f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}/activities"
        return await self._post(url, activity, retry=retry)

    async def create_conversation(self, service_url: str, params: dict[str, Any]) -> dict[str, Any]:
        """POST /v3/conversations: open a 1:1 chat with someone who hasn't written to the bot."""
        return await self._post(f"{service_url.rstrip('/')}/v3/conversations", params, retry=True)

    async def _post(self, url: str, body: dict[str, Any], *, retry: bool) -> dict[str, Any]:
        attempts, attempt = (self.attempts if retry else 1), 0
        while True:
            attempt += 1
            try:
                async with self.session().post(url, json=body, headers=await self._headers()) as response:
                    if response.status < 300:
                        return await response.json(content_type=None) or {}
                    status, text = response.status, await response.text()
                    retry_after = _retry_after(response.headers.get("Retry-After"))
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                if attempt >= attempts:
                    raise DeliveryError(f"Bot Connector unreachable: {exc}") from exc
                await self.sleep(self._backoff(attempt, None))
                continue
            if status == 401 and self._token is not None and attempt < attempts:
                self._token = None  # revoked or rotated: fetch a fresh token once and try again
                continue
            if status not in RETRY_STATUSES:
                raise ConnectorError(status, text)
            if attempt >= attempts:
                raise DeliveryError(f"Bot Connector still answering {status} after {attempts} tries",
                                    retry_after=retry_after)
            await self.sleep(self._backoff(attempt, retry_after))

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with full jitter; a Retry-After from Teams is a floor, not a suggestion."""
        delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1)) * (0.5 + self.jitter() / 2)
        return max(delay, retry_after or 0.0)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: rare from the Bot Connector, and the backoff covers it
