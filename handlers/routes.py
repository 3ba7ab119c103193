"""The route table: understood intents and button/form actions -> the handler that answers them."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from handlers.reply import Reply
from handlers.request import Request

Handler = Callable[[Request, Session], Reply]

ROUTES: dict[str, Handler] = {}


def route(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler under one or more route names (an intent or an action)."""

    def register(handler: Handler) -> Handler:
        for name in names:
            if name in ROUTES:
                raise ValueError(f"route {name!r} is registered twice")
            ROUTES[name] = handler
        return handler

    return register
