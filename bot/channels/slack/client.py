"""The Slack Web API client: one per process, retrying rate limits and Slack's own server errors."""
from __future__ import annotations

import logging

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler, AsyncRateLimitErrorRetryHandler, AsyncServerErrorRetryHandler,
)
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import Settings


# slack_sdk logs whole request bodies at DEBUG, and a body may be a DSL's alert: its loggers never go below INFO.
logging.getLogger("slack_sdk").setLevel(logging.INFO)
logging.getLogger("slack_bolt").setLevel(logging.INFO)


def make_client(settings: Settings) -> AsyncWebClient:
    """An AsyncWebClient for the bot token at settings.slack_api_url, with retry handlers."""
    base_url = settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    return AsyncWebClient(
        token=settings.slack_bot_token, base_url=base_url, timeout=10,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def slack_error(exc: SlackApiError) -> str:
    """Slack's error code ("channel_not_found"), or the HTTP status when the body was not Slack's JSON."""
    data = exc.response.data
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return f"http_{exc.response.status_code}"
