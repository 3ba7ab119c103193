"""A possible safeguarding matter: never a SEND record; the DSLs are told at once, directly."""
from __future__ import annotations

from sqlalchemy.orm import Session

from handlers.access import DSLS
from handlers.lookup import names, staff_in_roles
from handlers.pupils import as_ids, load
from handlers.reply import Reply
from handlers.request import Request
from handlers.routes import route
from models import SafeguardingAlert, School, audit
from models.outbox import enqueue


@route("safeguarding")
def safeguarding(req: Request, db: Session) -> Reply:
    """Record a restricted alert, queue an urgent direct message to every DSL, and say what to do now."""
    slots = {**req.slots, **{k: v for k, v in req.heard.items() if v}}
    pupils, _ = load(db, req, as_ids(slots.get("pupil_ids")))
    pupil = pupils[0] if len(pupils) == 1 else None
    # A half-finished concern may hold the first part of what the member of staff saw.
    said = "\n".join(t for t in (str(req.slots.get("noticed") or "").strip(), req.text.strip()) if t)
    alert = SafeguardingAlert(school_id=req.school_id, raised_by_id=req.actor.id, pupil_id=pupil.id if pupil else None,
                              text=said, channel=req.channel, raised_at=req.now)
    db.add(alert)
    db.flush()
    audit(db, school_id=req.school_id, staff_id=req.actor.id, pupil_id=alert.pupil_id, action="change",
          record="safeguarding_alert", channel=req.channel, detail=f"alert {alert.id} raised")
    leads = staff_in_roles(db, school_id=req.school_id, roles=DSLS)
    for dsl in leads:
        # Direct to each DSL (staff:<id>), never to a channel.
        enqueue(db, school_id=req.school_id, kind="safeguarding.alert", subject=f"safeguarding:{alert.id}",
                recipient=f"staff:{dsl.id}", due_on=req.today, prompt="notify.safeguarding_alert", urgent=True,
                data={"alert_id": alert.id, "raised_by": req.actor.name, "raised_by_id": req.actor.id,
                      "raised_at": req.now.isoformat(), "text": said, "channel": req.channel,
                      "pupil": pupil.display_name if pupil else None, "class_name": pupil.class_name if pupil else None})
    school = db.get(School, req.school_id)
    return Reply("safeguarding.reply", {
        "procedure": (school.safeguarding_procedure or "").strip() or None,
        "dsls": names(staff_in_roles(db, school_id=req.school_id, roles=("dsl",))),
        "deputies": names(staff_in_roles(db, school_id=req.school_id, roles=("deputy_dsl",))),
        "in_channel": req.is_channel, "alert_id": alert.id,
    })
