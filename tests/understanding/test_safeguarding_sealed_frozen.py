"""The sealed safeguarding set is frozen: written for issue 13 by a helper briefed only with the KCSIE categories,
the NSPCC disclosure styles and the kinds of hard negative, committed before the detector was tuned, and never
edited or read for misses. A change fails here; after a miss a fresh sealed set gets a new file."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
FROZEN = {
    "safeguarding_sealed_1.jsonl": "758d879124cb768b980047d2908c80301d5aa64b53004bff784794ab5333dbdc",
    # written after the third run on set 1 missed two disclosures: the set now reported first
    "safeguarding_sealed_3.jsonl": "48a382943ba88374331bca4d6a30392730fe61ecfcc9dbe7667911cc559e0b09",  # written after set 2's five misses
    "safeguarding_sealed_2.jsonl": "5f674fb81ad2500751ffe024a67ed3b86e787913f20e1db3a02c57d97c73ceca",
    # written before the detector change for precision (more hard negatives): sets 1-3 are no longer reported
    "safeguarding_sealed_4.jsonl": "308b5ea44e50f1bf148267d134de42fd88de4cffdd380a72ea9160b5cd826154",
    # written after the detector of set 3 missed three disclosures of set 4, before the change it will measure
    "safeguarding_sealed_5.jsonl": "fd0761ba18f7fd02ba9e922c0f48cfcb930bd76b94e4d0032899f0ff2a6e32c6",
    # written blind after set 5 missed one disclosure, before the change it measures
    "safeguarding_sealed_6.jsonl": "cb97d98203335a4ec7a01b37e219d7481204598330255024fe9fa8ba19320bcf",
    # written blind after set 6 missed one disclosure, before the change it measures
    "safeguarding_sealed_7.jsonl": "5819dacb4a664ac7eb4aafe9d464d2e11811b8b7efee966a6012153845fe9444",
}


def test_the_sealed_set_is_unchanged():
    for name, digest in FROZEN.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, f"{name} was edited"


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_the_sealed_set_covers_every_category_and_style(name):
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = Counter(r["gold"] for r in rows)
    assert len(rows) >= 400 and gold["risk"] >= 150 and gold["safe"] >= 150
    risk = [r for r in rows if r["gold"] == "risk"]
    assert {r["style"] for r in risk} == {"direct", "indirect", "behavioural", "observed"}
    assert len({r["category"] for r in risk}) == 17
