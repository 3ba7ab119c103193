from __future__ import annotations

import io
import json
from datetime import date

import pytest

from bot.understanding import Parsed, parse_command
from tests.understanding.conftest import DATA

from .conftest import upn


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("PT w/ Leo 15m 7/10", "record_session"), ("worried about Aisha's reading", "log_concern"),
        ("what works for Leo?", "get_portrait"), ("spoke to Kai's mum today about homework", "log_parent_contact"),
        ("what's coming up this week", "upcoming"), ("help", "help"), ("thanks", "unknown"), ("HELP!", "help"),
    ],
)
def test_intents(parse, text, intent):
    assert parse(text).intent == intent


def test_session_example(parse, roster):
    p = parse("did PT with sam p 15 mins, 7/10")
    assert p.to_contract() == Parsed("record_session", pupils=(upn(roster, "Sam", "Patel"),), programme="Precision Teaching",
                                     duration_minutes=15, score="7/10").to_contract()
    assert p.scores == () and p.confidence == 1.0 and p.guessed == ()


def test_concern_has_area_only_for_concerns(parse):
    assert parse("worried about Aisha's reading and spelling").area_of_need == "cognition_learning"
    assert parse("PT w/ Leo 15m 7/10").area_of_need is None


@pytest.mark.parametrize(
    "text",
    ["", "   ", "x" * 20000, "😀😀😀", "<script>alert(1)</script>", "<@U123ABC> help", "<at>SENDbot</at> what works for Leo?",
     "\x00\x01\x02\x1b[31m", "Leo " * 5000, "\u202e\u200bLeo", "{{7*7}} ${jndi:ldap://x}", "<b>Leo</b> PT 10 mins"],
)
def test_bad_input_never_crashes(parse, text):
    p = parse(text)
    assert p.intent in ("log_concern", "record_session", "get_portrait", "log_parent_contact", "upcoming", "help", "unknown")


def test_markup_is_stripped(parse, roster):
    assert parse("<@U123ABC> help").intent == "help"
    assert parse("<at>SENDbot</at> what works for Leo?").pupils == (upn(roster, "Leo", "Nowak"),)
    assert parse("😀😀😀").intent == "unknown" and parse("").intent == "unknown"


def test_parse_command_contract(model, tmp_path):
    stdin = io.StringIO(
        '{"text": "did PT with sam p 15 mins, 7/10", "id": 1}\n\nnot json\n[1,2]\n{"text": 5}\n{"text": "what\'s on tomorrow"}\n'
    )
    out = io.StringIO()
    parse_command(DATA / "generated_roster.csv", date(2026, 11, 18), stdin, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == 6
    assert rows[0] == {
        "intent": "record_session", "pupils": ["E900000000001"], "candidates": [], "programme": "Precision Teaching",
        "duration_minutes": 15, "score": "7/10", "date": None, "area_of_need": None, "safeguarding": False,
    }
    assert all(set(r) == {"error"} for r in rows[1:5])
    assert rows[5]["intent"] == "upcoming" and rows[5]["date"] == "2026-11-19"
