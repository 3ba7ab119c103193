"""Parent and carer conversations: what was said and agreed, and how many this term."""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.access import can_log_parent_contact, refuse
from handlers.pupils import as_ids, gather, load, one_pupil
from handlers.reply import Choice, Expect, Reply
from handlers.request import Request
from handlers.routes import route
from handlers.text import content_words, split_marker, with_whom
from models import ParentContact
from models.calendar import term_for

AGREED = r"\b(?:we\s+)?(?:agreed|actions?|next steps?)\s*[:\-–]\s*"
LEAD_IN = re.compile(
    r"^\s*(?:please\s+)?(?:log|record|add|note)?\s*(?:a\s+)?(?:parent(?:al)?|carer|family)\s*"
    r"(?:contact|conversation|meeting|call|chat|phone call)\s*(?:with|for|about|re)?\s*[:\-,]?\s*",
    re.IGNORECASE,
)
_CHATTER = {
    "spoke", "speak", "talked", "talk", "chat", "chatted", "met", "meeting", "rang", "called", "call", "phoned",
    "phone", "conversation", "today", "yesterday", "this", "morning", "afternoon", "after", "school", "parent",
    "parents", "carer", "mum", "dad", "mother", "father", "gran", "nan", "grandma", "grandad", "contact", "at",
    "gate", "in", "by", "from", "her", "his", "their", "s",
}
EXPECTED_PER_TERM = 1
WHOM_CHOICES = ("Mum", "Dad", "Parents", "Carer", "Grandparent")


def _read_message(db: Session, req: Request, slots: dict[str, Any]) -> None:
    summary, agreed = split_marker(LEAD_IN.sub("", req.text, count=1), AGREED)
    pupils, _ = load(db, req, as_ids(slots.get("pupil_ids")) + as_ids(slots.get("candidate_ids")))
    names = {w for p in pupils for w in (p.first_name, p.known_as, p.last_name)}
    names |= {w for u in slots.get("unmatched") or [] for w in str(u).split()}
    if content_words(summary, ignore=names | _CHATTER):
        slots["summary"] = summary
    if agreed:
        slots["agreed"] = agreed
    whom = with_whom(req.text)
    if whom:
        slots["with_whom"] = whom


@route("log_parent_contact")
def log_parent_contact(req: Request, db: Session) -> Reply:
    """Note a conversation with a pupil's family: who, when, what was said, what was agreed."""
    slots = gather(req)
    if req.answer_for is None and req.text and "summary" not in slots:
        _read_message(db, req, slots)
    text = req.text.strip()
    if req.answer_for == "with_whom" and text:
        slots["with_whom"] = with_whom(text) or text[:200]
    elif req.answer_for == "summary" and text:
        summary, agreed = split_marker(text, AGREED)
        slots["summary"] = summary or text
        if agreed:
            slots["agreed"] = agreed
    if req.values.get("with_whom"):
        slots["with_whom"] = str(req.values["with_whom"])[:200]
    pupil = one_pupil(req, db, "log_parent_contact", slots)
    if isinstance(pupil, Reply):
        return pupil
    if not can_log_parent_contact(req.actor, pupil):
        return refuse(req, db, record="parent_contact", pupil_id=pupil.id)
    who = {"pupil": pupil.known_as}
    if not slots.get("with_whom"):
        return Reply("parent_contact.ask_whom", who,
                     choices=tuple(Choice("parent_contact.whom", "log_parent_contact", {"with_whom": w})
                                   for w in WHOM_CHOICES),
                     expect=Expect("log_parent_contact", slots, "with_whom"))
    if not slots.get("summary"):
        return Reply("parent_contact.ask_summary", {**who, "with_whom": slots["with_whom"]},
                     expect=Expect("log_parent_contact", slots, "summary"))
    try:
        day = date.fromisoformat(str(slots["date"])[:10]) if slots.get("date") else req.today
    except ValueError:
        day = req.today
    status = "planned" if day > req.today else "held"
    db.add(ParentContact(
        school_id=req.school_id, pupil_id=pupil.id, status=status, contact_on=day, with_whom=slots["with_whom"],
        staff_id=req.actor.id, summary=slots["summary"], agreed_actions=slots.get("agreed") or None,
        recorded_by_id=req.actor.id, recorded_at=req.now,
    ))
    db.flush()
    term = term_for(db, school_id=req.school_id, day=req.today)
    held = db.scalar(select(func.count(ParentContact.id)).where(
        ParentContact.school_id == req.school_id, ParentContact.pupil_id == pupil.id, ParentContact.status == "held",
        ParentContact.contact_on >= term.starts_on, ParentContact.contact_on <= term.ends_on, ParentContact.current(),
    ))
    return Reply("parent_contact.logged", {
        "pupil": pupil.known_as, "with_whom": slots["with_whom"], "date": day.isoformat(), "planned": status == "planned",
        "agreed": slots.get("agreed"), "count": held, "term": term.name, "expected": EXPECTED_PER_TERM,
    })
