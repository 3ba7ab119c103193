"""Finding the pupil(s) a message means, always inside the actor's school, and asking when unsure."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from handlers.access import refuse
from handlers.lookup import my_pupils
from handlers.reply import Choice, Expect, Reply
from handlers.request import Request
from models import Pupil

PUPIL_KEYS = ("pupil_ids", "candidate_ids", "unmatched", "suggestion_ids", "candidate_groups")
# How sure understanding was of a message: true of the message that started a record, never of later answers.
ABOUT_THE_WORDS = ("intent", "confidence", "alternatives", "unsure", "guessed_ids", "name_words", "safeguarding",
                   "date_unsure")
MAX_CHOICES = 6
# Built once: nearly every message that names a pupil runs it.
_PUPILS_BY_ID = select(Pupil).where(Pupil.school_id == bindparam("school_id"), Pupil.id.in_(bindparam("ids", expanding=True)))


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def as_ids(value: Any) -> list[int]:
    """Pupil ids from a slot or a submitted field: an int, a list, or "3,5" as some pickers send."""
    if _empty(value):
        return []
    if isinstance(value, str):
        value = [v for v in value.replace(";", ",").split(",") if v.strip()]
    if not isinstance(value, (list, tuple)):
        value = [value]
    ids = []
    for v in value:
        try:
            number = int(str(v).strip())
        except ValueError:
            continue
        if 0 < number < 2**63:  # a database id; anything else names no pupil
            ids.append(number)
    return list(dict.fromkeys(ids))


def gather(req: Request, *, many: bool = False) -> dict[str, Any]:
    """The slots so far: the stored ones, what this message added, then a pressed button's pupil.

    Answering "which pupil?" replaces the pupil slots; any other answer only fills slots still empty,
    so a name mentioned inside a description does not change whom the record is about.
    """
    slots = dict(req.slots)
    heard = dict(req.heard)
    heard_pupils = any(not _empty(heard.get(k)) for k in PUPIL_KEYS)
    asked = as_ids(slots["candidate_groups"][0].get("ids")) if slots.get("candidate_groups") else []
    among = [i for i in as_ids(heard.get("candidate_ids")) if i in asked]
    if req.answer_for == "pupil" and not heard.get("pupil_ids") and len(among) == 1:
        # "Which Ruby?" answered "Achterberg": several pupils share the surname, one of them is a Ruby.
        heard["pupil_ids"], heard["candidate_ids"], heard["candidate_groups"] = among, [], []
    if heard_pupils and req.answer_for == "pupil" and slots.get("candidate_groups") and heard.get("pupil_ids"):
        # "Which Oskar?" answered by name: it settles the names it fits; any other shared name is asked next.
        settle(slots, as_ids(heard.get("pupil_ids")), many=True)
        if heard.get("guessed_ids"):
            slots["unsure"] = [*(slots.get("unsure") or ()), "pupil"]
    elif heard_pupils and (req.answer_for == "pupil" or not any(not _empty(slots.get(k)) for k in PUPIL_KEYS)):
        # A "which Sam?" answer adds to the pupils already settled (sessions have several).
        keep = as_ids(slots.get("pupil_ids")) if (many and slots.get("candidate_ids")) else []
        for k in PUPIL_KEYS:
            slots[k] = list(heard.get(k) or [])
        slots["pupil_ids"] = list(dict.fromkeys(keep + as_ids(heard.get("pupil_ids"))))
        if heard.get("guessed_ids") and req.answer_for == "pupil":
            slots["unsure"] = [*(slots.get("unsure") or ()), "pupil"]  # a misspelt answer is a guess too
    for k, v in heard.items():
        if k not in PUPIL_KEYS and k not in ABOUT_THE_WORDS and not _empty(v) and _empty(slots.get(k)):
            slots[k] = v
    values = req.values
    if "pupil_id" in values and slots.get("candidate_groups"):
        settle(slots, as_ids(values["pupil_id"]), many=many)
    elif "pupil_id" in values:
        base = as_ids(slots.get("pupil_ids")) if many else []
        slots["pupil_ids"] = list(dict.fromkeys(base + as_ids(values["pupil_id"])))
        slots["candidate_ids"], slots["unmatched"], slots["suggestion_ids"] = [], [], []
    elif "pupil_ids" in values:
        slots["pupil_ids"] = as_ids(values["pupil_ids"])
        slots["candidate_ids"], slots["unmatched"], slots["suggestion_ids"] = [], [], []
    return slots


def settle(slots: dict[str, Any], picked: list[int], *, many: bool) -> None:
    """The person said which pupil(s) they meant: each shared name they settle is done, with its score and absence;
    the others stay to be asked."""
    scores = dict(slots.get("scores") or {})
    absent = as_ids(slots.get("absent_ids"))
    remaining = []
    for group in slots.get("candidate_groups") or ():
        hit = [p for p in picked if p in as_ids(group.get("ids"))]
        if not hit:
            remaining.append(group)
            continue
        if group.get("score"):
            scores[str(hit[0])] = group["score"]
        if group.get("absent"):
            absent.append(hit[0])
    if len(remaining) == len(slots.get("candidate_groups") or ()):  # a suggestion for a name no pupil has
        slots["unmatched"], slots["suggestion_ids"] = [], []
    base = as_ids(slots.get("pupil_ids")) if many else []
    slots["pupil_ids"] = list(dict.fromkeys(base + picked))
    slots["candidate_groups"] = remaining
    slots["candidate_ids"] = [i for g in remaining for i in as_ids(g.get("ids"))]
    slots["scores"], slots["absent_ids"] = scores, list(dict.fromkeys(absent))


def load(db: Session, req: Request, ids: Iterable[int]) -> tuple[list[Pupil], list[int]]:
    """The pupils of the actor's school with these ids (in order), and the ids that are not."""
    ids = list(ids)
    if not ids:
        return [], []
    found = {p.id: p for p in db.scalars(_PUPILS_BY_ID, {"school_id": req.school_id, "ids": ids})}
    return [found[i] for i in ids if i in found], [i for i in ids if i not in found]


def no_such_pupil(req: Request, db: Session, missing: list[int]) -> Reply:
    """An id from a form or button that is not a pupil of this school: refuse, audit, reveal nothing."""
    return refuse(req, db, record="pupil", detail=f"{req.intent}: no pupil {missing} in this school",
                  prompt="pupil.no_such")


def describe(pupil: Pupil) -> dict[str, Any]:
    """What a choice or a reply shows of a pupil: name, class and year."""
    return {"pupil_id": pupil.id, "name": pupil.display_name, "class_name": pupil.class_name, "year": pupil.year_group}


def pupil_choice(pupil: Pupil, action: str) -> Choice:
    return Choice("pupil.choice", action, describe(pupil))


def _own_first(db: Session, req: Request, candidates: list[Pupil]) -> list[Pupil]:
    """The pupils the person works with (their groups, their class) first, then by class and name."""
    groups, classes = my_pupils(db, req.actor, req.today)
    return sorted(candidates, key=lambda p: (p.id not in groups | classes, p.class_name or "", p.last_name))


def ask_pupil(intent: str, slots: Mapping[str, Any], prompt: str = "pupil.ask", data: Mapping[str, Any] | None = None,
              choices: tuple[Choice, ...] = ()) -> Reply:
    return Reply(prompt, dict(data or {}), choices=choices, expect=Expect(intent, dict(slots), "pupil"))


def ask_which(intent: str, slots: Mapping[str, Any], candidates: list[Pupil]) -> Reply:
    """Several pupils fit one mention: never guess, show name, class and year."""
    firsts = {p.known_as for p in candidates}
    lasts = {p.last_name for p in candidates}
    # What they share is what was typed: "which Arthur?", "which of the Chens?"; else just "which one?"
    shared = {"first_name": candidates[0].known_as if len(firsts) == 1 else None,
              "last_name": candidates[0].last_name if len(lasts) == 1 else None}
    return ask_pupil(intent, slots, "pupil.which", shared,
                     tuple(pupil_choice(p, intent) for p in candidates[:MAX_CHOICES]))


def unresolved(req: Request, db: Session, intent: str, slots: dict[str, Any]) -> Reply | None:
    """The question to ask when the pupil slots are ambiguous or unmatched, else None.

    Several shared names in one message are asked about one at a time, so none is dropped.
    """
    if not slots.get("candidate_groups") and slots.get("candidate_ids"):
        slots["candidate_groups"] = [{"ids": as_ids(slots["candidate_ids"]), "score": None, "absent": False}]
    while slots.get("candidate_groups"):
        candidates, _ = load(db, req, as_ids(slots["candidate_groups"][0].get("ids")))
        if len(candidates) > 1:
            return ask_which(intent, slots, _own_first(db, req, candidates))
        if candidates:
            settle(slots, [candidates[0].id], many=True)
        else:
            slots["candidate_groups"] = slots["candidate_groups"][1:]
    slots["candidate_ids"] = []
    unmatched = [str(u) for u in slots.get("unmatched") or []]
    if unmatched:
        suggestions, _ = load(db, req, as_ids(slots.get("suggestion_ids")))
        return ask_pupil(intent, slots, "pupil.unmatched", {"names": unmatched, "has_suggestions": bool(suggestions)},
                         tuple(pupil_choice(p, intent) for p in suggestions[:MAX_CHOICES]))
    return None


def one_pupil(req: Request, db: Session, intent: str, slots: dict[str, Any]) -> Pupil | Reply:
    """The one pupil this conversation is about, or the question (or refusal) to send instead."""
    question = unresolved(req, db, intent, slots)
    if question is not None:
        return question
    ids = as_ids(slots.get("pupil_ids"))
    if not ids:
        return ask_pupil(intent, slots)
    pupils, missing = load(db, req, ids)
    if missing:
        return no_such_pupil(req, db, missing)
    if len(pupils) > 1:
        slots["pupil_ids"] = []
        return ask_pupil(intent, slots, "pupil.just_one", {"names": [p.display_name for p in pupils]},
                         tuple(pupil_choice(p, intent) for p in pupils[:MAX_CHOICES]))
    return pupils[0]


def many_pupils(req: Request, db: Session, intent: str, slots: dict[str, Any]) -> list[Pupil] | Reply:
    """Every pupil this message names (possibly none yet), or the question (or refusal) to send instead."""
    question = unresolved(req, db, intent, slots)
    if question is not None:
        return question
    pupils, missing = load(db, req, as_ids(slots.get("pupil_ids")))
    if missing:
        return no_such_pupil(req, db, missing)
    return pupils
