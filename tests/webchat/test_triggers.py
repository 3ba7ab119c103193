"""The demo controls: "send today's nudges now" queues the school's nudges and delivers them live."""
from __future__ import annotations

from datetime import date

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.channels.webchat import register
from bot.channels.webchat.triggers import demo_triggers
from bot.server import bare_app
from models import OutboxMessage, Plan
from tests.webchat.conftest import NOW
from tests.webchat.test_live import next_event


async def test_nudges_now_reaches_the_teacher_once(services, school):
    with services.factory() as db:
        db.add(Plan(school_id=school.school_id, pupil_id=school.pupils["Ruby"], kind="isp", targets=["Read CVC words"],
                    review_cadence="termly", starts_on=date(2026, 1, 5), next_review_due=date(2026, 3, 12)))
        db.commit()
    app = bare_app(services)
    register(app, services, triggers=demo_triggers(services, clock=lambda: NOW))  # the real dispatcher
    async with TestClient(TestServer(app)) as client:
        await client.post("/webchat/api/pick", json={"staff_id": school.teacher})
        stream = await client.get("/webchat/api/events", params={"staff_id": school.teacher})
        first = await client.post("/webchat/api/trigger/nudges", json={"staff_id": school.senco})
        assert "1 nudge for today sent" in (await first.json())["html"][0]
        event = await next_event(stream)
        assert event["panel"] == "chat" and "Ruby" in event["html"]
        again = await client.post("/webchat/api/trigger/nudges", json={"staff_id": school.senco})
        assert "No new nudges" in (await again.json())["html"][0]
        stream.close()
    with services.factory() as db:
        [message] = db.scalars(select(OutboxMessage)).all()
        assert (message.recipient, message.status) == (f"staff:{school.teacher}", "sent")


async def test_the_weekly_digest_is_posted_in_the_staff_channel_panel(services, school):
    app = bare_app(services)
    register(app, services, triggers=demo_triggers(services, clock=lambda: NOW))
    async with TestClient(TestServer(app)) as client:
        await client.post("/webchat/api/pick", json={"staff_id": school.senco})  # gives the school its staff room
        stream = await client.get("/webchat/api/events", params={"staff_id": school.ta})
        posted = await client.post("/webchat/api/trigger/digest", json={"staff_id": school.senco})
        assert "posted in the <strong>staff channel</strong> panel" in (await posted.json())["html"][0]
        event = await next_event(stream)
        assert event["panel"] == "room" and '<h3 class="msg-title">SEND this week: ' in event["html"]
        again = await client.post("/webchat/api/trigger/digest", json={"staff_id": school.senco})
        assert "No new digest" in (await again.json())["html"][0]
        stream.close()
    with services.factory() as db:
        [message] = db.scalars(select(OutboxMessage)).all()
        assert (message.kind, message.recipient[:13], message.status) == ("digest.weekly", "registration:", "sent")
