"""The default catalogue of intervention programmes, as the understanding pipeline sees it."""
from __future__ import annotations

from models.catalogue import DEFAULT_CATALOGUE as _DEFAULT

from .schema import Programme

DEFAULT_CATALOGUE: tuple[Programme, ...] = tuple(Programme(name, aliases) for name, aliases in _DEFAULT)
