from __future__ import annotations

import pytest

from bot.understanding.model.intents import load_or_train, model_key
from handlers.registry import training_examples
from tests.understanding.generated_eval import evaluate


def test_heldout_accuracy(model):
    scores = evaluate(training_examples())
    assert scores.intent >= 0.95, scores.errors
    assert scores.pupils >= 0.95, scores.errors


def test_model_is_cached_by_key(tmp_path, monkeypatch):
    # load_or_train, not the per-process memo: another test module may have loaded the model already.
    monkeypatch.setenv("SENDBOT_CACHE_DIR", str(tmp_path))
    cached = tmp_path / f"intents-{model_key()}"
    assert not cached.exists()
    featurise = str.split  # any featuriser: this test is about the cache, not the features
    assert load_or_train(featurise).nlp.pipe_names == ["textcat"]
    assert (cached / "config.cfg").exists()
    assert load_or_train(lambda text: pytest.fail("trained again")).nlp.pipe_names == ["textcat"]  # loaded from disk
