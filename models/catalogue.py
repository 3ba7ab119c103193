"""The default catalogue of intervention programmes, and creating a school with it."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.school import School
from models.send import Programme

# (canonical name, aliases staff use); bot/understanding matches words against the same list.
DEFAULT_CATALOGUE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Precision Teaching", ("PT",)),
    ("Lego-based Therapy", ("Lego therapy", "Lego club")),
    ("ELSA", ("emotional literacy support",)),
    ("Zones of Regulation", ("zones", "ZoR")),
    ("Toe by Toe", ()),
    ("Nessy", ()),
    ("Talk Boost", ()),
    ("Colourful Semantics", ()),
    ("Social Stories", ()),
    ("Sensory Circuits", ()),
    ("Write from the Start", ()),
    ("Numicon", ()),
    ("1stClass@Number", ("first class at number",)),
    ("Fast Track Phonics", ("RWI fast track", "fast track tutoring", "phonics catch-up")),
    ("Lexia", ()),
    ("Attention Autism", ("bucket time",)),
    ("Speech and Language Programme", ("SALT", "SaLT programme", "speech therapy programme")),
    ("Fine Motor Skills", ("funky fingers",)),
    ("Nurture Group", ("nurture",)),
    ("Switch-on Reading", ()),
    ("Drawing and Talking", ()),
    ("Socially Speaking", ()),
    ("Time to Talk", ()),
    ("Handwriting", ()),
)


def seed_catalogue(db: Session, *, school_id: int) -> int:
    """Add the default programmes the school does not have yet; returns how many were added.

    Existing programmes are left as the school edited them (their aliases are not reset).
    """
    have = {name.casefold() for name in db.scalars(select(Programme.name).where(Programme.school_id == school_id))}
    added = [
        Programme(school_id=school_id, name=name, aliases=list(aliases))
        for name, aliases in DEFAULT_CATALOGUE
        if name.casefold() not in have
    ]
    db.add_all(added)
    db.flush()
    return len(added)


def create_school(
    db: Session, *, name: str, urn: str, nation: str = "england", trust_id: int | None = None
) -> School:
    """Create a school with the default programme catalogue (the caller commits)."""
    school = School(name=name, urn=urn.strip(), nation=nation, trust_id=trust_id)
    db.add(school)
    db.flush()
    seed_catalogue(db, school_id=school.id)
    return school
