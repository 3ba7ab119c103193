"""Small school-scoped reads the handlers share (models.queries holds the general ones)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import ClassTeacher, Intervention, InterventionPupil, Plan, Programme, Pupil, School, Staff
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


def running_group_names(db: Session, *, school_id: int, pupil_id: int, day: date) -> list[str]:
    """The names of the groups a pupil is in on `day` (a group without its own name goes by its programme's)."""
    return list(dict.fromkeys(db.scalars(
        select(func.coalesce(Intervention.name, Programme.name))
        .join(Programme, Programme.id == Intervention.programme_id)
        .join(InterventionPupil, InterventionPupil.intervention_id == Intervention.id)
        .where(Intervention.school_id == school_id, InterventionPupil.pupil_id == pupil_id, running_on(day))
        .order_by(Intervention.starts_on)
    )))


def active_plan_summaries(db: Session, *, school_id: int, pupil_id: int) -> list[tuple[str, list[str]]]:
    """(kind, targets) of a pupil's active plans, oldest first: the columns a pen portrait shows, nothing more."""
    rows = db.execute(
        select(Plan.kind, Plan.targets)
        .where(Plan.school_id == school_id, Plan.pupil_id == pupil_id, Plan.active.is_(True))
        .order_by(Plan.starts_on)
    )
    return [(kind, list(targets or [])) for kind, targets in rows]


def local_iso(db: Session, school_id: int, at: datetime) -> str:
    """A stored UTC time in the school's own zone, for prompts to write as people read it (the `when` filter)."""
    return at.astimezone(ZoneInfo(db.get(School, school_id).timezone)).isoformat()


def names(people) -> list[str]:
    return [p.name for p in people]


def my_pupils(db: Session, actor: Staff, day: date) -> tuple[set[int], set[int]]:
    """(pupils in the groups the actor leads on `day`, pupils in the actor's classes): whom they work with."""
    groups = set(db.scalars(
        select(InterventionPupil.pupil_id).join(Intervention, Intervention.id == InterventionPupil.intervention_id)
        .where(Intervention.school_id == actor.school_id, Intervention.lead_staff_id == actor.id, running_on(day))
    ))
    classes = set(db.scalars(
        select(Pupil.id).join(ClassTeacher, ClassTeacher.class_id == Pupil.class_id)
        .where(ClassTeacher.staff_id == actor.id, Pupil.school_id == actor.school_id, Pupil.active.is_(True))
    ))
    return groups, classes
