"""Plain text for the terminal chat: choices numbered, forms listed field by field."""
from __future__ import annotations

from bot.prompts import Rendered


def to_text(rendered: Rendered) -> str:
    lines: list[str] = []
    if rendered.title:
        lines.append(rendered.title.upper())
    if rendered.text:
        lines.append(rendered.text.replace("**", ""))
    for label, value in rendered.facts:
        lines.append(f"  {label}: {value}")
    for number, choice in enumerate(rendered.choices, start=1):
        lines.append(f"  [{number}] {choice.label}")
    if rendered.form:
        lines.append(f"-- {rendered.form.title} --")
        for field in rendered.form.fields:
            note = f"  ! {field.error}" if field.error else ""
            lines.append(f"  {field.label}{' *' if field.required else ''}{note}")
    return "\n".join(lines)
