"""The Slack channel's shared parts: identity, the conversation, rendering, posting, and work tracking."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack import forms
from bot.channels.slack.client import slack_error
from bot.channels.slack.people import People
from bot.channels.slack.post import Poster
from bot.channels.slack.references import CHANNEL
from bot.incoming import Incoming
from bot.prompts import Prompts, prompts
from bot.render import blockkit
from bot.services import Services
from handlers.reply import Form, Reply
from models import Staff
from models.db import unit_of_work
from models.db_thread import run_db

log = logging.getLogger(__name__)


class SlackChannel:
    def __init__(self, services: Services, client: AsyncWebClient, poster: Poster | None = None):
        self.services = services
        self.client = client
        self.poster = poster or Poster(client, services.settings.locale)
        self.people = People(services.factory, client)
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def words(self) -> Prompts:
        return prompts(self.services.settings.locale)

    @contextlib.asynccontextmanager
    async def busy(self) -> AsyncIterator[None]:
        """Wrap work done after an ack, so shutdown and tests can wait for it to finish."""
        self._running += 1
        self._idle.clear()
        try:
            yield
        except Exception:
            # Slack has been answered already: log, so one bad event never takes the listener down.
            log.exception("Slack work failed after the ack")
        finally:
            self._running -= 1
            if self._running == 0:
                self._idle.set()

    async def settle(self) -> None:
        """Return once no acknowledged work is still running."""
        await asyncio.sleep(0)
        await self._idle.wait()

    async def staff_id(self, team_id: str, user_id: str, *, dm_channel: str | None = None) -> int | None:
        return await self.people.staff_id(team_id, user_id, dm_channel=dm_channel)

    async def answer(self, incoming: Incoming) -> list[Reply]:
        return await self.services.conversation.handle(incoming)

    def incoming(self, staff_id: int, conversation_id: str, **kw: Any) -> Incoming:
        return Incoming(channel=CHANNEL, conversation_id=conversation_id, staff_id=staff_id, **kw)

    async def post_all(self, channel: str, replies: list[Reply], *, thread_ts: str | None = None) -> None:
        for reply in replies:
            await self.poster.post(channel, reply, thread_ts=thread_ts)

    def modal(self, form: Form, *, text_field: str | None = None, intro: str | None = None) -> dict[str, Any]:
        words = self.words
        rendered = words.render(Reply("slack.form.intro", form=form)).form
        return blockkit.modal(
            rendered, metadata=forms.metadata(form, text_field=text_field), intro=intro,
            cancel=words.text("slack.form.cancel"), placeholder=words.text("slack.form.choose"),
            search=words.text("slack.form.search"),
        )

    async def open_modal(self, trigger_id: str, form: Form, *, text_field: str | None = None,
                         intro: str | None = None) -> bool:
        """Open a form as a modal; False when Slack refused (e.g. the trigger expired after 3 s)."""
        try:
            await self.client.views_open(trigger_id=trigger_id, view=self.modal(form, text_field=text_field, intro=intro))
        except SlackApiError as exc:
            log.warning("views.open failed: %s", slack_error(exc))
            return False
        return True

    async def concern_form(self, staff_id: int, noticed: str = "") -> Form:
        def build() -> Form:
            with unit_of_work(self.services.factory) as db:
                return forms.concern_form(db, staff=db.get(Staff, staff_id), noticed=noticed)

        return await run_db(self.services.factory, build)

    async def search_pupils(self, staff_id: int, query: str) -> list[tuple[str, str]]:
        def search() -> list[tuple[str, str]]:
            with self.services.factory() as db:
                return forms.search_pupils(db, staff_id=staff_id, query=query)

        return await run_db(self.services.factory, search)

    def unknown(self) -> Reply:
        return Reply("identity.unknown")
