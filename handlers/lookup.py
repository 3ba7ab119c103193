"""Small school-scoped reads the handlers share (models.queries holds the general ones)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import ClassTeacher, Intervention, InterventionPupil, Plan, Pupil, Staff
from models.queries import staff_with_role


def staff_in_roles(db: Session, *, school_id: int, roles: tuple[str, ...]) -> list[Staff]:
    """Active staff holding any of `roles`, each once, by name."""
    seen: dict[int, Staff] = {}
    for role in roles:
        for person in staff_with_role(db, school_id=school_id, role=role):
            seen.setdefault(person.id, person)
    return sorted(seen.values(), key=lambda s: (s.name, s.id))


def sencos(db: Session, *, school_id: int) -> list[Staff]:
    return staff_in_roles(db, school_id=school_id, roles=("senco",))


def class_teachers(db: Session, *, pupil: Pupil) -> list[Staff]:
    """The active class teachers of the pupil's class."""
    if pupil.class_id is None:
        return []
    return list(db.scalars(
        select(Staff).join(ClassTeacher, ClassTeacher.staff_id == Staff.id)
        .where(ClassTeacher.class_id == pupil.class_id, Staff.school_id == pupil.school_id, Staff.active.is_(True))
        .order_by(Staff.name)
    ))


def running_on(day: date):
    """A filter for interventions running on `day` (open-ended ones run until someone ends them)."""
    return (Intervention.starts_on <= day) & or_(Intervention.ends_on.is_(None), Intervention.ends_on >= day)


def running_interventions(db: Session, *, school_id: int, pupil_id: int, day: date) -> list[Intervention]:
    return list(db.scalars(
        select(Intervention).join(InterventionPupil, InterventionPupil.intervention_id == Intervention.id)
        .where(Intervention.school_id == school_id, InterventionPupil.pupil_id == pupil_id, running_on(day))
        .order_by(Intervention.starts_on)
    ).unique())


def active_plans(db: Session, *, school_id: int, pupil_id: int) -> list[Plan]:
    return list(db.scalars(
        select(Plan).where(Plan.school_id == school_id, Plan.pupil_id == pupil_id, Plan.active.is_(True))
        .order_by(Plan.starts_on)
    ))


def names(people) -> list[str]:
    return [p.name for p in people]
