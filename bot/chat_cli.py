"""`sendbot chat`: a terminal conversation with the bot, acting as one staff member."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation import Conversation
from bot.incoming import Incoming
from bot.prompts import RenderedChoice, RenderedField, RenderedForm, prompts
from bot.render.text import to_text
from handlers.notifications import day_label
from models import School, Staff

QUIT = {"quit", "exit", ":q"}


class ChatError(Exception):
    """The chat cannot start (unknown email, several schools)."""


def find_actor(db: Session, *, email: str, school_urn: str | None) -> Staff:
    query = select(Staff).where(func.lower(Staff.email) == email.strip().lower(), Staff.active.is_(True))
    if school_urn:
        query = query.join(School, School.id == Staff.school_id).where(School.urn == school_urn)
    found = db.scalars(query).all()
    if not found:
        raise ChatError(f"No active staff member has the email {email!r}. Try `sendbot demo` first, or check the address.")
    if len(found) > 1:
        raise ChatError(f"{email!r} works in several schools: add --school URN.")
    return found[0]


def run_chat(
    factory: sessionmaker[Session], conversation: Conversation, *, email: str, school_urn: str | None,
    read: Callable[[str], str] = input, write: Callable[[str], None] = print,
) -> None:
    with factory() as db:
        actor = find_actor(db, email=email, school_urn=school_urn)
        write(prompts().text("chat.welcome", {"name": actor.name, "roles": sorted(actor.roles)}).replace("**", ""))
        actor_id = actor.id
    choices: tuple[RenderedChoice, ...] = ()
    while True:
        try:
            line = read("you> ").strip()
        except EOFError:
            return
        if line.lower() in QUIT:
            return
        if line.isdigit() and 0 < int(line) <= len(choices):
            chosen = choices[int(line) - 1]
            incoming = Incoming("cli", f"cli:{actor_id}", actor_id, action=chosen.action, values=chosen.data)
        else:
            incoming = Incoming("cli", f"cli:{actor_id}", actor_id, text=line)
        choices = ()
        while incoming is not None:
            incoming, choices = _answer(conversation, incoming, read, write)


def _answer(conversation, incoming, read, write):
    """Show the bot's replies; a form is filled in field by field and submitted.

    Buttons are numbered across all the replies of one turn, so every number presses one button.
    """
    next_incoming, choices = None, ()
    for reply in conversation.handle_sync(incoming):
        rendered = prompts().render(reply)
        write(to_text(rendered, first=len(choices) + 1))
        choices = (*choices, *rendered.choices)
        if rendered.form:
            values = fill_form(rendered.form, read, write)
            if values is not None:
                next_incoming = Incoming(incoming.channel, incoming.conversation_id, incoming.staff_id,
                                         action=rendered.form.action, values=values)
    return next_incoming, choices


def fill_form(form: RenderedForm, read, write) -> dict[str, Any] | None:
    """Ask for each field in turn; Enter keeps the shown value, "cancel" abandons the form."""
    values: dict[str, Any] = dict(form.data)
    for field in form.fields:
        for number, (_, label) in enumerate(field.options, start=1):
            write(f"    {number}. {label}")
        shown = f" [{_shown(field)}]" if field.value not in (None, "", []) else ""
        answer = read(f"  {field.label}{shown}: ").strip()
        if answer.lower() == "cancel":
            write(prompts().text("dialog.cancelled"))
            return None
        values[field.name] = _field_value(field, answer)
    return values


def _shown(field: RenderedField) -> str:
    """A kept value as a person reads it: the option's label, a date the British way."""
    labels = dict(field.options)
    if str(field.value) in labels:
        return labels[str(field.value)]
    if field.kind == "date":
        try:
            return day_label(date.fromisoformat(str(field.value)[:10]))
        except ValueError:
            pass
    return str(field.value)


def _field_value(field: RenderedField, answer: str) -> Any:
    if not answer:
        return field.value
    options = [value for value, _ in field.options]
    picks = [options[int(a) - 1] for a in answer.replace(",", " ").split() if a.isdigit() and 0 < int(a) <= len(options)]
    if field.kind == "pupils" or (field.kind == "checkbox" and options):
        return picks
    if field.kind in ("pupil", "choice") and options:
        return picks[0] if picks else answer
    if field.kind == "checkbox":
        return answer.lower() in {"y", "yes", "true", "1"}
    return answer
