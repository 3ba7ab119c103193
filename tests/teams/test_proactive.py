"""Proactive sends (notifications, nudges, digests) through the Teams Sender, against the fake Bot Connector."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.channels.base import DeliveryError
from handlers.reply import Choice, Reply
from bot.channels.teams.references import as_target
from models import ConversationRef, Staff, StaffIdentity
from tests.teams.conftest import TENANT, TOM_AAD, card_of, payload

PERSONAL = "a:1hannahPersonalChatWithSendbot"


async def _hannah_target(teams):
    await teams.say("help")  # Hannah has written once, so her 1:1 reference is stored
    sender = teams.services.senders["teams"]
    target = await sender.target_for_staff(teams_staff(teams, "Hannah Price"))
    return sender, target


def teams_staff(teams, name: str) -> int:
    with teams.services.factory() as db:
        return db.scalar(select(Staff.id).where(Staff.name == name))


def _ref(teams, conversation_id: str) -> ConversationRef:
    with teams.services.factory() as db:
        return db.scalar(select(ConversationRef).where(ConversationRef.conversation_id == conversation_id))


async def test_send_to_a_user_continues_their_personal_chat(teams):
    sender, target = await _hannah_target(teams)
    assert target.conversation_id == PERSONAL and not target.is_channel
    await sender.send(target, Reply("dialog.cancelled"))
    (sent,) = teams.connector.sent_to(PERSONAL)[-1:]
    assert sent["text"] == "Cancelled. Nothing was saved."
    assert sent["conversation"]["id"] == PERSONAL and sent["recipient"]["aadObjectId"]


async def test_send_to_a_registered_channel_posts_a_card_there(teams):
    await teams.send(payload("install_team", teams.connector.url))
    ref = _ref(teams, "19:oakfieldStaffTeam9z8y@thread.tacv2")
    reply = Reply("teams.digest.registered", {"school": "Oakfield Primary"}, choices=(Choice("unknown.help", "help"),))
    await teams.services.senders["teams"].send(as_target(ref), reply)
    sent = teams.connector.sent_to("19:oakfieldStaffTeam9z8y@thread.tacv2")[-1]
    card = card_of(sent)
    assert card["body"][0]["text"] == "Weekly digest"
    assert card["actions"][0]["data"] == {"action": "help"}


async def test_a_personal_chat_is_created_when_the_bot_never_wrote_there(teams, school):
    await teams.say("help")  # any stored reference tells the sender the tenant's serviceUrl
    with teams.services.factory() as db:
        db.add(StaffIdentity(staff_id=school["tom"], channel="teams", tenant=TENANT, user_id=TOM_AAD))
        db.commit()
    sender = teams.services.senders["teams"]
    target = await sender.target_for_staff(school["tom"])
    (created,) = teams.connector.created
    assert created["members"] == [{"id": TOM_AAD}] and created["tenantId"] == TENANT and not created["isGroup"]
    await sender.send(target, Reply("dialog.cancelled"))
    assert teams.connector.sent_to(target.conversation_id)[0]["text"] == "Cancelled. Nothing was saved."
    assert _ref(teams, target.conversation_id).staff_id == school["tom"]
    assert (await sender.target_for_staff(school["tom"])).conversation_id == target.conversation_id  # reused


async def test_no_chat_can_be_opened_for_someone_without_a_teams_identity(teams, school):
    await teams.say("help")
    assert await teams.services.senders["teams"].target_for_staff(school["dev"]) is None


async def test_throttling_is_retried_after_the_time_teams_asks_for(teams):
    sender, target = await _hannah_target(teams)
    teams.connector.answer_next(PERSONAL, 429, {"Retry-After": "3"})
    teams.connector.answer_next(PERSONAL, 503)
    await sender.send(target, Reply("dialog.cancelled"))
    assert teams.connector.sent_to(PERSONAL)[-1]["text"] == "Cancelled. Nothing was saved."
    assert teams.sleeps[0] >= 3.0  # Retry-After is a floor
    assert 0 < teams.sleeps[1] < 3.0


async def test_gone_conversation_403_marks_the_reference_dead_and_is_permanent(teams):
    sender, target = await _hannah_target(teams)
    teams.connector.answer_next(PERSONAL, 403)
    with pytest.raises(DeliveryError) as failure:
        await sender.send(target, Reply("dialog.cancelled"))
    assert failure.value.permanent
    assert _ref(teams, PERSONAL).dead
    await teams.say("help")  # she writes again: the chat is alive
    assert not _ref(teams, PERSONAL).dead


async def test_a_connector_that_stays_busy_gives_a_retryable_error(teams):
    sender, target = await _hannah_target(teams)
    for _ in range(5):
        teams.connector.answer_next(PERSONAL, 503, {"Retry-After": "7"})
    with pytest.raises(DeliveryError) as failure:
        await sender.send(target, Reply("dialog.cancelled"))
    assert not failure.value.permanent and failure.value.retry_after == 7.0
    assert len(teams.sleeps) == 4
