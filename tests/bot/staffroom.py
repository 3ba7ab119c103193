"""Transcript tests' helper: the demo school, and its staff talking to one Conversation as they would in chat."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, inspect, select

from bot.conversation import Conversation
from bot.incoming import Incoming
from bot.prompts import Rendered, prompts
from bot.schooldata import DEMO_LOGINS, build_demo
from models import Concern, InterventionSession, ParentContact, PenPortraitVersion, Pupil, SafeguardingAlert, Staff

TODAY = date(2026, 12, 1)  # a Tuesday in the autumn term
NOW = datetime(2026, 12, 1, 10, 30, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Staffroom:
    """Everyone in the demo school, each in their own 1:1 chat with the bot."""

    def __init__(self, factory):
        self.factory = factory
        with factory() as db:
            build_demo(db, today=TODAY)
            db.commit()
        self.clock = Clock(NOW)
        self.bot = Conversation(factory, clock=self.clock)
        self.last: dict[str, list[Rendered]] = {}
        self._seen: dict[type, int] = {}
        for model in (Concern, InterventionSession, ParentContact, PenPortraitVersion, SafeguardingAlert):
            with factory() as db:
                self._seen[model] = db.scalar(select(func.max(model.id))) or 0

    def new(self, model, *where) -> list:
        """Rows this test added (the demo school's own are older)."""
        return self.rows(model, model.id > self._seen[model], *where)

    def staff(self, role_or_email: str) -> Staff:
        email = DEMO_LOGINS.get(role_or_email, role_or_email)
        with self.factory() as db:
            return db.scalar(select(Staff).where(Staff.email == email))

    def pupil(self, name: str) -> Pupil:
        """A demo pupil by "First Last" (the preferred or legal first name)."""
        first, last = name.split(" ", 1)
        with self.factory() as db:
            return db.scalar(select(Pupil).where(
                (Pupil.first_name == first) | (Pupil.preferred_name == first), Pupil.last_name == last))

    def restart(self) -> None:
        """A new server process: nothing kept in memory, everything pending is in the database."""
        self.bot = Conversation(self.factory, clock=self.clock)

    def later(self, **delta) -> None:
        self.clock.now += timedelta(**delta)

    def _send(self, who: str, incoming_kw: dict, channel: str) -> list[Rendered]:
        person = self.staff(who)
        incoming = Incoming(channel, f"{channel}:{person.id}", person.id, **incoming_kw)
        replies = [prompts().render(r) for r in self.bot.handle_sync(incoming)]
        self.last[who] = replies
        return replies

    def say(self, who: str, text: str, *, channel: str = "webchat") -> list[Rendered]:
        return self._send(who, {"text": text}, channel)

    def press(self, who: str, label: str, *, channel: str = "webchat", reply: int = -1) -> list[Rendered]:
        """Press the button whose label starts with `label` on one of the person's last replies."""
        shown = self.last[who][reply]
        choice = next((c for c in shown.choices if c.label.startswith(label)), None)
        assert choice is not None, f"no button {label!r} in {[c.label for c in shown.choices]}: {shown.text}"
        return self._send(who, {"action": choice.action, "values": dict(choice.data)}, channel)

    def submit(self, who: str, channel: str = "webchat", **values) -> list[Rendered]:
        """Submit the form on the person's last reply with these values (the rest as shown)."""
        form = next(r.form for r in reversed(self.last[who]) if r.form is not None)
        filled = {f.name: f.value for f in form.fields}
        return self._send(who, {"action": form.action, "values": {**filled, **values, **form.data}}, channel)

    def keys(self, who: str) -> list[str]:
        return [r.key for r in self.last[who]]

    def rows(self, model, *where) -> list:
        with self.factory() as db:
            return list(db.scalars(select(model).where(*where).order_by(inspect(model).primary_key[0])))

    def count(self, model, *where) -> int:
        with self.factory() as db:
            return db.scalar(select(func.count()).select_from(model).where(*where))

    def counts(self) -> dict[str, int]:
        """Rows in every table: hostile input must change none of them (audit rows aside, counted separately)."""
        from models.base import Base

        with self.factory() as db:
            return {t.name: db.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
