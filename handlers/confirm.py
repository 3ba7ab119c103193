"""Asking before saving: when the bot is unsure, it shows what it will save with Save / Change / Cancel."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from handlers.reply import Choice, Expect, Reply
from handlers.request import Request

_SAVE = re.compile(r"^\s*(?:save|save it|yes|yep|yeah|y|ok|okay|correct|that's right|thats right|confirm|go ahead)\s*[.!]*\s*$",
                   re.IGNORECASE)
_CHANGE = re.compile(r"^\s*(?:change|change it|edit|no|nope|wrong|not quite)\s*[.!]*\s*$", re.IGNORECASE)
# Why a record is shown before it is saved: the words were understood with low confidence ("intent"), a pupil was
# found from a misspelling ("pupil"), or the words came from several messages ("gathered").
REASONS = ("intent", "pupil", "gathered")


def decision(req: Request) -> str | None:
    """"save" or "change" when the person pressed or typed one, else None."""
    pressed = req.values.get("confirm")
    if pressed in ("save", "change"):
        return str(pressed)
    if req.answer_for == "confirm":
        if _SAVE.match(req.text):
            return "save"
        if _CHANGE.match(req.text):
            return "change"
    return None


def unsure(slots: Mapping[str, Any], *, day: date | None = None) -> bool:
    """Whether this record should be shown before it is saved; `day`, for a dated record: also when the words left
    the day uncertain ("last week", "next Thursday") or it falls on a weekend."""
    dated = day is not None and (bool(slots.get("date_unsure")) or day.weekday() >= 5)
    return any(r in REASONS for r in slots.get("unsure") or ()) or bool(slots.get("gathered")) or dated


def from_form(req: Request, slots: dict[str, Any], names: tuple[str, ...]) -> bool:
    """A submitted form (the "Change" form) is what the person checked: copy its words in; True if it was one."""
    if req.values.get("via") != "form":
        return False
    for name in names:
        if name in req.values:
            slots[name] = str(req.values[name] or "").strip()[:4000]
    slots["confirmed_by_form"] = True
    return True


def needed(slots: Mapping[str, Any], said: str | None, *, day: date | None = None, also: bool = False) -> bool:
    """Whether to show the record before saving it: unsure (or `also`), and not already saved or checked in a form."""
    return said != "save" and not slots.get("confirmed_by_form") and (also or unsure(slots, day=day))


def ask(intent: str, slots: Mapping[str, Any], prompt: str, data: Mapping[str, Any],
        facts: tuple[tuple[str, str], ...] = ()) -> Reply:
    """What will be saved, with Save / Change / Cancel; the answer comes back to `intent`."""
    return Reply(prompt, dict(data), facts=facts, choices=(
        Choice("confirm.save", intent, {"confirm": "save"}, style="primary"),
        Choice("confirm.change", intent, {"confirm": "change"}),
        Choice("confirm.cancel", "cancel", style="danger"),
    ), expect=Expect(intent, dict(slots), "confirm"))
