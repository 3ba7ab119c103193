"""Intervention sessions: a TA logs one line from a phone; a mistake is undone within minutes."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import confirm
from handlers.access import can_record_session, refuse
from handlers.lookup import my_pupils, running_on, sencos
from handlers.pupils import as_ids, gather, load, many_pupils, no_such_pupil
from handlers.registry import ChannelCommand, Topic, topic
from handlers.reply import Choice, Expect, Field, Form, Option, Reply
from handlers.request import Request
from handlers.routes import route
from handlers.text import parse_day, said_besides, split_marker
from models import Intervention, InterventionSession, Programme, Pupil, SessionAttendance
from models.outbox import enqueue
from models.queries import programme_index, programme_named, programmes, pupils_named

topic(Topic(
    "record_session", label="unknown.session",
    words=("session", "log a session", "record a session", "log session", "record session", "new session",
           "log an intervention session"),
    answers={"pupil": "pupil", "programme": "programme", "date": "day", "confirm": "confirm"},
    examples=("PT with Esme and Dawit 10 mins 7/10, Dawit absent",
              "precision teaching with Esme Costa and Joaquin Kamara 10 mins, Esme 9/10, Joaquin 5/10"),
    roles=("ta", "senco"),
    commands=(ChannelCommand("record a session", "Log an intervention session: pupils, minutes, score",
                             slack="/session", slack_lead_in="log a session: "),),
))

NOTE = r"\b(?:notes?|comments?|nb)\s*[:\-–]\s*"
# "PT whole group", "PT group 10 mins, all there except Dawit": nobody named present, so the group is meant.
WHOLE_GROUP = re.compile(r"\bgroup\b|\ball (?:there|present|in|here|of them)\b", re.IGNORECASE)
# "PT whole group 15 mins - joaquin left early": the group, whoever else the line names.
EVERYONE = re.compile(r"\b(?:whole|full|entire) group\b|\beveryone\b|\beverybody\b", re.IGNORECASE)
SCORE = re.compile(r"^\s*\d{1,3}\s*/\s*(?:\d{1,3}|min)\s*$|^\s*\d{1,3}\s*%?\s*$")  # 7/10, 12/min, 80%
MAX_CHOICES = 6
MAX_FORM_PUPILS = 40  # a class, or a TA's groups: a card well inside Teams' 28 KB
ATTEND, SCORE_FIELD = "attend_", "score_"  # per-pupil form fields: attend_<id>, score_<id>


def my_interventions(db: Session, req: Request, day: date) -> list[Intervention]:
    """The running interventions the actor leads ("my groups")."""
    return list(db.scalars(
        select(Intervention).where(Intervention.school_id == req.school_id, Intervention.lead_staff_id == req.actor.id,
                                   running_on(day)).order_by(Intervention.starts_on, Intervention.id)
    ).unique())


def _programme_words(db: Session, req: Request) -> set[str]:
    """The words that name any of the school's programmes, by name or alias."""
    words: set[str] = set()
    for name in programme_index(programmes(db, school_id=req.school_id)):
        words.update(re.findall(r"[a-z0-9']+", name))
    return words


def _minutes(value: Any) -> int | None:
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return minutes if 1 <= minutes <= 240 else None


@route("record_session")
def record_session(req: Request, db: Session) -> Reply:
    """Log one delivered session: programme, pupils, minutes, score, date, who was absent, a note."""
    if not can_record_session(db, req.actor):
        return refuse(req, db, record="session")
    if req.values.get("via") == "form":
        return _submitted(req, db)
    slots = gather(req, many=True)
    if req.answer_for is None and req.text:
        facts, note = split_marker(req.text, NOTE)
        slots["note"] = note or said_besides(facts, ignore=_programme_words(db, req),
                                             names={str(w) for w in req.heard.get("name_words") or ()})
    if req.answer_for == "programme" and req.text.strip() and not slots.get("programme"):
        found = programme_named(db, school_id=req.school_id, name=req.text)
        slots["programme"] = found.name if found else None
    if req.values.get("programme"):
        slots["programme"] = req.values["programme"]
    if req.answer_for == "date":  # the day asked for: a pressed day, or one typed ("Thursday")
        said = req.values.get("date") or slots.get("date")
        answered = parse_day(said, req.today) if said else None
        if answered is None:
            return _ask_day(req, slots)
        if req.today < answered <= req.today + timedelta(days=7):
            answered -= timedelta(days=7)  # "Thursday", answering which day a session was: the one just gone
        slots["date"], slots["date_unsure"] = answered.isoformat(), False
    said_nothing = not slots.get("programme") and not any(slots.get(k) for k in
                                                          ("pupil_ids", "candidate_ids", "unmatched", "absent_ids"))
    if said_nothing and req.answer_for is None:
        return Reply("session.form_intro", form=session_form(req, db))
    pupils = many_pupils(req, db, "record_session", slots)
    if isinstance(pupils, Reply):
        return pupils
    absent, missing = load(db, req, as_ids(slots.get("absent_ids")))
    if missing:
        return no_such_pupil(req, db, missing)
    programme = programme_named(db, school_id=req.school_id, name=slots["programme"]) if slots.get("programme") else None
    if programme is None:
        return _ask_programme(req, db, slots, [p.id for p in pupils])
    if (not [p for p in pupils if p not in absent] and WHOLE_GROUP.search(req.text or "")) or \
            EVERYONE.search(req.text or ""):
        # "PT group 10 mins, all there except Dawit": the person's one running group of this programme.
        groups = _my_groups(db, req, programme)
        if len(groups) == 1:
            pupils, _ = load(db, req, [m.pupil_id for m in groups[0].members])
        elif not pupils:
            return _ask_group(req, db, slots, programme)
    attending = pupils + [p for p in absent if p not in pupils]
    if not attending:
        return _ask_group(req, db, slots, programme)
    if not slots.get("date") and slots.get("date_unsure"):
        return _ask_day(req, slots)  # "last week": which day? (no day named at all is today)
    day = parse_day(slots.get("date"), req.today)
    if day is None or day > req.today:
        return Reply("session.bad_date")
    absent_ids = {p.id for p in absent}
    scores = _pupil_scores(slots, attending)
    minutes = _minutes(slots.get("minutes"))
    score = None if scores else slots.get("score")
    said = confirm.decision(req)
    if said == "change":
        values = {"programme": programme.name, "pupils": [str(p.id) for p in attending],
                  "absent": [str(i) for i in absent_ids], "minutes": minutes, "score": score, "date": day.isoformat(),
                  "note": slots.get("note")}
        return Reply("session.form_intro", form=session_form(req, db, values))
    twice = _already_logged(db, req, programme, day, {p.id for p in attending if p.id not in absent_ids})
    if confirm.needed(slots, said, day=day, also=bool(twice)):
        return confirm.ask("record_session", slots, "session.confirm", {
            "programme": programme.name, **_outline(attending, absent_ids, scores), "minutes": minutes,
            "score": score, "date": day.isoformat(), "twice": twice, "weekend": day.weekday() >= 5,
            "note": slots.get("note"),
        })
    return _save(req, db, programme=programme, pupils=attending, absent_ids=absent_ids, day=day, minutes=minutes,
                 score=score, note=slots.get("note"), scores=scores)


def _outline(pupils: list[Pupil], absent_ids: set[int], scores: dict[int, str]) -> dict[str, Any]:
    """Who was there, who was absent, and each pupil's own score, as a reply shows them."""
    return {"present": [p.known_as for p in pupils if p.id not in absent_ids],
            "absent": [p.known_as for p in pupils if p.id in absent_ids],
            "scores": [[p.known_as, scores[p.id]] for p in pupils if p.id in scores]}


def _already_logged(db: Session, req: Request, programme: Programme, day: date, pupil_ids: set[int]) -> list[str]:
    """Who of these pupils was already at a session of this programme on this day (a second log is likely a repeat;
    being marked absent from one is not)."""
    rows = db.execute(
        select(Pupil.id, Pupil.first_name, Pupil.preferred_name)
        .join(SessionAttendance, SessionAttendance.pupil_id == Pupil.id)
        .join(InterventionSession, InterventionSession.id == SessionAttendance.session_id)
        .where(InterventionSession.school_id == req.school_id, InterventionSession.programme_id == programme.id,
               InterventionSession.delivered_on == day, InterventionSession.current(), Pupil.id.in_(pupil_ids),
               SessionAttendance.present.is_(True))
    ).all()
    return list(dict.fromkeys(preferred or first for _, first, preferred in rows))


def _pupil_scores(slots: dict[str, Any], pupils: list[Pupil]) -> dict[int, str]:
    """Each pupil's own score ("Esme 9/10, Joaquin 5/10"), for pupils of this session only."""
    given = slots.get("scores") or {}
    ids = {p.id for p in pupils}
    out = {}
    for key, value in given.items() if isinstance(given, dict) else ():
        try:
            pupil_id = int(key)
        except (TypeError, ValueError):
            continue
        if pupil_id in ids and isinstance(value, str) and SCORE.match(value):
            out[pupil_id] = value.replace(" ", "")[:20]
    return out


def _ask_programme(req: Request, db: Session, slots: dict[str, Any], pupil_ids: list[int]) -> Reply:
    """Which programme? Offer the actor's own groups first (those with these pupils, if known)."""
    slots["programme"] = None
    mine = my_interventions(db, req, req.today)
    fits = [i for i in mine if set(pupil_ids) <= {m.pupil_id for m in i.members}] or mine
    offered = list(dict.fromkeys(i.programme.name for i in fits))[:MAX_CHOICES]
    return Reply("session.ask_programme", {"has_groups": bool(offered)},
                 choices=tuple(Choice("session.programme_choice", "record_session", {"programme": n}) for n in offered),
                 expect=Expect("record_session", slots, "programme"))


def _ask_day(req: Request, slots: dict[str, Any]) -> Reply:
    """Which day? The words named a span ("last week"): offer the last seven school days, newest first."""
    days = [req.today - timedelta(days=n) for n in range(0, 11)]
    offered = [d for d in days if d.weekday() < 5][:7]
    return Reply("session.ask_day", {}, choices=tuple(
        Choice("session.day_choice", "record_session", {"date": d.isoformat()}) for d in offered),
        expect=Expect("record_session", slots, "date"))


def _my_groups(db: Session, req: Request, programme: Programme) -> list[Intervention]:
    """The actor's running groups of this programme that have pupils."""
    return [i for i in my_interventions(db, req, req.today) if i.programme_id == programme.id and i.members]


def _ask_group(req: Request, db: Session, slots: dict[str, Any], programme: Programme) -> Reply:
    """Who came? Offer each of the actor's running groups of this programme as one button."""
    groups = _my_groups(db, req, programme)
    choices = tuple(
        Choice("session.group_choice", "record_session",
               {"pupil_ids": [m.pupil_id for m in g.members], "group": g.name or programme.name,
                "names": [m.pupil.known_as for m in g.members]})
        for g in groups[:MAX_CHOICES]
    )
    return Reply("session.ask_pupils", {"programme": programme.name}, choices=choices,
                 expect=Expect("record_session", slots, "pupil"))


def _link(db: Session, req: Request, programme: Programme, pupil_ids: set[int], day: date) -> Intervention | None:
    """The running intervention of this programme holding all these pupils; the actor's own first."""
    running = db.scalars(select(Intervention).where(
        Intervention.school_id == req.school_id, Intervention.programme_id == programme.id, running_on(day),
    ).order_by(Intervention.starts_on.desc(), Intervention.id)).unique()
    fits = [i for i in running if pupil_ids <= {m.pupil_id for m in i.members}]
    fits.sort(key=lambda i: i.lead_staff_id != req.actor.id)
    return fits[0] if fits else None


def _save(req: Request, db: Session, *, programme: Programme, pupils: list[Pupil], absent_ids: set[int], day: date,
          minutes: int | None, score: Any, note: Any, scores: dict[int, str] | None = None) -> Reply:
    scores = scores or {}
    intervention = _link(db, req, programme, {p.id for p in pupils}, day)
    session = InterventionSession(
        school_id=req.school_id, intervention_id=intervention.id if intervention else None, programme_id=programme.id,
        delivered_on=day, minutes=minutes, delivered_by_id=req.actor.id, score=str(score)[:20] if score else None,
        note=str(note) if note else None, flagged=intervention is None, recorded_by_id=req.actor.id,
        recorded_at=req.now,
        attendance=[SessionAttendance(pupil_id=p.id, present=p.id not in absent_ids, score=scores.get(p.id))
                    for p in pupils],
    )
    db.add(session)
    db.flush()
    data = {
        "session_id": session.id, "programme": programme.name, **_outline(pupils, absent_ids, scores),
        "minutes": minutes, "score": session.score, "date": day.isoformat(), "today": day == req.today,
        "group": (intervention.name or programme.name) if intervention else None, "flagged": session.flagged,
        "note": session.note,
    }
    if session.flagged:
        for senco in sencos(db, school_id=req.school_id):
            enqueue(db, school_id=req.school_id, kind="session.unlinked", subject=f"session:{session.id}",
                    recipient=f"staff:{senco.id}", due_on=req.today, prompt="notify.session_unlinked",
                    data={**data, "pupils": [p.display_name for p in pupils], "delivered_by": req.actor.name,
                          "delivered_by_id": req.actor.id})
    return Reply("session.recorded", data,
                 choices=(Choice("session.undo", "undo_session", {"session_id": session.id}, style="danger"),))


# --- the form, for phones -------------------------------------------------------------------------

def _pupil_options(db: Session, req: Request) -> list[Pupil]:
    """Whom the form lists: the actor's groups first, then their classes; never the whole school."""
    groups, classes = my_pupils(db, req.actor, req.today)
    ids = sorted(groups) + sorted(classes - groups)
    pupils, _ = load(db, req, ids)
    mine = [p for p in pupils if p.id in groups]
    rest = sorted((p for p in pupils if p.id not in groups), key=lambda p: (p.known_as, p.last_name))
    return (sorted(mine, key=lambda p: (p.known_as, p.last_name)) + rest)[:MAX_FORM_PUPILS]


def _attendance_values(values: dict[str, Any]) -> dict[int, str]:
    """pupil id -> "present" / "absent", from the per-pupil fields or the older pupils/absent lists."""
    out: dict[int, str] = {}
    for pupil_id in as_ids(values.get("pupils")):
        out[pupil_id] = "present"
    for pupil_id in as_ids(values.get("absent")):
        out[pupil_id] = "absent"
    for key, value in values.items():
        if key.startswith(ATTEND) and value in ("present", "absent"):
            ids = as_ids(key[len(ATTEND):])
            if ids:
                out[ids[0]] = str(value)
    return out


def session_form(req: Request, db: Session, values: dict[str, Any] | None = None,
                 errors: dict[str, str] | None = None) -> Form:
    """Programme, each of the actor's pupils once (there or absent, their score), anyone else by name, minutes,
    score, date and a note; submitted values are kept."""
    values, errors = values or {}, errors or {}
    mine = list(dict.fromkeys(i.programme.name for i in my_interventions(db, req, req.today)))
    catalogue = mine + [p.name for p in programmes(db, school_id=req.school_id) if p.name not in mine]
    attendance = _attendance_values(values)
    offered = _pupil_options(db, req)
    listed = {p.id for p in offered}
    extra, _ = load(db, req, [i for i in attendance if i not in listed])  # chosen before, now shown too
    scores = {k: v for k, v in (values.get("scores") or {}).items()} if isinstance(values.get("scores"), dict) else {}
    value = values.get
    there = [Option("present", "session.attend.present", key=True), Option("absent", "session.attend.absent", key=True)]
    per_pupil = []
    for p in extra + offered:
        per_pupil.append(Field(f"{ATTEND}{p.id}", "session.field.attend", "choice", options=there,
                               value=attendance.get(p.id), label_data={"name": p.display_name,
                                                                      "class_name": p.class_name or p.year_group}))
        per_pupil.append(Field(f"{SCORE_FIELD}{p.id}", "session.field.pupil_score", "text",
                               value=value(f"{SCORE_FIELD}{p.id}", scores.get(str(p.id))),
                               label_data={"name": p.known_as}, error=errors.get(f"{SCORE_FIELD}{p.id}")))
    return Form("record_session", "session.form_title", (
        Field("programme", "session.field.programme", "choice", required=True,
              options=[Option(n, n) for n in catalogue], value=value("programme", mine[0] if len(mine) == 1 else None),
              error=errors.get("programme")),
        *per_pupil,
        Field("others", "session.field.others", "text", value=value("others"), help="session.field.others_help",
              error=errors.get("others") or errors.get("pupils")),
        Field("minutes", "session.field.minutes", "number", min=1, max=240, value=value("minutes"),
              error=errors.get("minutes")),
        Field("score", "session.field.score", "text", value=value("score"), help="session.field.score_help",
              error=errors.get("score")),
        Field("date", "session.field.date", "date", value=value("date", req.today.isoformat()),
              error=errors.get("date")),
        Field("note", "session.field.note", "textarea", value=value("note")),
    ), data={"via": "form"})


def _named(db: Session, req: Request, text: str) -> tuple[list[Pupil], list[str]]:
    """Pupils typed by name in the form ("Leo Mensah, Evie"): each must be one pupil of the school."""
    found, unknown = [], []
    for name in [n.strip() for n in re.split(r",|;|\band\b|&|\+|\n", text) if n.strip()][:MAX_FORM_PUPILS]:
        matches = pupils_named(db, school_id=req.school_id, name=name)
        if len(matches) == 1:
            found.append(matches[0])
        else:
            unknown.append(name)
    return found, unknown


def _submitted(req: Request, db: Session) -> Reply:
    values = {k: v for k, v in req.values.items() if k != "via"}
    errors: dict[str, str] = {}
    programme = programme_named(db, school_id=req.school_id, name=str(values.get("programme") or ""))
    if programme is None:
        errors["programme"] = "session.error.programme"
    attendance = _attendance_values(values)
    chosen, missing = load(db, req, list(attendance))
    if missing:
        return no_such_pupil(req, db, missing)
    others, unknown = _named(db, req, str(values.get("others") or ""))
    if unknown:
        errors["others"] = "session.error.others"
    pupils = list({p.id: p for p in chosen + others}.values())
    absent_ids = {i for i, v in attendance.items() if v == "absent"}
    if not pupils and not unknown:
        errors["pupils"] = "session.error.pupils"
    scores: dict[int, str] = {}
    for p in pupils:
        own = str(values.get(f"{SCORE_FIELD}{p.id}") or "").strip()
        if own and not SCORE.match(own):
            errors[f"{SCORE_FIELD}{p.id}"] = "session.error.score"
        elif own:
            scores[p.id] = own.replace(" ", "")
    minutes = _minutes(values.get("minutes"))
    if values.get("minutes") not in (None, "") and minutes is None:
        errors["minutes"] = "session.error.minutes"
    score = str(values.get("score") or "").strip()
    if score and not SCORE.match(score):
        errors["score"] = "session.error.score"
    day = parse_day(values.get("date"), req.today)
    if day is None or day > req.today or day < req.today - timedelta(days=366):
        errors["date"] = "session.error.date"
    if errors:
        return Reply("session.form_errors", {"unknown": unknown}, form=session_form(req, db, values, errors))
    return _save(req, db, programme=programme, pupils=pupils, absent_ids=absent_ids, day=day, minutes=minutes,
                 score=score.replace(" ", "") or None, note=str(values.get("note") or "").strip()[:2000] or None,
                 scores=scores)
