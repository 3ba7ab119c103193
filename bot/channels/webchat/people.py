"""Who can use the web chat and where the bot writes to them: the picker is the identity."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import ChannelRegistration, ConversationRef, School, Staff

CHANNEL = "webchat"
# The few leads first (a demo switches to the SENCO or DSL often), then the many classroom staff.
ROLE_ORDER = ("senco", "dsl", "deputy_dsl", "head", "teacher", "ta", "admin")


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    roles: tuple[str, ...]
    school_id: int
    school: str


def conversation_id(staff_id: int) -> str:
    return f"{CHANNEL}:{staff_id}"


def staff_room_id(school_id: int) -> str:
    """The stand-in staff channel of one school (the unique key spans schools, so it names the school)."""
    return f"{CHANNEL}:staff-room:{school_id}"


def _ordered(roles) -> tuple[str, ...]:
    return tuple(sorted(roles, key=lambda r: (ROLE_ORDER.index(r) if r in ROLE_ORDER else len(ROLE_ORDER), r)))


def _rank(roles: tuple[str, ...]) -> int:
    return ROLE_ORDER.index(roles[0]) if roles and roles[0] in ROLE_ORDER else len(ROLE_ORDER)


def people(db: Session) -> list[Person]:
    """Every active staff member of every school, by school, then role, then name."""
    rows = db.execute(
        select(Staff, School.name).join(School, School.id == Staff.school_id).where(Staff.active.is_(True))
    ).all()
    found = [
        Person(s.id, s.name, _ordered(s.roles), s.school_id, school)
        for s, school in rows
    ]
    return sorted(found, key=lambda p: (p.school, p.school_id, _rank(p.roles), p.name, p.id))


def person(db: Session, staff_id: int) -> Person | None:
    """One active staff member, or None."""
    staff = db.get(Staff, staff_id)
    if staff is None or not staff.active:
        return None
    school = db.get(School, staff.school_id)
    return Person(staff.id, staff.name, _ordered(staff.roles), staff.school_id, school.name)


def _ref(db: Session, *, conversation: str, school_id: int, staff_id: int | None, is_channel: bool) -> ConversationRef:
    """The stored reference for this web chat conversation, created once (two tabs may race)."""
    query = select(ConversationRef).where(ConversationRef.channel == CHANNEL, ConversationRef.conversation_id == conversation)
    ref = db.scalar(query)
    if ref is None:
        try:
            with db.begin_nested():
                ref = ConversationRef(channel=CHANNEL, conversation_id=conversation, school_id=school_id,
                                      staff_id=staff_id, is_channel=is_channel, reference={"conversation": conversation})
                db.add(ref)
        except IntegrityError:
            ref = db.scalar(query)
    ref.dead = False
    return ref


def remember(db: Session, who: Person) -> None:
    """Make this person reachable here, and give their school a staff room for the digest."""
    _ref(db, conversation=conversation_id(who.id), school_id=who.school_id, staff_id=who.id, is_channel=False)
    room = _ref(db, conversation=staff_room_id(who.school_id), school_id=who.school_id, staff_id=None, is_channel=True)
    db.flush()
    registered = db.scalar(select(ChannelRegistration.id).where(
        ChannelRegistration.school_id == who.school_id, ChannelRegistration.purpose == "digest",
        ChannelRegistration.conversation_ref_id == room.id))
    if registered is None:
        try:
            with db.begin_nested():
                db.add(ChannelRegistration(school_id=who.school_id, purpose="digest", conversation_ref_id=room.id,
                                           registered_by_id=who.id))
        except IntegrityError:
            pass  # another tab registered it a moment ago
