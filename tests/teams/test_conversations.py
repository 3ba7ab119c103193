"""Teams conversations over real HTTP: Teams-shaped activities in, replies captured on the fake Bot Connector."""
from __future__ import annotations

from sqlalchemy import func, select

from models import (
    AuditEvent, ChannelRegistration, Concern, ConversationRef, InterventionSession, OutboxMessage, ParentContact,
    SafeguardingAlert,
    Staff, StaffIdentity,
)
from tests.teams.conftest import PRIYA_AAD, TENANT, card_of, payload, submits, words_of

PERSONAL = "a:1hannahPersonalChatWithSendbot"
CHANNEL_THREAD = "19:staffroomChannel0a1b2c@thread.tacv2;messageid=1741601100456"
CHANNEL = "19:staffroomChannel0a1b2c@thread.tacv2"


def _count(teams, model, *where) -> int:
    with teams.services.factory() as db:
        return db.scalar(select(func.count()).select_from(model).where(*where))


async def test_personal_pen_portrait_question_gets_the_portrait_card(teams):
    (reply,) = await teams.say("what works for Aisha?")
    words = words_of(reply)
    assert "What works for Aisha" in words
    assert "Give instructions one step at a time" in words and "Sudden loud noises" in words
    assert reply["conversation"]["id"] == PERSONAL and reply["replyToId"]
    assert card_of(reply)["version"] == "1.2"


def _private_answers(teams, staff_id) -> list[dict]:
    with teams.services.factory() as db:
        return [m.data for m in db.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "private.reply", OutboxMessage.recipient == f"staff:{staff_id}"))]


async def test_a_channel_question_about_a_pupil_is_answered_privately(teams, school):
    (note,) = await teams.say("<at>SENDbot</at> what works for Aisha?\n", name="channel_mention")
    # The channel gets a note with no pupil data; the portrait waits for Hannah's own chat with the bot.
    assert "Aisha" not in words_of(note) and "Give instructions" not in words_of(note)
    assert "Open SENDbot in your chats" in words_of(note)
    assert teams.connector.sent_to(CHANNEL_THREAD) == [note]
    [waiting] = _private_answers(teams, school["hannah"])
    assert "Give instructions one step at a time" in str(waiting)
    with teams.services.factory() as db:
        ref = db.scalar(select(ConversationRef).where(ConversationRef.conversation_id == CHANNEL))
    # The channel is remembered without the thread and without who happened to speak in it.
    assert ref.is_channel and ref.staff_id is None and "user" not in ref.reference


async def test_each_message_stores_the_personal_reference_once(teams):
    await teams.say("what works for Aisha?")
    await teams.say("help")
    with teams.services.factory() as db:
        refs = db.scalars(select(ConversationRef)).all()
    assert [(r.conversation_id, r.is_channel, r.dead) for r in refs] == [(PERSONAL, False, False)]
    assert refs[0].reference["serviceUrl"] == teams.connector.url
    assert refs[0].reference["user"]["aadObjectId"] == "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e01"


async def test_help_button_press_routes_to_the_help_handler(teams):
    (reply,) = await teams.press({"action": "help"})
    actions = [s["data"]["action"] for s in submits(reply)]
    assert "log_concern" in actions and "get_portrait" in actions


async def test_which_leo_choices_then_pressing_one_shows_that_portrait(teams, school):
    (question,) = await teams.say("what works for Leo?")
    buttons = submits(question)
    assert sorted(b["title"] for b in buttons) == ["Leo Brown (4K, Year 4)", "Leo Smith (4K, Year 4)"]
    smith = next(b for b in buttons if "Smith" in b["title"])
    assert smith["data"]["pupil_id"] == school["leo_s"]
    (answer,) = await teams.press(smith["data"])
    assert "Leo Smith" in words_of(answer)


async def test_concern_conversation_over_several_messages(teams):
    assert "Which pupil" in words_of((await teams.say("log a concern"))[0])
    assert "What have you noticed about Sam" in words_of((await teams.say("I'm worried about Sam"))[0])
    (evidence,) = await teams.say("he can't settle in maths lessons")
    [none_yet] = submits(evidence)
    assert {k: v for k, v in none_yet["data"].items() if k != "once"} == {"evidence": "", "action": "log_concern"}
    (check,) = await teams.say("none yet")
    # What was noticed came in its own message, so the bot shows what it will save first.
    assert "Check before I save" in words_of(check) and _count(teams, Concern) == 0
    save = next(b for b in submits(check) if b["title"] == "Save")
    (logged,) = await teams.press(save["data"])
    assert "Concern logged" in words_of(logged)
    assert _count(teams, Concern) == 1


async def test_session_form_errors_are_named_then_a_good_submit_records_and_undo_withdraws(teams, school):
    form = {"action": "record_session", "via": "form", "programme": "Precision Teaching", "pupils": "",
            "minutes": "lots", "score": "", "date": "2026-03-10", "absent": "", "note": ""}
    (problems,) = await teams.press(form)
    card = card_of(problems)
    red = [b["text"] for b in card["body"] if b.get("type") == "TextBlock" and b.get("color") == "Attention"]
    assert len(red) == 2  # pupils missing, minutes not a number
    inputs = {b["id"]: b for b in card["body"] if "id" in b}
    assert inputs["minutes"]["type"] == "Input.Number" and "value" not in inputs["minutes"]
    attend = [k for k in inputs if k.startswith("attend_")]  # each of the person's pupils once
    assert attend and all(inputs[k]["type"] == "Input.ChoiceSet" and not inputs[k].get("isMultiSelect") for k in attend)
    assert inputs["programme"]["value"] == "Precision Teaching"  # what was typed is kept
    assert _count(teams, InterventionSession) == 0

    pupils = f"{school['leo_b']},{school['sam']}"
    (recorded,) = await teams.press({**form, "pupils": pupils, "minutes": "20", "score": "14/20"})
    assert "Session logged" in words_of(recorded)
    (undo,) = submits(recorded)
    assert undo["style"] == "destructive" and undo["data"]["action"] == "undo_session"
    assert _count(teams, InterventionSession) == 1
    (undone,) = await teams.press(undo["data"])
    assert "Precision Teaching session on Tue 10 Mar with Leo and Sam is removed" in undone["text"]
    assert _count(teams, InterventionSession, InterventionSession.voided.is_(True)) == 1


async def test_parent_contact_upcoming_and_unknown_text(teams):
    (logged,) = await teams.say("Mum rang about Aisha's reading")
    assert "Aisha" in words_of(logged)
    assert _count(teams, ParentContact) == 1
    (coming,) = await teams.say("what's coming up?")
    assert "Coming up" in words_of(coming)
    (puzzled,) = await teams.say("blah blah")
    assert "didn't understand" in words_of(puzzled)


async def test_possible_disclosure_goes_to_the_dsl_not_a_record(teams):
    (reply,) = await teams.say("Sam said his dad hits him")
    assert "Dev Malik" in words_of(reply)
    assert _count(teams, SafeguardingAlert) == 1 and _count(teams, Concern) == 0


async def test_a_retried_delivery_is_answered_once(teams):
    activity = payload("personal_message", teams.connector.url, id="1741600999999", text="log a concern")
    assert len(await teams.send(activity)) == 1
    assert await teams.send(activity) == []


async def test_first_contact_links_by_email_from_get_member_and_remembers(teams, school):
    tom = {"id": "29:1TomBoothTeamsUserId", "name": "Tom Booth", "aadObjectId": "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e02"}
    (reply,) = await teams.say("what works for Aisha?", **{"from": tom}, conversation={
        "conversationType": "personal", "tenantId": TENANT, "id": "a:1tomPersonalChat"})
    assert "Give instructions one step at a time" in words_of(reply)
    with teams.services.factory() as db:
        identity = db.scalar(select(StaffIdentity).where(StaffIdentity.user_id == tom["aadObjectId"]))
        assert (identity.staff_id, identity.channel, identity.tenant) == (school["tom"], "teams", TENANT)
        ref = db.scalar(select(ConversationRef).where(ConversationRef.conversation_id == "a:1tomPersonalChat"))
        assert ref.staff_id == school["tom"]


async def test_unknown_user_is_told_how_to_get_added_and_nothing_is_kept(teams):
    stranger = {"id": "29:1StrangerTeamsUserId", "name": "Visiting Supply",
                "aadObjectId": "0badc0de-0000-4000-8000-000000000009"}
    (reply,) = await teams.say("what works for Aisha?", **{"from": stranger}, conversation={
        "conversationType": "personal", "tenantId": TENANT, "id": "a:1strangerChat"})
    assert "I don't know you yet" in reply["text"]
    assert "Aisha" not in reply["text"]
    assert _count(teams, StaffIdentity, StaffIdentity.user_id == stranger["aadObjectId"]) == 0
    assert _count(teams, ConversationRef, ConversationRef.conversation_id == "a:1strangerChat") == 0
    assert _count(teams, AuditEvent, AuditEvent.action == "refused", AuditEvent.record == "identity") == 1


async def test_personal_install_stores_the_reference_and_welcomes(teams, school):
    activity = payload("install_personal", teams.connector.url)
    (welcome,) = await teams.send(activity)
    assert welcome["text"].startswith("Hello Hannah")
    with teams.services.factory() as db:
        ref = db.scalar(select(ConversationRef))
    assert (ref.conversation_id, ref.staff_id, ref.is_channel) == (PERSONAL, school["hannah"], False)


async def test_team_install_stores_the_channel_and_explains_mentions(teams):
    (hello,) = await teams.send(payload("install_team", teams.connector.url))
    assert "@mention" in hello["text"]
    assert _count(teams, ConversationRef, ConversationRef.conversation_id == "19:oakfieldStaffTeam9z8y@thread.tacv2",
                  ConversationRef.is_channel.is_(True)) == 1


async def test_senco_registers_the_channel_for_the_weekly_digest(teams, school):
    priya = {"id": "29:1PriyaShahTeamsUserId", "name": "Priya Shah", "aadObjectId": PRIYA_AAD}
    (done,) = await teams.say("<at>SENDbot</at> post the weekly digest here", name="channel_mention",
                              **{"from": priya})
    assert "weekly SEND digest for Oakfield Primary" in words_of(done)
    (again,) = await teams.say("<at>SENDbot</at> Post the weekly digest here.", name="channel_mention",
                               **{"from": priya})
    assert "already gets" in words_of(again)
    with teams.services.factory() as db:
        (registration,) = db.scalars(select(ChannelRegistration)).all()
        ref = db.get(ConversationRef, registration.conversation_ref_id)
    assert (registration.purpose, registration.school_id, registration.registered_by_id) == (
        "digest", school["school_id"], school["priya"])
    assert ref.conversation_id == CHANNEL


async def test_digest_registration_needs_a_senco_and_a_channel(teams):
    (refused,) = await teams.say("<at>SENDbot</at> post the weekly digest here", name="channel_mention")
    assert "Only the SENCO" in refused["text"]
    (personal,) = await teams.say("post the weekly digest here")
    assert "only post the digest in a team channel" in personal["text"]
    assert _count(teams, ChannelRegistration) == 0


async def test_group_chat_mentions_go_through_the_same_conversation(teams):
    group = {"isGroup": True, "conversationType": "groupChat", "tenantId": TENANT, "id": "19:meeting4KTeam@thread.v2"}
    (reply,) = await teams.say("<at>SENDbot</at> what works for Aisha?", name="channel_mention", conversation=group,
                               channelData={"tenant": {"id": TENANT}})
    assert "Aisha" not in words_of(reply)  # a group chat is shared too: answered privately
    assert _count(teams, ConversationRef, ConversationRef.conversation_id == "19:meeting4KTeam@thread.v2",
                  ConversationRef.is_channel.is_(True)) == 1


async def test_someone_made_inactive_is_refused_straight_away(teams, school):
    await teams.say("help")
    with teams.services.factory() as db:
        db.get(Staff, school["hannah"]).active = False
        db.commit()
    (reply,) = await teams.say("what works for Aisha?")
    assert "I don't know you yet" in reply["text"]


async def test_uninstalling_marks_the_chat_dead_and_writing_again_revives_it(teams):
    await teams.say("help")
    assert await teams.send(payload("installation_remove", teams.connector.url)) == []
    with teams.services.factory() as db:
        assert db.scalar(select(ConversationRef.dead).where(ConversationRef.conversation_id == PERSONAL))
    await teams.say("help")
    with teams.services.factory() as db:
        assert not db.scalar(select(ConversationRef.dead).where(ConversationRef.conversation_id == PERSONAL))


async def test_pressing_save_on_the_session_card_twice_records_one_session(teams, school):
    (opened,) = await teams.say("log a session")
    [save] = submits(opened)  # the card's Save carries its one-time key with the form's hidden data
    assert save["data"]["once"] and save["data"]["action"] == "record_session"
    filled = {**save["data"], "programme": "Precision Teaching", "pupils": f"{school['leo_b']}", "minutes": "10",
              "score": "", "date": "2026-03-10", "note": ""}
    (first,) = await teams.press(filled)
    (second,) = await teams.press(filled)  # a second tap on the same card
    assert "Session logged" in words_of(first)
    assert "already done" in words_of(second) and "nothing was saved twice" in words_of(second)
    assert _count(teams, InterventionSession) == 1
    # The pressed card is replaced by its outcome, so its Save cannot be tapped again.
    [(conversation, card_id, replaced)] = teams.connector.updated
    assert conversation == PERSONAL and card_id == "1741601300001"  # the replyToId of the recorded submit
    assert replaced["text"].startswith("✓ Session logged") and not replaced.get("attachments")
