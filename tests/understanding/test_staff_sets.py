"""Floors on the staff sets (tests/understanding/staff_eval.py): a change that loses understanding fails here.

Measured when these floors were set (the README has the figures and the command): held-out intent 0.952, pupils
0.964, slots 0.988, out-of-scope recall 0.919; development set intent 0.972, pupils 0.985, slots 0.994. The issue's targets (0.97 intent and
pupils on the held-out set) are not met yet; the floors sit a little under what is measured, for retraining noise.
"""
from __future__ import annotations

import pytest

from .staff_eval import score

FLOORS = {
    "staff_heldout": {"intent": 0.93, "pupils": 0.95, "slots": 0.97, "out_of_scope_recall": 0.88},
    "staff_dev": {"intent": 0.95, "pupils": 0.97, "slots": 0.98, "out_of_scope_recall": 0.90},
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request, model):
    return request.param, score(request.param)


def test_staff_set_floors(scored):
    name, s = scored
    for key, floor in FLOORS[name].items():
        assert getattr(s, key) >= floor, (name, key, getattr(s, key))


def test_per_pupil_scores_and_dates_are_read(scored):
    _, s = scored
    assert s.per_slot["score"] >= 0.98 and s.per_slot["date"] >= 0.96
