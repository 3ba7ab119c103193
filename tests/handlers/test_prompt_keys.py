"""Every prompt key the handlers name exists in prompts/en-GB."""
from __future__ import annotations

import re
from pathlib import Path

from bot.prompts import prompts

AREAS = ("access", "pupil", "concern", "session", "portrait", "parent_contact", "upcoming", "help", "unknown",
         "safeguarding", "notify")
KINDS = {"concern.new", "concern.acknowledged", "concern.closed", "session.unlinked", "safeguarding.alert",
         "safeguarding.review_list"}  # outbox kinds
KEY = re.compile(r'"((?:%s)\.[a-z_.]+)"' % "|".join(AREAS))


def test_every_named_key_exists():
    known = set(prompts().keys())
    named = set()
    for path in (Path(__file__).resolve().parents[2] / "handlers").glob("*.py"):
        named |= {k for k in KEY.findall(path.read_text()) if not k.endswith(".") and k not in KINDS}
    named |= {f"concern.area.{a}" for a in ("communication_interaction", "cognition_learning", "semh",
                                            "sensory_physical", "unsure")}
    named |= {"notify.concern_acknowledged", "notify.concern_closed", "notify.concern_acknowledge_button"}
    assert named and named <= known, sorted(named - known)
