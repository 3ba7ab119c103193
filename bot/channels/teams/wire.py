"""Activities from and to JSON without msrest's generic walker, which costs a third of a Teams turn.

Both directions read each botbuilder model's own `_attribute_map`, so the field names are exactly
msrest's. Reading, anything unusual (a value of an unexpected type, a date Python cannot read) goes
back to msrest for that activity, so the result is always what msrest would have made. Writing,
cards go out as the dicts they are (msrest would turn a dict subclass into its str()).
"""
from __future__ import annotations

from datetime import datetime
from functools import cache
from enum import Enum
from typing import Any

from botbuilder.schema import Activity
from msrest.serialization import Model, Serializer

_MODELS: dict[str, type[Model]] = Activity._infer_class_models()
_SIMPLE = {"str": str, "bool": bool, "int": int, "float": (int, float)}


class _Unusual(Exception):
    """A value this fast path leaves to msrest."""


def activity_from_json(body: dict[str, Any]) -> Activity:
    """What `Activity().deserialize(body)` returns, several times faster; raises as msrest does."""
    try:
        return _read_model(Activity, body)
    except _Unusual:
        return Activity().deserialize(body)


def activity_to_json(activity: Activity) -> dict[str, Any]:
    """What `activity.serialize()` returns, several times faster."""
    return _write_model(activity)


def _read_model(cls: type[Model], data: Any) -> Model:
    if not isinstance(data, dict) or getattr(cls, "_subtype_map", None):
        raise _Unusual()
    values = {attr: _read(spec["type"], data.get(spec["key"])) for attr, spec in cls._attribute_map.items()}
    model = cls(**values)
    known = _keys(cls)
    extra = {k: v for k, v in data.items() if k not in known}
    if extra:  # msrest keeps unknown keys here: an @mention entity's "mentioned" lives in them
        model.additional_properties = extra
    return model


@cache
def _keys(cls: type[Model]) -> frozenset[str]:
    """The JSON keys a model knows, worked out once per model."""
    return frozenset(spec["key"] for spec in cls._attribute_map.values())


def _read(kind: str, value: Any) -> Any:
    if value is None:
        return None
    simple = _SIMPLE.get(kind)
    if simple is not None:
        if not isinstance(value, simple) or (kind != "bool" and isinstance(value, bool)):
            raise _Unusual()
        return value
    if kind == "object":
        return value
    if kind == "iso-8601":
        try:
            return datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise _Unusual() from None
    if kind.startswith("[") and isinstance(value, list):
        return [_read(kind[1:-1], item) for item in value]
    if kind.startswith("{") and isinstance(value, dict):
        return {k: _read(kind[1:-1], v) for k, v in value.items()}
    model = _MODELS.get(kind)
    if model is None:
        raise _Unusual()
    return _read_model(model, value)


def _write_model(model: Model) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for attr, spec in model._attribute_map.items():
        value = getattr(model, attr, None)
        if value is None:
            continue
        if spec["key"] == "":  # a model that sends its additional properties inline
            out.update(value)
        else:
            out[spec["key"]] = _write(value)
    return out


def _write(value: Any) -> Any:
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Model):
        return _write_model(value)
    if isinstance(value, list):
        return [_write(item) for item in value]
    if isinstance(value, dict):  # channelData, a card: plain JSON already
        return value
    if isinstance(value, datetime):
        return Serializer.serialize_iso(value)
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot send a {type(value).__name__} in an activity")
