"""Slash commands, the message shortcut, buttons, modal submissions and pupil search.

Each listener acks first and works after (Slack wants an answer within 3 s), except a modal
submission: its ack must carry any errors, so it waits for the handler, but never past ACK_BUDGET.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import OrderedDict
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.channels.slack import forms
from bot.channels.slack.channel import SlackChannel
from bot.channels.slack.events import slack_text
from bot.render import blockkit
from bot.render.text import outcome_line, settles
from handlers.registry import TOPICS
from handlers.reply import Reply

log = logging.getLogger(__name__)

ACK_BUDGET = 2.5  # seconds: Slack drops a modal submission's answer after 3
SHORTCUT = "log_send_concern"
# command -> (the route its form comes from, the words that make its text read as that request), from the registry
COMMANDS = {c.slack: (t.name, c.slack_lead_in) for t in TOPICS.values() for c in t.commands if c.slack}
ANSWERS_KEPT = 500


def _team(body: dict[str, Any]) -> str:
    return body.get("team_id") or (body.get("team") or {}).get("id") or body.get("user", {}).get("team_id", "")


def _user(body: dict[str, Any]) -> str:
    return body.get("user_id") or body["user"]["id"]


def register(app: AsyncApp, slack: SlackChannel) -> None:
    """Attach the interactive listeners to a bolt app."""
    answers: OrderedDict[str, dict[str, Any]] = OrderedDict()  # submission id -> the ack it got

    async def start(trigger_id: str, route: str, staff_id: int, where: str) -> list[Reply]:
        """Open the route's form as a modal; the replies to send instead when it has none."""
        if route == "log_concern" and await slack.open_modal(trigger_id, await slack.concern_form(staff_id),
                                                             text_field="noticed"):
            return []
        # Otherwise (no concern modal, or Slack refused to open it) the conversation asks step by step.
        replies = await slack.answer(slack.incoming(staff_id, where, action=route))
        if replies and replies[0].form is not None:
            rendered = slack.words.render(replies[0])
            if await slack.open_modal(trigger_id, replies[0].form, intro=rendered.text):
                return []
        return replies

    for name in COMMANDS:
        @app.command(name)
        async def command(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
            await ack()
            async with slack.busy():
                route, lead_in = COMMANDS[body["command"]]
                channel, text = body["channel_id"], slack_text(body.get("text", ""))
                in_dm = channel.startswith("D")
                staff_id = await slack.staff_id(_team(body), _user(body), dm_channel=channel if in_dm else None)
                if staff_id is None:
                    replies = [slack.unknown()]
                elif text:
                    replies = await slack.answer(slack.incoming(staff_id, channel, text=lead_in + text,
                                                                event_id=f"cmd:{body['trigger_id']}"))
                else:
                    replies = await start(body["trigger_id"], route, staff_id, channel)
                for reply in replies:
                    if in_dm:
                        await slack.poster.post(channel, reply)
                    else:  # pupil details stay private in a shared channel
                        await respond(response_type="ephemeral", **slack.poster.body(reply))

    @app.shortcut(SHORTCUT)
    async def shortcut(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        async with slack.busy():
            staff_id = await slack.staff_id(_team(body), _user(body))
            if staff_id is None:
                await slack.poster.dm(_user(body), slack.unknown())
                return
            form = await slack.concern_form(staff_id, noticed=slack_text((body.get("message") or {}).get("text", "")))
            await slack.open_modal(body["trigger_id"], form, text_field="noticed")

    @app.action(re.compile(r"^choice:\d+$"))
    async def button(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        async with slack.busy():
            user = _user(body)
            staff_id = await slack.staff_id(_team(body), user)
            channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id")
            thread = (body.get("message") or {}).get("thread_ts")
            if staff_id is None:
                await slack.poster.dm(user, slack.unknown())
                return
            try:
                route, data = blockkit.read_choice(action.get("value", ""))
            except ValueError:
                replies = [Reply("error.unknown_action")]
            else:
                where = (f"{channel}:{thread}" if thread else channel) if channel else "home"
                replies = await slack.answer(slack.incoming(staff_id, where, action=route, values=data,
                                                            event_id=f"act:{user}:{action.get('action_ts')}"))
            for reply in replies:
                if reply.form is not None and await slack.open_modal(body["trigger_id"], reply.form,
                                                                     intro=slack.words.render(reply).text):
                    continue
                if channel and channel.startswith("D"):
                    await slack.poster.post(channel, reply, thread_ts=thread)
                elif channel:  # pressed in a shared channel: the answer is the presser's alone
                    await slack.poster.ephemeral(channel, user, reply, thread_ts=thread)
                else:  # pressed on the Home tab
                    await slack.poster.dm(user, reply)
            message_ts = (body.get("container") or {}).get("message_ts")
            ephemeral = (body.get("container") or {}).get("is_ephemeral")
            if channel and message_ts and not ephemeral and settles(replies):
                await slack.poster.settle(channel, message_ts, body.get("message") or {},
                                          outcome_line(slack.words.render(replies[0])))

    @app.action(re.compile(r"^home_(concern|session|help)$"))
    async def home_button(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        async with slack.busy():
            user = _user(body)
            staff_id = await slack.staff_id(_team(body), user)
            if staff_id is None:
                await slack.poster.dm(user, slack.unknown())
                return
            route = {"home_concern": "log_concern", "home_session": "record_session", "home_help": "help"}[action["action_id"]]
            dm = await slack.poster.dm_channel(user)
            replies = await (slack.answer(slack.incoming(staff_id, dm, action="help")) if route == "help"
                             else start(body["trigger_id"], route, staff_id, dm))
            await slack.post_all(dm, replies)

    @app.view(re.compile(".*"))
    async def submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        key = forms.submission_id(view)
        if key in answers:  # a double tap: answer as the first time
            await ack(**answers[key])
            return
        user = _user(body)
        work = asyncio.ensure_future(_submit(slack, body, view, key))
        try:
            response, follow_up = await asyncio.wait_for(asyncio.shield(work), ACK_BUDGET)
        except asyncio.TimeoutError:
            # Too slow to answer inside the modal: close it, and send the outcome as a message.
            await ack()
            async with slack.busy():
                response, follow_up = await work
                if response:
                    follow_up = [Reply("slack.form.slow_errors")]
                for reply in follow_up:
                    await slack.poster.dm(user, reply)
            return
        answers[key] = response
        while len(answers) > ANSWERS_KEPT:
            answers.popitem(last=False)
        await ack(**response)
        if follow_up:
            async with slack.busy():
                for reply in follow_up:
                    await slack.poster.dm(user, reply)

    @app.options(re.compile(".*"))
    async def pupil_search(ack: AsyncAck, body: dict[str, Any]) -> None:
        staff_id = await slack.staff_id(_team(body), _user(body))
        found = await slack.search_pupils(staff_id, body.get("value", "")) if staff_id is not None else []
        await ack(options=blockkit.options(found))


async def _submit(slack: SlackChannel, body: dict[str, Any], view: dict[str, Any], key: str
                  ) -> tuple[dict[str, Any], list[Reply]]:
    """Run a submitted modal through its route: (the ack's body, replies to send the person afterwards)."""
    try:
        meta = json.loads(view.get("private_metadata") or "")
        meta["action"]
    except (ValueError, KeyError, TypeError):
        return {}, [Reply("slack.form.expired")]
    staff_id = await slack.staff_id(_team(body), _user(body))
    if staff_id is None:
        return {}, [slack.unknown()]
    action, text, values = forms.submission(meta, blockkit.view_values(view.get("state") or {}))
    replies = await slack.answer(slack.incoming(staff_id, f"view:{view['id']}", text=text, action=action,
                                                values=values, event_id=key))
    if not replies:
        return {}, []
    reply = replies[0]
    rendered = slack.words.render(reply)
    blocks = [b.get("block_id") for b in view.get("blocks") or [] if b.get("type") == "input"]
    if reply.form is not None:
        errors = blockkit.field_errors(rendered.form)
        if errors and set(errors) <= set(blocks):
            return {"response_action": "errors", "errors": errors}, []
        return {"response_action": "update",
                "view": slack.modal(reply.form, text_field=meta.get("text"), intro=rendered.text)}, []
    if reply.expect is not None and blocks:
        # The handler still needs something: say so beside the field it concerns, keeping every answer.
        wanted = {"pupil": ("pupil_id", "pupils")}.get(reply.expect.missing, (reply.expect.missing,))
        block = next((b for b in blocks if b in wanted), blocks[0])
        return {"response_action": "errors", "errors": {block: blockkit.fit(blockkit.plain(rendered.text), 2000)}}, []
    return {}, replies
