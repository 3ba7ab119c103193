"""Adaptive Cards 1.2 for Teams: the version Teams on phones still renders, so nothing newer is used.

Version 1.2 has no input labels, `isRequired` or `errorMessage` (all 1.3+), so a label is a TextBlock
above its input and a problem with a submitted value is a red ("attention") TextBlock below it.
Every Action.Submit carries {"action": ..., **data}; Teams merges the inputs' values into it.
"""
from __future__ import annotations

from typing import Any

from bot.prompts import Prompts, Rendered, RenderedChoice, RenderedField, RenderedForm

CARD_VERSION = "1.2"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
MAX_CARD_ACTIONS = 5  # Teams shows at most a handful of card actions, fewer on a phone
_ACTION_STYLES = {"primary": "positive", "danger": "destructive"}


def needs_card(rendered: Rendered) -> bool:
    """Plain text is enough unless there is a title, facts, buttons or a form."""
    return bool(rendered.title or rendered.facts or rendered.choices or rendered.form)


def plain_text(rendered: Rendered) -> str:
    """A Teams text message: markdown **bold** kept, each line its own paragraph so phones keep the breaks."""
    return "\n\n".join(line for line in rendered.text.splitlines() if line.strip())


def to_card(rendered: Rendered, words: Prompts) -> dict[str, Any]:
    """The Adaptive Card for one rendered reply."""
    body: list[dict[str, Any]] = []
    if rendered.title:
        body.append(_text(rendered.title, weight="Bolder", size="Medium"))
    body.extend(_paragraphs(rendered.text))
    if rendered.facts:
        body.append({"type": "FactSet", "facts": [{"title": label, "value": value} for label, value in rendered.facts]})
    actions = [_submit(c) for c in rendered.choices]
    if rendered.form:
        body.extend(_form_body(rendered.form, words))
        actions.insert(0, _form_submit(rendered.form))
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
    }
    if len(actions) <= MAX_CARD_ACTIONS:
        if actions:
            card["actions"] = actions
    else:
        # Long "which pupil?" lists: rows of buttons in the body, so none are hidden in an overflow menu.
        for start in range(0, len(actions), MAX_CARD_ACTIONS):
            body.append({"type": "ActionSet", "actions": actions[start:start + MAX_CARD_ACTIONS]})
    return card


def _text(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _paragraphs(text: str) -> list[dict[str, Any]]:
    """One TextBlock per line: Teams mobile drops single line breaks inside a block."""
    blocks: list[dict[str, Any]] = []
    gap = False
    for line in text.splitlines():
        if not line.strip():
            gap = True
            continue
        block = _text(line)
        if blocks:
            block["spacing"] = "Medium" if gap else "None"
        blocks.append(block)
        gap = False
    return blocks


def _submit(choice: RenderedChoice) -> dict[str, Any]:
    action = {"type": "Action.Submit", "title": choice.label, "data": {**choice.data, "action": choice.action}}
    if choice.style in _ACTION_STYLES:
        action["style"] = _ACTION_STYLES[choice.style]
    return action


def _form_submit(form: RenderedForm) -> dict[str, Any]:
    return {"type": "Action.Submit", "title": form.submit, "style": "positive",
            "data": {**form.data, "action": form.action}}


def _form_body(form: RenderedForm, words: Prompts) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = [_text(form.title, weight="Bolder", separator=True, spacing="Medium")]
    for field in form.fields:
        body.extend(_field(field, words))
    return body


def _field(field: RenderedField, words: Prompts) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    label = words.text("teams.card.required", {"label": field.label}) if field.required else field.label
    if field.kind != "checkbox":  # a toggle carries its own title
        items.append(_text(label, weight="Bolder", spacing="Medium"))
    if field.help:
        items.append(_text(field.help, isSubtle=True, size="Small", spacing="None"))
    items.append(_input(field, label))
    if field.error:
        items.append(_text(field.error, color="Attention", weight="Bolder", spacing="Small"))
    return items


def _input(field: RenderedField, label: str) -> dict[str, Any]:
    kind = field.kind
    if kind == "number":
        element: dict[str, Any] = {"type": "Input.Number"}
        if field.min is not None:
            element["min"] = field.min
        if field.max is not None:
            element["max"] = field.max
        number = _as_number(field.value)
        if number is not None:
            element["value"] = number
    elif kind == "date":
        element = {"type": "Input.Date"}
        if field.value:
            element["value"] = str(field.value)
    elif kind == "checkbox":
        element = {"type": "Input.Toggle", "title": label, "valueOn": "true", "valueOff": "false",
                   "value": "true" if _truthy(field.value) else "false"}
    elif kind in ("choice", "pupil", "pupils") and field.options:
        element = {"type": "Input.ChoiceSet", "choices": [{"title": t, "value": v} for v, t in field.options]}
        if kind == "pupils":
            # Ticks, one per pupil: quicker than a dropdown on a phone and reads as attendance.
            element.update(isMultiSelect=True, style="expanded", wrap=True)
        else:
            element.update(style="compact", wrap=True)  # 1.2 has no placeholder; long names wrap on phones
        if field.value not in (None, "", []):
            element["value"] = _choice_value(field.value)
    else:
        element = {"type": "Input.Text", "isMultiline": kind == "textarea"}
        if field.value not in (None, ""):
            element["value"] = str(field.value)
    element["id"] = field.name
    return element


def _as_number(value: Any) -> int | float | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None  # a bad submitted value: the error text says so, the box starts empty
    return int(number) if number.is_integer() else number


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("true", "1", "yes", "on")


def _choice_value(value: Any) -> str:
    """ChoiceSet values are strings; several selected values are comma-separated."""
    if isinstance(value, (list, tuple, set)):
        return ",".join(str(v) for v in value)
    return str(value)
