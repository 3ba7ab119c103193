"""The sealed safeguarding set is frozen: written for issue 13 by a helper briefed only with the KCSIE categories,
the NSPCC disclosure styles and the kinds of hard negative, committed before the detector was tuned, and never
edited or read for misses. A change fails here; after a miss a fresh sealed set gets a new file."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

DATA = Path(__file__).parent / "data"
FROZEN = {"safeguarding_sealed_1.jsonl": "758d879124cb768b980047d2908c80301d5aa64b53004bff784794ab5333dbdc"}


def test_the_sealed_set_is_unchanged():
    for name, digest in FROZEN.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, f"{name} was edited"


def test_the_sealed_set_covers_every_category_and_style():
    rows = [json.loads(line) for line in (DATA / "safeguarding_sealed_1.jsonl").read_text(encoding="utf-8").splitlines()]
    gold = Counter(r["gold"] for r in rows)
    assert len(rows) >= 400 and gold["risk"] >= 150 and gold["safe"] >= 150
    risk = [r for r in rows if r["gold"] == "risk"]
    assert {r["style"] for r in risk} == {"direct", "indirect", "behavioural", "observed"}
    assert len({r["category"] for r in risk}) == 17
