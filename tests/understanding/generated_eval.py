"""Accuracy on the generated held-out split (tests/understanding/datagen.py): `python -m tests.understanding.generated_eval [-v]`."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date

from pathlib import Path

from bot.understanding import DEFAULT_CATALOGUE, understander
from bot.understanding.store import read_roster

DATA = Path(__file__).parent / "data"


@dataclass
class Scores:
    """Accuracy figures on the held-out split."""

    intent: float
    pupils: float
    n_intent: int
    n_pupils: int
    errors: list[str]


def evaluate(examples=()) -> Scores:
    """Intent accuracy and pupil-resolution accuracy (pupils and candidates sets both exact)."""
    parser = understander(read_roster(DATA / "generated_roster.csv"), DEFAULT_CATALOGUE, tuple(examples))
    ok_intent = n_intent = ok_pupils = n_pupils = 0
    errors: list[str] = []
    for line in (DATA / "generated_heldout.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        got = parser.parse(gold["text"], today=date.fromisoformat(gold["today"]))
        if not gold.get("skip_intent"):
            n_intent += 1
            if got.intent == gold["intent"]:
                ok_intent += 1
            else:
                errors.append(f"intent {got.intent!r} != {gold['intent']!r}: {gold['text']}")
        n_pupils += 1
        if set(got.pupils) == set(gold["pupils"]) and set(got.candidates) == set(gold["candidates"]):
            ok_pupils += 1
        else:
            errors.append(f"pupils {list(got.pupils)}/{list(got.candidates)} != {gold['pupils']}/{gold['candidates']}: {gold['text']}")
    return Scores(ok_intent / n_intent, ok_pupils / n_pupils, n_intent, n_pupils, errors)


def main() -> None:
    """Print the figures (and every miss with -v)."""
    from handlers.registry import training_examples

    s = evaluate(training_examples())
    print(f"intent accuracy: {s.intent:.3f} ({s.n_intent} held-out messages)")
    print(f"pupil resolution accuracy: {s.pupils:.3f} ({s.n_pupils} held-out messages)")
    if "-v" in sys.argv:
        print("\n".join(s.errors))


if __name__ == "__main__":
    main()
