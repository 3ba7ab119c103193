"""Who is writing: a Slack user mapped to a staff member by stored id, else by their Slack email."""
from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.slack.client import slack_error
from bot.channels.slack.references import CHANNEL, save_reference
from bot.identity import find_staff, link_by_email, refuse_stranger
from models import Staff
from models.db import unit_of_work
from models.db_thread import run_db

log = logging.getLogger(__name__)


class People:
    """Resolves (team, user) to a staff id, remembering answers; strangers are audited and get None."""

    def __init__(self, factory: sessionmaker[Session], client: AsyncWebClient):
        self.factory = factory
        self.client = client
        self._known: dict[tuple[str, str], int] = {}
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    async def staff_id(self, team_id: str, user_id: str, *, dm_channel: str | None = None) -> int | None:
        """The staff id for this Slack user; `dm_channel` also records the DM for proactive messages."""
        key = (team_id, user_id)
        staff_id = self._known.get(key)
        if staff_id is None:
            # One lookup per person at a time: two quick messages must not both try to link them.
            async with self._locks.setdefault(key, asyncio.Lock()):
                staff_id = await self._lookup(team_id, user_id)
            self._locks.pop(key, None)
        if staff_id is None:
            return None
        self._known[key] = staff_id
        if dm_channel:
            await run_db(self.factory, self._remember_dm, staff_id, team_id, user_id, dm_channel)
        return staff_id

    async def _lookup(self, team_id: str, user_id: str) -> int | None:
        staff_id = await run_db(self.factory, self._stored, team_id, user_id)
        if staff_id is None:
            staff_id = await run_db(self.factory, self._link, team_id, user_id, await self._email(user_id))
        return staff_id

    def _stored(self, team_id: str, user_id: str) -> int | None:
        with self.factory() as db:
            staff = find_staff(db, channel=CHANNEL, tenant=team_id, user_id=user_id)
            return staff.id if staff is not None and staff.active else None

    async def _email(self, user_id: str) -> str | None:
        try:
            response = await self.client.users_info(user=user_id)
        except SlackApiError as exc:
            # Without users:read.email (or for a deleted user) we simply cannot match them.
            log.warning("users.info failed for a Slack user: %s", slack_error(exc))
            return None
        return (response.get("user") or {}).get("profile", {}).get("email")

    def _link(self, team_id: str, user_id: str, email: str | None) -> int | None:
        with unit_of_work(self.factory) as db:
            staff = link_by_email(db, channel=CHANNEL, tenant=team_id, user_id=user_id, email=email)
            if staff is None:
                refuse_stranger(db, channel=CHANNEL, tenant=team_id, user_id=user_id)
                return None
            return staff.id

    def _remember_dm(self, staff_id: int, team_id: str, user_id: str, channel_id: str) -> None:
        with unit_of_work(self.factory) as db:
            staff = db.get(Staff, staff_id)
            save_reference(db, conversation_id=channel_id, staff_id=staff_id, school_id=staff.school_id if staff else None,
                           reference={"team_id": team_id, "user_id": user_id, "channel_id": channel_id},
                           is_channel=False)
