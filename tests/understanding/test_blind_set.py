"""Blind-set guard: accuracy per contract key on staff-style messages written independently of the training data.

Figures when this was written: blind_set.jsonl (327 messages) intent 0.997, pupils 0.997, programme 1.000,
minutes 1.000, score 0.997, date 0.997, area 0.997, safeguarding recall 1.000 with no false alarms;
blind_fresh.jsonl (53) 1.000 on every key. The floors below leave a little room for retraining noise only.
"""
from __future__ import annotations

import pytest

from .blind_eval import load, score

FLOORS = {
    "intent": 0.97, "pupils": 0.98, "programme": 0.98, "duration_minutes": 0.98, "score": 0.98, "date": 0.98,
    "area_of_need": 0.95, "safeguarding": 0.92,  # 0.936 with the learned detector: false alarms, not misses
}


@pytest.fixture(scope="module")
def blind(model):
    return score(load("blind_set.jsonl"))


@pytest.fixture(scope="module")
def fresh(model):
    return score(load("blind_fresh.jsonl"))


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_blind_set_accuracy(blind, key):
    misses = [m for m in blind.misses if m.startswith(key + ":")]
    assert blind.accuracy[key] >= FLOORS[key], "\n".join(misses)


def test_blind_set_safeguarding_recall_is_total(blind, fresh):
    for s in (blind, fresh):
        assert s.n_safeguarding and s.safeguarding_recall == 1.0, "\n".join(m for m in s.misses if m.startswith("safeguarding"))


def test_blind_set_benign_look_alikes_rarely_trigger(blind):
    # The learned detector (issue 13) asks about some everyday notes the rules alone left alone: 21 of 292 when
    # it landed; each is a question to the person, not an alert.
    assert blind.safeguarding_false_alarms <= 24


@pytest.mark.parametrize("key", ["intent", "pupils", "programme", "date", "area_of_need"])
def test_fresh_set_accuracy(fresh, key):
    # intent 0.925 since the learned detector: a possible indicator reads as log_concern in the contract
    assert fresh.accuracy[key] >= (0.91 if key == "intent" else 0.94), "\n".join(m for m in fresh.misses if m.startswith(key + ":"))


def test_blind_set_shape():
    """Every line carries a full gold contract object, resolved against one --today."""
    items = load("blind_set.jsonl") + load("blind_fresh.jsonl")
    keys = {"intent", "pupils", "candidates", "programme", "duration_minutes", "score", "date", "area_of_need", "safeguarding"}
    assert len(items) >= 300
    assert all(set(i["expected"]) == keys for i in items)
    assert {i["today"] for i in items} == {"2025-03-12"}
