"""Slack Block Kit: rendered replies as messages, modals and the App Home view, built for phones.

Everything is built with slack_sdk.models, whose to_dict() checks Slack's length and count limits,
so a payload that Slack would reject fails here (and in tests) instead of in front of staff.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock, ButtonElement, CheckboxesElement, DatePickerElement, ExternalDataMultiSelectElement,
    ExternalDataSelectElement, HeaderBlock, InputBlock, MarkdownTextObject, NumberInputElement, Option,
    PlainTextInputElement, PlainTextObject, SectionBlock, StaticMultiSelectElement, StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.prompts import Rendered, RenderedChoice, RenderedField, RenderedForm

STATIC_LIMIT = 100  # Slack's cap on a static select's options; beyond it, an external select searches
CHECKBOX_LIMIT = 10  # a short group reads best as tick boxes (attendance) on a phone
SECTION_LIMIT = 3000
MODAL_TITLE_LIMIT = 24
BUTTONS_PER_ROW = 25
CHOICE_PREFIX = "choice:"
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


def fit(text: str, limit: int) -> str:
    """Cut text to Slack's limit, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mrkdwn(text: str) -> str:
    """The prompts' **bold** and "- " lists as Slack mrkdwn, with Slack's control characters escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _BOLD.sub(lambda m: f"*{m.group(1).strip()}*", text)
    return "\n".join("• " + line[2:] if line.startswith("- ") else line for line in text.split("\n"))


def plain(text: str) -> str:
    """The fallback text for notifications and screen readers: no markup."""
    return text.replace("**", "")


def choice_value(choice: RenderedChoice) -> str:
    """What a button carries back: its action and data."""
    return json.dumps({"a": choice.action, "d": choice.data}, separators=(",", ":"))


def read_choice(value: str) -> tuple[str, dict[str, Any]]:
    """A pressed button's action and data; raises ValueError on anything we did not send."""
    payload = json.loads(value)
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), str) or not isinstance(payload.get("d"), dict):
        raise ValueError("not a SENDbot button")
    return payload["a"], payload["d"]


def _text_blocks(rendered: Rendered) -> list:
    blocks: list = []
    if rendered.title:
        blocks.append(HeaderBlock(text=PlainTextObject(text=fit(plain(rendered.title), 150))))
    if rendered.text:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=fit(mrkdwn(rendered.text), SECTION_LIMIT))))
    if rendered.facts:
        fields = [MarkdownTextObject(text=fit(f"*{mrkdwn(label)}*\n{mrkdwn(value)}", 2000))
                  for label, value in rendered.facts[:10]]
        blocks.append(SectionBlock(fields=fields))
    return blocks


def _buttons(choices: Sequence[RenderedChoice], extra: Sequence[ButtonElement] = ()) -> list:
    elements = [
        ButtonElement(text=PlainTextObject(text=fit(plain(c.label), 75)), action_id=f"{CHOICE_PREFIX}{i}",
                      value=choice_value(c), style=c.style if c.style in ("primary", "danger") else None)
        for i, c in enumerate(choices)
    ] + list(extra)
    # One button per row would be taller; Slack wraps a row on a phone anyway.
    return [ActionsBlock(elements=elements[i:i + BUTTONS_PER_ROW]) for i in range(0, len(elements), BUTTONS_PER_ROW)]


PREVIEW_TITLE_ONLY = "notify.safeguarding"  # alerts and escalations: their words never in a lock-screen preview


def message(rendered: Rendered) -> dict[str, Any]:
    """A chat.postMessage body (text and blocks) for a reply; a reply's form becomes a note to use the modal."""
    blocks = _text_blocks(rendered) + _buttons(rendered.choices)
    fallback = plain(rendered.title + "\n" + rendered.text if rendered.title else rendered.text)
    if rendered.key.startswith(PREVIEW_TITLE_ONLY):
        fallback = plain(rendered.title)  # the text is the notification preview: a disclosure stays inside the chat
    return {"text": fit(fallback or " ", 3000), "blocks": [b.to_dict() for b in blocks]}


def home(rendered: Rendered, header: str, actions: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The App Home view: my day, then the main actions as buttons ((label, action_id) pairs)."""
    blocks = [HeaderBlock(text=PlainTextObject(text=fit(plain(header), 150)))]
    if rendered.text:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=fit(mrkdwn(rendered.text), SECTION_LIMIT))))
    extra = [ButtonElement(text=PlainTextObject(text=fit(label, 75)), action_id=action_id,
                           style="primary" if i == 0 else None) for i, (label, action_id) in enumerate(actions)]
    blocks += _buttons(rendered.choices, extra)
    return View(type="home", blocks=blocks).to_dict()


def _option(value: str, label: str) -> Option:
    return Option(value=str(value), text=PlainTextObject(text=fit(label, 75)))


def _selected(field: RenderedField) -> list[str]:
    value = field.value
    if value in (None, "", [], ()):
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]


def _element(field: RenderedField, placeholder: str, search: str):
    options = [_option(v, label) for v, label in field.options]
    chosen = set(_selected(field))
    initial = [o for o in options if o.value in chosen]
    name = field.name
    if field.kind in ("pupil", "choice"):
        if len(options) > STATIC_LIMIT:
            return ExternalDataSelectElement(action_id=name, placeholder=search, min_query_length=1,
                                             initial_option=initial[0] if initial else None)
        return StaticSelectElement(action_id=name, placeholder=placeholder, options=options,
                                   initial_option=initial[0] if initial else None)
    if field.kind == "pupils":
        if len(options) > STATIC_LIMIT:
            return ExternalDataMultiSelectElement(action_id=name, placeholder=search, min_query_length=1,
                                                  initial_options=initial or None)
        if len(options) <= CHECKBOX_LIMIT:
            return CheckboxesElement(action_id=name, options=options, initial_options=initial or None)
        return StaticMultiSelectElement(action_id=name, placeholder=placeholder, options=options,
                                        initial_options=initial or None)
    if field.kind == "number":
        value = field.value
        return NumberInputElement(action_id=name, is_decimal_allowed=False,
                                  initial_value=str(value) if value not in (None, "") else None,
                                  min_value=None if field.min is None else str(field.min),
                                  max_value=None if field.max is None else str(field.max))
    if field.kind == "date":
        return DatePickerElement(action_id=name, initial_date=str(field.value)[:10] if field.value else None)
    if field.kind == "checkbox":
        tick = _option("yes", field.label)
        return CheckboxesElement(action_id=name, options=[tick], initial_options=[tick] if field.value else None)
    return PlainTextInputElement(action_id=name, multiline=field.kind == "textarea",
                                 initial_value=fit(str(field.value), 3000) if field.value not in (None, "") else None,
                                 max_length=3000)


def input_blocks(form: RenderedForm, *, placeholder: str, search: str) -> list:
    """One input block per field, block_id = field name, so Slack shows errors beside the right field."""
    blocks = []
    for field in form.fields:
        hint = " ".join(h for h in (field.help, field.error) if h) or None
        blocks.append(InputBlock(
            block_id=field.name, label=PlainTextObject(text=fit(plain(field.label), 2000)),
            element=_element(field, placeholder, search), optional=not field.required,
            hint=PlainTextObject(text=fit(plain(hint), 2000)) if hint else None,
        ))
    return blocks


def modal(form: RenderedForm, *, metadata: dict[str, Any], cancel: str, placeholder: str, search: str,
          intro: str | None = None) -> dict[str, Any]:
    """A modal for a form; `metadata` (action, hidden data, where to answer) comes back on submit."""
    private = json.dumps(metadata, separators=(",", ":"))
    if len(private) > 3000:
        raise ValueError("form data too large for a Slack modal")
    blocks = [SectionBlock(text=MarkdownTextObject(text=fit(mrkdwn(intro), SECTION_LIMIT)))] if intro else []
    blocks += input_blocks(form, placeholder=placeholder, search=search)
    view = View(
        type="modal", callback_id=form.action, private_metadata=private,
        title=PlainTextObject(text=fit(plain(form.title), MODAL_TITLE_LIMIT)),
        submit=PlainTextObject(text=fit(plain(form.submit), 24)), close=PlainTextObject(text=fit(cancel, 24)),
        blocks=blocks,
    )
    return view.to_dict()


def field_errors(form: RenderedForm) -> dict[str, str]:
    """A resubmitted form's errors keyed by block id, for response_action "errors"."""
    return {f.name: fit(plain(f.error), 2000) for f in form.fields if f.error}


def options(pairs: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """An external select's options (at most 100, as Slack allows)."""
    return [_option(v, label).to_dict() for v, label in pairs[:STATIC_LIMIT]]


def view_values(state: dict[str, Any]) -> dict[str, Any]:
    """A submitted view's state as plain form values: ids as strings, lists for multi-selects."""
    values: dict[str, Any] = {}
    for block_id, actions in (state.get("values") or {}).items():
        for element in actions.values():
            values[block_id] = _element_value(element)
    return values


def _element_value(element: dict[str, Any]) -> Any:
    kind = element.get("type")
    if kind in ("static_select", "external_select", "radio_buttons"):
        chosen = element.get("selected_option")
        return chosen["value"] if chosen else None
    if kind in ("multi_static_select", "multi_external_select", "checkboxes"):
        return [o["value"] for o in element.get("selected_options") or []]
    if kind == "datepicker":
        return element.get("selected_date")
    return element.get("value")
