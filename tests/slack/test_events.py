"""Events API over real HTTP: url_verification, DMs, @mentions, the Home tab, retries and identity."""
from __future__ import annotations

import json

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select

from bot.channels.slack import register
from bot.channels.slack.sender import SlackSender
from models import (
    AuditEvent, ChannelRegistration, ConversationRef, InterventionSession, ProcessedEvent, StaffIdentity,
)
from tests.slack.blocks import assert_valid_message, assert_valid_view
from tests.slack.conftest import DSL, STRANGER, TA, TEACHER, SlackUser, payload, sign, texts
from tests.slack.mock_slack import TEAM


async def test_register_serves_url_verification_with_the_real_client_settings(services, slack_api):
    app = web.Application()
    register(app, services)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as session:
            user = SlackUser(str(server.make_url("/slack/events")), session)
            body = payload("url_verification")
            async with session.post(user.url, json=body, headers={}) as unsigned:
                assert unsigned.status == 401
            raw = json.dumps(body).encode()
            async with session.post(user.url, data=raw, headers={"Content-Type": "application/json", **sign(raw)}) as ok:
                assert ok.status == 200
                assert (await ok.json())["challenge"] == body["challenge"]
    finally:
        await server.close()
    assert isinstance(services.senders["slack"], SlackSender)


async def test_direct_message_logs_a_session_once_however_often_slack_retries(bot, slack_api, db):
    user, channel = bot
    event = payload("message_im")
    for retry in (None, 1, 2):
        response = await user.event(event, retry=retry)
        assert response.status == 200
    await channel.settle()
    assert db.scalar(select(func.count(InterventionSession.id))) == 1
    assert db.scalar(select(func.count(ProcessedEvent.id))) == 1
    posts = slack_api.of("chat.postMessage")
    assert len(posts) == 1
    assert posts[0].params["channel"] == "D0TA00001"
    assert "Precision Teaching" in posts[0].params["text"]
    assert_valid_message(posts[0].params)
    undo = posts[0].params["blocks"][-1]["elements"][0]
    assert undo["style"] == "danger" and undo["action_id"] == "choice:0"
    ref = db.scalar(select(ConversationRef).where(ConversationRef.conversation_id == "D0TA00001"))
    assert ref.channel == "slack" and not ref.is_channel and ref.reference["user_id"] == TA


async def test_first_message_links_a_teacher_by_slack_email(bot, slack_api, db, school):
    user, channel = bot
    await user.event(payload("message_im", user=TEACHER, channel="D0TEACH01", text="help"))
    await channel.settle()
    assert slack_api.of("users.info")[0].params["user"] == TEACHER
    identity = db.scalar(select(StaffIdentity).where(StaffIdentity.user_id == TEACHER))
    assert identity.staff_id == school.teacher.id and identity.tenant == TEAM
    assert "Try:" in texts(slack_api.of("chat.postMessage"))[0]
    # Known now: the next message needs no lookup.
    await user.event(payload("message_im", user=TEACHER, channel="D0TEACH01", text="help") | {"event_id": "Ev2"})
    await channel.settle()
    assert len(slack_api.of("users.info")) == 1


async def test_a_stranger_is_told_how_to_get_added_and_nothing_about_pupils(bot, slack_api, db):
    user, channel = bot
    await user.event(payload("message_im", user=STRANGER, channel="D0WHO0001", text="what works for Aisha?"))
    await channel.settle()
    [post] = slack_api.of("chat.postMessage")
    assert "Ask your SENCO or school admin" in post.params["text"] and "Aisha" not in post.params["text"]
    assert db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "refused")) == 1
    assert db.scalar(select(func.count(StaffIdentity.id)).where(StaffIdentity.user_id == STRANGER)) == 0


async def test_a_mention_about_a_pupil_is_answered_ephemerally_with_a_note_in_the_thread(bot, slack_api):
    user, channel = bot
    await user.event(payload("app_mention"))
    await channel.settle()
    [private] = slack_api.of("chat.postEphemeral")
    assert private.params["channel"] == "C0STAFF01" and private.params["user"] == payload("app_mention")["event"]["user"]
    assert "Visual timetable" in private.params["text"]
    [note] = slack_api.of("chat.postMessage")
    assert note.params["channel"] == "C0STAFF01" and note.params["thread_ts"] == "1741084300.000200"
    assert "Visual timetable" not in str(note.params) and "Aisha" not in str(note.params)
    assert_valid_message(note.params)


async def test_post_the_weekly_digest_here_registers_the_channel_for_a_senco_only(bot, slack_api, db):
    user, channel = bot
    await user.event(payload("app_mention", user=TA, text="<@UBOT0001> post the weekly digest here") | {"event_id": "E1"})
    await channel.settle()
    assert db.scalar(select(func.count(ChannelRegistration.id))) == 0
    await user.event(payload("app_mention", text="<@UBOT0001> post the weekly digest here") | {"event_id": "E2"})
    await user.event(payload("app_mention", text="<@UBOT0001> please post the digest here") | {"event_id": "E3"})
    await channel.settle()
    [registration] = db.scalars(select(ChannelRegistration)).all()
    ref = db.get(ConversationRef, registration.conversation_ref_id)
    assert ref.is_channel and ref.conversation_id == "C0STAFF01" and registration.purpose == "digest"
    said = texts(slack_api.of("chat.postMessage"))
    assert "Only the SENCO" in said[0] and "from now on" in said[1] and "already" in said[2]


async def test_home_tab_shows_my_day_with_buttons(bot, slack_api):
    user, channel = bot
    await user.event(payload("app_home_opened"))
    await user.event(payload("app_home_opened", tab="messages") | {"event_id": "Ev0HOME0002"})
    await channel.settle()
    [publish] = slack_api.of("views.publish")
    view = publish.params["view"]
    assert publish.params["user_id"] == TA and view["type"] == "home"
    assert_valid_view(view)
    shown = str(view["blocks"])
    assert "Y3 PT group" in shown  # a session still to log today
    actions = [e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {"home_concern", "home_session", "home_help"} <= set(actions)


async def test_own_and_other_bots_messages_are_ignored(bot, slack_api):
    user, channel = bot
    await user.event(payload("message_im", user="UBOT0001", bot_id="BBOT0001") | {"event_id": "Ev9"})
    await user.event(payload("message_im", subtype="message_changed") | {"event_id": "Ev10"})
    await channel.settle()
    assert slack_api.of("chat.postMessage") == []


async def test_dsl_is_known_by_stored_id_without_an_email_lookup(bot, slack_api):
    user, channel = bot
    await user.event(payload("message_im", user=DSL, channel="D0DSL0001", text="help") | {"event_id": "Ev11"})
    await channel.settle()
    assert slack_api.of("users.info") == []
    assert "Safeguarding alerts come straight to you" in texts(slack_api.of("chat.postMessage"))[0]
