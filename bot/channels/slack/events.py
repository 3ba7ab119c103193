"""Events API listeners: direct messages, @mentions (answered in a thread) and the App Home tab.

Bolt acknowledges events at once; these listeners run after the ack. Slack retries a slow or
failed delivery with the same event_id, which the conversation de-duplicates.
"""
from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.channels.slack.channel import SlackChannel
from bot.channels.slack.references import DIGEST_PHRASE, register_digest
from bot.render import blockkit
from handlers.reply import Reply
from models import Staff
from models.db import unit_of_work
from models.db_thread import run_db

MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
HOME_ACTIONS = (("slack.home.concern", "home_concern"), ("slack.home.session", "home_session"),
                ("slack.home.help", "home_help"))


def slack_text(text: str) -> str:
    """What a person typed: mentions removed, Slack's escapes undone."""
    text = MENTION.sub(" ", text or "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def register(app: AsyncApp, slack: SlackChannel) -> None:
    """Attach the event listeners to a bolt app."""

    @app.event({"type": "message", "subtype": None})
    async def direct_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("channel_type") != "im" or event.get("bot_id"):
            return  # the manifest subscribes to DMs only; anything else is not for us
        async with slack.busy():
            channel, team = event["channel"], body.get("team_id") or event.get("team")
            staff_id = await slack.staff_id(team, event["user"], dm_channel=channel)
            if staff_id is None:
                await slack.post_all(channel, [slack.unknown()])
                return
            replies = await slack.answer(slack.incoming(staff_id, channel, text=slack_text(event.get("text", "")),
                                                        event_id=body.get("event_id")))
            await slack.post_all(channel, replies)

    @app.event("app_mention")
    async def mention(body: dict[str, Any], event: dict[str, Any]) -> None:
        async with slack.busy():
            channel, team = event["channel"], body.get("team_id") or event.get("team")
            thread = event.get("thread_ts") or event["ts"]
            staff_id = await slack.staff_id(team, event["user"])
            if staff_id is None:
                await slack.post_all(channel, [slack.unknown()], thread_ts=thread)
                return
            text = slack_text(event.get("text", ""))
            if DIGEST_PHRASE.search(text):
                replies = [await run_db(slack.services.factory, _register_digest, slack, staff_id, team, channel)]
            else:
                replies = await slack.answer(slack.incoming(staff_id, f"{channel}:{thread}", text=text, is_channel=True,
                                                            event_id=body.get("event_id")))
            for reply in (r for r in replies if r.private):
                await slack.poster.ephemeral(channel, event["user"], reply, thread_ts=thread)
            if any(r.private for r in replies):
                replies = [r for r in replies if not r.private] + [Reply("channel.answered_here_privately")]
            await slack.post_all(channel, replies, thread_ts=thread)

    @app.event("app_home_opened")
    async def home_opened(body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("tab") != "home":
            return
        async with slack.busy():
            await publish_home(slack, body.get("team_id"), event["user"])


def _register_digest(slack: SlackChannel, staff_id: int, team_id: str, channel_id: str) -> Reply:
    with unit_of_work(slack.services.factory) as db:
        key, data = register_digest(db, staff=db.get(Staff, staff_id), team_id=team_id, channel_id=channel_id)
    return Reply(key, data)


async def publish_home(slack: SlackChannel, team_id: str, user_id: str) -> None:
    """The Home tab: what's coming up for this person, and buttons for the main actions."""
    words = slack.words
    staff_id = await slack.staff_id(team_id, user_id)
    if staff_id is None:
        rendered = words.render(slack.unknown())
        view = blockkit.home(rendered, words.text("slack.home.header"), ())
    else:
        replies = await slack.answer(slack.incoming(staff_id, "home", text="what's coming up", action="upcoming"))
        rendered = words.render(replies[0] if replies else Reply("error.internal"))
        view = blockkit.home(rendered, rendered.title or words.text("slack.home.header"),
                             [(words.text(label), action_id) for label, action_id in HOME_ACTIONS])
    await slack.client.views_publish(user_id=user_id, view=view)
