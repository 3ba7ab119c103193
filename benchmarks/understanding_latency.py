"""Latency of Understander.parse (safeguarding detector included) on a 2,000-pupil fictional roster:
`python benchmarks/understanding_latency.py`."""
from __future__ import annotations

import json
import random
import statistics
import time
from datetime import date
from pathlib import Path

from bot.understanding import DEFAULT_CATALOGUE, RosterPupil, intent_model, screener, understander
from handlers.registry import training_examples

STAFF = Path(__file__).resolve().parents[1] / "tests" / "understanding" / "data" / "staff_heldout.jsonl"

FIRST = """Aaron Ada Adam Aisha Alfie Alice Amara Amelia Amir Anna Archie Arlo Ava Ayaan Bella Ben Bilal Caleb Charlie Chloé Connor
Daisy Daniel Dara Dylan Eden Elijah Ella Ellie Emily Erin Esme Ethan Evie Ezra Faith Fatima Felix Finley Freya George Grace Hamza
Harriet Harry Hope Isaac Isla Ivy Jack Jacob Jamie Jayden Joy Kai Keira Kian Layla Leo Lily Lucas Luca Mark May Maya Mia Mohammed
Muhammad Niamh Noah Olivia Omar Oscar Poppy Priya Reuben Rose Ruby Ryan Sam Seán Siân Sophie Summer Theo Tomasz Will Yusuf Zara Zoë""".split()
LAST = """Adeyemi Ahmed Ali Asante Baker Begum Bell Brown Byrne Campbell Chen Clarke Collins Cooper Davies Doyle Dubois Ellis Evans
Fraser Green Hall Hughes Hussain Ibrahim Jones Kaur Khan Kowalski Levy Lewis Martin Mensah Mitchell Morgan Murphy Murray Nowak
Nwosu O'Brien O'Connor Okafor Okoro Osei Patel Price Rahman Roberts Scott Sharma Silva Singh Smith Smith-Jones Taylor Thompson
Turner Walker Ward Wilson Wright""".split()
MESSAGES = [
    "did PT with {f} {l0} 15 mins, 7/10", "worried about {f}'s reading", "what works for {f} {l}?", "spoke to {f}'s mum today about homework",
    "what's coming up this week", "help", "lego with {f}, {f2} & {f3} 30 mins, {f2} absent", "{f} in {c} was really upset at lunch",
    "she told me her dad hits her, {f} {l}", "I will check with {f}'s dad tomorrow", "zones w/ {f} {l} 10m 4/5 on monday",
    "what have i got on friday?", "{f} {l} hurt his knee in PE, first aid given", "thanks", "😀", "<at>SENDbot</at> help",
    "numicon with {f} {l0} and {f2} {l2} 3rd Dec 20 minutes 8/10", "tell me about {f}", "{f} keeps hitting out and crying, very anxious",
    "{f}  " * 40, "x" * 5000,
]


def make_roster(n: int, seed: int = 2000) -> list[RosterPupil]:
    """A deterministic fictional roster of n pupils."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        year = rng.choice(["R", "1", "2", "3", "4", "5", "6"])
        out.append(RosterPupil(f"B{900000000000 + i}", rng.choice(FIRST), None, rng.choice(LAST), year, f"{year}{rng.choice('ABKM')}"))
    return out


def main(n_messages: int = 4000) -> None:
    """Print roster build time and p50/p95/p99 parse latency."""
    examples = training_examples()
    intent_model(examples)
    screener()
    roster = make_roster(2000)
    start = time.perf_counter()
    u = understander(roster, DEFAULT_CATALOGUE, examples)
    build_ms = (time.perf_counter() - start) * 1000
    rng = random.Random(1)
    texts = []
    for _ in range(n_messages):
        a, b, c = rng.sample(roster, 3)
        texts.append(rng.choice(MESSAGES).format(f=a.first_name, l=a.last_name, l0=a.last_name[0], f2=b.first_name, l2=b.last_name,
                                                 f3=c.first_name, c=a.class_name))
    today = date(2026, 11, 18)
    for t in texts[:200]:  # warm up
        u.parse(t, today=today)
    times = []
    for t in texts:
        s = time.perf_counter()
        u.parse(t, today=today)
        times.append((time.perf_counter() - s) * 1000)
    print(f"roster of {len(roster)} indexed in {build_ms:.0f} ms")
    report("templated messages (some hostile)", times)
    # Real staff phrasing, as written for the held-out set (only timed here), against the same roster.
    staff = [json.loads(line)["text"] for line in STAFF.read_text(encoding="utf-8").splitlines() if line.strip()]
    times = []
    for t in staff * 3:
        s = time.perf_counter()
        u.parse(t, today=today)
        times.append((time.perf_counter() - s) * 1000)
    report("staff messages", times)


def report(what: str, times: list[float]) -> None:
    q = statistics.quantiles(times, n=100)
    print(f"{len(times)} {what}: p50 {q[49]:.3f} ms, p95 {q[94]:.3f} ms, p99 {q[98]:.3f} ms, max {max(times):.3f} ms")


if __name__ == "__main__":
    main()
