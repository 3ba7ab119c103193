"""The `sendbot` commands a user runs, end to end on a fresh SQLite file."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import get_settings

runner = CliRunner()


@pytest.fixture
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's checkout
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_upgrade_demo_and_chat(database):
    assert run("db", "upgrade").exit_code == 0
    loaded = run("demo", "--today", "2026-11-23")
    assert loaded.exit_code == 0 and "s.pritchard@larkspur.example" in loaded.output
    again = run("demo", "--if-empty")
    assert again.exit_code == 0 and "already has a school" in again.output

    chat = run("chat", "--as", "P.Raman@larkspur.example", input="help\nwhat's coming up?\nquit\n")
    assert chat.exit_code == 0, chat.output
    assert "Hello Priya Raman" in chat.output and "[1]" in chat.output


def test_chat_with_an_unknown_email_says_so(database):
    run("db", "upgrade")
    result = run("chat", "--as", "nobody@larkspur.example")
    assert result.exit_code == 1 and "No active staff member" in result.output


def test_a_bad_import_lists_every_problem_and_writes_nothing(database):
    run("db", "upgrade")
    run("demo", "--today", "2026-11-23")
    bad = database / "pupils.csv"
    bad.write_text(
        "upn,first_name,preferred_name,last_name,year_group,class,sen_status,primary_need,date_of_birth\n"
        "B888123420001,Ada,,Quill,4,4K,N,,2017-03-01\n"
        "A123456789012,,,Wren,Year 4,4K,K,XYZ,2017-13-01\n",
        encoding="utf-8",
    )
    result = run("import", "pupils", str(bad), "--school", "999001")
    assert result.exit_code == 1
    for expected in ("line 2, column upn", "line 3, column first_name", "line 3, column year_group",
                     "line 3, column primary_need", "line 3, column date_of_birth", "nothing was changed"):
        assert expected in result.output, result.output
    exported = run("export", "pupil", "A123456789012", "--school", "999001")
    assert exported.exit_code == 1 and "No pupil" in exported.output


def test_export_prints_the_pupils_record_as_json(database):
    run("db", "upgrade")
    run("demo", "--today", "2026-11-23")
    from models.db import make_engine, session_factory
    from models import Pupil
    from sqlalchemy import select

    engine = make_engine(get_settings().database_url)
    with session_factory(engine)() as db:
        upn = db.scalar(select(Pupil.upn).where(Pupil.sen_status == "E").limit(1))
    engine.dispose()
    result = run("export", "pupil", upn)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["pupil"]["upn"] == upn


def test_parse_follows_the_contract(database):
    roster = database / "roster.csv"
    roster.write_text(
        "upn,first_name,preferred_name,last_name,year_group,class,sen_status,primary_need,date_of_birth\n"
        "A123456789012,Samuel,Sam,Pickering,4,4K,K,SPLD,2017-03-01\n",
        encoding="utf-8",
    )
    result = run("parse", "--roster", str(roster), "--today", "2026-11-18",
                 input='{"text": "did PT with sam p 15 mins, 7/10"}\n')
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[0]) == {
        "intent": "record_session", "pupils": ["A123456789012"], "candidates": [], "programme": "Precision Teaching",
        "duration_minutes": 15, "score": "7/10", "date": None, "area_of_need": None, "safeguarding": False,
    }
