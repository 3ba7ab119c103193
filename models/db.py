"""Engines and the unit of work, for SQLite (embedded) and PostgreSQL (a trust)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, **kwargs) -> Engine:
    """An engine with the pragmas SENDbot relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take control so SELECT sees a snapshot.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def insert_or_ignore(db: Session, model: type, *, keys: list[str], **values: Any) -> int | None:
    """INSERT a row unless one with the same `keys` exists (or a concurrent transaction is adding it).

    Returns the new row's id, or None when it was already there. One statement on SQLite and
    PostgreSQL alike: no savepoint, no IntegrityError to catch.
    """
    unknown = set(values) - set(model.__table__.c.keys())
    if unknown:  # execution parameters that match no column are silently dropped: refuse them instead
        raise ValueError(f"{model.__tablename__} has no column {sorted(unknown)}")
    connection = db.connection()  # Core on the session's transaction: the ORM insert path costs more
    return connection.scalar(_insert_or_ignore(connection.dialect.name, model, tuple(keys)), values)


@lru_cache(maxsize=None)
def _insert_or_ignore(dialect: str, model: type, keys: tuple[str, ...]):
    """Built once per table and key: the values come with each execution."""
    insert = sqlite_insert if dialect == "sqlite" else pg_insert
    return insert(model).on_conflict_do_nothing(index_elements=list(keys)).returning(model.id)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commits on success, rolls back on any error."""
    with factory() as db:
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise
