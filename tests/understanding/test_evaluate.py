from __future__ import annotations

import os

from bot.understanding.evaluate import evaluate
from bot.understanding.train import load_or_train, model_key


def test_heldout_accuracy(model):
    scores = evaluate()
    assert scores.intent >= 0.95, scores.errors
    assert scores.pupils >= 0.95, scores.errors


def test_model_is_cached_by_key(model):
    from pathlib import Path

    cached = Path(os.environ["SENDBOT_CACHE_DIR"]) / f"intents-{model_key()}"
    assert (cached / "config.cfg").exists()
    assert load_or_train().pipe_names == ["textcat"]
