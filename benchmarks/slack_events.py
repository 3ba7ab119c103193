"""Slack path speed: signed events posted to /slack/events, replies timed on a local fake Slack Web API.

One process on 127.0.0.1: SENDbot's Slack endpoint (bolt AsyncApp on aiohttp) over the demo school,
and the fake Web API that records chat.postMessage. Each event is a DM from the demo TA asking a
pen-portrait question (understanding, a database read, a Block Kit reply). Reports:
  ack      POST sent -> HTTP 200 back (Slack wants this under 3 s)
  reply    POST sent -> chat.postMessage received by the fake Slack
at a steady rate, plus the most events per second completed with many in flight.

    .venv/bin/python benchmarks/slack_events.py [--events 300] [--rate 20] [--database-url URL]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.channels.slack.app import build, mount  # noqa: E402
from bot.channels.slack.client import make_client  # noqa: E402
from bot.channels.slack.post import Pacer, Poster  # noqa: E402
from bot.conversation import Conversation  # noqa: E402
from bot.schooldata.demo import DEMO_LOGINS, build_demo  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.settings import Settings  # noqa: E402
from models import Pupil  # noqa: E402
from models.db import make_engine, session_factory, unit_of_work  # noqa: E402
from models.migrate import upgrade  # noqa: E402
from tests.slack.conftest import payload, sign  # noqa: E402
from tests.slack.mock_slack import MockSlackApi  # noqa: E402

TODAY = date(2025, 3, 4)
NOW = datetime(2025, 3, 4, 10, 30, tzinfo=timezone.utc)
QUESTIONS = ("what works for {}?", "strategies for {}", "how do I help {}")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] * 1000


async def main(events: int, rate: float, database_url: str | None) -> None:
    url = database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    upgrade(url)
    factory = session_factory(make_engine(url))
    with unit_of_work(factory) as db:
        build_demo(db, today=TODAY)
    with factory() as db:
        names = [p.known_as for p in db.query(Pupil).limit(40)]
    api = await MockSlackApi().start()
    api.emails["U0TA00001"] = DEMO_LOGINS["ta"]
    settings = Settings(_env_file=None, database_url=url, slack_bot_token="xoxb-bench", slack_signing_secret="s3cret",
                        slack_api_url=api.url + "/api/")
    services = Services(settings, factory.kw["bind"], factory, Conversation(factory, clock=lambda: NOW))
    client = make_client(settings)
    bolt, channel = build(services, client=client, poster=Poster(client, pacer=Pacer(0)))
    app = web.Application()
    mount(app, bolt, channel)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    endpoint = str(server.make_url("/slack/events"))
    sent: dict[str, float] = {}
    replies: dict[str, float] = {}

    async with aiohttp.ClientSession() as session:
        async def send(i: int) -> float:
            body = payload("message_im", text=QUESTIONS[i % 3].format(names[i % len(names)]),
                           channel=f"D{i:08d}") | {"event_id": f"EvB{i}"}
            raw = json.dumps(body).encode()
            sent[f"D{i:08d}"] = start = time.perf_counter()
            async with session.post(endpoint, data=raw, headers={"Content-Type": "application/json", **sign(raw, secret="s3cret")}) as r:
                assert r.status == 200
            return time.perf_counter() - start

        await send(-1)  # warm up: loads the language model and the school's roster
        await channel.settle()
        baseline = len(api.of("chat.postMessage"))

        original = api._record

        async def stamp(call):
            if call.method == "chat.postMessage":
                replies[call.params["channel"]] = time.perf_counter()
            await original(call)

        api._record = stamp
        print("  sample reply:", api.of("chat.postMessage")[-1].params["text"][:70].replace("\n", " "))
        tasks = []
        for i in range(events):
            tasks.append(asyncio.create_task(send(i)))
            await asyncio.sleep(1 / rate)
        acks = await asyncio.gather(*tasks)
        await channel.settle()
        latency = [replies[k] - sent[k] for k in replies if k in sent]
        print(f"steady {rate:g}/s, {events} DM events, database {url.split(':')[0]}")
        print(f"  ack    p50 {pct(acks, .5):7.1f} ms   p95 {pct(acks, .95):7.1f} ms   max {max(acks) * 1000:7.1f} ms")
        print(f"  reply  p50 {pct(latency, .5):7.1f} ms   p95 {pct(latency, .95):7.1f} ms   ({len(latency)} replies)")

        start = time.perf_counter()
        await asyncio.gather(*(send(events + i) for i in range(events)))
        await channel.settle()
        elapsed = time.perf_counter() - start
        done = len(api.of("chat.postMessage")) - baseline - len(latency)
        print(f"  burst  {events} events in flight: {done / elapsed:6.1f} replies/s completed")
    await server.close()
    await api.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    asyncio.run(main(args.events, args.rate, args.database_url))
