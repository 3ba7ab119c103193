from __future__ import annotations

from bot.understanding.evaluate import evaluate
from bot.understanding.train import load_or_train, model_key
from handlers.registry import training_examples


def test_heldout_accuracy(model):
    scores = evaluate(training_examples())
    assert scores.intent >= 0.95, scores.errors
    assert scores.pupils >= 0.95, scores.errors


def test_model_is_cached_by_key(tmp_path, monkeypatch):
    # load_or_train, not the per-process memo: another test module may have loaded the model already.
    monkeypatch.setenv("SENDBOT_CACHE_DIR", str(tmp_path))
    cached = tmp_path / f"intents-{model_key()}"
    assert not cached.exists()
    assert load_or_train().pipe_names == ["textcat"]
    assert (cached / "config.cfg").exists()
    assert load_or_train().pipe_names == ["textcat"]  # the second time it loads from the cache
