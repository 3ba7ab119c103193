"""The fast activity (de)serializer gives exactly what msrest gives, on every payload shaped as Teams sends."""
from __future__ import annotations

import copy
import json
from datetime import datetime, timezone

import pytest
from botbuilder.core import TurnContext
from botbuilder.schema import Activity, Attachment

from bot.channels.teams import wire
from bot.channels.teams.activity import Card, message
from bot.prompts import prompts
from handlers.reply import Choice, Reply
from tests.teams.conftest import PAYLOADS

BODIES = sorted(p for p in PAYLOADS.glob("*.json") if p.stem != "member")  # member.json is a roster entry


def _body(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", BODIES, ids=lambda p: p.stem)
def test_reading_matches_msrest(path):
    body = _body(path)
    fast, slow = wire.activity_from_json(body), Activity().deserialize(body)
    assert fast.serialize() == slow.serialize()
    assert [vars(e) for e in fast.entities or []] == [vars(e) for e in slow.entities or []]  # mentions' extras
    assert fast.timestamp == slow.timestamp


@pytest.mark.parametrize("path", BODIES, ids=lambda p: p.stem)
def test_replies_written_match_msrest(path):
    incoming = Activity().deserialize(_body(path))
    words = prompts("en-GB")
    for reply in (Reply("dialog.cancelled"),
                  Reply("help.text", {"name": "Hannah", "examples": ["what works for Evie?"], "dsl": False},
                        choices=(Choice("unknown.help", "help"),)),
                  Reply("pupil.which", {"first_name": "Aisha"},
                        choices=(Choice("pupil.choice", "get_portrait", {"pupil_id": 1, "name": "Aisha Khan",
                                                                          "class_name": "4K", "year": "4"}),))):
        outgoing = TurnContext.apply_conversation_reference(
            message(words.render(reply), words), TurnContext.get_conversation_reference(incoming))
        plain = copy.deepcopy(outgoing)
        for attachment in plain.attachments or []:
            attachment.content = dict(attachment.content)  # msrest would write a dict subclass as its str()
        assert wire.activity_to_json(outgoing) == plain.serialize()
        outgoing.timestamp = datetime(2026, 3, 10, 10, 5, 0, 765432, tzinfo=timezone.utc)
        plain.timestamp = outgoing.timestamp
        assert wire.activity_to_json(outgoing) == plain.serialize()


def _outcome(read, body):
    try:
        return read(body).serialize()
    except Exception as exc:  # noqa: BLE001 - what msrest raises is what we must raise
        return type(exc)


@pytest.mark.parametrize("changes", [
    {"timestamp": "not a date"}, {"text": 42}, {"conversation": "not an object"}, {"entities": {"type": "x"}},
    {"from": {"id": 7}}, {"timestamp": "2026-03-10T10:05:00.7654321Z", "historyDisclosed": "yes"},
], ids=repr)
def test_odd_values_end_as_msrest_ends_them(changes):
    body = {**_body(PAYLOADS / "personal_message.json"), **changes}
    assert _outcome(wire.activity_from_json, body) == _outcome(Activity().deserialize, body)


def test_a_card_is_shared_by_botbuilders_copies_not_copied():
    card = Card({"type": "AdaptiveCard", "body": []})
    activity = Activity(type="message", attachments=[Attachment(content_type="x", content=card)])
    assert copy.deepcopy(activity).attachments[0].content is card
