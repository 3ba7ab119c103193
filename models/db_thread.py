"""Where blocking database work runs when the event loop asks for it.

SQLite takes one writer at a time, and every unit of work here writes (an audit row at least), so
threads racing for its lock only sleep in its busy handler, in steps of up to 100 ms. One thread per
SQLite database queues the work in order instead. PostgreSQL takes concurrent writers: its work
goes to asyncio's shared thread pool.
"""
from __future__ import annotations

import asyncio
import functools
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")
_executors: weakref.WeakKeyDictionary[Engine, ThreadPoolExecutor] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _executor(engine: Engine) -> ThreadPoolExecutor | None:
    if engine.dialect.name != "sqlite":
        return None
    with _lock:
        executor = _executors.get(engine)
        if executor is None:
            executor = _executors[engine] = ThreadPoolExecutor(1, thread_name_prefix="sqlite")
        return executor


async def run_db(bind: Engine | sessionmaker[Session], fn: Callable[..., T], *args, **kwargs) -> T:
    """`fn(*args, **kwargs)` off the event loop, on the thread that suits this database."""
    engine = bind if isinstance(bind, Engine) else bind.kw["bind"]
    executor = _executor(engine)
    if executor is None:
        return await asyncio.to_thread(fn, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(executor, functools.partial(fn, *args, **kwargs))
