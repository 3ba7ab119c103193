"""The use-cases. Importing the package registers every handler in handlers.routes.ROUTES."""
# The order of import is the order conversations are offered in help and as buttons.
from handlers import concerns, sessions, portraits, parents, upcoming, undo, help, safeguarding, safeguarding_triage  # noqa: F401,I001
from handlers.routes import ROUTES, route

__all__ = ["ROUTES", "route"]
from handlers import digest, notifications, nudges  # noqa: E402,F401  (nudge and alert buttons)
