"""Per-key accuracy on the blind set: `python -m tests.understanding.blind_eval [-v] [blind_fresh.jsonl]`.

The blind set (tests/understanding/data/blind_set.jsonl + blind_roster.csv) was written independently of the
training data and templates: staff-style messages against a separate fictional roster. Each line holds the
message, the `today` it is resolved against, the gold contract object under "expected", and, for a few genuinely
ambiguous messages, "also_ok" listing other acceptable values for a key. It runs through `parse_command`, exactly
as `sendbot parse --roster blind_roster.csv --today 2025-03-12` would.
"""
from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.understanding.contract import parse_command
from handlers.registry import training_examples

DATA = Path(__file__).parent / "data"
KEYS = ("intent", "pupils", "programme", "duration_minutes", "score", "date", "area_of_need", "safeguarding")


@dataclass
class BlindScores:
    accuracy: dict[str, float]
    n: int
    safeguarding_recall: float
    safeguarding_false_alarms: int
    n_safeguarding: int
    misses: list[str] = field(default_factory=list)


def load(name: str = "blind_set.jsonl") -> list[dict]:
    """A gold set: blind_set.jsonl (the main set) or blind_fresh.jsonl (a later, smaller set nothing was tuned on)."""
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def run(items: list[dict]) -> list[dict]:
    """The contract output for every blind message (all share one `today`)."""
    days = {item["today"] for item in items}
    assert len(days) == 1, "the blind set uses a single --today"
    out = io.StringIO()
    stdin = io.StringIO("".join(json.dumps({"text": item["text"]}) + "\n" for item in items))
    parse_command(DATA / "blind_roster.csv", date.fromisoformat(days.pop()), stdin, out, training_examples())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _ok(key: str, got: dict, item: dict) -> bool:
    gold, also = item["expected"], item.get("also_ok", {})
    if key == "pupils":
        return set(got["pupils"]) == set(gold["pupils"]) and set(got["candidates"]) == set(gold["candidates"])
    return got[key] == gold[key] or got[key] in also.get(key, [])


def score(items: list[dict] | None = None) -> BlindScores:
    items = load() if items is None else items
    results = run(items)
    ok = dict.fromkeys(KEYS, 0)
    misses = []
    for item, got in zip(items, results, strict=True):
        for key in KEYS:
            if _ok(key, got, item):
                ok[key] += 1
            else:
                want = (item["expected"]["pupils"], item["expected"]["candidates"]) if key == "pupils" else item["expected"][key]
                have = (got["pupils"], got["candidates"]) if key == "pupils" else got[key]
                misses.append(f"{key}: got {have!r} want {want!r}: {item['text']}")
    sg = [(item, got) for item, got in zip(items, results) if item["expected"]["safeguarding"]]
    recall = sum(got["safeguarding"] for _, got in sg) / len(sg)
    false_alarms = sum(
        1 for item, got in zip(items, results)
        if got["safeguarding"] and not item["expected"]["safeguarding"] and True not in item.get("also_ok", {}).get("safeguarding", [])
    )
    return BlindScores({k: v / len(items) for k, v in ok.items()}, len(items), recall, false_alarms, len(sg), misses)


def main() -> None:
    names = [a for a in sys.argv[1:] if a.endswith(".jsonl")] or ["blind_set.jsonl"]
    s = score([item for name in names for item in load(name)])
    for key in KEYS:
        print(f"{key:18} {s.accuracy[key]:.3f}")
    print(f"safeguarding recall {s.safeguarding_recall:.3f} on {s.n_safeguarding} disclosures; false alarms {s.safeguarding_false_alarms}")
    print(f"({s.n} blind messages)")
    if "-v" in sys.argv:
        print("\n".join(sorted(s.misses)))


if __name__ == "__main__":
    main()
