"""Pen portraits: "what works for Aisha?" for any adult in school; the SENCO and class teacher keep it current."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from handlers.access import can_change_portrait, can_read_portrait, refuse
from handlers.lookup import class_teachers, names, sencos
from handlers.pupils import as_ids, gather, load, one_pupil
from handlers.registry import ChannelCommand, Topic, topic
from handlers.reply import Expect, Reply
from handlers.request import Request
from handlers.routes import route
from models import PenPortraitVersion, audit
from models.queries import current_portrait

topic(Topic(
    "get_portrait", label="unknown.portrait", answers={"pupil": "pupil"},
    examples=("what works for Evie?", "what works for Leo Mensah?"), writes=False,
    training=(
        "what's Aaron into? I want to use it in my lesson", "what helps Bella when she's upset",
        "how do I get Caleb to come off the computer without a meltdown", "covering 4K tomorrow, anything I should know about Amy",
        "strategies that work for Cerys in maths", "what calms Ali down", "any tips for Anna at carpet time",
        "what should I avoid with Arjun", "what are Amir's strengths", "how does Callum communicate",
    ),
    commands=(ChannelCommand("what works for", "Show a pupil's pen portrait: e.g. what works for Evie?",
                             slack="/portrait", slack_lead_in="what works for "),),
))
topic(Topic(
    "update_portrait", label="unknown.update_portrait", answers={"pupil": "pupil", "item": "text"},
    examples=("add strategy for Evie: movement break every 20 minutes", "add a trigger for Evie: sudden loud noises"),
    training=(
        "new strategy for Alfie - use a wobble cushion", "please put 'loves dinosaurs' on Caleb's interests",
        "add to Amy's profile: needs instructions one at a time", "Aaron's triggers: fire alarm, change of teacher",
        "note on Cerys's pen portrait that she hates the hand dryer", "update Asha's strengths with football",
        "one more thing to avoid for Bilal: sitting near the door", "Anna's interests - horses and minecraft",
        "put a strategy on Arjun's profile: give him a job at tidy up", "can you add movement breaks to Amir's strategies",
        "strength for Ayaan: brilliant at lego", "Callum should have 'say his name first' as a strategy",
        "for Charlie's portrait: avoid raised voices", "add interest for Chidi: trains",
        "include a visual timer in Cian's what works", "Adele likes drawing, add that as an interest",
        "another trigger for Ali - crowded corridors", "update the pen portrait for Alexa: she now uses a writing slope",
        "record a new strategy for Bobby, chunk tasks into three steps", "Bella's strategies: countdown before changes",
    ),
    roles=("teacher", "senco"), suggest=False,
))

# "add strategy for Evie: movement breaks every 20 minutes": every message understanding reads as a portrait update
# (bot/understanding/rules/intents.PORTRAIT_UPDATE) matches this, which says which list and what to add.
ADD = re.compile(r"^\s*(?:please\s+)?(?:can you\s+)?(?:add|new|put)\s+(?:an?\s+|another\s+|the\s+)?(?:new\s+)?"
                 r"(strateg(?:y|ies)|triggers?|avoids?|things? to avoid|strengths?|interests?)\b"
                 r"(?:\s+(?:for|to|on)\s+((?:(?!\s[-–]\s)[^:])*))?\s*(?:(?::|\s[-–]\s)\s*(.*))?$",
                 re.IGNORECASE | re.DOTALL)
FIELDS = {"strateg": "strategies", "trigger": "avoid", "avoid": "avoid", "thing": "avoid", "strength": "strengths",
          "interest": "interests"}
# Other ways of saying it ("Anna's interests - horses", "put 'loves trains' on Caleb's interests"): the list named
# anywhere, the item after a colon or dash, or in quotes.
FIELD_WORD = re.compile(r"\b(strateg(?:y|ies)|triggers?|things? to avoid|avoid|strengths?|interests?)\b", re.IGNORECASE)
# "Evie loves dinosaurs now, add that as an interest": the item said first, then where it goes.
SAID_FIRST = re.compile(r"^\s*(.+?)\s*[,.;:\-–]?\s+(?:please\s+)?(?:can you\s+)?(?:add|put|stick|pop|note)\s+(?:that|this|it)\s+"
                        r"(?:down\s+)?(?:as|on|to|in|into|under)\s+(?:an?\s+|another\s+|his\s+|her\s+|their\s+|the\s+)?"
                        r"(?:[\w'-]+(?:'s|s')\s+)?(?:pen\s+portrait\s+)?(strateg(?:y|ies)|triggers?|things? to avoid|avoid|"
                        r"strengths?|interests?)\b", re.IGNORECASE | re.DOTALL)
# "Evie Islam: add interest dinosaurs": the pupil first, then the request, its item after the list's name.
NAMED_FIRST = re.compile(r"^\s*[^:]{1,60}:\s*(?:please\s+)?(?:add|new|put)\s+(?:an?\s+|another\s+|the\s+)?(?:new\s+)?"
                         r"(strateg(?:y|ies)|triggers?|things? to avoid|avoids?|strengths?|interests?)\b\s*[:\-–]?\s*(.+)$",
                         re.IGNORECASE | re.DOTALL)
ITEM = re.compile(r"""(?:['‘"“]([^'’"”]{2,200})['’"”])|(?::|\s[-–]\s)\s*(.+)$""", re.DOTALL)


def _field(word: str) -> str:
    return next(v for k, v in FIELDS.items() if word.casefold().startswith(k))


def _without_name(item: str, name_words) -> str:
    """"Evie loves dinosaurs now" as an item of Evie's own portrait: "loves dinosaurs"."""
    words = item.split()
    names = {str(w).casefold() for w in name_words}
    while words and words[0].casefold().removesuffix("'s") in names:
        words = words[1:]
    if len(words) > 1 and words[-1].casefold() in ("now", "too", "lately", "these days"):
        words = words[:-1]
    return " ".join(words) or item


def _keep_named(db: Session, req: Request, slots: dict[str, Any], who: str) -> None:
    """Pupils named after the colon are part of the item: keep only those named after "for"."""
    pupils, _ = load(db, req, as_ids(slots.get("pupil_ids")))
    if len(pupils) < 2:
        return
    words = {w.casefold() for w in re.findall(r"[\w'-]+", who)}
    named = [p.id for p in pupils if {p.known_as.casefold(), p.first_name.casefold()} & words]
    if named:
        slots["pupil_ids"] = named


@route("get_portrait")
def get_portrait(req: Request, db: Session) -> Reply:
    """What works for a pupil: strategies first, then what to avoid, strengths, communication, voice, plan, groups."""
    slots = gather(req)
    pupil = one_pupil(req, db, "get_portrait", slots)
    if isinstance(pupil, Reply):
        return pupil
    if not can_read_portrait(req.actor, pupil):
        return refuse(req, db, record="pen_portrait", pupil_id=pupil.id)
    view = req.portraits.view(db, pupil=pupil, today=req.today)
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=pupil.id, action="read", record="pen_portrait",
          channel=req.channel, detail=f"version {view.version}" if view else "none yet")
    if view is None:
        keepers = names(sencos(db, school_id=req.school_id)) + names(class_teachers(db, pupil=pupil))
        return Reply("portrait.none", {"pupil": pupil.display_name, "keepers": list(dict.fromkeys(keepers)),
                                       "can_add": can_change_portrait(req.actor, pupil)})
    return Reply("portrait.show", dict(view.data))


@route("update_portrait")
def update_portrait(req: Request, db: Session) -> Reply:
    """Add one strategy, trigger, strength or interest to a pupil's portrait, as a new version."""
    slots = gather(req)
    match = ADD.match(req.text) if req.answer_for is None else None
    if match:
        slots["portrait_field"] = _field(match.group(1))
        if (match.group(3) or "").strip():
            slots["item"] = match.group(3).strip()
        _keep_named(db, req, slots, match.group(2) or "")
    elif req.answer_for is None and req.text and (named_first := NAMED_FIRST.match(req.text)):
        slots["portrait_field"] = _field(named_first.group(1).split()[0])
        slots["item"] = named_first.group(2).strip()
    elif req.answer_for is None and req.text and (first := SAID_FIRST.match(req.text)):
        slots["portrait_field"] = _field(first.group(2).split()[0])
        slots["item"] = _without_name(first.group(1), req.heard.get("name_words") or ())
    elif req.answer_for is None and req.text and "portrait_field" not in slots:
        named, item = FIELD_WORD.search(req.text), ITEM.search(req.text)
        if named:
            slots["portrait_field"] = _field(named.group(1).split()[0])
        if item and (item.group(1) or item.group(2) or "").strip():
            slots["item"] = (item.group(1) or item.group(2)).strip()
    if req.answer_for == "item" and req.text.strip():
        slots["item"] = req.text.strip()
    if slots.get("portrait_field") not in FIELDS.values():
        return Reply("portrait.how_to_add")
    pupil = one_pupil(req, db, "update_portrait", slots)
    if isinstance(pupil, Reply):
        return pupil
    if not can_change_portrait(req.actor, pupil):
        return refuse(req, db, record="pen_portrait", pupil_id=pupil.id, detail=f"update {slots['portrait_field']}")
    field = slots["portrait_field"]
    if not slots.get("item"):
        return Reply("portrait.ask_item", {"pupil": pupil.known_as, "field": field},
                     expect=Expect("update_portrait", slots, "item"))
    item = str(slots["item"])[:500]
    latest = current_portrait(db, pupil_id=pupil.id)
    lists = {f: list(getattr(latest, f) or []) if latest else [] for f in ("strengths", "interests", "needs",
                                                                           "strategies", "avoid")}
    if any(item.casefold() == existing.casefold() for existing in lists[field]):
        return Reply("portrait.already_there", {"pupil": pupil.known_as, "field": field, "item": item})
    lists[field].append(item)
    version = save_version(db, req, pupil_id=pupil.id, number=(latest.version + 1) if latest else 1, lists=lists,
                           like=latest, detail=f"added to {field}")
    return Reply("portrait.updated", {"pupil": pupil.known_as, "field": field, "item": item,
                                      "version": version.version})


def save_version(db: Session, req: Request, *, pupil_id: int, number: int, lists: dict[str, list[str]],
                 like: PenPortraitVersion | None, detail: str) -> PenPortraitVersion:
    """Portrait version `number` with these lists (communication and voice as in `like`), audited as a change."""
    version = PenPortraitVersion(
        school_id=req.school_id, pupil_id=pupil_id, version=number, **lists,
        communication=like.communication if like else None, pupil_voice=like.pupil_voice if like else None,
        updated_by_id=req.actor.id, updated_at=req.now,
    )
    db.add(version)
    db.flush()
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=pupil_id, action="change",
          record="pen_portrait", channel=req.channel, detail=f"version {number}: {detail}")
    return version
