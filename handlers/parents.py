"""Parent and carer conversations: what was said and agreed, and how many this term."""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers import confirm
from handlers.access import can_log_parent_contact, refuse
from handlers.pupils import as_ids, gather, load, one_pupil
from handlers.registry import ChannelCommand, Topic, topic
from handlers.reply import Choice, Expect, Field, Form, Reply
from handlers.request import Request
from handlers.routes import route
from handlers.text import RELATIVES, content_words, parse_day, split_marker, with_whom
from models import ParentContact
from models.calendar import term_for

topic(Topic(
    "log_parent_contact", label="unknown.parent",
    words=("parent contact", "log a parent contact", "log a parent conversation", "parent conversation"),
    answers={"pupil": "pupil", "with_whom": "whom", "summary": "text", "confirm": "confirm"},
    examples=("spoke to Leo's mum: reading at home, agreed: reading record on Fridays",),
    training=(
        "had an email from Aaron's dad about his spellings, replied with the word list",
        "texted Bella's mum about the trip, she's happy for her to go with a buddy",
        "Caleb's nan was in for half an hour after school about his sleep",
        "met both Amy's parents this morning, agreed: a home-school book",
        "quick chat with Cerys's carer at the gate, she's worried about the move up",
        "phone call from Ali's mum, he's been anxious at night, agreed: check in each morning",
        "Anna's dad popped in, new baby at home so she may be tired",
        "parents evening with Arjun's mum: happy with progress, agreed: keep the reading chart",
        "spoke with Amir's foster carer about the review, agreed to meet again in March",
        "Callum's mum rang, asked if he can carry on with lego club next term",
    ),
    commands=(ChannelCommand("log a parent contact", "Note a conversation with a parent or carer"),),
))

# "agreed: reading record", "we agreed to send the word list home", "agreed we'd do a social story", "next steps - ..."
AGREED = (r"\b(?:we\s+)?(?:(?:agreed|actions?|next steps?)\s*[:\-–]\s*"
          r"|agreed\s+(?=(?:to|that|on|we|we'd|we'll|i|i'd|i'll|she|she'd|he|he'd|they|they'd|mum|dad)\b))")
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


# "spoke to Leo's mum: reading at home": who was spoken to, before the colon, is not what was said.
OPENING = re.compile(rf"^\s*(?:i\s+)?(?:spoke|talked|chatted|met|rang|phoned|called|saw|had a (?:chat|word))\s+"
                     rf"(?:to|with)?\s*[\w'’ -]{{0,40}}?\b(?:{RELATIVES})\b\s*[:\-–,]\s*", re.IGNORECASE)


def _read_message(db: Session, req: Request, slots: dict[str, Any]) -> None:
    summary, agreed = split_marker(OPENING.sub("", LEAD_IN.sub("", req.text, count=1), count=1), AGREED)
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
        slots["summary"], slots["gathered"] = summary or text, True
        if agreed:
            slots["agreed"] = agreed
    if req.values.get("with_whom"):
        slots["with_whom"] = str(req.values["with_whom"])[:200]
    if confirm.from_form(req, slots, ("summary", "agreed")):
        typed = parse_day(req.values.get("date"), req.today)
        slots["date"] = typed.isoformat() if typed else None
    pupil = one_pupil(req, db, "log_parent_contact", slots)
    if isinstance(pupil, Reply):
        return pupil
    if not can_log_parent_contact(req.actor, pupil):
        return refuse(req, db, record="parent_contact", pupil_id=pupil.id)
    who = {"pupil": pupil.known_as}
    said = confirm.decision(req)
    if said == "change":
        return Reply("parent_contact.change", who, form=parent_form(pupil, slots, req.today))
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
    if confirm.needed(slots, said, day=day):
        return confirm.ask("log_parent_contact", slots, "parent_contact.confirm", {
            "pupil": pupil.display_name, "with_whom": slots["with_whom"], "summary": slots["summary"],
            "agreed": slots.get("agreed"), "date": day.isoformat(), "planned": status == "planned",
        })
    contact = ParentContact(
        school_id=req.school_id, pupil_id=pupil.id, status=status, contact_on=day, with_whom=slots["with_whom"],
        staff_id=req.actor.id, summary=slots["summary"], agreed_actions=slots.get("agreed") or None,
        recorded_by_id=req.actor.id, recorded_at=req.now,
    )
    db.add(contact)
    db.flush()
    term = term_for(db, school_id=req.school_id, day=req.today)
    held = db.scalar(select(func.count(ParentContact.id)).where(
        ParentContact.school_id == req.school_id, ParentContact.pupil_id == pupil.id, ParentContact.status == "held",
        ParentContact.contact_on >= term.starts_on, ParentContact.contact_on <= term.ends_on, ParentContact.current(),
    ))
    return Reply("parent_contact.logged", {
        "pupil": pupil.display_name, "with_whom": slots["with_whom"], "date": day.isoformat(), "planned": status == "planned",
        "summary": contact.summary, "agreed": slots.get("agreed"), "count": held, "term": term.name, "expected": EXPECTED_PER_TERM,
    }, choices=(Choice("parent_contact.undo", "undo_parent_contact", {"contact_id": contact.id}, style="danger"),))


def parent_form(pupil, slots: dict[str, Any], today: date) -> Form:
    """The conversation as understood so far, to correct before it is saved."""
    return Form("log_parent_contact", "parent_contact.form_title", (
        Field("with_whom", "parent_contact.field.with_whom", "text", required=True, value=slots.get("with_whom")),
        Field("summary", "parent_contact.field.summary", "textarea", required=True, value=slots.get("summary")),
        Field("agreed", "parent_contact.field.agreed", "textarea", value=slots.get("agreed")),
        Field("date", "parent_contact.field.date", "date", value=slots.get("date") or today.isoformat()),
    ), data={"via": "form", "pupil_id": pupil.id})
