"""Teams path speed: activities posted to /api/messages, replies timed on a local fake Bot Connector.

Runs two bots in turn, each in its own process on 127.0.0.1, under the same load generator:
  echo     a bare botbuilder echo bot (CloudAdapter + ActivityHandler, as the samples build it)
  sendbot  SENDbot's Teams endpoint answering pen-portrait questions for the demo school
           (understanding, a database read and its audit write, an Adaptive Card reply)
  layer    the same endpoint with Conversation.handle answering one fixed pen portrait: what the
           Teams layer itself (auth, identity, references, rendering, sending) costs
For each: the most activities per second it completes (closed loop, many in flight), and reply latency
(POST sent -> reply received by the connector) at a steady 100 activities per second.

    .venv/bin/python benchmarks/teams_throughput.py [--seconds 10] [--rates 100,20] [--bots echo,sendbot,layer]
        [--database-url URL]
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TENANT = "b1e2c3d4-0000-4000-8000-00000000aaaa"
AAD = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e01"
BOT = {"id": "28:00000000-0000-0000-0000-000000000b07", "name": "SENDbot"}


# --- the bots under test (run in a child process) -------------------------------------------------

def serve_echo(port: int) -> None:
    from botbuilder.core import ActivityHandler, TurnContext
    from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
    from botbuilder.schema import Activity

    class Config:
        APP_ID = ""
        APP_PASSWORD = ""
        APP_TYPE = "MultiTenant"
        APP_TENANTID = ""

    class Echo(ActivityHandler):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            await turn_context.send_activity(Activity(type="message", text=f"Echo: {turn_context.activity.text}"))

    adapter, bot = CloudAdapter(ConfigurationBotFrameworkAuthentication(Config())), Echo()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def serve_sendbot(port: int, database_url: str, *, layer_only: bool = False) -> None:
    from bot.channels.teams import register
    from bot.server import bare_app
    from bot.services import Services
    from bot.settings import Settings
    from handlers.reply import Reply

    services = Services.from_settings(Settings(_env_file=None, database_url=database_url))
    if layer_only:
        # What the Teams layer alone costs: the same card every time, no understanding and no database work.
        portrait = Reply("portrait.show", {
            "pupil": "Aisha Khan", "class_name": "4K", "updated_on": "2026-03-01", "strategies": ["Give instructions one step at a time", "Movement breaks"],
            "avoid": ["Sudden loud noises"], "strengths": ["drawing"], "interests": ["horses"],
            "communication": "Prefers visual cues", "pupil_voice": None, "targets": [], "plans": [],
            "interventions": []})

        async def answer(_incoming):
            return [portrait]

        services.conversation.handle = answer
    app = bare_app(services)
    register(app, services)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def prepare_demo(database_url: str) -> list[str]:
    """The demo school, one SENCO linked to a Teams account; returns names of pupils with a pen portrait."""
    from sqlalchemy import select

    from bot.schooldata.demo import DEMO_LOGINS, build_demo
    from models import PenPortraitVersion, Pupil, Staff, StaffIdentity
    from models.db import make_engine, session_factory, unit_of_work
    from models.migrate import upgrade

    upgrade(database_url)
    engine = make_engine(database_url)
    with unit_of_work(session_factory(engine)) as db:
        build_demo(db, today=date(2026, 3, 10))
        senco = db.scalar(select(Staff).where(Staff.email == DEMO_LOGINS["senco"]))
        db.add(StaffIdentity(staff_id=senco.id, channel="teams", tenant=TENANT, user_id=AAD))
        pupils = db.scalars(select(Pupil).join(PenPortraitVersion, PenPortraitVersion.pupil_id == Pupil.id)
                            .distinct()).all()
        names = sorted({p.display_name for p in pupils})
    engine.dispose()
    return names


# --- the load generator and the fake Bot Connector (this process) ---------------------------------

class Connector:
    """Answers like the Bot Connector and notes when each reply arrived, keyed by the activity it answers."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.waiters: dict[str, asyncio.Future] = {}

    async def activity(self, request: web.Request) -> web.Response:
        body = await request.json()
        reply_to = body.get("replyToId") or request.match_info.get("reply_to")
        now = time.perf_counter()
        self.arrived[reply_to] = now
        waiter = self.waiters.pop(reply_to, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(now)
        return web.json_response({"id": f"1:{reply_to}"})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self.activity)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self.activity)
        return app


def activity(n: int, text: str, service_url: str) -> dict:
    return {
        "type": "message", "id": f"bench{n}", "channelId": "msteams", "serviceUrl": service_url, "text": text,
        "textFormat": "plain", "timestamp": "2026-03-10T10:00:00.000Z", "locale": "en-GB",
        "from": {"id": "29:1benchUser", "name": "Bench", "aadObjectId": AAD}, "recipient": BOT,
        "conversation": {"conversationType": "personal", "tenantId": TENANT, "id": f"a:1bench{n % 50}"},
        "channelData": {"tenant": {"id": TENANT}},
    }


async def one(http, url, connector, n, text, service_url) -> float | None:
    """Seconds from sending the activity to its reply reaching the connector (None if no reply)."""
    key = f"bench{n}"
    waiter = connector.waiters[key] = asyncio.get_running_loop().create_future()
    start = time.perf_counter()
    async with http.post(url, json=activity(n, text, service_url)) as response:
        await response.read()
        if response.status >= 300:  # botbuilder's CloudAdapter answers 201/202, SENDbot 200
            return None
    try:
        arrived = await asyncio.wait_for(waiter, 10)
    except asyncio.TimeoutError:
        return None
    return arrived - start


_activity_numbers = itertools.count(10**6)  # every activity id unique: SENDbot drops repeated deliveries


async def closed_loop(http, url, connector, texts, service_url, seconds, in_flight=32) -> tuple[float, int]:
    done, deadline = 0, time.perf_counter() + seconds

    async def worker():
        nonlocal done
        while time.perf_counter() < deadline:
            n = next(_activity_numbers)
            if await one(http, url, connector, n, texts[n % len(texts)], service_url) is not None:
                done += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    return done / (time.perf_counter() - start), done


async def steady(http, url, connector, texts, service_url, rate, seconds) -> list[float | None]:
    tasks, start = [], time.perf_counter()
    for n in range(int(rate * seconds)):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(
            one(http, url, connector, next(_activity_numbers), texts[n % len(texts)], service_url)))
    return await asyncio.gather(*tasks)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def measure(name: str, port: int, texts: list[str], service_url: str, connector: Connector,
                  seconds: float, rates: list[float]) -> None:
    url = f"http://127.0.0.1:{port}/api/messages"
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as http:
        for _ in range(100):  # wait for the server, then warm it (spaCy, caches, connection pools)
            try:
                if await one(http, url, connector, next(_activity_numbers), texts[0], service_url) is not None:
                    break
            except aiohttp.ClientError:
                await asyncio.sleep(0.2)
        await closed_loop(http, url, connector, texts, service_url, 2)
        rate, done = await closed_loop(http, url, connector, texts, service_url, seconds)
        print(f"{name:8s} max {rate:7.1f} activities/s ({done} in {seconds:.0f}s, 32 in flight)", flush=True)
        for steady_rate in rates:
            results = await steady(http, url, connector, texts, service_url, steady_rate, seconds)
            latencies = [r * 1000 for r in results if r is not None] or [float("nan")]
            lost = sum(r is None for r in results)
            print(f"{name:8s}   at {steady_rate:5.0f}/s: reply median {statistics.median(latencies):7.1f} ms  "
                  f"p90 {percentile(latencies, 90):7.1f} ms  p99 {percentile(latencies, 99):7.1f} ms  "
                  f"no reply {lost}/{len(results)}", flush=True)


async def main(args) -> None:
    connector = Connector()
    runner = web.AppRunner(connector.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    service_url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/"

    workdir = tempfile.mkdtemp(prefix="teams-bench-")
    database_url = args.database_url or f"sqlite:///{workdir}/bench.db"
    names = prepare_demo(database_url)
    print(f"demo school: {len(names)} pupils with pen portraits; {os.cpu_count()} CPUs; "
          f"database {database_url.split(':')[0]}")
    questions = [f"what works for {n}?" for n in names]
    bots = [(name, texts) for name, texts in
            [("echo", ["hello", "what works for Aisha?"]), ("sendbot", questions), ("layer", questions)]
            if name in args.bots]
    for port, (name, texts) in enumerate(bots, start=args.port):
        command = [sys.executable, __file__, "--serve", name, "--port", str(port), "--database-url", database_url]
        server = subprocess.Popen(command, cwd=ROOT)
        try:
            await measure(name, port, texts, service_url, connector, args.seconds, args.rates)
        finally:
            server.terminate()
            server.wait(10)
    await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rates", type=lambda v: [float(r) for r in v.split(",")], default=[100.0, 20.0],
                        help="steady arrival rates to time replies at, activities per second")
    parser.add_argument("--bots", type=lambda v: v.split(","), default=["echo", "sendbot", "layer"],
                        help="which of echo,sendbot,layer to measure")
    parser.add_argument("--port", type=int, default=39780)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--serve", choices=["echo", "sendbot", "layer"])
    args = parser.parse_args()
    if args.serve == "echo":
        serve_echo(args.port)
    elif args.serve in ("sendbot", "layer"):
        serve_sendbot(args.port, args.database_url, layer_only=args.serve == "layer")
    else:
        asyncio.run(main(args))
