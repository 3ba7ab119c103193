"""Scores on the frozen staff held-out set: `python -m tests.understanding.staff_eval [-v] [--dev]`.

`--dev` scores the development set instead (data/staff_dev.jsonl, another writer, another roster): the one to tune
on and read misses from. The held-out set is only ever scored, never read for misses.

The set (data/staff_heldout.jsonl against data/staff_heldout_roster.csv, checksummed in test_staff_heldout_frozen.py)
was written for issue 12 by a writer who saw none of the code or the training data. Messages are understood exactly as
`sendbot parse --roster staff_heldout_roster.csv --today 2026-11-18` does: against the whole roster, no acting staff.

- intent: the contract intent (seven; anything else understanding knows is reported as unknown);
- pupils: pupils and candidates both exactly right;
- slots: the mean of programme, minutes, score and date, a wrong or missing value counting against its slot; where a
  line gives each pupil their own score, the score slot is right only when every pupil's score is;
- out-of-scope recall: of the messages that are none of the conversations, the share understood as unknown.
"""
from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.understanding import understander as build
from bot.understanding.catalogue import DEFAULT_CATALOGUE
from bot.understanding.store import read_roster
from handlers.registry import training_examples

DATA = Path(__file__).parent / "data"
SLOTS = ("programme", "duration_minutes", "score", "date")


@dataclass
class StaffScores:
    n: int
    intent: float
    pupils: float
    slots: float
    per_slot: dict[str, float]
    out_of_scope_recall: float
    per_intent: dict[str, tuple[float, int]]
    safeguarding_recall: float
    absent: float
    misses: list[str] = field(default_factory=list)


def load(name: str = "staff_heldout") -> list[dict]:
    return [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _ok(key: str, got, item: dict) -> bool:
    gold, also = item["expected"], item.get("also_ok", {})
    if key == "pupils":
        want = (set(gold["pupils"]), set(gold["candidates"]))
        if (set(got.pupils), set(got.candidates)) == want:
            return True
        return any(set(alt) == set(got.pupils) for alt in also.get("pupils", []) if isinstance(alt, list))
    if key == "score" and gold.get("scores"):
        return dict(got.scores) == gold["scores"]
    value = {"intent": got.to_contract()["intent"], "programme": got.programme, "duration_minutes": got.duration_minutes,
             "score": got.score, "date": got.date.isoformat() if got.date else None, "absent": sorted(got.absent),
             "safeguarding": got.safeguarding}[key]
    want = sorted(gold.get("absent", [])) if key == "absent" else gold[key]
    return value == want or value in also.get(key, [])


def _got(key: str, got):
    return {"intent": got.to_contract()["intent"], "pupils": (got.pupils, got.candidates), "programme": got.programme,
            "duration_minutes": got.duration_minutes, "score": (got.score, dict(got.scores)),
            "date": got.date.isoformat() if got.date else None, "absent": got.absent}.get(key)


def score(name: str = "staff_heldout") -> StaffScores:
    items = load(name)
    understander = build(read_roster(DATA / f"{name}_roster.csv"), DEFAULT_CATALOGUE, training_examples())
    ok: Counter[str] = Counter()
    per_intent: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    oos = [0, 0]
    sg = [0, 0]
    misses = []
    for item in items:
        got = understander.parse(item["text"], today=date.fromisoformat(item["today"]))
        for key in ("intent", "pupils", *SLOTS, "absent"):
            if _ok(key, got, item):
                ok[key] += 1
            else:
                want = item["expected"].get(key if key != "intent" else "intent")
                misses.append(f"{key}: {item['text']!r} (got {_got(key, got)!r}, want {want!r})")
        gold_intent = item["expected"]["intent"]
        per_intent[gold_intent][1] += 1
        per_intent[gold_intent][0] += _ok("intent", got, item)
        if item.get("route") == "out_of_scope":
            oos[1] += 1
            oos[0] += got.to_contract()["intent"] == "unknown"
        if item["expected"]["safeguarding"]:
            sg[1] += 1
            sg[0] += got.safeguarding
    n = len(items)
    per_slot = {k: ok[k] / n for k in SLOTS}
    return StaffScores(
        n=n, intent=ok["intent"] / n, pupils=ok["pupils"] / n, slots=sum(per_slot.values()) / len(SLOTS),
        per_slot=per_slot, out_of_scope_recall=oos[0] / oos[1] if oos[1] else 1.0,
        per_intent={k: (v[0] / v[1], v[1]) for k, v in sorted(per_intent.items())},
        safeguarding_recall=sg[0] / sg[1] if sg[1] else 1.0, absent=ok["absent"] / n, misses=misses,
    )


def main() -> None:
    name = "staff_dev" if "--dev" in sys.argv else "staff_heldout"
    s = score(name)
    print(f"{name}: {s.n} messages")
    print(f"intent {s.intent:.3f}  pupils {s.pupils:.3f}  slots {s.slots:.3f}  out-of-scope recall {s.out_of_scope_recall:.3f}")
    print("  slots: " + "  ".join(f"{k} {v:.3f}" for k, v in s.per_slot.items()) + f"  (absent {s.absent:.3f})")
    print("  per intent: " + "  ".join(f"{k} {v:.3f} ({n})" for k, (v, n) in s.per_intent.items()))
    print(f"  safeguarding recall {s.safeguarding_recall:.3f}")
    if "-v" in sys.argv and name == "staff_dev":
        print("\n".join(sorted(s.misses)))


if __name__ == "__main__":
    main()
