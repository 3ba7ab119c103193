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
    """Not understood, so nothing is filed: the likeliest conversations as buttons carrying the words typed (the
    main ones when understanding had no guess), and help."""
    guesses = (req.heard.get("intent"), *(req.heard.get("alternatives") or ()))
    likely = list(dict.fromkeys(i for i in guesses if i in TOPICS and TOPICS[i].suggest))[:3]
    likely = likely or [n for n, t in TOPICS.items() if t.suggest]
    words = {"text": req.text} if req.text else {}
    return Reply("unknown.text", {"guessed": req.heard.get("intent", "unknown") != "unknown"},
                 choices=(*(Choice(TOPICS[n].label, n, words) for n in likely), Choice("unknown.help", "help")))
