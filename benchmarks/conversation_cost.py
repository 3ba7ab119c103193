"""What one pen-portrait question costs inside Conversation, with no channel around it.

Answers "what works for <pupil>?" for the demo school's pupils, one after another, through
Conversation.handle_sync (understanding, dialog state, the read and its audit row, one transaction),
and prints the SQL statements one message runs once every portrait view is built (the views are
rebuilt only when a school's portraits_version or date moves) and the CPU time per message (best of several rounds,
since a shared machine's speed wanders).

    .venv/bin/python benchmarks/conversation_cost.py [--messages 500] [--rounds 5] [--database-url URL]
"""
from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(args) -> None:
    from bot.incoming import Incoming
    from bot.services import Services
    from bot.settings import Settings
    from models import StaffIdentity
    from teams_throughput import prepare_demo

    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='conversation-cost-')}/bench.db"
    names = prepare_demo(url)
    services = Services.from_settings(Settings(_env_file=None, database_url=url))
    with services.factory() as db:
        staff_id = db.scalar(select(StaffIdentity.staff_id).where(StaffIdentity.channel == "teams"))
    numbers = itertools.count()

    def ask() -> str:
        n = next(numbers)
        incoming = Incoming(channel="teams", conversation_id=f"c{n % 50}", staff_id=staff_id,
                            text=f"what works for {names[n % len(names)]}?", event_id=f"cost{n}")
        [reply] = services.conversation.handle_sync(incoming)
        return reply.prompt

    for _ in names:  # warm: the intent model and the roster load once, each pupil's portrait view is built once
        assert ask() == "portrait.show"
    statements: list[str] = []

    def note(_conn, _cursor, sql, *_):
        statements.append(" ".join(sql.split())[:100])

    event.listen(services.engine, "before_cursor_execute", note)
    ask()
    event.remove(services.engine, "before_cursor_execute", note)
    print(f"database {url.split(':')[0]}; {len(names)} pupils with pen portraits; "
          f"{len(statements)} statements a message:")
    for sql in statements:
        print(f"  {sql}")
    best = float("inf")
    for _ in range(args.rounds):
        start = time.process_time()
        for _ in range(args.messages):
            ask()
        best = min(best, (time.process_time() - start) / args.messages)
    print(f"CPU per message: {best * 1000:.2f} ms (best of {args.rounds} rounds of {args.messages})")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", default="")
    main(parser.parse_args())
