"""What is coming up for me: reviews, parent conversations, interventions ending, today's sessions."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from handlers.access import OVERSIGHT
from handlers.lookup import running_on
from handlers.registry import ChannelCommand, Topic, topic
from handlers.reply import Reply
from handlers.request import Request
from handlers.routes import route
from models import Intervention, InterventionSession, ParentContact, Plan, Pupil
from models.calendar import term_for
from models.send import PLAN_KINDS

topic(Topic(
    "upcoming", label="unknown.upcoming", words=("upcoming", "what's coming up", "whats coming up", "what's coming up?"),
    examples=("what's coming up?",), writes=False, about_pupils=True,
    training=("when is Aaron's EHCP review", "is Bella's review still on the 3rd?", "when's the deadline for Caleb's plan",
              "what reviews are due this half term", "anything due for my class this week", "when's Amy's next ISP review"),
    commands=(ChannelCommand("what's coming up", "Reviews, parent meetings and sessions due soon"),),
))

REVIEW_AHEAD = timedelta(weeks=4)
ENDING_AHEAD = timedelta(weeks=2)
MAX_ITEMS = 8


@route("upcoming")
def upcoming(req: Request, db: Session) -> Reply:
    """Reviews due, parent conversations owed this term, interventions ending, sessions still to log today."""
    actor, today = req.actor, req.today
    everyone = actor.has_role(*OVERSIGHT)
    class_ids = [c.id for c in actor.classes]
    mine = Pupil.class_id.in_(class_ids) if not everyone else Pupil.school_id == req.school_id

    reviews = db.scalars(
        select(Plan).join(Pupil, Plan.pupil_id == Pupil.id)
        .where(Plan.school_id == req.school_id, Plan.active.is_(True), Pupil.active.is_(True), mine,
               Plan.next_review_due.is_not(None), Plan.next_review_due <= today + REVIEW_AHEAD)
        .order_by(Plan.next_review_due)
    ).unique().all() if (everyone or class_ids) else []

    term = term_for(db, school_id=req.school_id, day=today)
    talked = exists().where(
        ParentContact.pupil_id == Pupil.id, ParentContact.status == "held", ParentContact.current(),
        ParentContact.contact_on >= term.starts_on, ParentContact.contact_on <= term.ends_on,
    )
    parents = db.scalars(
        select(Pupil).where(Pupil.school_id == req.school_id, Pupil.active.is_(True), Pupil.sen_status.in_(("K", "E")),
                            mine, ~talked).order_by(Pupil.last_name, Pupil.first_name)
    ).unique().all() if (everyone or class_ids) else []

    led = Intervention.school_id == req.school_id if everyone else Intervention.lead_staff_id == actor.id
    ending = [
        i for i in db.scalars(
            select(Intervention).where(led, Intervention.ends_on.is_not(None), Intervention.ends_on <= today + ENDING_AHEAD)
            .order_by(Intervention.ends_on)
        ).unique()
        if i.ends_on >= today or any(m.exit_assessment is None for m in i.members)
    ]

    logged_today = exists().where(
        InterventionSession.intervention_id == Intervention.id, InterventionSession.delivered_on == today,
        InterventionSession.current(),
    )
    sessions = db.scalars(
        select(Intervention).where(Intervention.school_id == req.school_id, Intervention.lead_staff_id == actor.id,
                                   Intervention.sessions_per_week > 0, running_on(today), ~logged_today)
        .order_by(Intervention.id)
    ).unique().all()

    data = {
        "reviews": [{"pupil": p.pupil.display_name, "kind": PLAN_KINDS.get(p.kind, p.kind),
                     "due": p.next_review_due.isoformat(), "overdue": p.next_review_due < today}
                    for p in reviews[:MAX_ITEMS]],
        "parents": [p.display_name for p in parents[:MAX_ITEMS]],
        "parents_more": max(0, len(parents) - MAX_ITEMS),
        "term": term.name,
        "ending": [{"name": i.name or i.programme.name, "ends": i.ends_on.isoformat(), "ended": i.ends_on < today,
                    "missing_exit": sum(1 for m in i.members if m.exit_assessment is None)} for i in ending[:MAX_ITEMS]],
        "sessions": [{"name": i.name or i.programme.name, "pupils": [m.pupil.known_as for m in i.members]}
                     for i in sessions[:MAX_ITEMS]],
    }
    if not any(data[k] for k in ("reviews", "parents", "ending", "sessions")):
        return Reply("upcoming.nothing", data)
    return Reply("upcoming.list", data)
