"""Slash commands, the message shortcut, modals, buttons and pupil search over real HTTP."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from models import Concern, InterventionSession, Pupil
from tests.slack.blocks import assert_valid_message, assert_valid_view
from tests.slack.conftest import TA, TEACHER, payload, texts


def submission(opened: dict[str, Any], values: dict[str, Any], *, user: str = TA, view_id: str = "V0MODAL01",
               view_hash: str = "1741084600.AbCdEfGh") -> dict[str, Any]:
    """A view_submission for a modal the bot opened, with `values` as Slack's state for each block."""
    body = payload("view_submission")
    body["user"]["id"] = user
    body["view"].update(id=view_id, hash=view_hash, blocks=opened["blocks"], callback_id=opened["callback_id"],
                        private_metadata=opened["private_metadata"])
    body["view"]["state"]["values"] = {block: {block: state} for block, state in values.items()}
    return body


def selected(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"text": {"type": "plain_text", "text": value},
                                                         "value": value}}


def session_state(school, **override) -> dict[str, Any]:
    state = {
        "programme": selected("Precision Teaching"),
        f"attend_{school.sam.id}": selected("present"),
        f"attend_{school.jack.id}": selected("absent"),
        "minutes": {"type": "number_input", "value": "15"},
        "score": {"type": "plain_text_input", "value": "7/10"},
        "date": {"type": "datepicker", "selected_date": "2025-03-04"},
        "note": {"type": "plain_text_input", "value": None},
    }
    return state | override


async def open_session_modal(user, channel, slack_api) -> dict[str, Any]:
    response = await user.command(payload("slash_command"))
    assert response.status == 200
    await channel.settle()
    [opened] = slack_api.of("views.open")
    assert opened.params["trigger_id"] == payload("slash_command")["trigger_id"]
    view = opened.params["view"]
    assert_valid_view(view)
    return view


async def test_session_command_opens_a_phone_friendly_modal_and_submitting_logs_once(bot, slack_api, db, school):
    user, channel = bot
    view = await open_session_modal(user, channel, slack_api)
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"] if b["type"] == "input"}
    # Each pupil of the TA's group once: there or absent, and their own score; anyone else by name.
    group = [k.removeprefix("attend_") for k in kinds if k.startswith("attend_")]
    assert sorted(group) == sorted(str(p.id) for p in (school.sam, school.jack, school.leo))
    assert kinds == {"programme": "static_select", "others": "plain_text_input", "minutes": "number_input",
                     "score": "plain_text_input", "date": "datepicker", "note": "plain_text_input",
                     **{f"attend_{i}": "static_select" for i in group}, **{f"score_{i}": "plain_text_input" for i in group}}
    body = submission(view, session_state(school))
    for _ in range(2):  # a double tap on Submit
        response, answer = await user.interaction(body)
        assert response.status == 200 and answer in ("", {})
    await channel.settle()
    [session] = db.scalars(select(InterventionSession)).all()
    assert session.minutes == 15 and session.score == "7/10"
    assert {(a.pupil_id, a.present) for a in session.attendance} == {(school.sam.id, True), (school.jack.id, False)}
    [post] = slack_api.of("chat.postMessage")
    assert post.params["channel"] == "D0TA00001" and "Absent: Jack" in post.params["text"]
    assert_valid_message(post.params)


async def test_invalid_modal_input_is_shown_beside_the_field_and_nothing_is_written(bot, slack_api, db, school):
    user, channel = bot
    view = await open_session_modal(user, channel, slack_api)
    body = submission(view, session_state(school, date={"type": "datepicker", "selected_date": "2025-03-09"},
                                          score={"type": "plain_text_input", "value": "lots"}))
    response, answer = await user.interaction(body)
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"date", "score"}
    assert "future" in answer["errors"]["date"]
    await channel.settle()
    assert db.scalar(select(func.count(InterventionSession.id))) == 0
    assert slack_api.of("chat.postMessage") == []
    # Corrected and sent again from the same modal: now it is saved.
    response, answer = await user.interaction(submission(view, session_state(school)))
    assert answer in ("", {})
    await channel.settle()
    assert db.scalar(select(func.count(InterventionSession.id))) == 1


async def test_undo_button_withdraws_the_session(bot, slack_api, db):
    user, channel = bot
    await user.event(payload("message_im"))
    await channel.settle()
    [posted] = slack_api.of("chat.postMessage")
    undo = posted.params["blocks"][-1]["elements"][0]
    press = payload("block_actions")
    press["actions"][0].update(action_id=undo["action_id"], value=undo["value"])
    response, _ = await user.interaction(press)
    assert response.status == 200
    await channel.settle()
    posts = slack_api.of("chat.postMessage")
    assert "removed" in posts[1].params["text"] and posts[1].params["channel"] == "D0TA00001"
    current = db.scalars(select(InterventionSession).where(InterventionSession.current())).all()
    assert current == []


async def test_which_pupil_buttons_continue_the_conversation(bot, slack_api, db, school):
    user, channel = bot
    # A second Sam in the teacher's own class, so the class does not settle which one is meant.
    sam = db.scalar(select(Pupil).where(Pupil.school_id == school.id, Pupil.first_name == "Sam"))
    db.add(Pupil(school_id=school.id, upn="A100000000009", first_name="Sam", last_name="Quinn", year_group="3",
                 class_id=sam.class_id))
    db.commit()
    await user.event(payload("message_im", user=TEACHER, channel="D0TEACH01", text="what works for Sam?"))
    await channel.settle()
    [question] = slack_api.of("chat.postMessage")
    buttons = question.params["blocks"][-1]["elements"]
    assert len(buttons) == 2 and "Sam Carter" in buttons[0]["text"]["text"]
    press = payload("block_actions")
    press["user"]["id"] = TEACHER
    press["container"]["channel_id"] = "D0TEACH01"
    press["actions"][0].update(action_id=buttons[0]["action_id"], value=buttons[0]["value"])
    await user.interaction(press)
    await channel.settle()
    answer = slack_api.of("chat.postMessage")[1].params
    assert answer["channel"] == "D0TEACH01" and "Sam" in answer["text"]
    # The pressed message loses its buttons and says what was chosen, so it cannot be pressed again.
    [update] = slack_api.of("chat.update")
    assert update.params["channel"] == "D0TEACH01" and update.params["ts"] == press["container"]["message_ts"]
    blocks = update.params["blocks"] if isinstance(update.params["blocks"], list) else json.loads(update.params["blocks"])
    assert all(b["type"] != "actions" for b in blocks) and blocks[-1]["type"] == "context"
    assert blocks[-1]["elements"][0]["text"].startswith("✓ ")


async def test_a_button_value_we_did_not_send_is_refused_plainly(bot, slack_api):
    user, channel = bot
    press = payload("block_actions")
    press["actions"][0].update(value="{not ours")
    await user.interaction(press)
    await channel.settle()
    assert "expired" in texts(slack_api.of("chat.postMessage"))[0]


async def test_message_shortcut_opens_the_concern_modal_prefilled_and_logs_it(bot, slack_api, db, school):
    user, channel = bot
    response, _ = await user.interaction(payload("message_action"))
    assert response.status == 200
    await channel.settle()
    [opened] = slack_api.of("views.open")
    view = opened.params["view"]
    assert_valid_view(view)
    noticed = next(b for b in view["blocks"] if b["block_id"] == "noticed")
    assert noticed["element"]["initial_value"] == "Jack can't copy from the board and squints at the screen"
    state = {
        "pupil_id": selected(str(school.jack.id)),
        "noticed": {"type": "plain_text_input", "value": noticed["element"]["initial_value"]},
        "evidence": {"type": "plain_text_input", "value": "Copying task, 3 March"},
        "area_of_need": selected("sensory_physical"),
    }
    response, answer = await user.interaction(submission(view, state, user=TEACHER))
    assert answer in ("", {})
    await channel.settle()
    [concern] = db.scalars(select(Concern)).all()
    assert concern.pupil_id == school.jack.id and concern.area_of_need == "sensory_physical"
    assert "squints" in concern.noticed and concern.evidence == "Copying task, 3 March"
    [post] = slack_api.of("chat.postMessage")
    assert post.params["channel"] == "D" + TEACHER[1:] and "Concern" in post.params["text"]


async def test_concern_modal_asks_for_more_inline_when_too_little_was_noticed(bot, slack_api, db, school):
    user, channel = bot
    command = payload("slash_command") | {"command": "/concern", "user_id": TEACHER, "channel_id": "C0STAFF01"}
    await user.command(command)
    await channel.settle()
    view = slack_api.of("views.open")[0].params["view"]
    state = {"pupil_id": selected(str(school.leo.id)), "noticed": {"type": "plain_text_input", "value": "Leo"},
             "evidence": {"type": "plain_text_input", "value": None}, "area_of_need": selected("unsure")}
    _, answer = await user.interaction(submission(view, state, user=TEACHER))
    assert answer["response_action"] == "errors" and "What have you noticed about Leo" in answer["errors"]["noticed"]
    await channel.settle()
    assert db.scalar(select(func.count(Concern.id))) == 0


async def test_command_with_text_is_understood_like_a_message(bot, slack_api, db):
    user, channel = bot
    command = payload("slash_command") | {"command": "/session", "text": "PT with Sam and Leo 20 mins 8/10"}
    await user.command(command)
    await channel.settle()
    assert db.scalar(select(func.count(InterventionSession.id))) == 1
    assert "Precision Teaching" in texts(slack_api.of("chat.postMessage"))[0]


async def test_command_in_a_channel_answers_privately(bot, slack_api, school):
    user, channel = bot
    command = payload("slash_command") | {"command": "/portrait", "text": "Aisha", "channel_id": "C0STAFF01",
                                         "user_id": TEACHER, "response_url": slack_api.url + "/respond/abc"}
    await user.command(command)
    await channel.settle()
    [answer] = slack_api.of("response_url")
    assert answer.params["response_type"] == "ephemeral"
    assert "Visual timetable" in answer.params["text"]
    assert slack_api.of("chat.postMessage") == []
    assert_valid_message(answer.params)


async def test_a_whole_school_picker_searches_pupils_of_this_school_only(bot, slack_api, db, school):
    user, channel = bot
    db.add_all([Pupil(school_id=school.id, upn=f"A2{i:011d}", first_name=f"Pupil{i}", last_name="Gale",
                      year_group="5") for i in range(120)])
    db.commit()
    await user.command(payload("slash_command") | {"command": "/concern"})
    await channel.settle()
    view = slack_api.of("views.open")[0].params["view"]
    assert_valid_view(view)
    picker = next(b for b in view["blocks"] if b["block_id"] == "pupil_id")["element"]
    assert picker["type"] == "external_select"
    body = payload("block_suggestion") | {"action_id": "pupil_id", "block_id": "pupil_id", "value": "sam car"}
    response, answer = await user.interaction(body)
    assert [o["value"] for o in answer["options"]] == [str(school.sam.id)]
    body["value"] = "gale"
    _, answer = await user.interaction(body)
    assert len(answer["options"]) == 100
    assert json.dumps(answer).count("Pupil") == 100


def home_press(action_id: str) -> dict[str, Any]:
    press = payload("block_actions")
    press.pop("channel")
    press.pop("message")
    press["container"] = {"type": "view", "view_id": "V0HOME001"}
    press["view"] = {"id": "V0HOME001", "type": "home", "blocks": [], "private_metadata": "", "callback_id": "",
                     "state": {"values": {}}, "hash": "1741084900.HoMe"}
    press["actions"] = [{"action_id": action_id, "block_id": "h1", "type": "button", "action_ts": "1741084910.1",
                         "text": {"type": "plain_text", "text": "x"}}]
    return press


async def test_home_buttons_open_the_session_form_and_send_help_to_the_dm(bot, slack_api):
    user, channel = bot
    await user.interaction(home_press("home_session"))
    await user.interaction(home_press("home_help"))
    await channel.settle()
    [opened] = slack_api.of("views.open")
    assert opened.params["view"]["callback_id"] == "record_session"
    [post] = slack_api.of("chat.postMessage")
    assert post.params["channel"] == "D0TA00001" and "Try:" in post.params["text"]


async def test_when_slack_will_not_open_the_modal_the_question_comes_as_a_message(bot, slack_api):
    user, channel = bot
    slack_api.script("views.open", (200, {"ok": False, "error": "expired_trigger_id"}, {}))
    await user.command(payload("slash_command") | {"command": "/concern"})
    await channel.settle()
    [post] = slack_api.of("chat.postMessage")
    assert post.params["channel"] == "D0TA00001" and "Which pupil" in post.params["text"]
