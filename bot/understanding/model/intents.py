"""The intent classifier: a bag-of-words spaCy textcat over masked tokens, trained deterministically and cached on
disk by a hash of everything it depends on. It is given its featuriser; it never imports the pipeline."""
from __future__ import annotations

import hashlib
import json
import random
from typing import Callable, Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from ..schema import INTENTS
from ..store import cached, data_path, source_path

TEXTCAT_CONFIG = {
    "threshold": 0.5,
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 262144,
    },
}
SEED = 0
EPOCHS = 12
BATCH = 32
# Code whose behaviour shapes the features: a change retrains.
FEATURE_SOURCES = ("extract/text.py", "extract/names.py", "extract/programmes.py", "extract/quantities.py",
                   "extract/dates.py", "extract/areas.py", "extract/vocab.py", "extract/analysis.py", "model/intents.py")
DATA_FILES = ("intents.jsonl", "handwritten.jsonl", "handwritten_2.jsonl", "not_requests.txt", "train_roster.csv",
              "words.txt")
Examples = tuple[tuple[str, str], ...]  # (text, intent): the registry's example phrases (handlers/registry.py)
Featurise = Callable[[str], list[str]]


def model_key(examples: Examples = ()) -> str:
    """Hash of the training data and examples, feature code, spaCy version and config."""
    h = hashlib.sha256()
    h.update(json.dumps(sorted(examples)).encode())
    for name in DATA_FILES:
        h.update(data_path(name).read_bytes())
    for name in FEATURE_SOURCES:
        h.update(source_path(name).read_bytes())
    h.update(spacy.__version__.encode())
    h.update(json.dumps([TEXTCAT_CONFIG, SEED, EPOCHS, BATCH], sort_keys=True).encode())
    return h.hexdigest()[:20]


def training_texts(examples: Examples = ()) -> list[tuple[str, str]]:
    """(text, intent): the generated sentences, the hand-written ones (another writer than either evaluation set's),
    messages that are no request (unknown), and the registry's examples."""
    out = []
    for name in ("intents.jsonl", "handwritten.jsonl", "handwritten_2.jsonl"):
        with data_path(name).open(encoding="utf-8") as f:
            out += [(row["text"], row["intent"]) for row in map(json.loads, filter(str.strip, f))]
    with data_path("not_requests.txt").open(encoding="utf-8") as f:
        out += [(line.strip(), "unknown") for line in f if line.strip() and not line.startswith("#")]
    return out + list(examples)


def labels(examples: Examples = ()) -> tuple[str, ...]:
    """The contract's intents, then any other intent the training data teaches (update_portrait, undo)."""
    return INTENTS + tuple(sorted({intent for _, intent in training_texts(examples)} - set(INTENTS)))


class IntentModel:
    """Class probabilities for a message's features."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self._textcat = nlp.get_pipe("textcat")

    def classify(self, features: list[str]) -> dict[str, float]:
        """Probabilities by intent (only the textcat runs)."""
        return self._textcat(Doc(self.nlp.vocab, words=features)).cats


def train(docs: Iterable[tuple[list[str], str]], names: tuple[str, ...]) -> Language:
    """Train the textcat on featurised (words, intent) pairs, deterministically."""
    fix_random_seed(SEED)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config=TEXTCAT_CONFIG)
    for label in names:
        textcat.add_label(label)
    examples = [Example.from_dict(Doc(nlp.vocab, words=words), {"cats": {i: float(i == intent) for i in names}})
                for words, intent in docs]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=BATCH):
            nlp.update(batch, sgd=optimizer, losses={})
    return nlp


def load_or_train(featurise: Featurise, examples: Examples = ()) -> IntentModel:
    """The cached model for the current data and examples, trained first when missing. `featurise` must be the
    analysis the pipeline runs at run time (over the training roster), so training and use see the same features."""
    def build() -> Language:
        return train(((featurise(text), intent) for text, intent in training_texts(examples)), labels(examples))

    def load(path) -> Language:
        if not (path / "config.cfg").exists():
            raise FileNotFoundError(path)
        return spacy.load(path)

    return IntentModel(cached(f"intents-{model_key(examples)}", load, build, lambda nlp, path: nlp.to_disk(path)))
