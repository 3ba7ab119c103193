from __future__ import annotations

from datetime import date

import pytest

from bot.understanding.extract.areas import area_of_need
from bot.understanding.catalogue import DEFAULT_CATALOGUE
from bot.understanding.extract.dates import find_dates
from bot.understanding.extract.programmes import ProgrammeFinder
from bot.understanding.extract.quantities import find_minutes, find_score

from .conftest import TODAY


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("15 mins", 15), ("15m", 15), ("20 minutes", 20), ("half an hour", 30), ("an hour", 60), ("1.5 hours", 90),
     ("1 hr 15 mins", 75), ("fifteen minutes", 15), ("noah and ava h", None), ("often late", None), ("7/10", None)],
)
def test_minutes(text, minutes):
    assert find_minutes(text)[0] == minutes


@pytest.mark.parametrize(
    ("text", "score"),
    [("7/10", "7/10"), ("scored 8 / 10", "8/10"), ("6 out of 10", "6/10"), ("on 3/12", None), ("18/11", None), ("3/12/2026", None)],
)
def test_score(text, score):
    assert find_score(text)[0] == score


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("today", False, "2026-11-18"), ("yesterday", False, "2026-11-17"), ("on monday", False, "2026-11-16"),
        ("on friday", False, "2026-11-13"), ("friday", True, "2026-11-20"), ("tomorrow", True, "2026-11-19"),
        ("last monday", False, "2026-11-16"), ("next monday", True, "2026-11-23"), ("3rd dec", False, "2026-12-03"),
        ("12 december", True, "2026-12-12"), ("3/12", False, "2026-12-03"), ("on 3/12/2026", False, "2026-12-03"),
        ("2026-10-01", False, "2026-10-01"), ("2 days ago", False, "2026-11-16"), ("this week", True, None),
        ("monday and friday", True, None), ("no date here", False, None), ("she may need help", False, None),
        ("may 15 mins", False, None), ("on the 3rd", False, "2026-11-03"), ("on the 28th", False, "2026-10-28"),
    ],
)
def test_dates(text, future, expected):
    got, _ = find_dates(text, TODAY, future=future)
    assert (got.isoformat() if got else None) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("did pt with sam", "Precision Teaching"), ("lego club", "Lego-based Therapy"), ("zones of reg", "Zones of Regulation"),
        ("1stclass@number", "1stClass@Number"), ("rwi fast track", "Fast Track Phonics"), ("phonics catch - up", "Fast Track Phonics"),
        ("salt", "Speech and Language Programme"), ("funky fingers", "Fine Motor Skills"), ("switch - on reading", "Switch-on Reading"),
        ("bucket time", "Attention Autism"), ("toe by toe", "Toe by Toe"), ("emotional literacy support", "ELSA"),
    ],
)
def test_programmes(text, name):
    assert ProgrammeFinder(DEFAULT_CATALOGUE).find(text)[0].name == name


def test_wordy_programme_needs_session_word():
    f = ProgrammeFinder(DEFAULT_CATALOGUE)
    assert f.find("his handwriting is poor")[0].wordy
    assert not f.find("handwriting group 20 mins")[0].wordy


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("struggling with reading and spelling", "cognition_learning"), ("very anxious and tearful", "semh"),
        ("squints at the board, maybe glasses", "sensory_physical"), ("doesn't talk to friends, limited vocabulary", "communication_interaction"),
        ("nothing to say", None),
    ],
)
def test_area_of_need(text, area):
    assert area_of_need(text) == area


def test_pipeline_date_direction(parse):
    assert parse("what have I got on Friday?").date == date(2026, 11, 20)
    assert parse("lexia with Yusuf on Friday 20 mins").date == date(2026, 11, 13)
    assert parse("PT with Leo 15 mins 7/10").date is None
