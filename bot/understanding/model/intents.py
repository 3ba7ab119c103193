"""Deterministic training of the intent model, cached on disk by a hash of everything it depends on."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import shutil
import tempfile
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from .intents import TEXTCAT_CONFIG
from .schema import INTENTS, RosterPupil

SEED = 0
EPOCHS = 12
BATCH = 32
# Code whose behaviour shapes the features: a change retrains.
FEATURE_SOURCES = ("text.py", "names.py", "programmes.py", "quantities.py", "dates.py", "intents.py", "pipeline.py", "vocab.py", "train.py", "areas.py")
DATA_FILES = ("intents.jsonl", "handwritten.jsonl", "handwritten_2.jsonl", "not_requests.txt", "train_roster.csv",
              "words.txt")
Examples = tuple[tuple[str, str], ...]  # (text, intent): the registry's example phrases (handlers/registry.py)


def data_path(name: str) -> Path:
    """A file in the package's data folder."""
    return Path(str(resources.files(__package__).joinpath("data", name)))


def cache_dir() -> Path:
    """SENDBOT_CACHE_DIR, else ~/.cache/sendbot."""
    return Path(os.environ.get("SENDBOT_CACHE_DIR") or Path.home() / ".cache" / "sendbot")


def model_key(examples: Examples = ()) -> str:
    """Hash of the training data and examples, feature code, spaCy version and config."""
    h = hashlib.sha256()
    h.update(json.dumps(sorted(examples)).encode())
    for name in DATA_FILES:
        h.update(data_path(name).read_bytes())
    for name in FEATURE_SOURCES:
        h.update(Path(str(resources.files(__package__).joinpath(name))).read_bytes())
    h.update(spacy.__version__.encode())
    h.update(json.dumps([TEXTCAT_CONFIG, SEED, EPOCHS, BATCH], sort_keys=True).encode())
    return h.hexdigest()[:20]


def read_roster(path: Path) -> list[RosterPupil]:
    """Pupils from a census-style roster CSV."""
    with Path(path).open(newline="", encoding="utf-8-sig") as f:
        return [
            RosterPupil(
                upn=r["upn"].strip(), first_name=r["first_name"].strip(), preferred_name=(r.get("preferred_name") or "").strip() or None,
                last_name=r["last_name"].strip(), year_group=(r.get("year_group") or "").strip(), class_name=(r.get("class") or "").strip() or None,
            )
            for r in csv.DictReader(f)
            if (r.get("upn") or "").strip()
        ]


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


def training_docs(examples: Examples = ()) -> list[tuple[list[str], str]]:
    """Featurised training examples (the same analysis as at run time)."""
    from .pipeline import Understander

    analyser = Understander(read_roster(data_path("train_roster.csv")))
    return [(analyser.analyse(text).features, intent) for text, intent in training_texts(examples)]


def train(examples: Examples = ()) -> Language:
    """Train the textcat from the shipped data and the examples, deterministically."""
    fix_random_seed(SEED)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config=TEXTCAT_CONFIG)
    names = labels(examples)
    for label in names:
        textcat.add_label(label)
    docs = []
    for words, intent in training_docs(examples):
        doc = spacy.tokens.Doc(nlp.vocab, words=words)
        docs.append(Example.from_dict(doc, {"cats": {i: float(i == intent) for i in names}}))
    optimizer = nlp.initialize(lambda: docs)
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(docs)
        for batch in minibatch(docs, size=BATCH):
            nlp.update(batch, sgd=optimizer, losses={})
    return nlp


def load_or_train(examples: Examples = ()) -> Language:
    """The cached model for the current data and examples, training it first when missing."""
    target = cache_dir() / f"intents-{model_key(examples)}"
    if (target / "config.cfg").exists():
        try:
            return spacy.load(target)
        except Exception:  # a half-written or incompatible cache is rebuilt, not fatal
            shutil.rmtree(target, ignore_errors=True)
    nlp = train(examples)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".intents-", dir=target.parent))
    nlp.to_disk(tmp)
    try:
        tmp.rename(target)  # atomic: concurrent processes never load a partial model
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
    return nlp
