"""An Understander with its trained models: each model is trained or loaded once per process."""
from __future__ import annotations

import threading
from functools import cache
from typing import Sequence

from .catalogue import DEFAULT_CATALOGUE
from .extract.analysis import Analyser
from .model import intents, safeguarding
from .model.encoder import encoder
from .pipeline import Understander
from .schema import Programme, RosterPupil
from .screening import Screener
from .store import data_path, read_roster

_models: dict[tuple, intents.IntentModel] = {}
_lock = threading.Lock()


def intent_model(examples: intents.Examples = ()) -> intents.IntentModel:
    """The intent classifier for these registry examples, featurised over the training roster as at run time."""
    with _lock:
        model = _models.get(examples)
        if model is None:
            analyser = Analyser(read_roster(data_path("train_roster.csv")), DEFAULT_CATALOGUE)
            model = _models[examples] = intents.load_or_train(lambda text: analyser.analyse(text).features, examples)
        return model


@cache
def _screener() -> Screener:
    encode = encoder().encode
    return Screener(safeguarding.load_or_train(encode), encode)


def screener() -> Screener:
    """Rules and the learned detector over the MiniLM encoder, the same for every school."""
    with _lock:
        return _screener()


def understander(roster: Sequence[RosterPupil], catalogue: Sequence[Programme] = DEFAULT_CATALOGUE,
                 examples: intents.Examples = ()) -> Understander:
    """An Understander for one school's roster; `examples` are the registry's phrases (handlers/registry.py)."""
    return Understander(roster, catalogue, intent_model(tuple(examples)), screener())
