"""A disclosure's words reach the DSLs' 1:1 alerts and nowhere else: not the Slack channel, the raiser's reply, the
App Home, an outbox row, a log line, the pupil export or the digest."""
from __future__ import annotations

import json
import logging
from datetime import timedelta

from sqlalchemy import select

from bot.channels.slack.events import publish_home
from bot.channels.slack.sender import SlackSender
from bot.scheduling.dispatcher import dispatch_due
from bot.schooldata.export import export_pupil
from handlers.digest import queue_digest
from handlers.notifications import reply_for
from models import AuditEvent, OutboxMessage, SafeguardingAlert, utcnow
from tests.slack.conftest import DSL, NOW, TA, TEAM, TODAY, payload

MARKER = "qx9zmarker"


async def test_a_disclosure_marker_is_found_only_in_the_dsls_alerts(bot, slack_api, db, services, school, caplog):
    caplog.set_level(logging.DEBUG)
    user, channel = bot
    await user.event(payload("message_im", user=DSL, channel="D0DSL0001", text="help") | {"event_id": "E0"})
    await user.event(payload("message_im", text=f"Leo Hartley said his uncle hits him with a {MARKER} cable")
                     | {"event_id": "E1"})
    await user.event(payload("app_mention", user=TA, text=f"<@UBOT0001> Sam Carter told me his dad burns him {MARKER}")
                     | {"event_id": "E2"})
    await channel.settle()
    assert db.scalar(select(SafeguardingAlert.id).where(SafeguardingAlert.text.contains(MARKER))) is not None
    await dispatch_due(services.factory, {"slack": SlackSender(channel.poster)}, now=utcnow() + timedelta(minutes=1))
    for who in (TA, DSL):
        await publish_home(channel, TEAM, who)
    await channel.settle()

    carrying = [c for c in slack_api.calls if MARKER in json.dumps(c.params)]
    assert carrying, "the DSL was never sent the alert"
    assert all(c.method == "chat.postMessage" and c.params["channel"] == "D0DSL0001" for c in carrying), \
        [(c.method, c.params.get("channel")) for c in carrying]
    # The alert's notification preview (Slack's text fallback) is its title alone.
    assert all(MARKER not in c.params.get("text", "") for c in carrying)

    db.expire_all()
    outbox = db.scalars(select(OutboxMessage)).all()
    assert outbox and all(MARKER not in json.dumps(m.data) for m in outbox)
    assert all(MARKER not in (e.detail or "") for e in db.scalars(select(AuditEvent)))
    assert MARKER not in caplog.text
    for pupil in (school.leo, school.sam):
        assert MARKER not in json.dumps(export_pupil(db, school_urn=None, upn=pupil.upn), default=str)
    queue_digest(db, school_id=school.id, today=TODAY, now=NOW)
    digests = db.scalars(select(OutboxMessage).where(OutboxMessage.kind.like("digest%"))).all()
    assert all(MARKER not in json.dumps(m.data) + str(reply_for(m, db)) for m in digests)
