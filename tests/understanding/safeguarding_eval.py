"""The safeguarding detector on the sealed set: `python -m tests.understanding.safeguarding_eval [-v] [file.jsonl]`.

Each set (data/safeguarding_sealed_<n>.jsonl, checksummed in test_safeguarding_sealed_frozen.py) was written before
the detector change it measures, by a helper who saw neither its code nor its training data. Run it once per change of the
detector; a miss is fixed from new training data, never from this set, and then a fresh sealed set is written.
A possible indicator (the person is asked) counts as detected for recall, and as a false alarm on a negative.
"""
from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data"
SEALED = "safeguarding_sealed_10.jsonl"  # sets 1 to 8 are training data now; set 9 has been run (README)


@dataclass
class Scores:
    recall: float
    precision: float
    false_alarm_rate: float  # over the hard negatives
    n_risk: int
    n_safe: int
    by_category: dict[str, tuple[int, int]]  # risk category -> (detected, total); negatives -> (alarms, total)
    by_style: dict[str, tuple[int, int]]
    outcomes: Counter = field(default_factory=Counter)  # (gold, outcome) -> count
    misses: list[str] = field(default_factory=list)


def evaluate(name: str = SEALED) -> Scores:
    from bot.understanding import screener

    screen = screener().screen
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    cats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    styles: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    outcomes: Counter = Counter()
    misses = []
    tp = fp = 0
    for row in rows:
        outcome = screen(row["text"])
        flagged = outcome in ("clear", "possible")
        outcomes[(row["gold"], outcome or "none")] += 1
        cats[row["category"]][0] += flagged
        cats[row["category"]][1] += 1
        if row["gold"] == "risk":
            styles[row["style"]][0] += flagged
            styles[row["style"]][1] += 1
            tp += flagged
            if not flagged:
                misses.append(f"missed ({row['category']}): {row['text']}")
        else:
            fp += flagged
            if flagged:
                misses.append(f"false alarm ({row['category']}, {outcome}): {row['text']}")
    n_risk = sum(r["gold"] == "risk" for r in rows)
    n_safe = len(rows) - n_risk
    return Scores(tp / n_risk, tp / max(1, tp + fp), fp / n_safe, n_risk, n_safe,
                  {k: tuple(v) for k, v in sorted(cats.items())}, {k: tuple(v) for k, v in sorted(styles.items())},
                  outcomes, misses)


def main() -> None:
    named = [a for a in sys.argv[1:] if a.endswith(".jsonl")]  # another set by file name
    s = evaluate(named[0]) if named else evaluate()
    print(f"recall {s.recall:.3f} on {s.n_risk} disclosures; precision {s.precision:.3f}; "
          f"false alarms on {s.n_safe} hard negatives {s.false_alarm_rate:.3f}")
    print("outcomes:", dict(s.outcomes))
    for cat, (hit, n) in s.by_category.items():
        print(f"  {cat:28} {hit}/{n}")
    for style, (hit, n) in s.by_style.items():
        print(f"  style {style:22} {hit}/{n}")
    if "-v" in sys.argv:
        print("\n".join(s.misses))


if __name__ == "__main__":
    main()
