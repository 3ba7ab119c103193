"""The channel-neutral answer a handler gives: a prompt key and data, choices, a form.

Handlers never format words: every label here is a key into prompts/, rendered by bot/ with
the reply's data (and, for a choice, the choice's own data) for whichever channel asked.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

FIELD_KINDS = ("pupil", "pupils", "text", "textarea", "number", "choice", "date", "checkbox")


@dataclass(frozen=True)
class Choice:
    """A button. Pressing it comes back as an Incoming with action=self.action, values=self.data."""

    label: str  # prompt key, rendered with `data`
    action: str
    data: Mapping[str, Any] = field(default_factory=dict)
    style: str | None = None  # "primary" | "danger" | None


@dataclass(frozen=True)
class Option:
    value: str
    label: str  # literal text (a pupil's name, a programme): data, not wording
    key: bool = False  # True when `label` is a prompt key to render instead


@dataclass(frozen=True)
class Field:
    """A typed form field; `label` and `help` are prompt keys."""

    name: str
    label: str
    kind: str  # one of FIELD_KINDS
    required: bool = False
    options: Sequence[Option] = ()
    value: Any = None  # pre-filled value
    min: int | None = None
    max: int | None = None
    help: str | None = None
    error: str | None = None  # prompt key naming what was wrong with a submitted value
    label_data: Mapping[str, Any] = field(default_factory=dict)  # data for this field's label (a pupil's name)


@dataclass(frozen=True)
class Form:
    """A small form. Submitting it comes back as an Incoming with action=self.action and its values."""

    action: str
    title: str  # prompt key
    fields: Sequence[Field]
    submit: str = "form.submit"  # prompt key
    data: Mapping[str, Any] = field(default_factory=dict)  # hidden values echoed back on submit


@dataclass(frozen=True)
class Expect:
    """What the handler still needs: the bot keeps this as dialog state and resumes with the answer."""

    intent: str
    slots: Mapping[str, Any]
    missing: str  # the slot the next message answers


@dataclass(frozen=True)
class Reply:
    prompt: str  # "session.recorded"
    data: Mapping[str, Any] = field(default_factory=dict)
    choices: Sequence[Choice] = ()
    form: Form | None = None
    expect: Expect | None = None
    facts: Sequence[tuple[str, str]] = ()  # (label prompt key, value as data)
    # What the person asked to save before a possible safeguarding indicator held it ({"text": ...} or {"route": ...,
    # "values": ...}): the conversation now does it, unscreened, after this reply.
    resume: Mapping[str, Any] | None = None
    # Asked in a shared channel about pupils: the channel answers in the person's 1:1 chat (Teams) or ephemerally
    # (Slack), with a note in the channel that carries no pupil data.
    private: bool = False


def to_data(reply: Reply) -> dict[str, Any]:
    """A reply as JSON-ready data, to be sent later (a private answer waiting for the person's 1:1 chat)."""
    return asdict(reply)


def from_data(data: Mapping[str, Any]) -> Reply:
    """The reply `to_data` gave."""
    form = data.get("form")
    if form is not None:
        fields = tuple(Field(**{**f, "options": tuple(Option(**o) for o in f.get("options") or ())})
                       for f in form.get("fields") or ())
        form = Form(**{**form, "fields": fields})
    expect = Expect(**data["expect"]) if data.get("expect") else None
    return Reply(**{**data, "choices": tuple(Choice(**c) for c in data.get("choices") or ()), "form": form,
                    "expect": expect, "facts": tuple(tuple(f) for f in data.get("facts") or ())})
