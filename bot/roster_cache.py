"""One Understander per school, rebuilt when the school's roster or catalogue changes."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.understanding import Programme as CatalogueEntry
from bot.understanding import RosterPupil, Understander
from models import Programme, Pupil


@dataclass
class SchoolUnderstanding:
    signature: tuple
    understander: Understander
    ids_by_upn: dict[str, int]
    upns_by_id: dict[int, str]


class RosterCache:
    def __init__(self) -> None:
        self._by_school: dict[int, SchoolUnderstanding] = {}
        self._lock = threading.Lock()

    def for_school(self, db: Session, school_id: int) -> SchoolUnderstanding:
        signature = self._signature(db, school_id)
        cached = self._by_school.get(school_id)
        if cached is not None and cached.signature == signature:
            return cached
        with self._lock:
            cached = self._by_school.get(school_id)
            if cached is None or cached.signature != signature:
                cached = self._build(db, school_id, signature)
                self._by_school[school_id] = cached
        return cached

    @staticmethod
    def _signature(db: Session, school_id: int) -> tuple:
        # Cheap to compute on every message: any import, new pupil or leaver changes one of these.
        pupils = db.execute(
            select(func.count(Pupil.id), func.max(Pupil.id), func.sum(Pupil.class_id))
            .where(Pupil.school_id == school_id, Pupil.active.is_(True))
        ).one()
        programmes = db.execute(
            select(func.count(Programme.id), func.max(Programme.id)).where(Programme.school_id == school_id)
        ).one()
        return (*pupils, *programmes)

    @staticmethod
    def _build(db: Session, school_id: int, signature: tuple) -> SchoolUnderstanding:
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
            signature, Understander(roster, catalogue),
            {p.upn: p.id for p in pupils}, {p.id: p.upn for p in pupils},
        )
