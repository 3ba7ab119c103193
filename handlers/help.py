"""What the bot can do for each role (from the registry of conversations), and the fallback for the unknown."""
from __future__ import annotations

from sqlalchemy.orm import Session

from handlers.access import DSLS, leads_any
from handlers.registry import ChannelCommand, Topic, TOPICS, topic
from handlers.reply import Choice, Reply
from handlers.request import Request
from handlers.routes import route

topic(Topic(
    "help", label="unknown.help", words=("help", "?", "help me", "menu", "commands", "what can you do"),
    examples=("help",), suggest=False, writes=False, about_pupils=False,
    commands=(ChannelCommand("help", "Everything SENDbot can do", in_channels=True),),
))


def _roles(req: Request, db: Session) -> set[str]:
    actor = req.actor
    roles = set(actor.roles)
    if actor.classes:
        roles.add("teacher")
    if "ta" not in roles and leads_any(db, actor):
        roles.add("ta")
    return roles


@route("help")
def help_(req: Request, db: Session) -> Reply:
    """What I can do: each conversation's first example, for the actor's roles."""
    roles = _roles(req, db)
    shown = [t for t in TOPICS.values() if t.examples and t.name not in ("help", "undo")
             and (not t.roles or roles & set(t.roles))]
    return Reply("help.text", {
        "name": req.actor.name.split()[0],
        "examples": [t.examples[0] for t in shown],
        "dsl": bool(roles & set(DSLS)),
    }, choices=tuple(Choice(t.label, t.name) for t in shown if t.suggest)[:4])


@route("unknown")
def unknown(req: Request, db: Session) -> Reply:
    """Not understood: offer the main conversations as buttons."""
    return Reply("unknown.text", {"guessed": False},
                 choices=(*(Choice(t.label, t.name) for t in TOPICS.values() if t.suggest), Choice("unknown.help", "help")))
