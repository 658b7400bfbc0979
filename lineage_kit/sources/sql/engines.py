"""Opening databases read-only and time-bounded: SQLAlchemy engines for SQLite and PostgreSQL.

Every session is read-only at the database (PostgreSQL: a session setting;
SQLite: ``mode=ro``), carries ``application_name = lineage_kit`` where the
server shows it, and bounds each statement in time: PostgreSQL's
``statement_timeout``, and for SQLite (which has none) a progress handler that
interrupts a statement past its deadline.

The URL itself is read by :mod:`.urls` (secrets kept out of every output).
"""

from __future__ import annotations

import math
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa

from ...errors import StoreError
from .urls import DatabaseUrl

__all__ = [
    "APPLICATION_NAME",
    "POOL_SIZE",
    "TIMEOUT_KEY",
    "postgres_engine",
    "sqlite_engine",
]

APPLICATION_NAME = "lineage_kit"
"""What a DBA sees in ``pg_stat_activity.application_name`` for the kit's sessions."""
POOL_SIZE = 4
TIMEOUT_KEY = "lk_timeout"
"""``Connection.info`` key that overrides a SQLite connection's statement limit (seconds)."""


def sqlite_engine(path: Path, timeout: float) -> sa.Engine:
    """A read-only engine on a SQLite file whose statements stop after ``timeout`` seconds."""
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise StoreError(f"no SQLite database at {path}")
    uri = f"file:{quote(str(path))}?mode=ro"  # read-only at the driver: the kit never writes
    deadlines: dict[int, float] = {}

    def creator() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=timeout)
        key = id(conn)
        # SQLite has no statement timeout: a progress handler interrupts the statement
        # once its deadline has passed (SQLITE_INTERRUPT -> QueryTimeout).
        conn.set_progress_handler(
            lambda: int(time.monotonic() > deadlines.get(key, math.inf)), 10_000
        )
        return conn

    # A queue of connections, as on PostgreSQL: the default for "sqlite://" (one connection
    # per thread, closed behind a thread's back past five threads) breaks a threaded server.
    engine = sa.create_engine(
        "sqlite://", creator=creator, poolclass=sa.pool.QueuePool, pool_size=POOL_SIZE
    )

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _start_clock(conn: Any, *_: Any) -> None:
        limit = conn.info.get(TIMEOUT_KEY, timeout)
        deadlines[id(conn.connection.driver_connection)] = time.monotonic() + limit

    @sa.event.listens_for(engine, "close")
    def _forget(dbapi_conn: Any, _record: Any) -> None:
        deadlines.pop(id(dbapi_conn), None)

    return engine


def postgres_engine(url: DatabaseUrl, timeout: float) -> sa.Engine:
    """A pooled engine whose sessions are read-only, named, and time-bounded.

    The URL's secret parameters (:attr:`.urls.DatabaseUrl.secrets`) go to the driver as
    connect arguments: they are in no URL the engine keeps or prints.
    """
    engine = sa.create_engine(
        url.url,
        # No ping before each use: a read that meets a dead connection is retried
        # once on a fresh one (database.Session), so a query costs no extra round trip.
        pool_pre_ping=False,
        # Nothing to reset on return: every statement was its own read-only transaction.
        pool_reset_on_return=None,
        # Every statement is its own read-only transaction: no BEGIN/ROLLBACK round trips.
        isolation_level="AUTOCOMMIT",
        pool_size=POOL_SIZE,
        max_overflow=0,
        connect_args={**url.secrets, "application_name": APPLICATION_NAME},
    )

    @sa.event.listens_for(engine, "connect")
    def _session_settings(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cur.execute(f"SET statement_timeout = {int(timeout * 1000)}")
            cur.execute("SET plan_cache_mode = force_generic_plan")
        dbapi_conn.commit()

    return engine
