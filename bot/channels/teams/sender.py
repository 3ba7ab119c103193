"""Proactive Teams messages (notifications, nudges, digests) to stored conversation references."""
from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.schema import ConversationReference
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.base import DeliveryError, Target
from bot.channels.teams import references
from bot.channels.teams.activity import message
from bot.channels.teams.adapter import TeamsAdapter
from bot.channels.teams.connector import ConnectorError
from bot.channels.teams.recent import RecentCallers
from bot.prompts import Prompts
from handlers.reply import Reply
from models.db import unit_of_work
from models.db_thread import run_db


class TeamsSender:
    """The Sender the outbox dispatcher uses for channel "teams"."""

    name = "teams"

    def __init__(self, adapter: TeamsAdapter, factory: sessionmaker[Session], words: Prompts, recent: RecentCallers):
        self.adapter = adapter
        self.factory = factory
        self.words = words
        self.recent = recent

    async def send(self, target: Target, reply: Reply) -> None:
        """Deliver one reply; 403 marks the reference dead and is permanent, throttling is retried."""
        activity = message(self.words.render(reply), self.words)
        reference = ConversationReference().deserialize(target.reference)

        async def post(turn_context: TurnContext) -> None:
            await turn_context.send_activity(activity)

        try:
            await self.adapter.continue_conversation(reference, post, bot_id=self.adapter.connector.app_id)
        except ConnectorError as exc:
            if exc.status == 403:
                self.recent.forget_conversation(target.conversation_id)
                await run_db(self.factory, self._mark_dead, target.ref_id)
                raise DeliveryError(f"Teams refused the conversation (app removed or blocked): {exc}",
                                    permanent=True) from exc
            raise DeliveryError(str(exc), permanent=400 <= exc.status < 500) from exc

    async def target_for_staff(self, staff_id: int) -> Target | None:
        """The staff member's 1:1 chat, opened now if the bot has never written there; None if impossible."""
        target, opening = await run_db(self.factory, self._lookup, staff_id)
        if target is not None or opening is None:
            return target
        bot = opening["bot"] or {"id": f"28:{self.adapter.connector.app_id}"}
        tenant = opening["tenant"]
        try:
            created = await self.adapter.connector.create_conversation(opening["service_url"], {
                "isGroup": False, "bot": bot, "members": [{"id": opening["user_id"]}], "tenantId": tenant,
                "channelData": {"tenant": {"id": tenant}},
            })
        except ConnectorError as exc:
            raise DeliveryError(f"Teams would not open a chat with staff {staff_id}: {exc}",
                                permanent=exc.status == 403) from exc
        reference = {
            "bot": bot, "user": {"id": opening["user_id"], "aadObjectId": opening["user_id"]},
            "conversation": {"id": created["id"], "conversationType": "personal", "tenantId": tenant},
            "channelId": "msteams", "serviceUrl": opening["service_url"],
        }
        return await run_db(self.factory, self._remember, staff_id, opening["school_id"], reference)

    def _lookup(self, staff_id: int):
        with self.factory() as db:
            target = references.personal_target(db, staff_id=staff_id)
            return target, (None if target else references.chat_opening(db, staff_id=staff_id))

    def _remember(self, staff_id: int, school_id: int | None, reference: dict) -> Target:
        with unit_of_work(self.factory) as db:
            row = references.save_reference(db, reference=reference, staff_id=staff_id, school_id=school_id,
                                            is_channel=False)
            db.flush()
            return references.as_target(row)

    def _mark_dead(self, ref_id: int) -> None:
        with unit_of_work(self.factory) as db:
            references.mark_dead(db, ref_id=ref_id)
