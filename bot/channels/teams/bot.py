"""The Teams bot: identifies the sender, remembers where to write back, and hands the message to Conversation."""
from __future__ import annotations

import asyncio
import logging

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsActivityHandler, TeamsInfo
from botbuilder.schema import Activity, ChannelAccount
from botbuilder.schema.teams import TeamInfo, TeamsChannelAccount

from bot.channels.private import answer_privately
from bot.channels.teams import references
from bot.channels.teams.activity import DIGEST_HERE, Caller, caller, event_id, message, spoken_text, submitted
from bot.channels.teams.recent import RecentCallers
from bot.identity import find_staff, link_by_email, refuse_stranger
from bot.incoming import Incoming
from bot.prompts import Prompts
from bot.scheduling.dispatcher import dispatch_due
from bot.render.text import outcome_line, settles
from bot.services import Services
from handlers.reply import Reply
from models import Staff, utcnow
from models.db import unit_of_work
from models.db_thread import run_db

log = logging.getLogger(__name__)
CHANNEL = "teams"


class SendbotTeamsBot(TeamsActivityHandler):
    def __init__(self, services: Services, words: Prompts, recent: RecentCallers):
        self.services = services
        self.words = words
        self.recent = recent
        self._sending: set[asyncio.Task] = set()

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        who = caller(activity)
        staff_id = await self._identify(turn_context, who)
        if staff_id is None:
            await self._say(turn_context, Reply("identity.unknown"))
            return
        action, values = submitted(activity)
        text = "" if action else spoken_text(activity)
        if action is None and DIGEST_HERE.match(text):
            await self._say(turn_context, await run_db(self.services.factory, self._register_digest, staff_id, who))
            return
        incoming = Incoming(channel=CHANNEL, conversation_id=who.conversation_id, staff_id=staff_id, text=text,
                            action=action, values=values, is_channel=who.is_channel, event_id=event_id(activity))
        replies = await self.services.conversation.handle(incoming)
        private = [r for r in replies if r.private]
        if private:
            replies = [r for r in replies if not r.private]
            replies.append(await run_db(self.services.factory, answer_privately, self.services.factory,
                                        staff_id=staff_id, channel=CHANNEL, replies=private))
            self._deliver_now()
        if replies:
            await turn_context.send_activities([message(self.words.render(r), self.words) for r in replies])
        if action is not None and activity.reply_to_id and settles(replies):
            await self._settle_card(turn_context, replies[0])

    def _deliver_now(self) -> None:
        """Send the private answers at once rather than at the outbox's next run (if this process sends)."""
        if self.services.senders:
            task = asyncio.get_running_loop().create_task(
                dispatch_due(self.services.factory, self.services.senders, now=utcnow()))
            self._sending.add(task)
            task.add_done_callback(self._sending.discard)

    async def _settle_card(self, turn_context: TurnContext, outcome: Reply) -> None:
        """The pressed card is replaced by a one-line outcome, so its buttons cannot be pressed again."""
        activity = turn_context.activity
        line = self.words.text("teams.card_done", {"outcome": outcome_line(self.words.render(outcome))})
        try:
            await turn_context.update_activity(Activity(type="message", id=activity.reply_to_id, text=line,
                                                        conversation=activity.conversation))
        except Exception as exc:  # the answer was sent; an old card Teams won't update is only cosmetic
            log.warning("could not replace a pressed card: %s", type(exc).__name__)

    async def on_teams_members_added(  # pylint: disable=unused-argument
        self, teams_members_added: list[TeamsChannelAccount], team_info: TeamInfo, turn_context: TurnContext,
    ) -> None:
        """Installed: remember the chat or team, and say hello (or, to a stranger, how to get added)."""
        activity = turn_context.activity
        if not any(m.id == activity.recipient.id for m in teams_members_added):
            return  # someone joined a team the bot is already in
        who = caller(activity)
        if who.is_channel:
            await run_db(self.services.factory, self._save_channel, who, None)
            await self._say(turn_context, Reply("teams.installed_team"))
            return
        staff_id = await self._identify(turn_context, who)
        if staff_id is None:
            await self._say(turn_context, Reply("identity.unknown"))
            return
        name = await run_db(self.services.factory, self._first_name, staff_id)
        await self._say(turn_context, Reply("teams.welcome", {"name": name}))

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        who = caller(turn_context.activity)
        if who.is_channel:
            await run_db(self.services.factory, self._save_channel, who, None)
        else:
            await self._identify(turn_context, who, quietly=True)

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        conversation_id = caller(turn_context.activity).reference["conversation"]["id"]
        self.recent.forget_conversation(conversation_id)

        def forget() -> None:
            with unit_of_work(self.services.factory) as db:
                references.mark_conversation_dead(db, conversation_id=conversation_id)

        await run_db(self.services.factory, forget)

    async def _say(self, turn_context: TurnContext, reply: Reply) -> None:
        await turn_context.send_activity(message(self.words.render(reply), self.words))

    async def _identify(self, turn_context: TurnContext, who: Caller, *, quietly: bool = False) -> int | None:
        """The staff id behind this Teams account: by AAD object id, else by email on first contact."""
        staff_id = self.recent.staff_id(tenant=who.tenant, user_id=who.user_id, reference=who.reference)
        if staff_id is not None:
            return staff_id
        staff_id = await run_db(self.services.factory, self._known, who)
        if staff_id is None:
            email = await self._email(turn_context, who)
            staff_id = await run_db(self.services.factory, self._link, who, email, quietly)
        if staff_id is not None:
            self.recent.remember(tenant=who.tenant, user_id=who.user_id, reference=who.reference, staff_id=staff_id)
        return staff_id

    async def _email(self, turn_context: TurnContext, who: Caller) -> str | None:
        try:
            member: ChannelAccount = await TeamsInfo.get_member(turn_context, who.teams_user_id)
        except Exception as exc:  # a member lookup that fails leaves them unknown, and they are told so
            log.warning("Teams member lookup failed: %s", exc)
            return None
        return getattr(member, "email", None) or getattr(member, "user_principal_name", None)

    def _known(self, who: Caller) -> int | None:
        with unit_of_work(self.services.factory) as db:
            staff = find_staff(db, channel=CHANNEL, tenant=who.tenant, user_id=who.user_id)
            if staff is None or not staff.active:
                return None
            self._save(db, who, staff)
            return staff.id

    def _link(self, who: Caller, email: str | None, quietly: bool) -> int | None:
        with unit_of_work(self.services.factory) as db:
            staff = link_by_email(db, channel=CHANNEL, tenant=who.tenant, user_id=who.user_id, email=email)
            if staff is None:
                if not quietly:
                    refuse_stranger(db, channel=CHANNEL, tenant=who.tenant, user_id=who.user_id)
                return None
            self._save(db, who, staff)
            return staff.id

    @staticmethod
    def _save(db, who: Caller, staff: Staff) -> None:
        references.save_reference(db, reference=who.reference, staff_id=None if who.is_channel else staff.id,
                                  school_id=staff.school_id, is_channel=who.is_channel)

    def _save_channel(self, who: Caller, school_id: int | None) -> None:
        with unit_of_work(self.services.factory) as db:
            references.save_reference(db, reference=who.reference, staff_id=None, school_id=school_id, is_channel=True)

    def _register_digest(self, staff_id: int, who: Caller) -> Reply:
        if not who.in_team_channel:
            return Reply("teams.digest.channel_only")
        with unit_of_work(self.services.factory) as db:
            prompt, data = references.register_digest(db, staff=db.get(Staff, staff_id), reference=who.reference)
            return Reply(prompt, data)

    def _first_name(self, staff_id: int) -> str:
        with self.services.factory() as db:
            return db.get(Staff, staff_id).name.split()[0]
