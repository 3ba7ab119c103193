"""Proactive messages through the Slack Sender: DMs via conversations.open, channels, rate limits, errors."""
from __future__ import annotations

import pytest

from bot.channels.base import DeliveryError, Target
from bot.channels.slack.client import make_client
from bot.channels.slack.post import Pacer, Poster
from bot.channels.slack.sender import SlackSender
from handlers.reply import Choice, Reply
from tests.slack.blocks import assert_valid_message
from tests.slack.conftest import TA, settings_for

NOTICE = Reply("notify.concern_acknowledged", {"by": "Hana Whitlock", "reference": 12, "pupil": "Sam Carter"})


@pytest.fixture
def sender(db_url, slack_api) -> SlackSender:
    client = make_client(settings_for(db_url, slack_api))
    return SlackSender(Poster(client, pacer=Pacer(0)))


def dm(user: str = TA) -> Target:
    return Target(ref_id=1, channel="slack", conversation_id="D0TA00001",
                  reference={"team_id": "T0SCHOOL1", "user_id": user, "channel_id": "D0TA00001"},
                  is_channel=False, school_id=1)


async def test_a_dm_is_opened_then_posted(sender, slack_api):
    await sender.send(dm(), NOTICE)
    await sender.send(dm(), NOTICE)
    assert [c.params["users"] for c in slack_api.of("conversations.open")] == [TA]  # remembered
    posts = slack_api.of("chat.postMessage")
    assert [p.params["channel"] for p in posts] == ["D0TA00001", "D0TA00001"]
    assert "acknowledged your concern" in posts[0].params["text"]
    assert_valid_message(posts[0].params)


async def test_a_channel_post_goes_straight_to_the_channel(sender, slack_api):
    target = Target(ref_id=2, channel="slack", conversation_id="C0STAFF01",
                    reference={"team_id": "T0SCHOOL1", "channel_id": "C0STAFF01"}, is_channel=True, school_id=1)
    await sender.send(target, Reply("help.text", {"name": "Hana", "examples": ["what works for Evie?"],
                                                  "dsl": False}, choices=(Choice("unknown.help", "help"),)))
    assert slack_api.of("conversations.open") == []
    [post] = slack_api.of("chat.postMessage")
    assert post.params["channel"] == "C0STAFF01"
    assert_valid_message(post.params)


async def test_rate_limited_once_then_the_post_succeeds(sender, slack_api):
    slack_api.script("chat.postMessage", (429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}))
    await sender.send(dm(), NOTICE)
    assert len(slack_api.of("chat.postMessage")) == 2  # the 429, then the retry that worked


async def test_slack_server_errors_are_retried(sender, slack_api):
    slack_api.script("chat.postMessage", (503, {"ok": False, "error": "service_unavailable"}, {}))
    await sender.send(dm(), NOTICE)
    assert len(slack_api.of("chat.postMessage")) == 2


async def test_a_removed_user_is_a_permanent_failure(sender, slack_api):
    slack_api.script("conversations.open", (200, {"ok": False, "error": "user_not_found"}, {}))
    with pytest.raises(DeliveryError) as failed:
        await sender.send(dm("U0GONE001"), NOTICE)
    assert failed.value.permanent and "user_not_found" in str(failed.value)


async def test_a_transient_failure_may_be_retried(sender, slack_api):
    slack_api.script("chat.postMessage", *[(200, {"ok": False, "error": "fatal_error"}, {})])
    with pytest.raises(DeliveryError) as failed:
        await sender.send(dm(), NOTICE)
    assert not failed.value.permanent


async def test_another_channels_target_is_refused(sender):
    with pytest.raises(DeliveryError) as failed:
        await sender.send(Target(1, "teams", "19:abc", {}, True, 1), NOTICE)
    assert failed.value.permanent


async def test_pacer_spaces_posts_to_one_channel_a_second_apart():
    now = [100.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = Pacer(1.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        await pacer.wait("C1")
    await pacer.wait("C2")  # another channel is not held up
    assert slept == [1.0, 1.0]
