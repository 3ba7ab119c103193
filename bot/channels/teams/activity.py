"""Reading what Teams sent: who, where, the words without the @mention, a pressed button's values."""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, Attachment
from msrest.exceptions import DeserializationError

from bot.channels.teams.wire import activity_from_json
from bot.prompts import Prompts, Rendered
from bot.render.adaptive import CARD_CONTENT_TYPE, needs_card, plain_text, to_card

CHANNEL = "teams"
_AT_TAG = re.compile(r"<at[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
# "@SENDbot post the weekly digest here" (and close variants) in a team channel.
DIGEST_HERE = re.compile(
    r"^\s*(?:please\s+)?(?:post|send|put)\s+(?:the\s+)?(?:weekly\s+)?(?:send\s+)?digest\s+"
    r"(?:here|in(?:to)?\s+this\s+channel)\b[\s.!]*(?:please)?[\s.!]*$", re.IGNORECASE)


def parse_activity(body: Any) -> Activity | None:
    """The Bot Framework activity in a request body, or None when it isn't one."""
    if not isinstance(body, dict):
        return None
    try:
        activity = activity_from_json(body)
    except (ValueError, TypeError, AttributeError, DeserializationError):
        return None
    if not activity.type or not activity.service_url or activity.conversation is None:
        return None
    return activity


@dataclass(frozen=True)
class Caller:
    """Who wrote, in which tenant and conversation, and the reference to write back there later."""

    tenant: str
    user_id: str  # the AAD object id; the Teams user id only when Teams sent no AAD id
    teams_user_id: str  # "29:..." for TeamsInfo.get_member
    conversation_id: str
    conversation_type: str  # personal | channel | groupChat
    reference: dict[str, Any]

    @property
    def is_channel(self) -> bool:
        return self.conversation_type != "personal"

    @property
    def in_team_channel(self) -> bool:
        return self.conversation_type == "channel"


def caller(activity: Activity) -> Caller:
    conversation = activity.conversation
    channel_data = activity.channel_data or {}
    tenant = (conversation.tenant_id or (channel_data.get("tenant") or {}).get("id") or "")
    sender = activity.from_property
    conversation_type = conversation.conversation_type or ("channel" if conversation.is_group else "personal")
    return Caller(
        tenant=tenant, user_id=sender.aad_object_id or sender.id, teams_user_id=sender.id,
        conversation_id=conversation.id, conversation_type=conversation_type,
        reference=reference_of(activity, tenant=tenant, keep_user=conversation_type == "personal"),
    )


def reference_of(activity: Activity, *, tenant: str, keep_user: bool) -> dict[str, Any]:
    """The ConversationReference as JSON; a channel's keeps no one's identity, only where to post.

    Written out by hand: botbuilder's serializer is slow here and drops the conversation's tenant,
    which opening a new chat later needs. It reads back with ConversationReference().deserialize.
    """
    conversation = activity.conversation
    reference: dict[str, Any] = {
        "bot": _account(activity.recipient),
        "conversation": {"id": conversation.id, "tenantId": tenant,
                         "conversationType": conversation.conversation_type,
                         "isGroup": bool(conversation.is_group)},
        "channelId": activity.channel_id, "locale": activity.locale, "serviceUrl": activity.service_url,
    }
    if keep_user:
        reference["user"] = _account(activity.from_property)
    else:
        # A channel @mention arrives in a thread ("19:...;messageid=..."); posts go to the channel itself.
        reference["conversation"]["id"] = conversation.id.split(";messageid=")[0]
    return reference


def _account(account) -> dict[str, Any]:
    found = {"id": account.id, "name": account.name, "aadObjectId": account.aad_object_id}
    return {k: v for k, v in found.items() if v}


def spoken_text(activity: Activity) -> str:
    """The message without the bot's @mention (and any other <at> tags or HTML Teams leaves in)."""
    text = activity.text or ""
    if activity.recipient is not None and activity.entities:
        text = TurnContext.remove_recipient_mention(activity) or ""
    text = _AT_TAG.sub(" ", text)
    return html.unescape(_TAGS.sub(" ", text)).replace("\xa0", " ").strip()


def submitted(activity: Activity) -> tuple[str | None, dict[str, Any]]:
    """A card's Action.Submit: (action, values); (None, {}) for an ordinary message."""
    value = activity.value
    if not isinstance(value, dict) or not isinstance(value.get("action"), str):
        return None, {}
    values = {k: v for k, v in value.items() if k != "action"}
    return value["action"], values


def event_id(activity: Activity) -> str | None:
    """A short, unique key for this delivery: Teams activity ids are unique only within a conversation."""
    if not activity.id:
        return None
    digest = hashlib.sha1(activity.conversation.id.encode()).hexdigest()[:16]
    return f"{activity.id[:150]}@{digest}"


class Card(dict):
    """An Adaptive Card, sent as built: botbuilder deep-copies every outgoing activity, and nothing
    changes a card once it is made, so the copies share it."""

    def __deepcopy__(self, memo: dict) -> Card:
        return self


def message(rendered: Rendered, words: Prompts) -> Activity:
    """A rendered reply as a Teams message: plain markdown text, or an Adaptive Card when it needs one."""
    if not needs_card(rendered):
        return Activity(type="message", text=plain_text(rendered), text_format="markdown")
    card = Card(to_card(rendered, words))
    return Activity(type="message", attachments=[Attachment(content_type=CARD_CONTENT_TYPE, content=card)],
                    summary=rendered.title or plain_text(rendered)[:100])
