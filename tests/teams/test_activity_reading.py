"""Reading Teams activities (mentions, submits, the digest phrase) and the one-minute caller memory."""
from __future__ import annotations

import json

import pytest
from bot.channels.teams.activity import DIGEST_HERE, caller, parse_activity, spoken_text, submitted
from bot.channels.teams.recent import RecentCallers
from tests.teams.conftest import PAYLOADS


def _activity(name: str, **changes):
    body = json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))
    body.update(changes)
    return parse_activity(body)


@pytest.mark.parametrize("text, expected", [
    ("<at>SENDbot</at> what works for Aisha?\n", "what works for Aisha?"),
    ("what works for <at>SENDbot</at> Aisha?", "what works for Aisha?"),
    ("<at>SENDbot</at>&nbsp;what&amp;why", "what&why"),
])
def test_the_bots_mention_is_stripped(text, expected):
    assert " ".join(spoken_text(_activity("channel_mention", text=text)).split()) == expected


def test_a_card_submit_has_an_action_and_values_and_no_text():
    activity = _activity("card_submit", value={"action": "record_session", "minutes": "20", "pupils": "2,4"})
    assert submitted(activity) == ("record_session", {"minutes": "20", "pupils": "2,4"})
    assert submitted(_activity("personal_message")) == (None, {})


def test_a_channel_reference_drops_the_thread_and_the_speaker():
    who = caller(_activity("channel_mention"))
    assert who.is_channel and who.in_team_channel
    assert who.reference["conversation"]["id"] == "19:staffroomChannel0a1b2c@thread.tacv2"
    assert "user" not in who.reference
    assert who.user_id == "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e01"


@pytest.mark.parametrize("text", ["post the weekly digest here", "Please post the digest in this channel.",
                                  "send the weekly SEND digest here please"])
def test_the_digest_phrase_is_recognised(text):
    assert DIGEST_HERE.match(text)


@pytest.mark.parametrize("text", ["what works for Aisha?", "don't post the weekly digest here",
                                  "post the weekly digest here about Sam's meltdown"])
def test_other_messages_are_not_the_digest_phrase(text):
    assert not DIGEST_HERE.match(text)


def test_recent_callers_expire_and_notice_a_changed_reference():
    now = [0.0]
    recent = RecentCallers(ttl=60, clock=lambda: now[0])
    reference = {"conversation": {"id": "a:1"}, "serviceUrl": "https://smba.trafficmanager.net/uk/"}
    recent.remember(tenant="t", user_id="u", reference=reference, staff_id=7)
    assert recent.staff_id(tenant="t", user_id="u", reference=reference) == 7
    moved = {**reference, "serviceUrl": "https://smba.trafficmanager.net/emea/"}
    assert recent.staff_id(tenant="t", user_id="u", reference=moved) is None  # must be stored again
    now[0] = 61
    assert recent.staff_id(tenant="t", user_id="u", reference=reference) is None
    recent.remember(tenant="t", user_id="u", reference=reference, staff_id=7)
    recent.forget_conversation("a:1")
    assert recent.staff_id(tenant="t", user_id="u", reference=reference) is None
