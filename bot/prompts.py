"""Every word the bot says comes from prompts/<locale>/*.yaml, rendered here for any channel.

A prompt is either a string (the text) or a mapping with `text` and optional `title`. Templates
are Jinja in a sandbox with StrictUndefined, so a missing value fails loudly in tests rather than
showing staff an empty gap. The only markup is **bold** and line breaks; each channel renderer
escapes the text for its platform and then turns **bold** into its own form.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from handlers.notifications import day_label
from handlers.reply import Choice, Field, Form, Reply

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


class MissingPrompt(KeyError):
    """A handler used a prompt key that no prompts file defines."""


@dataclass(frozen=True)
class RenderedChoice:
    label: str
    action: str
    data: dict[str, Any]
    style: str | None


@dataclass(frozen=True)
class RenderedField:
    name: str
    label: str
    kind: str
    required: bool
    options: tuple[tuple[str, str], ...]  # (value, label)
    value: Any
    min: int | None
    max: int | None
    help: str | None
    error: str | None


@dataclass(frozen=True)
class RenderedForm:
    action: str
    title: str
    fields: tuple[RenderedField, ...]
    submit: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Rendered:
    """A reply with every word resolved: what each channel renderer draws."""

    key: str
    title: str | None
    text: str
    facts: tuple[tuple[str, str], ...]
    choices: tuple[RenderedChoice, ...]
    form: RenderedForm | None


class Prompts:
    def __init__(self, locale: str = "en-GB", root: Path = PROMPTS_DIR):
        self.locale = locale
        self.entries: dict[str, dict[str, str]] = {}
        folder = root / locale
        if not folder.is_dir():
            raise FileNotFoundError(f"no prompts for locale {locale!r} in {root}")
        for path in sorted(folder.glob("*.yaml")):
            for key, entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
                if key in self.entries:
                    raise ValueError(f"prompt {key!r} is defined twice (again in {path.name})")
                self.entries[key] = {"text": entry} if isinstance(entry, str) else dict(entry)
        self.env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True)
        self.env.filters["names"] = _names
        self.env.filters["day"] = _day
        self.env.filters["when"] = _when
        self._compiled: dict[tuple[str, str], Any] = {}

    def keys(self) -> list[str]:
        return sorted(self.entries)

    def text(self, key: str, data: dict[str, Any] | None = None, part: str = "text") -> str:
        """Render one part ("text" or "title") of one prompt."""
        entry = self.entries.get(key)
        if entry is None:
            raise MissingPrompt(key)
        source = entry.get(part)
        if source is None:
            return ""
        template = self._compiled.get((key, part))
        if template is None:
            template = self._compiled[(key, part)] = self.env.from_string(source)
        return template.render(**(data or {})).strip()

    def render(self, reply: Reply) -> Rendered:
        data = dict(reply.data)
        title = self.text(reply.prompt, data, "title") or None
        return Rendered(
            key=reply.prompt,
            title=title,
            text=self.text(reply.prompt, data),
            facts=tuple((self.text(label, data), str(value)) for label, value in reply.facts),
            choices=tuple(self._choice(c, data) for c in reply.choices),
            form=self._form(reply.form, data) if reply.form else None,
        )

    def _choice(self, choice: Choice, data: dict[str, Any]) -> RenderedChoice:
        return RenderedChoice(self.text(choice.label, {**data, **choice.data}), choice.action, dict(choice.data), choice.style)

    def _field(self, f: Field, data: dict[str, Any]) -> RenderedField:
        options = tuple((o.value, self.text(o.label, data) if o.key else o.label) for o in f.options)
        return RenderedField(
            f.name, self.text(f.label, {**data, **f.label_data}), f.kind, f.required, options, f.value, f.min, f.max,
            self.text(f.help, data) if f.help else None, self.text(f.error, data) if f.error else None,
        )

    def _form(self, form: Form, data: dict[str, Any]) -> RenderedForm:
        return RenderedForm(
            form.action, self.text(form.title, data), tuple(self._field(f, data) for f in form.fields),
            self.text(form.submit, data), dict(form.data),
        )


def _names(items) -> str:
    """Join names the way people write them: "Sam, Jack and Leo"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _day(value) -> str:
    """A date the British way, as staff write it: "Mon 5 Oct" (never ISO)."""
    if not value:
        return ""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return day_label(day)


def _when(value, today=None) -> str:
    """A local time as people read it: "today 18:46", "yesterday 09:12", "Mon 30 Nov 09:12" (never ISO)."""
    try:
        at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    try:
        now = today if isinstance(today, date) else date.fromisoformat(str(today)[:10]) if today else None
    except ValueError:
        now = None
    clock = f"{at.hour:02d}:{at.minute:02d}"
    if now is not None and at.date() == now:
        return f"today {clock}"
    if now is not None and (now - at.date()).days == 1:
        return f"yesterday {clock}"
    return f"{day_label(at.date())} {clock}"


@lru_cache
def prompts(locale: str = "en-GB") -> Prompts:
    return Prompts(locale)
