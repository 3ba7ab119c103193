"""Concerns: a member of staff (or a parent, through staff) notices something; the SENCO hears of it."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import confirm
from handlers.access import can_manage_concern, refuse
from handlers.lookup import my_pupils, names, sencos
from handlers.pupils import as_ids, gather, load, one_pupil
from handlers.registry import ChannelCommand, Topic, topic
from handlers.reply import Choice, Expect, Field, Form, Option, Reply
from handlers.request import Request
from handlers.routes import route
from handlers.text import content_words, parent_reported, says_none, split_marker
from models import Concern, Pupil, Staff
from models.outbox import enqueue
from models.send import AREAS_OF_NEED

topic(Topic(
    "log_concern", label="unknown.concern",
    words=("concern", "log a concern", "raise a concern", "new concern", "log concern"),
    answers={"pupil": "pupil", "noticed": "text", "evidence": "text", "area_of_need": "area", "confirm": "confirm"},
    examples=("worried about Leo Mensah, he can't copy from the board. evidence: 3 unfinished pieces this week",
              "concern about Evie: hides under the table at tidy-up time, evidence: 3 times this week, area: SEMH"),
    training=(
        "Aaron keeps swearing at the others and got into a fight at lunch again",
        "Bella can't seem to hold numbers in her head, she counts on her fingers for everything",
        "Caleb says the letters move about when he reads, could it be visual stress",
        "Amy pinching and shoving in the line most mornings this week",
        "Cerys's writing is so slow she never finishes, wondering if a laptop would help",
        "Ali hid in the toilets at break twice and wouldn't say why he was upset",
        "Anna only knows about 10 sounds and most of the class know all of them",
        "Arjun won't go into assembly, says it's too loud and covers his ears",
        "bit worried about Amir, very quiet and withdrawn since Christmas",
        "Callum keeps falling off his chair and bumping into things",
        "Charlie refusing to do any writing, ripping up his work",
        "Chidi struggles to follow instructions with more than one step",
        "can I flag Adele? she's been in tears most days this week",
        "Alexa isn't speaking to adults at all, only whispers to one friend",
        "Bilal lashing out when he loses at games, hit two children today",
        "Asha seems exhausted every afternoon and her eyes look sore",
        "Aaron bit a boy in the line at lunch", "Bella kicked the TA when asked to tidy up",
        "Caleb threw a chair in maths today", "Amy ran out of the classroom and hid in the cloakroom",
        "Cerys wet herself again this afternoon", "Ali spat at another child on the playground",
        "Anna can't tell me what sound an s makes yet", "Arjun keeps mishearing instructions in the hall",
        "Amir's attendance has dropped and he says he feels sick most mornings",
        "Callum screamed for half an hour after his mum left and wouldn't come in",
    ),
    commands=(ChannelCommand("log a concern", "Tell the SENCO what you've noticed about a pupil", slack="/concern",
                             slack_lead_in="concern about "),),
))

EVIDENCE = r"\bevidence\s*(?::|-|–|is\b|includes\b)\s*"
# "area: SEMH" says which area; understanding reads it, and it is not part of what was noticed.
AREA_LABEL = re.compile(r"[,;.]?\s*\b(?:area(?:\s+of\s+need)?|primary need)\s*(?::|-|=)\s*[^,;.\n]*", re.IGNORECASE)
LEAD_IN = re.compile(
    r"^\s*(?:please\s+)?(?:can you\s+)?(?:(?:log|raise|record|add|file|make)?\s*(?:a\s+|an\s+)?(?:new\s+)?"
    r"(?:send\s+)?concern\s*(?:about|for|re|regarding|with)?"
    r"|(?:i'?m\s+|i am\s+|am\s+)?(?:a (?:bit|little)\s+|really\s+|quite\s+|very\s+|a little\s+)?"
    r"(?:worried|concerned)\s+(?:about|abt|for|re|regarding))\s*[:\-,]?\s*",
    re.IGNORECASE,
)
UNSURE = "unsure"
_AREA_WORDS = (
    ("communication_interaction", r"communicat|interaction|speech|language|slcn|asd|autis"),
    ("cognition_learning", r"cognit|learning|reading|spelling|dyslex|memory|maths"),
    ("semh", r"semh|social|emotional|mental|behaviou|anxi"),
    ("sensory_physical", r"sensory|physical|hearing|vision|sight|motor"),
    (UNSURE, r"not sure|unsure|don'?t know|skip"),
)


def _pupil_words(db: Session, req: Request, slots: dict[str, Any]) -> set[str]:
    ids = as_ids(slots.get("pupil_ids")) + as_ids(slots.get("candidate_ids")) + as_ids(slots.get("suggestion_ids"))
    pupils, _ = load(db, req, ids)
    words = {w for p in pupils for w in (p.first_name, p.known_as, p.last_name)}
    words |= {str(w) for w in req.heard.get("name_words") or ()}  # as typed, misspellings included
    return words | {w for u in slots.get("unmatched") or [] for w in str(u).split()}


def _without_leading_name(text: str, words: set[str]) -> str:
    """"Zac: keeps hiding" -> "keeps hiding": the name before a colon says whom, not what."""
    m = re.match(r"^\s*((?:[\w'’-]+\s+){0,2}[\w'’-]+)\s*[:,\-–]\s*", text)
    known = {w.casefold() for w in words}
    if m and all(w.casefold() in known for w in m.group(1).split()):
        return text[m.end():]
    return text


def _read_description(db: Session, req: Request, slots: dict[str, Any]) -> None:
    """Take "what was noticed" (and any "evidence: ...") from the first message."""
    words = _pupil_words(db, req, slots)
    text = _without_leading_name(AREA_LABEL.sub("", LEAD_IN.sub("", req.text, count=1)).strip(), words)
    noticed, evidence = split_marker(text, EVIDENCE)
    if len(content_words(noticed, ignore=words)) >= 2:
        slots["noticed"] = noticed
    if evidence:
        slots["evidence"] = evidence
    if parent_reported(req.text):
        slots["source"] = "parent_carer"


def _area_from_text(text: str) -> str | None:
    for key, pattern in _AREA_WORDS:
        if re.search(pattern, text, re.IGNORECASE):
            return key
    return None


def _take_answer(req: Request, slots: dict[str, Any]) -> None:
    text = req.text.strip()
    if req.answer_for == "noticed" and text:
        noticed, evidence = split_marker(text, EVIDENCE)
        slots["noticed"], slots["gathered"] = noticed or text, True
        if evidence:
            slots["evidence"] = evidence
        if parent_reported(text):
            slots["source"] = "parent_carer"
    elif req.answer_for == "evidence" and text:
        slots["evidence"] = "" if says_none(text) else text
        slots["gathered"] = slots.get("gathered") or not says_none(text)
    elif req.answer_for == "area_of_need" and text:
        slots["area_of_need"] = _area_from_text(text)
    confirm.from_form(req, slots, ("noticed", "evidence"))
    if "evidence" in req.values:
        slots["evidence"] = str(req.values["evidence"] or "")
    if req.values.get("area_of_need") in (*AREAS_OF_NEED, UNSURE):
        slots["area_of_need"] = req.values["area_of_need"]


def _area_choices(data: dict[str, Any] | None = None) -> tuple[Choice, ...]:
    return (*(Choice("concern.area." + key, "log_concern", {"area_of_need": key, **(data or {})})
              for key in AREAS_OF_NEED),
            Choice("concern.area.unsure", "log_concern", {"area_of_need": UNSURE, **(data or {})}))


@route("log_concern")
def log_concern(req: Request, db: Session) -> Reply:
    """Log a concern about one pupil: what was noticed, the evidence, the area of need; tell the SENCO."""
    slots = gather(req)
    if req.answer_for is None and "noticed" not in slots and req.text:
        _read_description(db, req, slots)
    _take_answer(req, slots)
    pupil = one_pupil(req, db, "log_concern", slots)
    if isinstance(pupil, Reply):
        return pupil
    who = {"pupil": pupil.known_as}
    said = confirm.decision(req)
    if said == "change":
        return Reply("concern.change", who, form=concern_form(db, req, slots, pupil))
    if not slots.get("noticed"):
        return Reply("concern.ask_noticed", who, expect=Expect("log_concern", slots, "noticed"))
    if slots.get("evidence") is None:
        return Reply("concern.ask_evidence", who, choices=(Choice("concern.no_evidence", "log_concern", {"evidence": ""}),),
                     expect=Expect("log_concern", slots, "evidence"))
    area = slots.get("area_of_need")
    if area not in (*AREAS_OF_NEED, UNSURE):
        slots["area_of_need"] = None
        return Reply("concern.ask_area", who, choices=_area_choices(), expect=Expect("log_concern", slots, "area_of_need"))
    if confirm.needed(slots, said):
        return confirm.ask("log_concern", slots, "concern.confirm", {
            "pupil": pupil.display_name, "class_name": pupil.class_name, "noticed": slots["noticed"],
            "evidence": slots.get("evidence") or None, "area": AREAS_OF_NEED.get(slots.get("area_of_need") or ""),
        })
    return _save(req, db, pupil, slots)


def concern_form(db: Session, req: Request, slots: dict[str, Any] | None = None, pupil: Pupil | None = None) -> Form:
    """Pupil, what was noticed, evidence, area of need: filled in with what is known so far.

    The pupils offered are the person's class and groups (and the pupil already chosen), never the whole school,
    so the form stays small in any school; Slack's own modal searches the school instead.
    """
    slots = slots or {}
    groups, classes = my_pupils(db, req.actor, req.today)
    ids = list(dict.fromkeys(([pupil.id] if pupil else []) + sorted(classes | groups)))
    pupils, _ = load(db, req, ids)
    areas = [Option(key, "concern.area." + key, key=True) for key in (*AREAS_OF_NEED, UNSURE)]
    return Form("log_concern", "concern.form_title", (
        Field("pupil_id", "concern.field.pupil", "pupil", required=True, value=str(pupil.id) if pupil else None,
              options=[Option(str(p.id), f"{p.display_name} ({p.class_name or 'Year ' + p.year_group})") for p in pupils]),
        Field("noticed", "concern.field.noticed", "textarea", required=True, value=slots.get("noticed")),
        Field("evidence", "concern.field.evidence", "textarea", value=slots.get("evidence") or None),
        Field("area_of_need", "concern.field.area", "choice", required=True, options=areas,
              value=slots.get("area_of_need") or UNSURE),
    ), data={"via": "form"})


def _save(req: Request, db: Session, pupil: Pupil, slots: dict[str, Any]) -> Reply:
    area = slots["area_of_need"] if slots["area_of_need"] in AREAS_OF_NEED else None
    concern = Concern(
        school_id=req.school_id, pupil_id=pupil.id, raised_by_id=req.actor.id, recorded_by_id=req.actor.id,
        source=slots.get("source") or "staff", noticed=slots["noticed"], evidence=slots["evidence"] or None,
        area_of_need=area, status="open", raised_at=req.now, recorded_at=req.now,
    )
    db.add(concern)
    db.flush()
    concern.reference = concern.id  # the first version's own id, known only after the insert
    leads = [s for s in sencos(db, school_id=req.school_id) if s.id != req.actor.id]  # a SENCO is not told of their own
    for senco in leads:
        enqueue(db, school_id=req.school_id, kind="concern.new", subject=f"concern:{concern.reference}",
                recipient=f"staff:{senco.id}", due_on=req.today, prompt="notify.concern_new",
                data=notice_data(concern, pupil, req.actor))
    return Reply("concern.logged", {
        "reference": concern.reference, "pupil": pupil.display_name, "sencos": names(leads),
        "has_evidence": bool(concern.evidence), "area": AREAS_OF_NEED.get(area or ""),
        "from_parent": concern.source == "parent_carer", "by_senco": req.actor.has_role("senco"),
    })


def notice_data(concern: Concern, pupil: Pupil, actor: Staff) -> dict[str, Any]:
    """Everything a notification about this concern needs, as plain JSON."""
    return {
        "concern_id": concern.id, "reference": concern.reference, "pupil_id": pupil.id,
        "pupil": pupil.display_name, "class_name": pupil.class_name, "year": pupil.year_group,
        "area_of_need": concern.area_of_need, "area": AREAS_OF_NEED.get(concern.area_of_need or ""),
        "source": concern.source, "noticed": concern.noticed, "evidence": concern.evidence,
        "raised_by": concern.raised_by.name if concern.raised_by else actor.name,
        "raised_at": concern.raised_at.isoformat(), "status": concern.status, "outcome": concern.outcome,
        "by": actor.name,
    }


def current_concern(db: Session, *, school_id: int, reference: Any) -> Concern | None:
    """The current version of a concern by its reference (or any version's id), within one school."""
    try:
        ref = int(reference)
    except (TypeError, ValueError):
        return None
    first = db.scalar(select(Concern.reference).where(Concern.school_id == school_id, Concern.id == ref))
    return db.scalar(
        select(Concern).where(Concern.school_id == school_id, Concern.reference == (first or ref), Concern.current())
    )


def new_version(concern: Concern, req: Request, **changes: Any) -> Concern:
    """A copy of the current version with `changes`, superseding it (append-only)."""
    fields = ("school_id", "reference", "pupil_id", "raised_by_id", "source", "noticed", "evidence", "area_of_need",
              "status", "outcome", "raised_at")
    version = Concern(**{f: getattr(concern, f) for f in fields}, supersedes_id=concern.id,
                      recorded_by_id=req.actor.id, recorded_at=req.now)
    for key, value in changes.items():
        setattr(version, key, value)
    return version


def _find(req: Request, db: Session) -> Concern | Reply:
    ref = req.values.get("reference", req.values.get("concern_id", req.slots.get("reference")))
    concern = current_concern(db, school_id=req.school_id, reference=ref)
    if concern is None:
        return Reply("concern.not_found", {"reference": ref if isinstance(ref, (int, str)) else ""})
    if not can_manage_concern(req.actor, concern):
        return refuse(req, db, record="concern", pupil_id=concern.pupil_id, detail=f"{req.intent} {concern.reference}")
    return concern


def _tell_raiser(req: Request, db: Session, concern: Concern, kind: str) -> None:
    if concern.raised_by_id == req.actor.id:
        return
    enqueue(db, school_id=req.school_id, kind=kind, subject=f"concern:{concern.reference}",
            recipient=f"staff:{concern.raised_by_id}", due_on=req.today, prompt="notify." + kind.replace(".", "_"),
            data=notice_data(concern, concern.pupil, req.actor))


@route("acknowledge_concern")
def acknowledge_concern(req: Request, db: Session) -> Reply:
    """The SENCO acknowledges a new concern (values: reference); the raiser is told."""
    concern = _find(req, db)
    if isinstance(concern, Reply):
        return concern
    data = {"reference": concern.reference, "pupil": concern.pupil.display_name, "status": concern.status}
    if concern.status != "open":
        return Reply("concern.already", data)
    version = new_version(concern, req, status="acknowledged")
    db.add(version)
    db.flush()
    _tell_raiser(req, db, version, "concern.acknowledged")
    return Reply("concern.acknowledged", data,
                 choices=(Choice("concern.close_button", "close_concern", {"reference": concern.reference}),))


@route("close_concern")
def close_concern(req: Request, db: Session) -> Reply:
    """The SENCO closes a concern with its outcome (values: reference, outcome); the raiser is told."""
    concern = _find(req, db)
    if isinstance(concern, Reply):
        return concern
    data = {"reference": concern.reference, "pupil": concern.pupil.display_name, "status": concern.status}
    if concern.status == "closed":
        return Reply("concern.already", data)
    submitted = "outcome" in req.values
    outcome = str(req.values.get("outcome") or "").strip()
    if not outcome and req.answer_for == "outcome":
        outcome = req.text.strip()
    if not outcome:
        form = Form("close_concern", "concern.close_title", (
            Field("outcome", "concern.field.outcome", "textarea", required=True, value=req.values.get("outcome"),
                  error="concern.error.outcome" if submitted else None),
        ), data={"reference": concern.reference})
        return Reply("concern.ask_outcome", data, form=form,
                     expect=Expect("close_concern", {"reference": concern.reference}, "outcome"))
    version = new_version(concern, req, status="closed", outcome=outcome)
    db.add(version)
    db.flush()
    _tell_raiser(req, db, version, "concern.closed")
    return Reply("concern.closed", data)


