"""Small school-scoped look-ups shared by handlers and the data tools. They never commit."""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models.pupil import Pupil
from models.school import School
from models.send import PenPortraitVersion, Programme
from models.staff import SchoolClass, Staff, StaffRole


def school_by_urn(db: Session, *, urn: str) -> School | None:
    """The school with this DfE URN, or None."""
    return db.scalar(select(School).where(School.urn == urn.strip()))


def pupil_by_upn(db: Session, *, school_id: int, upn: str) -> Pupil | None:
    """One pupil of this school by UPN (any case, spaces ignored), active or not."""
    return db.scalar(
        select(Pupil).where(Pupil.school_id == school_id, Pupil.upn == upn.strip().upper())
    )


def roster(db: Session, *, school_id: int) -> list[Pupil]:
    """The school's active pupils with their class, by year group, class and name."""
    return list(
        db.scalars(
            select(Pupil)
            .outerjoin(SchoolClass, Pupil.class_id == SchoolClass.id)
            .where(Pupil.school_id == school_id, Pupil.active.is_(True))
            .order_by(SchoolClass.name.nulls_last(), Pupil.last_name, Pupil.first_name, Pupil.id)
        )
    )


def classes(db: Session, *, school_id: int) -> list[SchoolClass]:
    """The school's classes by name."""
    return list(db.scalars(select(SchoolClass).where(SchoolClass.school_id == school_id).order_by(SchoolClass.name)))


def staff_by_email(db: Session, *, school_id: int, email: str) -> Staff | None:
    """A member of staff of this school by email, ignoring case."""
    return db.scalar(
        select(Staff).where(Staff.school_id == school_id, func.lower(Staff.email) == email.strip().lower())
    )


def staff_with_role(db: Session, *, school_id: int, role: str) -> list[Staff]:
    """Active staff of this school holding `role` (e.g. every DSL to alert), by name."""
    return list(
        db.scalars(
            select(Staff)
            .join(StaffRole, StaffRole.staff_id == Staff.id)
            .where(Staff.school_id == school_id, Staff.active.is_(True), StaffRole.role == role)
            .order_by(Staff.name, Staff.id)
        )
    )


def current_portrait(db: Session, *, pupil_id: int) -> PenPortraitVersion | None:
    """The newest pen portrait version of a pupil (found through a school-scoped query), or None."""
    return db.scalar(
        select(PenPortraitVersion)
        .where(PenPortraitVersion.pupil_id == pupil_id)
        .order_by(PenPortraitVersion.version.desc())
        .limit(1)
    )


def programmes(db: Session, *, school_id: int) -> list[Programme]:
    """The school's programme catalogue by name."""
    return list(db.scalars(select(Programme).where(Programme.school_id == school_id).order_by(Programme.name)))


def programme_named(db: Session, *, school_id: int, name: str) -> Programme | None:
    """A programme of this school by its name or one of its aliases, ignoring case."""
    return programme_index(programmes(db, school_id=school_id)).get(name.strip().casefold())


def programme_index(catalogue: list[Programme]) -> dict[str, Programme]:
    """Every name and alias (case-folded) -> programme; a canonical name wins over another's alias."""
    index: dict[str, Programme] = {}
    for programme in catalogue:
        for alias in programme.aliases or ():
            index.setdefault(alias.strip().casefold(), programme)
    for programme in catalogue:
        index[programme.name.strip().casefold()] = programme
    return index


def pupils_named(db: Session, *, school_id: int, name: str) -> list[Pupil]:
    """Active pupils a typed name fits: "Leo Mensah", "Leo M", or a first (or preferred) name alone, any case."""
    words = name.casefold().split()
    if not words or len(words) > 4:
        return []
    first, rest = words[0], " ".join(words[1:]).rstrip(".")
    found = db.scalars(select(Pupil).where(
        Pupil.school_id == school_id, Pupil.active.is_(True),
        or_(func.lower(Pupil.first_name) == first, func.lower(Pupil.preferred_name) == first),
    ).order_by(Pupil.id))
    return [p for p in found if not rest or p.last_name.casefold() == rest or
            (len(rest) == 1 and p.last_name.casefold().startswith(rest))]
