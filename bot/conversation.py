"""The channel-neutral conversation: cleans input, understands it, keeps dialog state, runs one handler.

Every channel adapter calls `Conversation.handle`; it runs the synchronous database work off the
event loop, inside one unit of work, so a handler that fails writes nothing at all.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session, lazyload, sessionmaker

from bot.incoming import Incoming
from bot.roster_cache import RosterCache, SchoolUnderstanding
from handlers import ROUTES
from handlers.portrait_views import PortraitViews
from handlers.reply import Reply
from handlers.request import Request
from models import DialogState, ProcessedEvent, School, Staff, utcnow
from models.db import insert_or_ignore, unit_of_work
from models.db_thread import run_db

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 5000  # a long concern fits; a pasted document does not
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_PORTRAIT_UPDATE = re.compile(r"^\s*(add|new)\s+(strateg|trigger|avoid|strength|interest)", re.I)
# Who is asking, and their school, in one statement built once. Roles and classes load only if the
# handler asks: reading a portrait needs neither.
_ACTOR = (
    select(Staff, School).join(School, School.id == Staff.school_id).where(Staff.id == bindparam("staff_id"))
    .options(lazyload(Staff.role_rows), lazyload(Staff.classes))
)
_DIALOG = select(DialogState).where(DialogState.staff_id == bindparam("staff_id"),
                                   DialogState.conversation == bindparam("key"))
SHORT_ANSWERS = {"pupil", "programme", "with_whom"}
# Exact commands skip understanding: the words on buttons and in help, and what people type to start.
_COMMANDS = {
    "cancel": "cancel", "stop": "cancel", "help": "help", "?": "help", "undo": "undo_session",
    **dict.fromkeys(("session", "log a session", "record a session", "log session", "record session",
                     "new session", "log an intervention session"), "record_session"),
    **dict.fromkeys(("concern", "log a concern", "raise a concern", "new concern", "log concern"), "log_concern"),
    **dict.fromkeys(("upcoming", "what's coming up", "whats coming up", "what's coming up?"), "upcoming"),
}


def clean_text(text: str) -> str:
    """Normalise what people type: NFC, no control or invisible characters, single spaces."""
    text = unicodedata.normalize("NFC", text or "")
    text = _CONTROL.sub(" ", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


class Conversation:
    def __init__(
        self,
        factory: sessionmaker[Session],
        *,
        dialog_timeout: timedelta = timedelta(minutes=15),
        clock: Callable[[], datetime] = utcnow,
    ):
        self.factory = factory
        self.dialog_timeout = dialog_timeout
        self.clock = clock
        self.rosters = RosterCache()
        self.portraits = PortraitViews()

    async def handle(self, incoming: Incoming) -> list[Reply]:
        return await run_db(self.factory, self.handle_sync, incoming)

    def handle_sync(self, incoming: Incoming) -> list[Reply]:
        """Answer one message or button press; never raises for bad input."""
        try:
            with unit_of_work(self.factory) as db:
                return self._handle(db, incoming)
        except _Duplicate:
            return []
        except Exception:
            log.exception("handler failed for %s on %s", incoming.action or "message", incoming.channel)
            return [Reply("error.internal")]

    def _handle(self, db: Session, incoming: Incoming) -> list[Reply]:
        found = db.execute(_ACTOR, {"staff_id": incoming.staff_id}).first()
        if found is None or not found.Staff.active:
            return [Reply("identity.unknown")]
        staff, school = found
        if incoming.event_id and not self._first_delivery(db, incoming):
            raise _Duplicate()
        now = self.clock()
        today = now.astimezone(ZoneInfo(school.timezone)).date()
        text = clean_text(incoming.text)
        key = f"{incoming.channel}:{incoming.conversation_id}"
        state = self._pending(db, staff.id, key, now)

        if incoming.action:
            route, slots, answer_for = incoming.action, {}, None
            if state is not None and state.state["intent"] == route:
                slots, answer_for = state.state["slots"], state.state["missing"]
            return self._run(db, staff, incoming, route, now, today, key, state, text=text, slots=slots,
                             answer_for=answer_for, heard={})

        if not text or not has_words(text):
            return [Reply("input.empty")]
        if len(text) > MAX_MESSAGE_CHARS:
            return [Reply("input.too_long", {"limit": MAX_MESSAGE_CHARS, "length": len(text)})]

        command = _COMMANDS.get(text.lower().rstrip(".!"))
        if command == "cancel":
            if state is None:
                return [Reply("dialog.nothing_to_cancel")]
            db.delete(state)
            return [Reply("dialog.cancelled")]

        understood = self.rosters.for_school(db, school)
        heard = self._heard(understood, text, today)
        if heard["safeguarding"]:
            # A possible disclosure outranks whatever question was pending.
            if state is not None:
                db.delete(state)
            return self._run(db, staff, incoming, "safeguarding", now, today, key, None, text=text,
                             slots=heard, answer_for=None, heard=heard)
        if command is not None:
            return self._run(db, staff, incoming, command, now, today, key, state, text=text, slots={},
                             answer_for=None, heard=heard)
        if state is not None and self._moves_on(state, heard, text):
            db.delete(state)
            db.flush()
            state = None
        if state is not None:
            return self._run(db, staff, incoming, state.state["intent"], now, today, key, state, text=text,
                             slots=state.state["slots"], answer_for=state.state["missing"], heard=heard)
        route = "update_portrait" if _PORTRAIT_UPDATE.match(text) else heard["intent"]
        return self._run(db, staff, incoming, route, now, today, key, None, text=text, slots=heard,
                         answer_for=None, heard=heard)

    def _run(
        self, db: Session, staff: Staff, incoming: Incoming, route: str, now: datetime, today: date,
        key: str, state: DialogState | None, *, text: str, slots: dict[str, Any], answer_for: str | None,
        heard: dict[str, Any],
    ) -> list[Reply]:
        handler = ROUTES.get(route)
        if handler is None:
            return [Reply("error.unknown_action")]
        request = Request(
            actor=staff, channel=incoming.channel, intent=route, now=now, today=today, text=text,
            slots=slots, values=dict(incoming.values), heard=heard, answer_for=answer_for,
            is_channel=incoming.is_channel, portraits=self.portraits,
        )
        reply = handler(request, db)
        if reply.expect is not None:
            self._remember(db, state, staff.id, key, reply, now)
        elif state is not None and state.state["intent"] == route:
            db.delete(state)
        return [reply]

    @staticmethod
    def _moves_on(state: DialogState, heard: dict[str, Any], text: str) -> bool:
        """A whole new request while a short answer (a name, a programme) was awaited starts afresh."""
        if state.state["missing"] not in SHORT_ANSWERS or heard["intent"] in ("unknown", state.state["intent"]):
            return False
        names_someone = heard["pupil_ids"] or heard["candidate_ids"] or heard["programme"]
        return not names_someone or len(text.split()) > 3

    def _heard(self, understood: SchoolUnderstanding, text: str, today: date) -> dict[str, Any]:
        parsed = understood.understander.parse(text, today=today)
        ids = understood.ids_by_upn
        return {
            "intent": parsed.intent,
            "pupil_ids": [ids[u] for u in parsed.pupils if u in ids],
            "candidate_ids": [ids[u] for u in parsed.candidates if u in ids],
            "unmatched": list(parsed.unmatched),
            "suggestion_ids": [ids[u] for u in parsed.suggestions if u in ids],
            "absent_ids": [ids[u] for u in parsed.absent if u in ids],
            "programme": parsed.programme,
            "minutes": parsed.duration_minutes,
            "score": parsed.score,
            "date": parsed.date.isoformat() if parsed.date else None,
            "area_of_need": parsed.area_of_need,
            "safeguarding": parsed.safeguarding,
        }

    def _pending(self, db: Session, staff_id: int, key: str, now: datetime) -> DialogState | None:
        state = db.scalar(_DIALOG, {"staff_id": staff_id, "key": key})
        if state is not None and state.expires_at <= now:
            db.delete(state)
            return None
        return state

    def _remember(self, db: Session, state: DialogState | None, staff_id: int, key: str, reply: Reply, now: datetime) -> None:
        expect = reply.expect
        value = {"intent": expect.intent, "slots": dict(expect.slots), "missing": expect.missing}
        if state is None:
            db.add(DialogState(staff_id=staff_id, conversation=key, state=value, expires_at=now + self.dialog_timeout))
        else:
            state.state = value
            state.expires_at = now + self.dialog_timeout

    @staticmethod
    def _first_delivery(db: Session, incoming: Incoming) -> bool:
        """Notes this delivery; False if it was noted before."""
        return insert_or_ignore(db, ProcessedEvent, keys=["channel", "event_id"], channel=incoming.channel,
                                event_id=incoming.event_id, at=utcnow()) is not None


class _Duplicate(Exception):
    """This platform event was handled already (a retry)."""


def purge_dialogs(db: Session, *, now: datetime) -> int:
    """Drop expired pending questions."""
    return db.execute(delete(DialogState).where(DialogState.expires_at <= now)).rowcount
