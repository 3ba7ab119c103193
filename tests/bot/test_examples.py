"""Every example in the README's "What staff can say" and in help works verbatim on the demo school."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from handlers.registry import TOPICS
from models import Concern, InterventionSession, ParentContact, PenPortraitVersion
from tests.bot.staffroom import Staffroom

README = Path(__file__).resolve().parents[2] / "README.md"
ROLE = {"teacher": "teacher", "TA": "ta", "SENCO": "senco", "anyone": "teacher"}
# What each conversation's example should end in, and the record it stores (None: it only reads).
OUTCOME = {
    "log_concern": (("concern.logged",), Concern), "record_session": (("session.recorded",), InterventionSession),
    "get_portrait": (("portrait.show",), None), "update_portrait": (("portrait.updated",), PenPortraitVersion),
    "log_parent_contact": (("parent_contact.logged",), ParentContact), "upcoming": (("upcoming.",), None),
    "help": (("help.text",), None), "undo": (("undo.nothing",), None),
}


def readme_examples() -> list[tuple[str, str]]:
    """(role, example) for each backticked phrase in the README's table of what staff can say."""
    section = README.read_text(encoding="utf-8").split("## What staff can say", 1)[1].split("\n## ", 1)[0]
    out = []
    for row in section.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[2] in ROLE:
            out += [(ROLE[cells[2]], phrase) for phrase in re.findall(r"`([^`]+)`", cells[1])
                    if phrase not in ("trigger", "strength", "interest")]
    return out


def help_examples() -> list[tuple[str, str, str]]:
    """(role, topic, example) for every example the registry declares (help shows the first of each)."""
    role = {"ta": "ta", "senco": "senco", "teacher": "teacher"}
    return [(role[t.roles[0]] if t.roles else "teacher", t.name, e) for t in TOPICS.values() for e in t.examples]


def test_the_readme_table_is_read():
    found = readme_examples()
    assert len(found) >= 10 and ("ta", "PT with Esme and Dawit 10 mins 7/10, Dawit absent") in found


@pytest.mark.parametrize(("who", "text"), readme_examples())
def test_every_readme_example_works_verbatim(db_factory, who, text):
    room = Staffroom(db_factory)
    before = room.counts()
    replies = room.say(who, text)
    keys = [r.key for r in replies]
    assert keys and not any(k in ("unknown.text", "error.internal", "pupil.unmatched", "pupil.which") for k in keys), keys
    assert before != room.counts() or keys[0] in ("portrait.show", "help.text", "undo.nothing", "dialog.nothing_to_cancel",
                                                  "session.form_intro") or keys[0].startswith("upcoming")


@pytest.mark.parametrize(("who", "name", "text"), help_examples())
def test_every_help_example_works_verbatim_and_stores_its_record(db_factory, who, name, text):
    room = Staffroom(db_factory)
    expected, record = OUTCOME[name]
    [reply] = room.say(who, text)
    assert reply.key.startswith(expected), (reply.key, reply.text)
    if record is not None:
        [row] = room.new(record)
        by = row.updated_by_id if record is PenPortraitVersion else row.recorded_by_id
        assert by == room.staff(who).id
