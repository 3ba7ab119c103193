"""One Understander per school, rebuilt when the school's roster_version (models.data_versions) says its pupils, classes or programmes changed."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.understanding import Programme as CatalogueEntry
from bot.understanding import RosterPupil, Understander, intent_model, screener, understander
from handlers.registry import training_examples
from models import Programme, Pupil, School


@dataclass
class SchoolUnderstanding:
    version: int  # the school's roster_version when this was built
    understander: Understander
    ids_by_upn: dict[str, int]
    upns_by_id: dict[int, str]


def load_models() -> None:
    """Train or load the understanding models (about 40 seconds the first time, from disk after). Called before any
    database transaction opens, so that a first start never holds SQLite's write lock while it trains."""
    intent_model(training_examples())
    screener()


class RosterCache:
    def __init__(self) -> None:
        self._by_school: dict[int, SchoolUnderstanding] = {}
        self._lock = threading.Lock()

    def for_school(self, db: Session, school: School) -> SchoolUnderstanding:
        version = school.roster_version
        cached = self._by_school.get(school.id)
        if cached is not None and cached.version == version:
            return cached
        with self._lock:
            cached = self._by_school.get(school.id)
            if cached is None or cached.version != version:
                cached = self._build(db, school.id, version)
                self._by_school[school.id] = cached
        return cached

    @staticmethod
    def _build(db: Session, school_id: int, version: int) -> SchoolUnderstanding:
        pupils = db.scalars(select(Pupil).where(Pupil.school_id == school_id, Pupil.active.is_(True))).all()
        roster = [
            RosterPupil(p.upn, p.first_name, p.preferred_name, p.last_name, p.year_group, p.class_name)
            for p in pupils
        ]
        catalogue = [
            CatalogueEntry(p.name, tuple(p.aliases or ()))
            for p in db.scalars(select(Programme).where(Programme.school_id == school_id))
        ]
        return SchoolUnderstanding(
            version, understander(roster, catalogue, training_examples()),
            {p.upn: p.id for p in pupils}, {p.id: p.upn for p in pupils},
        )
