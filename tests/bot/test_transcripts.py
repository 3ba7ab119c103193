"""Whole conversations on the demo school, as staff type them, asserting what was stored (and what was not)."""
from __future__ import annotations

import pytest

from models import (
    Concern,
    DialogState,
    InterventionSession,
    ParentContact,
    PenPortraitVersion,
    Pupil,
    SafeguardingAlert,
    SessionAttendance,
)
from bot.incoming import Incoming
from tests.bot.staffroom import TODAY, Staffroom


@pytest.fixture
def room(db_factory):
    return Staffroom(db_factory)


def concerns(room, name):
    """The current concerns this test raised about a pupil."""
    return room.new(Concern, Concern.pupil_id == room.pupil(name).id, Concern.current())


def sessions(room):
    return room.new(InterventionSession, InterventionSession.current())


def attendance(room, session):
    rows = room.rows(SessionAttendance, SessionAttendance.session_id == session.id)
    with room.factory() as db:
        return {db.get(Pupil, a.pupil_id).display_name: (a.present, a.score) for a in rows}


# --- words never land on the wrong pupil ---------------------------------------------------------------------------

def test_a_second_concern_about_another_pupil_while_a_name_is_asked(room):
    room.say("teacher", "concern about Zac: keeps hiding under the table")
    assert room.keys("teacher") == ["pupil.unmatched"]  # no Zac in the school
    room.say("teacher", "worried about Grace Adeyemi: crying at drop off every day")
    assert room.keys("teacher") == ["dialog.kept_draft", "concern.ask_evidence"]
    room.say("teacher", "observed twice")
    room.press("teacher", "Save")
    [concern] = room.new(Concern)  # nothing was filed for Zac
    assert concern.pupil_id == room.pupil("Grace Adeyemi").id
    assert concern.noticed == "crying at drop off every day" and concern.evidence == "observed twice"


def test_a_question_about_another_pupil_is_never_saved_as_evidence(room):
    room.say("teacher", "worried about Leo Mensah, can't remember his times tables")
    assert room.keys("teacher") == ["concern.ask_evidence"]
    room.say("teacher", "what works for Evie?")
    assert room.keys("teacher") == ["dialog.kept_draft", "portrait.show"]
    assert room.new(Concern) == []
    # One tap goes back to the draft, which asks its question again.
    room.press("teacher", "Go back", reply=0)
    assert room.keys("teacher") == ["concern.ask_evidence"]
    room.say("teacher", "3 pieces of work this week")
    room.press("teacher", "Save")
    [concern] = room.new(Concern)
    assert concern.noticed == "can't remember his times tables" and concern.evidence == "3 pieces of work this week"


def test_a_pending_question_survives_a_restart_but_not_a_message_about_someone_else(room):
    room.say("teacher", "concern about Evie Islam", channel="cli")
    assert room.keys("teacher") == ["concern.ask_noticed"]
    room.restart()  # a new terminal chat minutes later
    room.later(minutes=5)
    room.say("teacher", "Oskar Bangura keeps wandering out of class, evidence: 4 times today, area: SEMH", channel="cli")
    assert room.keys("teacher") == ["dialog.kept_draft", "concern.logged"]
    [concern] = room.new(Concern)
    assert concern.pupil_id == room.pupil("Oskar Bangura").id and concern.noticed == "Oskar Bangura keeps wandering out of class"
    # The answer to the question asked before the restart still lands on Evie.
    room.press("teacher", "Go back", reply=0, channel="cli")
    assert room.keys("teacher") == ["concern.ask_noticed"]
    room.say("teacher", "won't sit on the carpet", channel="cli")
    assert room.keys("teacher") == ["concern.ask_evidence"]


def test_which_arthur_answered_with_another_pupil_files_nothing_on_either(room):
    room.say("ta", "PT with Arthur 10 mins 7/10")
    assert room.keys("ta") == ["pupil.which"]
    room.say("ta", "Ivy Shaw")  # not one of the Arthurs: a message about someone else
    assert room.keys("ta")[0] == "dialog.kept_draft"
    assert sessions(room) == []
    # The draft still asks which Arthur, and the answer names one of them.
    room.press("ta", "Go back", reply=0)
    assert room.keys("ta") == ["pupil.which"] and "Arthur" in room.last["ta"][0].text
    room.say("ta", "Arthur Kamara")
    [session] = sessions(room)
    assert set(attendance(room, session)) == {"Arthur Kamara"} and session.score == "7/10"


def test_a_question_instead_of_an_answer_starts_afresh(room):
    room.say("teacher", "concern about Evie Islam: won't sit on the carpet")
    assert room.keys("teacher") == ["concern.ask_evidence"]
    room.say("teacher", "is there a staff meeting tonight?")
    assert room.keys("teacher")[0] == "dialog.kept_draft"
    assert all(c.evidence != "who is the DSL?" for c in concerns(room, "Evie Islam"))


def test_a_session_line_while_a_parent_chat_is_asked_about(room):
    room.say("ta", "spoke to Esme Costa's dad")
    assert room.keys("ta") == ["parent_contact.ask_summary"]
    room.say("ta", "PT with Esme Costa and Dawit 10 mins 7/10, Dawit absent")
    assert room.keys("ta")[0] == "dialog.kept_draft" and room.keys("ta")[-1] == "session.recorded"
    assert room.new(ParentContact) == []


def test_a_draft_that_expired_is_gone(room):
    room.say("teacher", "concern about Evie Islam")
    room.say("teacher", "what works for Evie?")
    room.later(minutes=20)
    room.press("teacher", "Go back", reply=0)
    assert room.keys("teacher") == ["dialog.no_draft"]


def test_cancel_drops_the_question_and_saves_nothing(room):
    before = room.count(Concern)
    room.say("teacher", "concern about Evie Islam: won't sit on the carpet")
    room.say("teacher", "cancel")
    assert room.keys("teacher") == ["dialog.cancelled"]
    assert room.count(Concern) == before and room.count(DialogState) == 0


# --- sessions: scores, absences, groups, dates ----------------------------------------------------------------------

def test_words_after_a_session_line_are_its_note(room):
    room.say("ta", "PT with Isla Okafor 10 mins 7/10, good focus today and read all her words")
    [session] = sessions(room)
    assert session.note == "good focus today and read all her words" and session.score == "7/10"
    assert "Note: good focus today" in room.last["ta"][-1].text
    room.say("ta", "PT with Esme and Dawit 10 mins 7/10, Dawit absent")  # only facts: no note
    assert sessions(room)[-1].note is None


def test_clock_times_give_the_minutes(room):
    room.say("ta", "PT with Isla Okafor 10:30-10:40 8/10")
    [session] = sessions(room)
    assert session.minutes == 10 and session.score == "8/10" and session.delivered_on == TODAY


def test_a_disclosure_in_a_session_line_saves_no_session_and_says_how_to_log_it(room):
    room.say("ta", "PT with Esme Costa 10 mins 6/10, she said dad hit her with a belt last night")
    assert room.keys("ta") == ["safeguarding.reply"] and "send its line again" in room.last["ta"][0].text
    assert sessions(room) == [] and len(room.new(SafeguardingAlert)) == 1
    room.say("ta", "PT with Esme Costa 10 mins 6/10")
    [session] = sessions(room)
    assert session.note is None and set(attendance(room, session)) == {"Esme Costa"}


def test_the_whole_group_is_the_tas_one_group(room):
    room.say("ta", "PT group 10 mins, all there except Dawit")
    assert room.keys("ta") == ["session.recorded"]
    [session] = sessions(room)
    att = attendance(room, session)
    assert att.pop("Dawit Hughes") == (False, None)
    assert set(att) == {"Manny Hassan", "Esme Costa", "Isla Okafor", "Joaquín Kamara", "Finley Brennan"}
    assert all(present for present, _ in att.values()) and session.minutes == 10


def test_a_session_with_its_one_pupil_absent_is_not_the_group(room):
    room.say("ta", "PT with Dawit 10 mins, Dawit absent")
    [session] = sessions(room)
    assert attendance(room, session) == {"Dawit Hughes": (False, None)}


def test_no_its_a_send_matter_files_the_session_on_its_own_pupil(room):
    room.say("ta", "PT with Finley 10 mins 6/10, he had paint on his cheek and yawned when I leaned over")
    if room.keys("ta") == ["safeguarding.check"]:  # a possible indicator, or not: either way the session is Finley's
        room.press("ta", "No")
    [session] = sessions(room)  # "cheek" is a word, never a misspelt Chen
    assert set(attendance(room, session)) == {"Finley Brennan"} and session.score == "6/10"
    assert "paint on his cheek" in session.note


def test_per_pupil_scores_and_today_not_october(room):
    room.say("ta", "PT with Esme Costa and Joaquin Kamara 10 mins, Esme 9/10, Joaquin 5/10")
    assert room.keys("ta") == ["session.recorded"]
    [session] = sessions(room)
    assert session.delivered_on == TODAY and session.minutes == 10 and session.score is None
    assert attendance(room, session) == {"Esme Costa": (True, "9/10"), "Joaquín Kamara": (True, "5/10")}


def test_the_tas_own_group_settles_a_shared_first_name(room):
    room.say("ta", "Precision Teaching with Finley 10 mins 6/10")
    assert room.keys("ta") == ["session.recorded"]
    [session] = sessions(room)
    assert attendance(room, session) == {"Finley Brennan": (True, None)} and session.score == "6/10"


def test_n_between_names_is_and_and_the_group_settles_both(room):
    room.say("ta", "PT with esme n joaquin 10 mins")
    [session] = sessions(room)
    assert set(attendance(room, session)) == {"Esme Costa", "Joaquín Kamara"}


def test_an_absent_pupil_named_by_first_name_is_saved_absent(room):
    room.say("ta", "PT with Esme Costa and Dawit 10 mins, Dawit absent")
    [session] = sessions(room)
    assert attendance(room, session) == {"Esme Costa": (True, None), "Dawit Hughes": (False, None)}
    assert "Absent: Dawit" in room.last["ta"][-1].text


def test_a_score_and_a_time_in_one_line(room):
    room.say("ta", "PT w/ Esme Costa 10 mins 9/10 at 2:30")
    [session] = sessions(room)
    assert (session.delivered_on, session.minutes, session.score) == (TODAY, 10, "9/10")


def test_all_there_means_nobody_absent(room):
    room.say("ta", "PT with Esme Costa, Dawit Hughes and Isla Okafor 10 mins 8/10, all there")
    [session] = sessions(room)
    assert all(present for present, _ in attendance(room, session).values()) and len(attendance(room, session)) == 3


def test_yesterdays_session_is_dated_and_said_the_british_way(room):
    room.say("ta", "PT with Isla Okafor on Thursday 10 mins 7/10")  # the group meets Mon, Wed, Fri: no repeat
    [session] = sessions(room)
    assert session.delivered_on.isoformat() == "2026-11-26"
    assert "Thu 26 Nov" in room.last["ta"][-1].text and "2026-11-26" not in room.last["ta"][-1].text


def test_someone_else_asks_which_finley(room):
    room.say("senco", "Precision Teaching with Finley 10 mins 6/10")
    assert room.keys("senco") == ["pupil.which"]
    room.press("senco", "Finley Brennan")
    assert room.keys("senco") == ["session.recorded"]
    [session] = sessions(room)
    assert set(attendance(room, session)) == {"Finley Brennan"}


# --- undo -------------------------------------------------------------------------------------------------------

def test_undo_while_a_session_waits_for_save_drops_it_and_keeps_the_saved_one(room):
    room.say("ta", "PT with Isla Okafor 10 mins 7/10")
    [saved] = sessions(room)
    room.say("ta", "PT with Isla Okafor 10 mins 8/10")  # a second one today: shown before it is saved
    assert room.keys("ta") == ["session.confirm"]
    room.say("ta", "undo")
    assert room.keys("ta") == ["dialog.undo_unsaved"]
    assert [s.id for s in sessions(room)] == [saved.id] and room.count(DialogState) == 0
    room.say("ta", "undo")
    assert room.keys("ta") == ["session.undone"] and sessions(room) == []


def test_typed_undo_withdraws_the_last_session(room):
    room.say("ta", "PT with Isla Okafor 10 mins 7/10")
    room.say("ta", "undo")
    assert room.keys("ta") == ["session.undone"]
    assert sessions(room) == []
    room.say("ta", "undo")
    assert room.keys("ta") == ["undo.nothing"]


def test_typed_undo_is_too_late_after_ten_minutes(room):
    room.say("ta", "PT with Isla Okafor 10 mins 7/10")
    room.later(minutes=11)
    room.say("ta", "undo")
    assert room.keys("ta") == ["undo.nothing"] and len(sessions(room)) == 1


def test_undo_a_parent_conversation_and_a_portrait_change(room):
    room.say("teacher", "spoke to Evie's mum: she's sleeping better, agreed: keep the bedtime chart")
    assert room.keys("teacher") == ["parent_contact.logged"]
    room.say("teacher", "undo")
    assert room.keys("teacher") == ["parent_contact.undone"]
    assert room.new(ParentContact, ParentContact.current()) == []
    evie = room.pupil("Evie Islam")
    before = room.rows(PenPortraitVersion, PenPortraitVersion.pupil_id == evie.id)[-1]
    room.say("teacher", "add strategy for Evie: a timer on the desk")
    assert room.keys("teacher") == ["portrait.updated"]
    room.say("teacher", "undo")
    assert room.keys("teacher") == ["portrait.undone"]
    latest = room.rows(PenPortraitVersion, PenPortraitVersion.pupil_id == evie.id)[-1]
    assert latest.strategies == before.strategies and latest.version == before.version + 2


def test_a_concern_is_withdrawn_not_undone_and_a_disclosure_never(room):
    room.say("teacher", "concern about Evie Islam: won't sit on the carpet, evidence: every day this week, area: SEMH")
    assert room.keys("teacher") == ["concern.logged"]
    room.say("teacher", "undo")
    assert room.keys("teacher") == ["undo.concern"] and len(concerns(room, "Evie Islam")) >= 1
    room.later(minutes=1)
    room.say("teacher", "Grace Adeyemi said her dad hits her with a belt")
    assert len(room.new(SafeguardingAlert)) == 1
    room.say("teacher", "undo")
    assert room.keys("teacher") == ["undo.safeguarding"] and len(room.new(SafeguardingAlert)) == 1


# --- what the bot doesn't understand, it never files ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "exit assessment for Isla Okafor: PT probe 18 words a minute",
    "change Evie's strategy to a visual timetable",
    "observed twice",
    "the photocopier on the top corridor is jammed",
])
def test_not_understood_is_never_filed(room, text):
    before = room.counts()
    room.say("teacher", text)
    assert room.keys("teacher") == ["unknown.text"]
    assert {k: v for k, v in room.counts().items() if k != "audit_events"} == \
        {k: v for k, v in before.items() if k != "audit_events"}


def test_a_suggestion_button_carries_the_words_typed(room):
    room.say("teacher", "exit assessment for Isla Okafor: PT probe 18 words a minute")
    [reply] = room.last["teacher"]
    assert reply.key == "unknown.text" and "Help" in [c.label for c in reply.choices]
    assert all(c.data.get("text") == "exit assessment for Isla Okafor: PT probe 18 words a minute"
               for c in reply.choices if c.action != "help")
    room.press("teacher", "Log a concern")  # the words come with the button: nothing to type again
    assert room.keys("teacher") == ["concern.ask_evidence"] and room.new(Concern) == []
    room.say("teacher", "none yet")
    room.press("teacher", "Cognition")
    [concern] = room.new(Concern)
    assert concern.pupil_id == room.pupil("Isla Okafor").id and "18 words a minute" in concern.noticed


def test_add_a_strategy_is_a_portrait_change_not_a_concern(room):
    aisha = room.pupil("Aisha Chen")
    before = room.count(Concern)
    room.say("senco", "add a strategy for Aisha: movement breaks")
    assert room.keys("senco") == ["portrait.updated"]
    [latest] = room.rows(PenPortraitVersion, PenPortraitVersion.pupil_id == aisha.id)[-1:]
    assert latest.strategies[-1] == "movement breaks" and room.count(Concern) == before


def test_a_class_teacher_may_not_change_another_class_portrait(room):
    room.say("teacher", "add a strategy for Aisha: movement breaks")
    assert room.keys("teacher") == ["access.refused"]
    assert room.count(PenPortraitVersion, PenPortraitVersion.pupil_id == room.pupil("Aisha Chen").id) == 0


@pytest.mark.parametrize(("first", "text"), [
    ("Miles", "miles of marking to do tonight"),
    ("Max", "max 2 cars in the staff car park"),
    ("Faith", "faith assembly rota is up"),
])
def test_everyday_words_are_not_pupils(room, first, text):
    with room.factory() as db:
        db.add(Pupil(school_id=room.staff("teacher").school_id, upn=f"Z99990010{len(first):04d}", first_name=first,
                     last_name="Okoye", year_group="3"))
        db.commit()
    room.restart()
    before = room.count(Concern)
    room.say("teacher", text)
    assert room.keys("teacher") == ["unknown.text"] and room.count(Concern) == before


def test_ordinary_words_are_not_fuzzy_matched_to_surnames(room):
    room.say("teacher", "spoke to Leo's mum: reading at home, agreed: reading record on Fridays")
    assert room.keys("teacher") == ["parent_contact.logged"]
    [contact] = room.new(ParentContact)
    assert contact.pupil_id == room.pupil("Leo Mensah").id and contact.with_whom == "Mum"
    assert contact.summary == "reading at home" and contact.agreed_actions == "reading record on Fridays"


# --- a stated area of need wins ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("said", "area"), [
    ("area: SEMH", "semh"), ("area of need: C&I", "communication_interaction"),
    ("it's social, emotional and mental health", "semh"), ("SEMH needs", "semh"),
])
def test_a_stated_area_of_need_wins(room, said, area):
    room.say("teacher", f"concern about Leo Mensah: cries at every transition, evidence: seen every morning this week, {said}")
    if room.keys("teacher") == ["safeguarding.check"]:  # the detector may ask first; the teacher says it is SEND
        room.press("teacher", "No, it's a SEND matter")
        assert room.keys("teacher")[0] == "safeguarding.check_filed"
        room.last["teacher"] = room.last["teacher"][1:]
    assert room.keys("teacher") == ["concern.logged"]
    [concern] = room.new(Concern)
    assert concern.area_of_need == area and concern.evidence.startswith("seen every morning this week")
    assert concern.noticed == "cries at every transition"


# --- unsure: show it, then Save / Change / Cancel ---------------------------------------------------------------

def test_a_misspelt_name_is_shown_before_it_is_saved(room):
    before = room.count(Concern)
    room.say("teacher", "worried about Eive Islam: won't join in at carpet time, evidence: 3 times, area: SEMH")
    assert room.keys("teacher") == ["concern.confirm"] and "Evie Islam" in room.last["teacher"][0].text
    assert room.count(Concern) == before
    room.say("teacher", "yes")
    assert room.keys("teacher") == ["concern.logged"] and room.count(Concern) == before + 1


def test_change_reopens_the_form_filled_in_and_saves_the_correction(room):
    room.say("teacher", "worried about Eive Islam: won't join in at carpet time, evidence: 3 times, area: SEMH")
    room.press("teacher", "Change")
    [form] = [r.form for r in room.last["teacher"]]
    assert {f.name: f.value for f in form.fields}["noticed"] == "won't join in at carpet time"
    room.submit("teacher", noticed="won't join in at carpet time or in PE")
    assert room.keys("teacher") == ["concern.logged"]
    [concern] = room.new(Concern)
    assert concern.noticed == "won't join in at carpet time or in PE" and concern.area_of_need == "semh"


def test_cancel_on_the_check_saves_nothing(room):
    before = room.count(Concern)
    room.say("teacher", "worried about Eive Islam: won't join in at carpet time, evidence: 3 times, area: SEMH")
    room.press("teacher", "Cancel")
    assert room.keys("teacher") == ["dialog.cancelled"] and room.count(Concern) == before


# --- buttons and forms work once --------------------------------------------------------------------------------

def test_pressing_save_twice_saves_once(room):
    before = room.count(Concern)
    room.say("teacher", "worried about Eive Islam: won't join in at carpet time, evidence: 3 times, area: SEMH")
    save = next(c for c in room.last["teacher"][0].choices if c.label == "Save")
    room.press("teacher", "Save")
    assert room.keys("teacher") == ["concern.logged"]
    person = room.staff("teacher")
    again = room.bot.handle_sync(Incoming("webchat", f"webchat:{person.id}", person.id, action=save.action,
                                          values=dict(save.data)))
    assert [r.prompt for r in again] == ["dialog.already_done"] and room.count(Concern) == before + 1


def test_submitting_the_session_form_twice_records_one_session(room):
    room.say("ta", "log a session")
    [intro] = room.last["ta"]
    form = intro.form
    isla = str(room.pupil("Isla Okafor").id)
    values = {"programme": "Precision Teaching", "pupils": [isla], "minutes": "10", "score": "7/10",
              "date": TODAY.isoformat(), **form.data}
    person = room.staff("ta")
    first = room.bot.handle_sync(Incoming("webchat", f"webchat:{person.id}", person.id, action=form.action, values=values))
    second = room.bot.handle_sync(Incoming("webchat", f"webchat:{person.id}", person.id, action=form.action, values=values))
    assert [r.prompt for r in first] == ["session.recorded"] and [r.prompt for r in second] == ["dialog.already_done"]
    assert len(sessions(room)) == 1


# --- namesakes: the person's own class first ---------------------------------------------------------------------

def test_a_teacher_means_the_oskar_in_their_class(room):
    room.say("teacher", "what works for Oskar?")
    assert room.keys("teacher") == ["portrait.none"] and "Oskar Bangura" in room.last["teacher"][0].text


def test_the_senco_is_asked_which_oskar(room):
    room.say("senco", "what works for Oskar?")
    assert room.keys("senco") == ["pupil.which"] and len(room.last["senco"][0].choices) == 4
    room.press("senco", "Oskar Byrne")
    assert room.keys("senco") == ["portrait.show"]


# --- hostile and odd input writes nothing -------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "x" * 20_000, "🙂🙂🙂", "<b>hi</b><script>alert(1)</script>",
                                  "\x00\x01\x02", "\u202ewhat works for Evie\u202c"])
def test_odd_messages_get_a_reply_and_write_nothing(room, text):
    before = room.counts()
    replies = room.say("teacher", text)
    assert replies and replies[0].key != "error.internal"
    after = room.counts()
    assert {k: v for k, v in after.items() if k != "audit_events"} == {k: v for k, v in before.items() if k != "audit_events"}


@pytest.mark.parametrize("values", [
    {"via": "form"}, {"via": "form", "pupils": "not a list", "programme": 7}, {"via": "form", "pupils": [2**70]},
    {"via": "form", "programme": "Precision Teaching", "pupils": ["999999"], "extra": {"deep": [1, 2]}},
])
def test_a_bad_session_form_gets_a_reply_and_writes_nothing(room, values):
    before = room.counts()
    person = room.staff("ta")
    replies = room.bot.handle_sync(Incoming("webchat", f"webchat:{person.id}", person.id, action="record_session",
                                            values=values))
    assert replies and replies[0].prompt != "error.internal"
    after = room.counts()
    assert {k: v for k, v in after.items() if k != "audit_events"} == {k: v for k, v in before.items() if k != "audit_events"}


@pytest.mark.parametrize("values", [
    {"via": "form", "noticed": "x", "area_of_need": "semh"},  # no pupil
    {"via": "form", "pupil_id": "not a number", "noticed": "keeps crying", "evidence": 7, "area_of_need": ["semh"]},
    {"via": "form", "pupil_id": 2**70, "noticed": "keeps crying", "area_of_need": "semh"},
    {"via": "form", "pupil_id": "OTHER", "noticed": "keeps crying", "evidence": "", "area_of_need": "semh"},
])
def test_a_bad_or_foreign_concern_form_writes_nothing(room, values):
    from models.catalogue import create_school

    with room.factory() as db:
        elsewhere = create_school(db, name="Thornbury Primary", urn="990777")
        stranger = Pupil(school_id=elsewhere.id, upn="T990777000001", first_name="Nell", last_name="Voss", year_group="4")
        db.add(stranger)
        db.commit()
        foreign = stranger.id
    values = {k: (foreign if v == "OTHER" else v) for k, v in values.items()}
    before = room.counts()
    person = room.staff("teacher")
    replies = room.bot.handle_sync(Incoming("webchat", f"webchat:{person.id}", person.id, action="log_concern",
                                            values=values))
    assert replies and replies[0].prompt not in ("error.internal", "concern.logged")
    after = room.counts()
    assert {k: v for k, v in after.items() if k not in ("audit_events", "dialog_states")} == \
        {k: v for k, v in before.items() if k not in ("audit_events", "dialog_states")}
    assert room.new(Concern) == []


def test_two_shared_names_in_one_line_are_asked_about_in_turn_and_keep_their_scores(room):
    room.say("senco", "PT with Esme 9/10 and Isla 7/10, 10 mins")  # four Esmes and two Islas in school
    assert room.keys("senco") == ["pupil.which"] and "Esme" in room.last["senco"][0].text
    room.press("senco", "Esme Costa")
    assert room.keys("senco") == ["pupil.which"] and "Isla" in room.last["senco"][0].text
    assert sessions(room) == []
    room.press("senco", "Isla Okafor")
    assert room.keys("senco") == ["session.recorded"]
    [session] = sessions(room)
    assert attendance(room, session) == {"Esme Costa": (True, "9/10"), "Isla Okafor": (True, "7/10")}
    assert session.score is None


def test_a_shared_name_said_absent_stays_absent_once_settled(room):
    room.say("senco", "lego therapy with Oskar Kamara and Zoe 45 mins, Aoife absent")
    assert room.keys("senco") == ["pupil.which"]
    room.press("senco", "Zoë Shaw")
    assert room.keys("senco") == ["pupil.which"] and "Aoife" in room.last["senco"][0].text  # two Aoifes as well
    room.press("senco", "Aoife Kamara")
    [session] = sessions(room)
    present = attendance(room, session)
    assert present["Oskar Kamara"] == (True, None) and present["Zoë Shaw"] == (True, None)
    assert [name for name, (there, _) in present.items() if not there] == ["Aoife Kamara"]


def test_the_lego_leads_own_group_settles_every_shared_name(room):
    room.say("t.nowak@larkspur.example", "lego therapy with oskar and zoe 45 mins, iris absent")
    assert room.keys("t.nowak@larkspur.example") == ["session.recorded"]
    [session] = sessions(room)
    assert attendance(room, session) == {"Oskar Kamara": (True, None), "Zoë Shaw": (True, None),
                                         "Iris Marsh": (False, None)}


# --- found walking through it as staff ----------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["PT with Esme Costa, Isla Okafor and Dawit 10 mins, dawit wasnt in",
                                  "PT with Esme Costa, Isla Okafor and Dawit 10 mins, Dawit wasn't in",
                                  "PT 10 mins, Esme Costa, Isla Okafor, Dawit, all there except Dawit"])
def test_more_ways_of_saying_absent(room, line):
    room.say("ta", line)
    [session] = sessions(room)
    assert attendance(room, session) == {"Esme Costa": (True, None), "Isla Okafor": (True, None),
                                         "Dawit Hughes": (False, None)}


def test_precision_teaching_rates_are_scores(room):
    room.say("ta", "pt with esme 12/min, isla 15 words a minute, 10 mins")
    [session] = sessions(room)
    assert attendance(room, session) == {"Esme Costa": (True, "12/min"), "Isla Okafor": (True, "15/min")}
    assert session.minutes == 10 and "Esme: 12/min" in room.last["ta"][-1].text


def test_undo_names_the_session_and_withdraws_its_notice(room):
    from models import OutboxMessage

    room.say("senco", "PT with Evie Islam 10 mins 5/10")  # Evie is in no PT group: the SENCO is told
    [session] = sessions(room)
    [notice] = room.rows(OutboxMessage, OutboxMessage.subject == f"session:{session.id}")
    assert notice.kind == "session.unlinked" and notice.status == "pending"
    room.say("senco", "undo")
    assert "with Evie" in room.last["senco"][0].text
    [notice] = room.rows(OutboxMessage, OutboxMessage.subject == f"session:{session.id}")
    assert notice.status == "withdrawn"


def test_cancel_inside_a_sentence_and_go_back_typed(room):
    room.say("teacher", "concern about Evie Islam: won't sit on the carpet")
    room.say("teacher", "actually cancel that")
    assert room.keys("teacher") == ["dialog.cancelled"] and room.count(DialogState) == 0
    room.say("teacher", "concern about Evie Islam: won't sit on the carpet")
    room.say("teacher", "what works for Leo Mensah?")
    room.say("teacher", "go back to the draft")
    assert room.keys("teacher") == ["concern.ask_evidence"]


def test_a_bare_request_keeps_no_empty_draft(room):
    room.say("teacher", "log a concern")
    assert room.keys("teacher") == ["pupil.ask"]
    room.say("teacher", "worried about Evie Islam, struggling with phonics, evidence: phonics check 12/40")
    assert room.keys("teacher")[0] != "dialog.kept_draft"
    assert not [s for s in room.rows(DialogState) if s.conversation.endswith("#draft")]


def test_a_lowercase_name_answers_which_pupil(room):
    room.say("teacher", "spoke to mum this morning, agreed: reading record on Fridays")
    assert room.keys("teacher") == ["pupil.ask"]
    room.say("teacher", "grace")  # the Grace in the teacher's own class
    assert room.keys("teacher") == ["parent_contact.ask_summary"]
    room.say("teacher", "reading at home is going well")
    room.say("teacher", "yes")
    [contact] = room.new(ParentContact)
    assert contact.pupil_id == room.pupil("Grace Adeyemi").id and contact.agreed_actions == "reading record on Fridays"


def test_a_dash_before_the_strategy_and_a_plain_refusal_for_a_ta(room):
    room.say("teacher", "new strategy for Evie - use a visual timetable")
    assert room.keys("teacher") == ["portrait.updated"]
    evie = room.pupil("Evie Islam")
    assert room.rows(PenPortraitVersion, PenPortraitVersion.pupil_id == evie.id)[-1].strategies[-1] == \
        "use a visual timetable"
    room.say("ta", "add strategy for Esme Costa: use a number line")
    assert room.keys("ta") == ["access.refused"] and "class teacher can change a pen portrait" in room.last["ta"][0].text


def test_the_undo_button_on_a_parent_conversation_undoes_that_one(room):
    room.say("teacher", "spoke to Evie's mum: sleeping better, agreed to keep the bedtime chart")
    [contact] = room.new(ParentContact)
    assert contact.agreed_actions == "to keep the bedtime chart" and "Evie Islam" in room.last["teacher"][0].text
    room.say("teacher", "PT with Oskar Bangura 10 mins")  # something else since, which typed undo would take back
    person = room.staff("teacher")
    undo = Incoming("webchat", f"webchat:{person.id}", person.id, action="undo_parent_contact",
                    values={"contact_id": contact.id})
    assert [r.prompt for r in room.bot.handle_sync(undo)] == ["parent_contact.undone"]
    assert room.new(ParentContact, ParentContact.current()) == []


def test_a_session_logged_twice_for_the_same_day_is_checked_first(room):
    room.say("ta", "PT with Isla Okafor 10 mins 7/10")
    room.say("ta", "PT with Isla Okafor 10 mins 7/10")
    assert room.keys("ta") == ["session.confirm"] and "already has a Precision Teaching session" in room.last["ta"][0].text
    assert len(sessions(room)) == 1
    room.press("ta", "Save")  # she did run two today
    assert len(sessions(room)) == 2


def test_a_weekend_is_checked_first(room):  # a vague day ("last week") is asked for: see below
    room.say("ta", "PT with Isla Okafor 10 mins 7/10 3 days ago")
    assert room.keys("ta") == ["session.confirm"] and "Sat 28 Nov is a weekend" in room.last["ta"][0].text
    assert sessions(room) == []
    room.press("ta", "Change")
    room.submit("ta", date="30/11")
    [session] = sessions(room)
    assert session.delivered_on.isoformat() == "2026-11-30"


def test_a_parent_chat_last_week_asks_for_the_day(room):
    room.say("teacher", "spoke to Evie's dad last week about her speech, agreed: refer to SALT")
    assert room.keys("teacher") == ["parent_contact.confirm"] and room.new(ParentContact) == []
    room.press("teacher", "Change")
    room.submit("teacher", date="26/11")
    [contact] = room.new(ParentContact)
    assert contact.contact_on.isoformat() == "2026-11-26" and contact.agreed_actions == "refer to SALT"


def test_what_was_agreed_in_passing_is_an_agreed_action_and_the_reply_shows_what_was_saved(room):
    room.say("teacher", "caught Evie's dad this morning, he says she's been scared of the dog next door, "
                        "agreed we'd do a social story")
    [contact] = room.new(ParentContact)
    assert contact.pupil_id == room.pupil("Evie Islam").id and contact.with_whom.lower() == "dad"
    assert contact.agreed_actions == "we'd do a social story" and "scared of the dog next door" in contact.summary
    shown = room.last["teacher"][-1].text
    assert "Said: " in shown and "scared of the dog" in shown and "Agreed: we'd do a social story" in shown


def test_the_item_said_before_where_it_goes(room):
    evie = room.pupil("Evie Islam")
    room.say("teacher", "Evie loves dinosaurs now, add that as an interest")
    assert room.keys("teacher") == ["portrait.updated"]
    assert room.rows(PenPortraitVersion, PenPortraitVersion.pupil_id == evie.id)[-1].interests[-1] == "loves dinosaurs"
    room.say("teacher", "ear defenders in assembly - add it to Evie's strategies")
    assert room.rows(PenPortraitVersion, PenPortraitVersion.pupil_id == evie.id)[-1].strategies[-1] == \
        "ear defenders in assembly"


def test_a_misspelt_name_offers_the_teachers_own_pupil_first(room):
    room.say("teacher", "what works for evy")
    [asked] = room.last["teacher"]
    assert asked.key == "pupil.unmatched" and asked.choices[0].label.startswith("Evie Islam")
    room.press("teacher", "Evie Islam")
    assert room.keys("teacher") == ["portrait.show"]


def test_a_shared_surname_is_asked_about_by_that_surname(room):
    room.say("head", "what works for Chen?")  # the head has no class: every Chen in the school fits
    [asked] = room.last["head"]
    assert asked.key == "pupil.which" and "more than one pupil called Chen" in asked.text
    assert {c.label.split(" (")[0].split()[-1] for c in asked.choices} == {"Chen"}


def test_the_whole_group_whoever_else_the_line_names_and_each_comment_keeps_its_pupil(room):
    room.say("ta", "PT whole group 15 mins 6/10 - dawit wasnt in, joaquin left early for speech therapy")
    [session] = sessions(room)
    att = attendance(room, session)
    assert att.pop("Dawit Hughes") == (False, None) and len(att) == 5 and all(p for p, _ in att.values())
    assert session.note == "joaquin left early for speech therapy"


def test_which_ruby_answered_by_surname_settles_ruby_and_keeps_asking_about_arthur(room):
    room.say("ta", "lego therapy with ruby 20 mins and arthur, arthur was off sick")
    assert room.keys("ta") == ["pupil.which"] and "Ruby" in room.last["ta"][0].text
    room.say("ta", "Achterberg")
    assert room.keys("ta") == ["pupil.which"] and "Arthur" in room.last["ta"][0].text
    room.press("ta", "Arthur Kamara")
    [session] = sessions(room)
    assert attendance(room, session) == {"Ruby Achterberg": (True, None), "Arthur Kamara": (False, None)}
    assert session.note is None  # "arthur was off sick" is an absence, not a note on Ruby


def test_ordinary_school_words_after_about_are_not_pupils(room):
    room.say("senco", "phoned ruby boateng dad re her EHCP review. he is worried about secondary transition. "
                      "agreed - transition visits in june")
    [contact] = room.new(ParentContact)
    assert contact.pupil_id == room.pupil("Ruby Boateng").id and contact.agreed_actions == "transition visits in june"


def test_a_session_last_week_asks_which_day_and_a_typed_weekday_is_the_one_just_gone(room):
    room.say("ta", "PT with Esme Costa 10 mins 8/10 last week")
    assert room.keys("ta") == ["session.ask_day"] and sessions(room) == []  # it was saved as today before
    room.say("ta", "thursday")  # said on Tuesday 1 December: Thursday 26 November, not the 3rd
    [session] = sessions(room)
    assert (session.delivered_on.isoformat(), session.score) == ("2026-11-26", "8/10")
    room.say("ta", "PT with Esme Costa 10 mins 6/10 sometime last week")
    room.say("ta", "not sure")
    assert room.keys("ta") == ["session.ask_day"] and len(sessions(room)) == 1  # no day, nothing saved
    room.press("ta", "Thu 26 Nov")
    assert room.keys("ta") == ["session.confirm"]  # a second session that day: asked
    room.press("ta", "Save")
    [_, second] = sessions(room)
    assert (second.delivered_on.isoformat(), second.score, second.note) == ("2026-11-26", "6/10", None)


def test_the_pupil_named_first_then_what_to_add(room):
    evie = room.pupil("Evie Islam")
    room.say("senco", "evie islam: add interest dinosaurs")
    assert room.keys("senco") == ["portrait.updated"]
    assert room.rows(PenPortraitVersion, PenPortraitVersion.pupil_id == evie.id)[-1].interests[-1] == "dinosaurs"
    room.say("senco", "Evie Islam: add a strategy - movement breaks every 20 minutes")
    assert room.rows(PenPortraitVersion, PenPortraitVersion.pupil_id == evie.id)[-1].strategies[-1] == \
        "movement breaks every 20 minutes"
