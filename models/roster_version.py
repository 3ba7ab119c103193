"""Every flush that changes a school's pupils, classes or programmes bumps `schools.roster_version`.

A process that caches what it understands of a roster (bot.roster_cache) then learns with the
school row it reads anyway whether to rebuild, whichever process made the change.
"""
from __future__ import annotations

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from models.pupil import Pupil
from models.school import School
from models.send import Programme
from models.staff import SchoolClass

ROSTER_MODELS = (Pupil, Programme, SchoolClass)


@event.listens_for(Session, "before_flush")
def _bump_roster_version(session: Session, flush_context, instances) -> None:
    changed = [o for o in session.new | session.deleted if isinstance(o, ROSTER_MODELS)]
    changed += [o for o in session.dirty if isinstance(o, ROSTER_MODELS) and session.is_modified(o)]
    school_ids = {o.school_id for o in changed} - {None}  # a brand-new school has nothing cached yet
    if school_ids:
        schools = School.__table__
        session.connection().execute(
            update(schools).where(schools.c.id.in_(school_ids)).values(roster_version=schools.c.roster_version + 1)
        )
