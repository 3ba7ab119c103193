"""The channel-neutral conversation: cleans input, understands it, applies the dialog policy, runs one handler.

Every channel adapter calls `Conversation.handle`; it runs the synchronous database work off the
event loop, inside one unit of work, so a handler that fails writes nothing at all. The dialog policy
(what answers a pending question, drafts, asking before saving) is drawn in bot/DIALOG.md.
"""
from __future__ import annotations

import logging
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session, lazyload, sessionmaker

from bot import dialog
from bot.incoming import Incoming
from bot.roster_cache import RosterCache, SchoolUnderstanding, load_models
from handlers import ROUTES
from handlers.lookup import my_pupils
from handlers.portrait_views import PortraitViews
from handlers.registry import TOPICS, exact_words
from handlers.reply import Choice, Reply
from handlers.request import Request
from models import DialogState, ProcessedEvent, Pupil, SafeguardingAlert, School, Staff, utcnow
from models.db import insert_or_ignore, unit_of_work
from models.db_thread import run_db

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 5000  # a long concern fits; a pasted document does not
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
# Who is asking, and their school, in one statement built once. Roles and classes load only if the
# handler asks: reading a portrait needs neither.
_ACTOR = (
    select(Staff, School).join(School, School.id == Staff.school_id).where(Staff.id == bindparam("staff_id"))
    .options(lazyload(Staff.role_rows), lazyload(Staff.classes))
)
# "cancel", "actually cancel that", "no, scrap it", "never mind"
_CANCEL = re.compile(r"^(?:(?:actually|oh|no|sorry|ok|okay|please|pls|oops)[, ]+)*(?:cancel|stop|scrap|forget|ditch|"
                     r"never ?mind|nvm)(?: (?:that|it|this|the last one|please|pls))*$")
_RESUME = frozenset({"go back", "go back to the draft", "back to the draft", "resume", "back to my draft", "the draft"})
ONCE = "once"  # a button's or form's one-time key
UNSURE_BELOW = 0.8  # a record understood with less confidence than this is shown before it is saved


def clean_text(text: str) -> str:
    """Normalise what people type: NFC, no control or invisible characters, single spaces."""
    text = unicodedata.normalize("NFC", text or "")
    text = _CONTROL.sub(" ", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _command_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip().rstrip(".!")


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
        self.commands = exact_words()

    async def handle(self, incoming: Incoming) -> list[Reply]:
        return await run_db(self.factory, self.handle_sync, incoming)

    def handle_sync(self, incoming: Incoming) -> list[Reply]:
        """Answer one message or button press; never raises for bad input."""
        try:
            load_models()
            with unit_of_work(self.factory) as db:
                return self._handle(db, incoming)
        except _Duplicate:
            return []
        except _AlreadyDone:
            return [Reply("dialog.already_done")]
        except Exception:
            log.exception("handler failed for %s on %s", incoming.action or "message", incoming.channel)
            return [Reply("error.internal")]

    def _handle(self, db: Session, incoming: Incoming) -> list[Reply]:
        found = db.execute(_ACTOR, {"staff_id": incoming.staff_id}).first()
        if found is None or not found.Staff.active:
            return [Reply("identity.unknown")]
        staff, school = found
        if incoming.event_id and not _note(db, incoming.channel, incoming.event_id, utcnow()):
            raise _Duplicate()
        turn = _Turn(self, db, staff, school, incoming)
        if incoming.action:
            return turn.action()
        return turn.message()

    def _heard(self, db: Session, staff: Staff, understood: SchoolUnderstanding, text: str,
               today: date, screen: bool = True) -> dict[str, Any]:
        ids, upns = understood.ids_by_upn, understood.upns_by_id

        def prefer(intent: str) -> list[frozenset[str]]:
            # Names first among the person's own pupils: a TA's groups for sessions, a teacher's class otherwise.
            groups, classes = my_pupils(db, staff, today)
            tiers = (groups, classes) if intent == "record_session" else (classes, groups)
            return [frozenset(upns[i] for i in tier if i in upns) for tier in tiers if tier]

        parsed = understood.understander.parse(text, today=today, prefer=prefer, screen=screen)
        return {
            "intent": parsed.intent,
            "pupil_ids": [ids[u] for u in parsed.pupils if u in ids],
            "candidate_ids": [ids[u] for u in parsed.candidates if u in ids],
            "candidate_groups": [{"ids": [ids[u] for u in upns if u in ids], "score": score, "absent": absent}
                                 for upns, score, absent in parsed.candidate_groups],
            "unmatched": list(parsed.unmatched),
            "suggestion_ids": [ids[u] for u in parsed.suggestions if u in ids],
            "absent_ids": [ids[u] for u in parsed.absent if u in ids],
            "scores": {str(ids[u]): s for u, s in parsed.scores if u in ids},
            "programme": parsed.programme,
            "minutes": parsed.duration_minutes,
            "score": parsed.score,
            "date": parsed.date.isoformat() if parsed.date else None,
            "area_of_need": parsed.area_of_need,
            "safeguarding": parsed.safeguarding,
            "safeguarding_level": parsed.safeguarding_level,
            "confidence": parsed.confidence,
            "alternatives": list(parsed.alternatives),
            "guessed_ids": [ids[u] for u in parsed.guessed if u in ids],
            "name_words": list(parsed.name_words),
            "date_unsure": parsed.date_unsure,
        }



class _Turn:
    """One message or button press, from understanding to the replies."""

    def __init__(self, bot: Conversation, db: Session, staff: Staff, school: School, incoming: Incoming):
        self.bot, self.db, self.staff, self.school, self.incoming = bot, db, staff, school, incoming
        self.now = bot.clock()
        self.today = self.now.astimezone(ZoneInfo(school.timezone)).date()
        self.key = f"{incoming.channel}:{incoming.conversation_id}"
        self.state = self._pending()

    # --- a typed message --------------------------------------------------------------------------

    def message(self) -> list[Reply]:
        text = clean_text(self.incoming.text)
        if not text or not has_words(text):
            return [Reply("input.empty")]
        if len(text) > MAX_MESSAGE_CHARS:
            return [Reply("input.too_long", {"limit": MAX_MESSAGE_CHARS, "length": len(text)})]
        word = _command_key(text)
        if _CANCEL.match(word):
            return self._cancel()
        if word in _RESUME:
            return self._resume()
        heard = self._understand(text)
        if self.state is not None and not _names_someone(heard) and \
                dialog.answer_kind_of(self.state.state) == "pupil" and text[:1].islower():
            # "grace" answering "which pupil?" is a name, though a lowercase word-name is a word elsewhere.
            named = self._understand(text[:1].upper() + text[1:])
            if _names_someone(named):
                heard = named
        if heard["safeguarding"]:
            return self._safeguarding(heard["safeguarding_level"], text=text, slots=heard, held={"text": text})
        return self._route(text, word, heard) + self._still_held()

    def _still_held(self) -> list[Reply]:
        """The person's latest "should the DSL see it now?", unanswered and not yet asked again: ask once more."""
        alert = self._latest_alert()
        if alert is None or alert.status != "held" or (alert.held or {}).get("reminded"):
            return []
        return self._run("safeguarding_still_held", text="", slots={}, heard={}, values={"alert_id": alert.id})

    def _latest_alert(self) -> SafeguardingAlert | None:
        """The latest safeguarding alert or question the person raised within the dialog timeout."""
        return self.db.scalar(select(SafeguardingAlert).where(
            SafeguardingAlert.raised_by_id == self.staff.id,
            SafeguardingAlert.raised_at >= self.now - self.bot.dialog_timeout,
        ).order_by(SafeguardingAlert.id.desc()).limit(1))

    def _route(self, text: str, word: str, heard: dict[str, Any]) -> list[Reply]:
        """A message understood and screened: a command, the answer to a pending question, or a new request."""
        command = self.bot.commands.get(word)
        if command == "undo" and self.state is not None and dialog.has_content(self.state.state["slots"]):
            # "undo" while a record is still being asked about means that record: nothing older is taken back.
            self.db.delete(self.state)
            self.state = None
            return [Reply("dialog.undo_unsaved")]
        if command is not None:
            return self._run(command, text=text, slots={}, heard=heard, state=self.state)
        replies: list[Reply] = []
        if self.state is not None:
            pending = self.state.state
            if dialog.takes_answer(pending, heard, text):
                return self._run(pending["intent"], text=text, slots=pending["slots"], heard=heard,
                                 answer_for=pending["missing"], state=self.state)
            replies = self._set_aside()
        if heard["intent"] == "unknown" or heard["confidence"] < dialog.UNDERSTOOD:
            return replies + self._run("unknown", text=text, slots={}, heard=heard)  # never filed
        return replies + self._run(heard["intent"], text=text, slots=heard, heard=heard)

    def _safeguarding(self, level: str, *, text: str, slots: dict[str, Any], held: dict[str, Any]) -> list[Reply]:
        """A clear indicator alerts the DSLs, and drops whatever question was pending. A possible one asks the person
        first, holding what they asked to save (`held`: the text, or a form's route and values) in the restricted
        alert; a pending question waits, so "No, it's a SEND matter" carries on as if nothing had been asked. Words
        answering a pending question ("what have you noticed about Leo?") are about that question's pupil: the
        alert names them, and keeps what was already said."""
        if self.state is not None and not _names_someone(slots):
            pending = self.state.state["slots"]
            slots = {**slots, **{k: pending[k] for k in ("pupil_ids", "candidate_ids", "noticed") if pending.get(k)}}
        if level == "clear":
            if self.state is not None:
                self.db.delete(self.state)
                self.state = None
            return self._run("safeguarding", text=text, slots=slots, heard=slots)
        return self._run("safeguarding_check", text=text, slots=slots, heard=slots, values={"held": held})

    def _file_as_asked(self, held: dict[str, Any]) -> list[Reply]:
        """The person said a possible indicator is a SEND matter: do what they asked, reading it unscreened."""
        if "route" in held:
            return self._run(held["route"], text="", slots={}, heard={}, values=dict(held.get("values") or {}))
        text = held.get("text") or ""
        return self._route(text, _command_key(text), self._understand(text, screen=False))

    def _screen_form(self, values: dict[str, Any]) -> tuple[str, str, list[int]] | None:
        """A form's free text, screened like a typed message (its words are stored or forwarded too): the level, the
        words as the alert keeps them, the pupil. A form naming no pupil of this school is left to its handler, which
        refuses it and writes nothing."""
        pupil_ids: list[int] = []
        if "pupil_id" in values:
            pupil = str(values.get("pupil_id") or "")
            found = self.db.get(Pupil, int(pupil)) if pupil.isdigit() and len(pupil) < 12 else None
            if found is None or found.school_id != self.school.id:
                return None
            pupil_ids = [found.id]
        fields = [v.strip() for v in values.values() if isinstance(v, str) and " " in v.strip()]
        if not fields:
            return None
        level = self.bot.rosters.for_school(self.db, self.school).understander.screener.screen(". ".join(fields))
        return (level, "\n".join(fields), pupil_ids) if level in ("clear", "possible") else None

    def _understand(self, text: str, screen: bool = True) -> dict[str, Any]:
        understood = self.bot.rosters.for_school(self.db, self.school)
        heard = self.bot._heard(self.db, self.staff, understood, text, self.today, screen)
        unsure = []
        if heard["confidence"] < UNSURE_BELOW:
            unsure.append("intent")
        if heard["guessed_ids"]:
            unsure.append("pupil")
        heard["unsure"] = unsure
        return heard

    def _set_aside(self) -> list[Reply]:
        """The pending question is not being answered: keep a record in progress as the draft, and say so."""
        state, self.state = self.state, None
        pending = state.state
        self.db.delete(state)
        self.db.flush()
        found = TOPICS.get(pending["intent"])
        if found is None or not found.writes or not dialog.has_content(pending["slots"]):
            return []  # nothing said yet worth keeping (a read, or a bare "log a concern")
        dialog.keep_draft(self.db, staff_id=self.staff.id, key=self.key, value=pending,
                          expires_at=self.now + self.bot.dialog_timeout)
        return [Reply("dialog.kept_draft", {"topic": pending["intent"], "pupil": self._pupil_name(pending["slots"])},
                      choices=(Choice("dialog.resume", "resume_draft"),), private=self.incoming.is_channel)]

    def _pupil_name(self, slots: dict[str, Any]) -> str | None:
        ids = slots.get("pupil_ids") or []
        pupil = self.db.get(Pupil, ids[0]) if len(ids) == 1 else None
        if pupil is not None and pupil.school_id == self.staff.school_id:
            return pupil.display_name
        return ", ".join(str(u) for u in slots.get("unmatched") or []) or None

    def _cancel(self) -> list[Reply]:
        if self.state is None:
            latest = self._latest_alert()
            last = latest.status if latest is not None else None
            # The person's latest safeguarding question is not dropped by cancel: the DSLs have it on their list
            # either way. An alert already sent, or an older question, is not what "cancel" is about.
            return [Reply("safeguarding.check_cancelled" if last == "held" else "dialog.nothing_to_cancel")]
        self.db.delete(self.state)
        self.state = None
        return [Reply("dialog.cancelled")]

    # --- a button or a form -----------------------------------------------------------------------

    def action(self) -> list[Reply]:
        incoming = self.incoming
        values = dict(incoming.values)
        once = values.pop(ONCE, None)
        if once is not None and self.db.scalar(select(ProcessedEvent.id).where(
                ProcessedEvent.channel == ONCE, ProcessedEvent.event_id == str(once)[:200])) is not None:
            raise _AlreadyDone()
        if incoming.action == "safeguarding_check_yes" and self.state is not None:
            self.db.delete(self.state)  # the DSL has it now: the record it was part of is not carried on
            self.state = None
        if incoming.action == "cancel":
            replies = self._cancel()
        elif incoming.action == "resume_draft":
            replies = self._resume()
        elif isinstance(values.get("text"), str) and incoming.action in TOPICS:
            # "Did you mean…" buttons carry the words typed, now read as the chosen conversation.
            text = clean_text(values.pop("text"))[:MAX_MESSAGE_CHARS]
            heard = self._understand(text) if has_words(text) else {}
            if heard.get("safeguarding"):
                return self._safeguarding(heard["safeguarding_level"], text=text, slots=heard, held={"text": text})
            heard = {**heard, "unsure": []}  # the person chose what it is
            if self.state is not None:
                self.db.delete(self.state)
                self.state = None
            replies = self._run(incoming.action, text=text, slots=heard, heard=heard, values=values)
        elif not incoming.action.startswith("safeguarding") and (screened := self._screen_form(values)) is not None:
            # (the DSL's own forms, such as an alert's closing note, are the safeguarding record: never screened)
            level, words, pupil_ids = screened
            replies = self._safeguarding(level, text=words, slots={"pupil_ids": pupil_ids},
                                         held={"route": incoming.action, "values": values})
        else:
            state = self.state
            slots, answer_for = {}, None
            if state is not None and state.state["intent"] == incoming.action:
                slots, answer_for = state.state["slots"], state.state["missing"]
            replies = self._run(incoming.action, text=clean_text(incoming.text), slots=slots, heard={},
                                answer_for=answer_for, state=state, values=values)
        if once is not None and not any(r.form is not None for r in replies):
            # Used once it did its work; a form shown again (errors, "Change") keeps its key for the next submit.
            if not _note(self.db, ONCE, str(once)[:200], self.now):
                raise _AlreadyDone()  # a second press raced this one: this transaction writes nothing
        return replies

    def _resume(self) -> list[Reply]:
        draft = dialog.take_draft(self.db, staff_id=self.staff.id, key=self.key, now=self.now)
        if draft is None:
            return [Reply("dialog.no_draft")]
        swapped = self._set_aside() if self.state is not None else []
        return swapped + self._run(draft["intent"], text="", slots=draft["slots"], heard={})

    # --- running one handler ----------------------------------------------------------------------

    def _run(self, route: str, *, text: str, slots: dict[str, Any], heard: dict[str, Any],
             answer_for: str | None = None, state: DialogState | None = None,
             values: dict[str, Any] | None = None) -> list[Reply]:
        handler = ROUTES.get(route)
        if handler is None:
            return [Reply("error.unknown_action")]
        request = Request(
            actor=self.staff, channel=self.incoming.channel, intent=route, now=self.now, today=self.today,
            text=text, slots=slots, values=values if values is not None else dict(self.incoming.values),
            heard=heard, answer_for=answer_for, is_channel=self.incoming.is_channel, portraits=self.bot.portraits,
        )
        reply = handler(request, self.db)
        if self.incoming.is_channel and not _channel_safe(route):
            reply = replace(reply, private=True)
        if reply.resume is not None:
            return [_stamp(reply)] + self._file_as_asked(dict(reply.resume))
        if reply.expect is not None:
            self._remember(state, reply)
        elif state is not None and state.state["intent"] == route:
            self.db.delete(state)
            if self.state is state:
                self.state = None
        return [_stamp(reply)]

    def _pending(self) -> DialogState | None:
        state = self.db.scalar(dialog.STATE, {"staff_id": self.staff.id, "key": self.key})
        if state is not None and state.expires_at <= self.now:
            self.db.delete(state)
            return None
        return state

    def _remember(self, state: DialogState | None, reply: Reply) -> None:
        expect = reply.expect
        value = {"intent": expect.intent, "slots": dict(expect.slots), "missing": expect.missing}
        expires = self.now + self.bot.dialog_timeout
        if state is None or state not in self.db:
            state = self.db.scalar(dialog.STATE, {"staff_id": self.staff.id, "key": self.key})
        if state is None:
            self.db.add(DialogState(staff_id=self.staff.id, conversation=self.key, state=value, expires_at=expires))
        else:
            state.state, state.expires_at = value, expires


def _note(db: Session, channel: str, event_id: str, at: datetime) -> bool:
    """Notes a platform delivery (or a button's one-time key) as seen; False if it was seen before."""
    return insert_or_ignore(db, ProcessedEvent, keys=["channel", "event_id"], channel=channel, event_id=event_id,
                            at=at) is not None


def _channel_safe(route: str) -> bool:
    """Said in a shared channel, only a conversation whose answers name no pupil (help) is answered there."""
    found = TOPICS.get(route)
    return found is not None and not found.about_pupils


def _names_someone(heard: dict[str, Any]) -> bool:
    return any(heard.get(k) for k in ("pupil_ids", "candidate_ids", "unmatched"))


def _stamp(reply: Reply) -> Reply:
    """Give every button and form a one-time key, so a second press or submit is answered, not saved again."""
    if not reply.choices and reply.form is None:
        return reply
    choices = tuple(replace(c, data={**c.data, ONCE: secrets.token_urlsafe(9)}) for c in reply.choices)
    form = replace(reply.form, data={**reply.form.data, ONCE: secrets.token_urlsafe(9)}) if reply.form else None
    return replace(reply, choices=choices, form=form)


class _Duplicate(Exception):
    """This platform event was handled already (a retry)."""


class _AlreadyDone(Exception):
    """This button or form was used already; the transaction is rolled back."""


def purge_dialogs(db: Session, *, now: datetime) -> int:
    """Drop expired pending questions and drafts."""
    return db.execute(delete(DialogState).where(DialogState.expires_at <= now)).rowcount
