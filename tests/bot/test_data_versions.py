"""schools.roster_version moves with every change to a school's pupils, classes or programmes, and
schools.portraits_version with every change to what a pen portrait shows, and only then; a long-lived
Conversation's cached understanding and portraits follow them, whichever session made the change."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, func, select

from bot.conversation import Conversation
from bot.incoming import Incoming
from handlers.portrait_views import PortraitViews
from models import (
    AuditEvent,
    Concern,
    Intervention,
    InterventionPupil,
    PenPortraitVersion,
    Plan,
    Programme,
    Pupil,
    School,
    SchoolClass,
)
from models.db import unit_of_work
from tests.bot.test_conversation import Clock
from tests.handlers.conftest import NOW


def _version(db_factory, school_id: int, column: str) -> int:
    with db_factory() as db:
        return db.scalar(select(getattr(School, column)).where(School.id == school_id))


def _changed(db_factory, school_id: int, change, column: str = "roster_version") -> int:
    """How much `change(db)` moved the school's counter `column`."""
    before = _version(db_factory, school_id, column)
    with unit_of_work(db_factory) as db:
        change(db)
    return _version(db_factory, school_id, column) - before


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


def test_what_a_portrait_shows_moves_the_portraits_version(db_factory, school):
    oak, aisha_id, group_id = school.id, school.aisha.id, school.group.id

    def moved(change) -> tuple[int, int]:
        """(portraits_version, roster_version) moves for one change."""
        before = _version(db_factory, oak, "roster_version")
        return _changed(db_factory, oak, change, "portraits_version"), _version(db_factory, oak, "roster_version") - before

    def new_portrait(db):
        db.add(PenPortraitVersion(school_id=oak, pupil_id=aisha_id, version=2, strategies=["Movement breaks"],
                                  updated_by_id=school.senco.id))

    assert moved(new_portrait) == (1, 0)
    assert moved(lambda db: setattr(db.scalar(select(Plan).where(Plan.pupil_id == aisha_id)), "targets", ["Read aloud"])) == (1, 0)
    assert moved(lambda db: setattr(db.get(Intervention, group_id), "name", "Y3 spelling group")) == (1, 0)
    assert moved(lambda db: db.add(InterventionPupil(intervention_id=group_id, pupil_id=aisha_id))) == (1, 0)
    assert moved(lambda db: db.delete(db.get(InterventionPupil, (group_id, aisha_id)))) == (1, 0)
    # A portrait shows the pupil's name and class too.
    assert moved(lambda db: setattr(db.get(Pupil, aisha_id), "preferred_name", "Ash")) == (1, 1)
    # A concern is not part of a portrait; another school's portrait is its own.
    assert moved(lambda db: db.add(Concern(school_id=oak, pupil_id=aisha_id, raised_by_id=school.teacher4.id,
                                           area_of_need="sensory_physical", noticed="Covers ears in assembly"))) == (0, 0)
    other = school.other_pupil

    def other_portrait(db):
        db.add(PenPortraitVersion(school_id=other.school_id, pupil_id=other.id, version=1, strategies=["Quiet corner"],
                                  updated_by_id=school.other_staff.id))

    assert moved(other_portrait) == (0, 0)


def test_a_running_conversation_shows_changes_made_elsewhere_and_each_day_s_groups(db_factory, school):
    clock = Clock(NOW)
    bot = Conversation(db_factory, clock=clock)
    with unit_of_work(db_factory) as db:
        db.add(PenPortraitVersion(school_id=school.id, pupil_id=school.jack.id, version=1, strategies=["Coloured overlay"],
                                  updated_by_id=school.senco.id))

    def portrait(name: str) -> dict:
        [reply] = bot.handle_sync(Incoming("webchat", "c1", school.senco.id, text=f"what works for {name}?"))
        assert reply.prompt == "portrait.show"
        return reply.data

    assert portrait("Aisha")["strategies"] == ["Visual timetable"]
    assert portrait("Jack")["interventions"] == ["Y3 PT group"]
    with unit_of_work(db_factory) as db:  # another process's session, as far as the bot can tell
        db.add(PenPortraitVersion(school_id=school.id, pupil_id=school.aisha.id, version=2,
                                  strategies=["Visual timetable", "Movement breaks"], updated_by_id=school.senco.id))
    assert portrait("Aisha")["strategies"] == ["Visual timetable", "Movement breaks"]
    with unit_of_work(db_factory) as db:
        db.get(Intervention, school.group.id).ends_on = NOW.date() + timedelta(days=1)
    assert portrait("Jack")["interventions"] == ["Y3 PT group"]  # it runs until the end of its last day
    clock.now = NOW + timedelta(days=2)
    assert portrait("Jack")["interventions"] == []
    # Each read is audited, cached or not.
    with db_factory() as db:
        reads = db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "read",
                                                                   AuditEvent.record == "pen_portrait"))
    assert reads == 5


def test_a_second_read_of_a_portrait_comes_from_the_cache_and_is_still_audited(db_factory, school):
    bot = Conversation(db_factory, clock=Clock(NOW))
    statements: list[str] = []
    engine = db_factory.kw["bind"]

    def note(_conn, _cursor, sql, *_):
        statements.append(sql)

    def ask() -> int:
        statements.clear()
        event.listen(engine, "before_cursor_execute", note)
        try:
            [reply] = bot.handle_sync(Incoming("webchat", "c1", school.senco.id, text="what works for Aisha?"))
        finally:
            event.remove(engine, "before_cursor_execute", note)
        assert reply.prompt == "portrait.show"
        return sum("pen_portraits" in sql for sql in statements)

    assert ask() == 1
    assert ask() == 0
    assert sum("INSERT INTO audit_events" in sql for sql in statements) == 1


def test_a_view_built_after_an_uncommitted_change_is_not_kept(db_factory, school):
    views = PortraitViews()
    with db_factory() as db:
        _row = db.get(School, school.id)  # held, as a conversation holds it: its counter falls behind the flush
        db.add(PenPortraitVersion(school_id=school.id, pupil_id=school.aisha.id, version=2,
                                  strategies=["Never kept"], updated_by_id=school.senco.id))
        db.flush()
        assert views.view(db, pupil=db.get(Pupil, school.aisha.id), today=NOW.date()).data["strategies"] == ["Never kept"]
        db.rollback()
    with db_factory() as db:
        assert views.view(db, pupil=db.get(Pupil, school.aisha.id), today=NOW.date()).data["strategies"] == ["Visual timetable"]
