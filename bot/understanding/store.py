"""Where understanding's shipped data and its trained models live."""
from __future__ import annotations

import csv
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Callable, TypeVar

from .schema import RosterPupil

T = TypeVar("T")


def data_path(name: str) -> Path:
    """A file in the package's data folder ("safeguarding/train_a.jsonl" reaches into a subfolder)."""
    return Path(str(resources.files(__package__).joinpath("data", *name.split("/"))))


def source_path(name: str) -> Path:
    """A module of this package ("extract/names.py"): its bytes go into the key of the models it shapes."""
    return Path(str(resources.files(__package__).joinpath(*name.split("/"))))


def cache_dir() -> Path:
    """SENDBOT_CACHE_DIR, else ~/.cache/sendbot."""
    return Path(os.environ.get("SENDBOT_CACHE_DIR") or Path.home() / ".cache" / "sendbot")


def cached(name: str, load: Callable[[Path], T], build: Callable[[], T], save: Callable[[T, Path], None]) -> T:
    """The model cached as `name`, built and saved first when missing. A half-written or incompatible cache is
    rebuilt, not fatal; the folder is renamed into place, so concurrent processes never load a partial model."""
    target = cache_dir() / name
    if target.exists():
        try:
            return load(target)
        except Exception:
            shutil.rmtree(target, ignore_errors=True)
    model = build()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name.split('-')[0]}-", dir=target.parent))
    save(model, tmp)
    try:
        tmp.rename(target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
    return model


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
