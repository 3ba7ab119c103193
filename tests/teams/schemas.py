"""Offline validators for the official Adaptive Card 1.2 and Teams manifest 1.19 JSON schemas."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, Draft6Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT6

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
CARD_SCHEMA_URI = "http://adaptivecards.io/schemas/adaptive-card.json"
MANIFEST_SCHEMA_URI = "https://developer.microsoft.com/json-schemas/teams/v1.19/MicrosoftTeams.schema.json"


def _load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


@lru_cache
def card_validator() -> Draft6Validator:
    schema = _load("adaptive-card-1.2.0.schema.json")
    # Registered under its published URL so any $ref to it resolves here, never over the network.
    registry = Registry().with_resource(CARD_SCHEMA_URI, Resource.from_contents(schema, default_specification=DRAFT6))
    return Draft6Validator(schema, registry=registry)


@lru_cache
def manifest_validator() -> Draft4Validator:
    schema = _load("teams-manifest-v1.19.schema.json")
    registry = Registry().with_resource(MANIFEST_SCHEMA_URI,
                                        Resource.from_contents(schema, default_specification=DRAFT4))
    return Draft4Validator(schema, registry=registry)


def card_problems(card: dict[str, Any]) -> list[str]:
    """Every way a card breaks the 1.2 schema, or uses what Teams mobile (1.2) can't render."""
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in card_validator().iter_errors(card)]
    if card.get("version") != "1.2":
        problems.append(f"declares version {card.get('version')!r}, not 1.2")
    text = json.dumps(card)
    for newer in ('"isRequired"', '"errorMessage"', '"label"', '"Action.Execute"', '"Table"'):
        if newer in text:
            problems.append(f"uses {newer}, which needs Adaptive Cards 1.3 or later")
    return problems


def manifest_problems(manifest: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in manifest_validator().iter_errors(manifest)]
