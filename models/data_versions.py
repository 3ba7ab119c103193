"""Counters on the school row that move with every flush changing what a process may keep cached.

- `roster_version`: the school's pupils, classes or programmes (bot.roster_cache: the names the bot understands);
- `portraits_version`: anything a pen portrait shows (handlers.portrait_views).

A process reads both with the school row it loads for every message anyway, so it learns whether
its cache is stale whichever process made the change, and a change commits with its counter.
Only ORM flushes move them: a bulk or hand-written UPDATE of these tables must bump them itself.
"""
from __future__ import annotations

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from models.pupil import Pupil
from models.school import School
from models.send import Intervention, InterventionPupil, PenPortraitVersion, Plan, Programme
from models.staff import SchoolClass

ROSTER_MODELS = (Pupil, Programme, SchoolClass)
VERSIONED = {
    "roster_version": ROSTER_MODELS,
    # A portrait shows the pupil's name and class, plans, and the groups (and their programmes) they are in.
    "portraits_version": (*ROSTER_MODELS, PenPortraitVersion, Plan, Intervention, InterventionPupil),
}


def _school_id(session: Session, obj) -> int | None:
    if isinstance(obj, InterventionPupil):  # a group membership has no school of its own: its group's
        if obj.intervention is not None:
            return obj.intervention.school_id
        # Only the column: loading the group would fill its members without this pending one.
        return session.scalar(select(Intervention.school_id).where(Intervention.id == obj.intervention_id))
    return obj.school_id


@event.listens_for(Session, "before_flush")
def _bump_versions(session: Session, flush_context, instances) -> None:
    changed = [o for o in session.new | session.deleted if isinstance(o, VERSIONED["portraits_version"])]
    changed += [o for o in session.dirty if isinstance(o, VERSIONED["portraits_version"]) and session.is_modified(o)]
    if not changed:
        return
    session.info["portraits_changed"] = True  # this transaction's school rows now hold stale counters
    schools = School.__table__
    for column, models in VERSIONED.items():
        school_ids = {_school_id(session, o) for o in changed if isinstance(o, models)} - {None}  # a new school has no cache yet
        if school_ids:
            session.connection().execute(
                update(schools).where(schools.c.id.in_(school_ids)).values({column: schools.c[column] + 1})
            )
