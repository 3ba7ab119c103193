"""Plain text for the terminal chat: choices numbered, forms listed field by field."""
from __future__ import annotations

from bot.prompts import Rendered


def to_text(rendered: Rendered, *, first: int = 1) -> str:
    """`first`: the number of this reply's first button (numbers run on across one turn's replies)."""
    lines: list[str] = []
    if rendered.title:
        lines.append(rendered.title.upper())
    if rendered.text:
        lines.append(rendered.text.replace("**", ""))
    for label, value in rendered.facts:
        lines.append(f"  {label}: {value}")
    for number, choice in enumerate(rendered.choices, start=first):
        lines.append(f"  [{number}] {choice.label}")
    if rendered.form:
        lines.append(f"-- {rendered.form.title} --")
        for field in rendered.form.fields:
            note = f"  ! {field.error}" if field.error else ""
            lines.append(f"  {field.label}{' *' if field.required else ''}{note}")
    return "\n".join(lines)


def outcome_line(rendered: Rendered) -> str:
    """One line saying how a pressed card or message ended: its title, else its first line, without markup."""
    first = rendered.title or next((line for line in rendered.text.splitlines() if line.strip()), "")
    line = first.replace("**", "").strip()
    return line if len(line) <= 120 else line[:119].rstrip() + "…"


def settles(replies) -> bool:
    """Whether a pressed card or message should now show its outcome instead of its buttons: not when a form is
    shown again (its errors, Change) or the press was a repeat (the first one already settled it)."""
    return bool(replies) and not any(r.form for r in replies) and replies[0].prompt != "dialog.already_done"
