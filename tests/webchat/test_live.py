"""Proactive messages: the Sender pushes to open tabs over server-sent events, or keeps them a while."""
from __future__ import annotations

import asyncio
import json

import pytest

from bot.channels.base import DeliveryError, Target
from bot.channels.webchat.live import BACKLOG, Live
from bot.channels.webchat.sender import WebchatSender
from bot.channels.webchat.words import Words
from handlers.reply import Choice, Reply


def target(conversation: str, *, is_channel: bool = False, channel: str = "webchat") -> Target:
    return Target(ref_id=1, channel=channel, conversation_id=conversation, reference={}, is_channel=is_channel,
                  school_id=1)


async def next_event(response) -> dict:
    """The next `data:` event on a server-sent event stream (comments and retry lines skipped)."""
    while True:
        line = await asyncio.wait_for(response.content.readline(), 5)
        assert line, "the stream ended"
        if line.startswith(b"data: "):
            return json.loads(line[6:])


async def test_a_notification_reaches_the_open_tab_of_that_person_only(client, school, services):
    sender = services.senders["webchat"]
    senco = await client.get("/webchat/api/events", params={"staff_id": school.senco})
    teacher = await client.get("/webchat/api/events", params={"staff_id": school.teacher})
    assert senco.headers["Content-Type"] == "text/event-stream"
    await sender.send(target(f"webchat:{school.senco}"),
                      Reply("error.unknown_action", choices=(Choice("form.submit", "help", {"x": "<y>"}),)))
    event = await next_event(senco)
    assert event["panel"] == "chat"
    assert "That button has expired" in event["html"] and "&lt;y&gt;" in event["html"]
    await sender.send(target(f"webchat:{school.teacher}"), Reply("dialog.cancelled"))
    assert "Cancelled" in (await next_event(teacher))["html"]
    senco.close()
    teacher.close()


async def test_messages_wait_for_a_tab_and_the_staff_room_keeps_its_posts(client, school, services):
    sender = services.senders["webchat"]
    await sender.send(target(f"webchat:{school.dsl}"), Reply("dialog.cancelled"))
    await sender.send(target(f"webchat:staff-room:{school.school_id}", is_channel=True), Reply("dialog.nothing_to_cancel"))
    dsl = await client.get("/webchat/api/events", params={"staff_id": school.dsl})
    kept = [await next_event(dsl), await next_event(dsl)]
    assert [(e["panel"], "Cancelled" in e["html"] or "nothing to cancel" in e["html"]) for e in kept] == [
        ("chat", True), ("room", True)]
    # The staff room is a channel: someone opening a tab later still sees its posts.
    ta = await client.get("/webchat/api/events", params={"staff_id": school.ta})
    posted = await next_event(ta)
    assert posted["panel"] == "room" and "nothing to cancel" in posted["html"]
    dsl.close()
    ta.close()


async def test_events_need_a_known_person(client, school):
    assert (await client.get("/webchat/api/events", params={"staff_id": "x"})).status == 400
    assert (await client.get("/webchat/api/events", params={"staff_id": "424242"})).status == 404


async def test_the_sender_refuses_another_channels_conversation(services, client):
    with pytest.raises(DeliveryError) as refused:
        await services.senders["webchat"].send(target("19:abc@thread.v2", channel="teams"), Reply("dialog.cancelled"))
    assert refused.value.permanent


async def test_a_reply_that_cannot_be_worded_fails_without_killing_the_reference(services, client):
    with pytest.raises(DeliveryError) as refused:
        await services.senders["webchat"].send(target("webchat:1"), Reply("no.such.prompt"))
    assert not refused.value.permanent and "no.such.prompt" in str(refused.value)


async def test_in_production_a_closed_tab_lets_the_dispatcher_try_teams_or_slack_instead():
    sender = WebchatSender(Live(), Words(), keep_for_closed_tabs=False)
    with pytest.raises(DeliveryError) as refused:
        await sender.send(target("webchat:5"), Reply("dialog.cancelled"))
    assert not refused.value.permanent
    queue = sender.live.open("webchat:5")
    await sender.send(target("webchat:5"), Reply("dialog.cancelled"))
    assert "Cancelled" in queue.get_nowait()["html"]


async def test_the_waiting_queue_is_short_and_lost_messages_are_the_oldest():
    live = Live()
    for n in range(BACKLOG + 5):
        live.to_person("webchat:7", {"n": n})
    queue = live.open("webchat:7")
    assert [queue.get_nowait()["n"] for _ in range(queue.qsize())] == list(range(5, BACKLOG + 5))
    live.close(queue)
    live.to_person("webchat:7", {"n": "later"})
    assert queue.empty()  # a closed tab gets nothing more
