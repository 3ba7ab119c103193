"""What the bot can do for each role, and a friendly fallback when it did not understand."""
from __future__ import annotations

from sqlalchemy.orm import Session

from handlers.access import DSLS, leads_any
from handlers.reply import Choice, Reply
from handlers.request import Request
from handlers.routes import route

MAIN = (("log_concern", "unknown.concern"), ("record_session", "unknown.session"),
        ("get_portrait", "unknown.portrait"), ("log_parent_contact", "unknown.parent"))


@route("help")
def help_(req: Request, db: Session) -> Reply:
    """What I can do, with example phrases for the actor's roles."""
    actor = req.actor
    return Reply("help.text", {
        "name": actor.name.split()[0],
        "senco": actor.has_role("senco"),
        "teacher": actor.has_role("teacher") or bool(actor.classes),
        "ta": actor.has_role("ta") or leads_any(db, actor),
        "dsl": actor.has_role(*DSLS),
    }, choices=tuple(Choice(label, action) for action, label in MAIN))


@route("unknown")
def unknown(req: Request, db: Session) -> Reply:
    """Not understood: offer the main conversations as buttons."""
    return Reply("unknown.text", choices=(*(Choice(label, action) for action, label in MAIN),
                                          Choice("unknown.help", "help")))
