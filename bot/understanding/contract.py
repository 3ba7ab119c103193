"""`sendbot parse`: JSON Lines in, one contract object per line out."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Sequence, TextIO

from .build import understander as build
from .catalogue import DEFAULT_CATALOGUE
from .pipeline import Understander
from .store import read_roster


def parse_command(roster_csv: Path, today: date | None, stdin: TextIO, stdout: TextIO,
                  examples: Sequence[tuple[str, str]] = ()) -> None:
    """Parse each stdin line's "text" against the roster; a bad line yields {"error": ...}, never a crash.

    `examples` are the registry's phrases (handlers.registry.training_examples), so the model is the bot's own.
    """
    understander = build(read_roster(Path(roster_csv)), DEFAULT_CATALOGUE, tuple(examples))
    day = today or date.today()
    for line in stdin:
        stdout.write(json.dumps(_one(understander, line, day), ensure_ascii=False) + "\n")
        stdout.flush()


def _one(understander: Understander, line: str, today: date) -> dict:
    if not line.strip():
        return {"error": "empty line"}
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return {"error": f"invalid JSON: {exc.msg}"}
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return {"error": 'expected an object with a string "text"'}
    try:
        return understander.parse(obj["text"], today=today).to_contract()
    except Exception as exc:  # one odd message must not stop a batch
        return {"error": f"could not parse: {type(exc).__name__}"}
