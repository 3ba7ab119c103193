"""schools.roster_version moves with every change to a school's pupils, classes or programmes, and
only then; a long-lived Conversation's cached understanding follows it, whichever session made the change."""
from __future__ import annotations

from sqlalchemy import select

from bot.conversation import Conversation
from bot.incoming import Incoming
from models import Concern, Programme, Pupil, School, SchoolClass
from models.db import unit_of_work
from tests.bot.test_conversation import Clock
from tests.handlers.conftest import NOW


def _version(db_factory, school_id: int) -> int:
    with db_factory() as db:
        return db.scalar(select(School.roster_version).where(School.id == school_id))


def _changed(db_factory, school_id: int, change) -> int:
    """How much `change(db, ...)` moved the school's roster_version."""
    before = _version(db_factory, school_id)
    with unit_of_work(db_factory) as db:
        change(db)
    return _version(db_factory, school_id) - before


def test_roster_changes_move_the_version(db_factory, school):
    sam_id, oak = school.sam_c.id, school.id
    assert _changed(db_factory, oak, lambda db: setattr(db.get(Pupil, sam_id), "preferred_name", "Sammy")) == 1
    assert _changed(db_factory, oak, lambda db: db.add(Pupil(school_id=oak, upn="A100000000099", first_name="Nell",
                                                             last_name="Ashby", year_group="3"))) == 1
    assert _changed(db_factory, oak, lambda db: setattr(db.get(Pupil, sam_id), "active", False)) == 1
    assert _changed(db_factory, oak, lambda db: db.add(Programme(school_id=oak, name="Attention Autism (Oakfield)"))) == 1
    assert _changed(db_factory, oak, lambda db: setattr(db.get(SchoolClass, school.c3.id), "name", "3B")) == 1
    # Another school's roster is its own.
    assert _changed(db_factory, oak, lambda db: setattr(db.get(Pupil, school.other_pupil.id), "first_name", "Zia")) == 0


def test_other_records_and_untouched_pupils_leave_it_alone(db_factory, school):
    def concern(db):
        db.add(Concern(school_id=school.id, pupil_id=school.jack.id, raised_by_id=school.teacher3.id,
                       area_of_need="cognition_learning", noticed="Finds copying from the board hard"))

    assert _changed(db_factory, school.id, concern) == 0
    assert _changed(db_factory, school.id, lambda db: db.get(Pupil, school.jack.id).display_name) == 0
    assert _changed(db_factory, school.id, lambda db: setattr(db.get(Pupil, school.jack.id), "first_name", "Jack")) == 0


def test_a_renamed_pupil_is_understood_by_a_running_conversation(db_factory, school):
    bot = Conversation(db_factory, clock=Clock(NOW))

    def ask(text: str) -> str:
        [reply] = bot.handle_sync(Incoming("webchat", "c1", school.senco.id, text=text))
        return reply.prompt

    assert ask("what works for Neve?") == "pupil.unmatched"
    with unit_of_work(db_factory) as db:
        db.get(Pupil, school.aisha.id).preferred_name = "Neve"
    assert ask("cancel") == "dialog.cancelled"
    assert ask("what works for Neve?") == "portrait.show"
