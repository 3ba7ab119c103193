"""The staff held-out set is frozen: written for issue 12 by someone who saw none of the code or training data,
committed before any tuning, and never edited. A change to either file fails here; a new set gets new files."""
from __future__ import annotations

import hashlib
from pathlib import Path

DATA = Path(__file__).parent / "data"
FROZEN = {
    "staff_heldout.jsonl": "ecf1a08bdd137115ba955666e3bfa6da93ba1e24077411f26318b6ea0047c102",
    "staff_heldout_roster.csv": "f847c1a16d94051f177ad71401baf17e2b0fdb404c5b90d1c6896ff71176e905",
}


def test_the_staff_heldout_set_is_unchanged():
    for name, digest in FROZEN.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, f"{name} was edited"


def test_the_staff_heldout_set_is_large_enough():
    assert sum(1 for line in (DATA / "staff_heldout.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()) >= 500
