"""The use-cases. Importing the package registers every handler in handlers.routes.ROUTES."""
from handlers import concerns, help, parents, portraits, safeguarding, sessions, upcoming  # noqa: F401
from handlers.routes import ROUTES, route

__all__ = ["ROUTES", "route"]
from handlers import digest, notifications, nudges  # noqa: E402,F401  (nudge and alert buttons)
