"""Opening databases read-only and time-bounded: SQLAlchemy engines for SQLite and PostgreSQL.

Every session is read-only at the database (PostgreSQL: a session setting;
SQLite: ``mode=ro``), carries ``application_name = lineage_kit`` where the
server shows it, and bounds its work in time:

- each statement: PostgreSQL's ``statement_timeout`` (enforced by the server),
  and for SQLite (which has none) a progress handler that interrupts a
  statement past its deadline;
- on PostgreSQL, from this side too, for a server that stops answering (frozen,
  or the network gone): ``connect_timeout`` and a connection attempt waited for
  no longer than the time left, TCP keepalives on idle connections, and a
  watchdog that cuts a statement still waiting past its deadline
  (:mod:`.watchdog`), so the wait ends in :class:`~lineage_kit.QueryTimeout`;
- a session's whole work (:class:`~.database.Session`) and the context's
  :func:`lineage_kit.deadline.within` bound every statement's deadline too.

The URL itself is read by :mod:`.urls` (secrets kept out of every output).
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa

from ... import deadline
from ...errors import StoreError
from .errors import DeadlineExceeded
from .urls import DatabaseUrl
from .watchdog import bounded_connect, watchdog

__all__ = [
    "APPLICATION_NAME",
    "DEADLINE_KEY",
    "GRACE",
    "KEEPALIVES",
    "POOL_SIZE",
    "TIMEOUT_KEY",
    "postgres_engine",
    "sqlite_engine",
    "statement_deadline",
    "was_cut",
]

APPLICATION_NAME = "lineage_kit"
"""What a DBA sees in ``pg_stat_activity.application_name`` for the kit's sessions."""
POOL_SIZE = 4
TIMEOUT_KEY = "lk_timeout"
"""``Connection.info`` key that overrides a SQLite connection's statement limit (seconds)."""
DEADLINE_KEY = "lk_deadline"
"""``Connection.info`` key: the deadline (monotonic clock) of the session holding it."""
_TICKET_KEY = "lk_watch"
_CUT_KEY = "lk_cut"
GRACE = 0.5
"""Seconds the watchdog waits past a statement's deadline: a statement that is merely slow
is cancelled by the server's ``statement_timeout`` first, which keeps its connection
usable; only a server that does not answer at all has its connection cut."""
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,
}
"""libpq's TCP settings: an idle pooled connection to a vanished host is found dead in about
a minute instead of TCP's two hours (a statement in flight has its own deadline)."""


def statement_deadline(info: Mapping[str, Any], timeout: float) -> float:
    """When a statement starting now must end: its own limit, its session's deadline and the
    context's (:func:`lineage_kit.deadline.within`), whichever comes first (monotonic)."""
    limit = info.get(TIMEOUT_KEY, timeout)
    return min(time.monotonic() + limit, info.get(DEADLINE_KEY, math.inf), deadline.current())


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
        deadlines[id(conn.connection.driver_connection)] = statement_deadline(conn.info, timeout)

    @sa.event.listens_for(engine, "close")
    def _forget(dbapi_conn: Any, _record: Any) -> None:
        deadlines.pop(id(dbapi_conn), None)

    return engine


def postgres_engine(url: DatabaseUrl, timeout: float) -> sa.Engine:
    """A pooled engine whose sessions are read-only, named, and time-bounded on both sides.

    The URL's secret parameters (:attr:`.urls.DatabaseUrl.secrets`) go to the driver as
    connect arguments: they are in no URL the engine keeps or prints. The session
    settings travel in the startup packet (libpq's ``options``): no round trip after
    connecting, and nothing that could wait on a server that stops answering then.
    """
    import psycopg

    settings = " ".join(
        (
            str(url.url.query.get("options", "")),
            "-c default_transaction_read_only=on",
            f"-c statement_timeout={int(timeout * 1000)}",
            "-c plan_cache_mode=force_generic_plan",
        )
    ).strip()
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
        connect_args={
            **url.secrets,
            **KEEPALIVES,
            "connect_timeout": max(2, math.ceil(timeout)),
            "application_name": APPLICATION_NAME,
            "options": settings,
        },
    )

    @sa.event.listens_for(engine, "do_connect")
    def _connect(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        def attempt() -> Any:
            try:
                return dialect.connect(*cargs, **cparams)
            except psycopg.errors.ConnectionTimeout:
                raise DeadlineExceeded("connecting took longer than connect_timeout") from None

        left = deadline.remaining()
        if left is None:
            return attempt()
        return bounded_connect(attempt, left + GRACE, lambda conn: conn.close())

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _watch(conn: Any, *_: Any) -> None:
        fd = conn.connection.driver_connection.pgconn.socket
        at = statement_deadline(conn.info, timeout) + GRACE
        conn.info[_TICKET_KEY] = watchdog.arm(fd, at)

    @sa.event.listens_for(engine, "after_cursor_execute")
    def _unwatch(conn: Any, *_: Any) -> None:
        ticket = conn.info.pop(_TICKET_KEY, None)
        if ticket is not None and watchdog.disarm(ticket):
            conn.info[_CUT_KEY] = True  # answered, but cut just after: not to be used again

    @sa.event.listens_for(engine, "handle_error")
    def _cut_short(ctx: Any) -> None:
        conn = ctx.connection
        watched = conn is not None and not conn.invalidated
        ticket = conn.info.pop(_TICKET_KEY, None) if watched else None
        if ticket is not None and watchdog.disarm(ticket):
            ctx.is_disconnect = True  # SQLAlchemy discards the connection
            raise DeadlineExceeded("no answer before the deadline: the connection was cut")

    return engine


def was_cut(conn: sa.Connection) -> bool:
    """Whether the watchdog cut ``conn``'s socket after its last statement had answered."""
    return bool(conn.info.pop(_CUT_KEY, False))
