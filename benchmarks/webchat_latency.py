"""Web chat speed on a temp SQLite school: `PYTHONPATH=. python benchmarks/webchat_latency.py`.

Prints the HTML render time of the largest form (30 pupils), the HTTP round trip of a message
through Conversation.handle, and how long a proactive message takes to reach 50 open tabs.
"""
from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.channels.base import Target
from bot.channels.webchat import register
from bot.prompts import Rendered, RenderedField, RenderedForm
from bot.render.html import to_html
from bot.server import bare_app
from handlers.reply import Reply
from models.migrate import upgrade
from tests.webchat.conftest import build_school, make_services


def ms(samples: list[float]) -> str:
    samples = sorted(samples)
    return (f"median {statistics.median(samples) * 1000:.2f} ms, p95 {samples[int(len(samples) * .95) - 1] * 1000:.2f} ms"
            f" (n={len(samples)})")


def render_times(n: int = 2000) -> list[float]:
    pupils = tuple((str(i), f"Pupil {i} Surname (4K)") for i in range(30))
    fields = (RenderedField("pupils", "Pupils", "pupils", True, pupils, ["3", "7"], None, None, None, None),
              RenderedField("absent", "Absent", "pupils", False, pupils, [], None, None, None, None),
              RenderedField("minutes", "Minutes", "number", False, (), "30", 1, 240, "Whole minutes", "Too many"))
    rendered = Rendered("x", None, "Fill this in **now**", (), (), RenderedForm("record_session", "Log", fields, "Save", {}))
    times = []
    for _ in range(n):
        start = time.perf_counter()
        to_html(rendered, uid="m1", choose_label="Choose…")
        times.append(time.perf_counter() - start)
    return times


async def http_and_fanout() -> tuple[list[float], list[float]]:
    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    upgrade(url)
    services = make_services(url)
    with services.factory() as db:
        school = build_school(db)
    app = bare_app(services)
    register(app, services)
    round_trips, fanouts = [], []
    async with TestClient(TestServer(app)) as client:
        for n in range(200):
            start = time.perf_counter()
            response = await client.post("/webchat/api/message", json={"staff_id": school.ta, "text": "help", "id": f"b{n}"})
            await response.json()
            round_trips.append(time.perf_counter() - start)
        tabs = [await client.get("/webchat/api/events", params={"staff_id": school.senco}) for _ in range(50)]
        for tab in tabs:
            await tab.content.readline()  # "retry:" line
            await tab.content.readline()
        target = Target(1, "webchat", f"webchat:{school.senco}", {}, False, school.school_id)
        for _ in range(50):
            start = time.perf_counter()
            await services.senders["webchat"].send(target, Reply("dialog.cancelled"))
            for tab in tabs:
                line = await tab.content.readline()
                json.loads(line[6:])
                await tab.content.readline()
            fanouts.append(time.perf_counter() - start)
        for tab in tabs:
            tab.close()
    services.engine.dispose()
    return round_trips, fanouts


if __name__ == "__main__":
    print("render the session form (30 pupils, twice):", ms(render_times()))
    trips, fanouts = asyncio.run(http_and_fanout())
    print("POST /webchat/api/message 'help', SQLite:", ms(trips))
    print("proactive message to 50 open tabs of one person:", ms(fanouts))
