"""The Slack Sender: notifications, nudges and digests to a stored DM or channel."""
from __future__ import annotations

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.channels.base import DeliveryError, Target
from bot.channels.slack.post import Poster
from bot.channels.slack.client import slack_error
from bot.channels.slack.references import CHANNEL
from handlers.reply import Reply

# Slack errors that will not go away by retrying: the app was removed, the user or channel is gone.
PERMANENT = frozenset({
    "account_inactive", "channel_not_found", "is_archived", "not_in_channel", "user_not_found", "user_disabled",
    "invalid_auth", "token_revoked", "not_authed", "missing_scope", "cannot_dm_bot", "team_access_not_granted",
    "restricted_action", "ekm_access_denied",
})


class SlackSender:
    name = CHANNEL

    def __init__(self, poster: Poster):
        self.poster = poster

    async def send(self, target: Target, reply: Reply) -> None:
        """Post to a channel, or to a person's DM (opened with conversations.open); raise DeliveryError."""
        if target.channel != CHANNEL:
            raise DeliveryError(f"the Slack sender cannot send to a {target.channel} conversation", permanent=True)
        try:
            if target.is_channel:
                await self.poster.post(target.conversation_id, reply)
            else:
                user = target.reference.get("user_id")
                if not user:
                    raise DeliveryError("this Slack DM reference has no user id", permanent=True)
                await self.poster.dm(user, reply)
        except SlackApiError as exc:
            error = slack_error(exc)
            retry = exc.response.headers.get("Retry-After") if exc.response.headers else None
            raise DeliveryError(f"Slack said {error}", permanent=error in PERMANENT,
                                retry_after=float(retry) if retry else None) from exc
        except SlackClientError as exc:
            raise DeliveryError(f"could not reach Slack: {exc}") from exc
