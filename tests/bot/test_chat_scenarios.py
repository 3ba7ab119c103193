"""The issue's reproductions, typed into `sendbot chat` on the demo school: the right pupil, date and kind of record."""
from __future__ import annotations

import pytest

from bot.chat_cli import run_chat
from bot.schooldata import DEMO_LOGINS
from models import Concern, InterventionSession, ParentContact, PenPortraitVersion, Pupil, SessionAttendance
from tests.bot.staffroom import TODAY, Staffroom


@pytest.fixture
def room(db_factory):
    return Staffroom(db_factory)


def chat(room, role: str, *lines: str) -> str:
    """Type these lines into `sendbot chat --as <role's email>`; everything the terminal showed."""
    typed = iter(lines)
    shown: list[str] = []

    def read(prompt: str) -> str:
        shown.append(prompt)
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    run_chat(room.factory, room.bot, email=DEMO_LOGINS[role], school_urn=None, read=read, write=shown.append)
    return "\n".join(shown)


def names(room, session) -> dict[str, tuple[bool, str | None]]:
    with room.factory() as db:
        rows = db.query(SessionAttendance).filter(SessionAttendance.session_id == session.id).all()
        return {db.get(Pupil, a.pupil_id).display_name: (a.present, a.score) for a in rows}


def test_words_never_land_on_the_wrong_child(room):
    screen = chat(room, "teacher", "concern about Zac: keeps hiding under the table",
                  "worried about Grace Adeyemi: crying at drop off every day", "observed twice", "1")
    assert "kept your unfinished concern about Zac as a draft" in screen
    [concern] = room.new(Concern)
    assert concern.pupil_id == room.pupil("Grace Adeyemi").id
    assert (concern.noticed, concern.evidence) == ("crying at drop off every day", "observed twice")


def test_a_question_about_another_pupil_is_not_evidence(room):
    screen = chat(room, "teacher", "worried about Leo Mensah, can't remember his times tables", "what works for Evie?")
    assert "WHAT WORKS FOR EVIE ISLAM" in screen and "kept your unfinished concern about Leo Mensah" in screen
    assert room.new(Concern) == []


def test_a_new_terminal_chat_does_not_swallow_a_message_about_another_pupil(room):
    chat(room, "teacher", "concern about Evie Islam")
    room.restart()
    room.later(minutes=4)
    shown = chat(room, "teacher", "Oskar Bangura ran out of the classroom twice, evidence: seen by the TA, area: SEMH")
    if "Should the DSL see it now?" in shown:  # the detector asks about running off; the teacher says it is SEND
        chat(room, "teacher", "Oskar Bangura ran out of the classroom twice, evidence: seen by the TA, area: SEMH", "2")
    [concern] = room.new(Concern)
    assert concern.pupil_id == room.pupil("Oskar Bangura").id and "Evie" not in concern.noticed


def test_per_pupil_scores_today(room):
    chat(room, "ta", "PT with Esme Costa and Joaquin Kamara 10 mins, Esme 9/10, Joaquin 5/10")
    [session] = room.new(InterventionSession)
    assert session.delivered_on == TODAY and session.programme.name == "Precision Teaching"
    assert names(room, session) == {"Esme Costa": (True, "9/10"), "Joaquín Kamara": (True, "5/10")}


def test_the_tas_group_settles_names_and_absence(room):
    chat(room, "ta", "Precision Teaching with Finley 10 mins 6/10", "PT with esme n joaquin 10 mins",
         "PT with Esme Costa and Dawit 10 mins, Dawit absent", "1")  # Esme's second today: Save after the check
    first, second, third = room.new(InterventionSession)
    assert names(room, first) == {"Finley Brennan": (True, None)}
    assert set(names(room, second)) == {"Esme Costa", "Joaquín Kamara"}
    assert names(room, third) == {"Esme Costa": (True, None), "Dawit Hughes": (False, None)}


def test_typed_undo_works(room):
    screen = chat(room, "ta", "PT with Isla Okafor 10 mins 7/10", "undo")
    assert "is removed" in screen
    assert room.new(InterventionSession, InterventionSession.current()) == []


def test_a_stated_area_of_need_is_kept(room):
    chat(room, "teacher", "concern about Leo Mensah: cries at every transition, evidence: seen every morning this week, "
                          "area: SEMH")
    [concern] = room.new(Concern)
    assert concern.area_of_need == "semh" and concern.noticed == "cries at every transition"


def test_the_readme_parent_example_and_everyday_words(room):
    chat(room, "teacher", "spoke to Leo's mum: reading at home, agreed: reading record on Fridays")
    [contact] = room.new(ParentContact)
    assert contact.pupil_id == room.pupil("Leo Mensah").id and contact.agreed_actions == "reading record on Fridays"
    with room.factory() as db:
        school_id = room.staff("teacher").school_id
        for i, first in enumerate(("Miles", "Max", "Faith")):
            db.add(Pupil(school_id=school_id, upn=f"Z9999002000{i}", first_name=first, last_name="Okoye", year_group="3"))
        db.commit()
    room.restart()
    screen = chat(room, "teacher", "miles of marking to do tonight", "max 2 cars in the staff car park",
                  "faith assembly rota is up")
    assert "No pupil called" not in screen and room.new(Concern) == []


def test_what_is_not_understood_is_not_a_concern(room):
    screen = chat(room, "senco", "exit assessment for Isla Okafor: PT probe 18 words a minute",
                  "change Evie's strategy to a visual timetable", "add a strategy for Aisha: movement breaks")
    assert room.new(Concern) == []
    [version] = room.new(PenPortraitVersion)
    assert version.pupil_id == room.pupil("Aisha Chen").id and version.strategies == ["movement breaks"]
    assert screen.count("haven't saved anything") == 2


def test_every_button_of_a_turn_has_its_own_number(room):
    screen = chat(room, "ta", "worried about Isla Okafor, she's been really tired in sessions",
                  "PT w Esme Costa 10 mins 9/10", "1")
    assert "[1] Go back to the draft" in screen and "[2] Undo" in screen
    assert screen.rstrip().endswith("you>") and "What evidence do you have?" in screen.split("[2] Undo", 1)[1]
    assert len(room.new(InterventionSession, InterventionSession.current())) == 1  # "1" did not undo the session
