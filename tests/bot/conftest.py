"""The conversation tests reuse the handlers' fictional school."""
from tests.handlers.conftest import NOW, TODAY, school  # noqa: F401  (fixtures and the school's clock)
