"""The migrations (0002_nudges among them) upgrade an empty database on SQLite and PostgreSQL, and back down to 0001."""
from __future__ import annotations

from sqlalchemy import inspect

from models.db import make_engine
from models.migrate import alembic_config, current_revision, upgrade


def _head(db_url) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()


def test_nudge_tables_come_from_the_migration(db_url):
    assert current_revision(db_url) == _head(db_url)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        uniques = inspect(conn).get_unique_constraints("nudge_settings")
    engine.dispose()
    assert {"nudge_actions", "nudge_settings"} <= tables
    assert [u["column_names"] for u in uniques] == [["school_id", "rule"]]


def test_downgrade_to_0001_and_up_again(db_url):
    from alembic import command

    command.downgrade(alembic_config(db_url), "0001")
    assert current_revision(db_url) == "0001"
    upgrade(db_url)
    assert current_revision(db_url) == _head(db_url)
