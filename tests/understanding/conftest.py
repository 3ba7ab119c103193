"""One trained model per test session, cached in a temporary directory."""
from __future__ import annotations

import os
from datetime import date

import pytest

from pathlib import Path

from bot.understanding import DEFAULT_CATALOGUE, understander
from bot.understanding.store import read_roster

TODAY = date(2026, 11, 18)  # a Wednesday
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def model(tmp_path_factory):
    """The intent model and the safeguarding detector, trained once into a session cache dir."""
    old = os.environ.get("SENDBOT_CACHE_DIR")
    os.environ["SENDBOT_CACHE_DIR"] = str(tmp_path_factory.mktemp("sendbot-cache"))
    from bot.understanding import intent_model, screener
    from handlers.registry import training_examples

    screener()
    yield intent_model(training_examples())
    if old is None:
        os.environ.pop("SENDBOT_CACHE_DIR", None)
    else:
        os.environ["SENDBOT_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def roster():
    return read_roster(DATA / "generated_roster.csv")


@pytest.fixture(scope="session")
def u(model, roster):
    """An Understander over the fictional eval roster, with the bot's own model."""
    from handlers.registry import training_examples

    return understander(roster, DEFAULT_CATALOGUE, training_examples())


@pytest.fixture
def parse(u):
    return lambda text, today=TODAY: u.parse(text, today=today)


def upn(roster, first, last):
    """The UPN of a roster pupil by name (keeps tests readable)."""
    return next(p.upn for p in roster if (p.preferred_name or p.first_name) == first and p.last_name == last)
