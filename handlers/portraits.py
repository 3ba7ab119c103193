"""Pen portraits: "what works for Aisha?" for any adult in school; the SENCO and class teacher keep it current."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from handlers.access import can_change_portrait, can_read_portrait, refuse
from handlers.lookup import class_teachers, names, sencos
from handlers.pupils import as_ids, gather, load, one_pupil
from handlers.reply import Expect, Reply
from handlers.request import Request
from handlers.routes import route
from models import PenPortraitVersion, audit
from models.queries import current_portrait

# "add strategy for Aisha: movement breaks every 20 minutes"
ADD = re.compile(r"^\s*add\s+(?:an?\s+)?(strateg(?:y|ies)|triggers?|avoids?|strengths?|interests?)\b"
                 r"(?:\s+for\s+([^:]*))?\s*(?::\s*(.*))?$", re.IGNORECASE | re.DOTALL)
FIELDS = {"strateg": "strategies", "trigger": "avoid", "avoid": "avoid", "strength": "strengths", "interest": "interests"}


def _field(word: str) -> str:
    return next(v for k, v in FIELDS.items() if word.casefold().startswith(k))


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
    version = PenPortraitVersion(
        school_id=req.school_id, pupil_id=pupil.id, version=(latest.version + 1) if latest else 1, **lists,
        communication=latest.communication if latest else None, pupil_voice=latest.pupil_voice if latest else None,
        updated_by_id=req.actor.id, updated_at=req.now,
    )
    db.add(version)
    db.flush()
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=pupil.id, action="change",
          record="pen_portrait", channel=req.channel, detail=f"version {version.version}: added to {field}")
    return Reply("portrait.updated", {"pupil": pupil.known_as, "field": field, "item": item,
                                      "version": version.version})
