"""A session: one pooled connection held for a piece of work, within its deadline.

See :class:`Session`. The statements it runs are held to the deadline by the
engine's events (:mod:`.engines`, :mod:`.watchdog`); driver errors become the
kit's (:mod:`.errors`).
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import sqlalchemy as sa

from ... import deadline
from ...errors import QueryTimeout, StoreError
from .compiled import Compiled
from .engines import DEADLINE_KEY, TIMEOUT_KEY, was_cut
from .errors import DRIVER_ERRORS, is_disconnect

__all__ = ["Pool", "Session"]


class Pool(Protocol):
    """What a session needs of its database (:class:`~.database.Database`, which makes the
    sessions: so that this module need not import it back)."""

    engine: sa.Engine
    label: str
    timeout: float
    slots: threading.BoundedSemaphore | None

    @property
    def timeout_hint(self) -> str: ...

    def limit(self, conn: sa.Connection, seconds: float) -> None: ...

    def translate(self, exc: BaseException, limit: str | None = None) -> StoreError: ...

    def translating(self, what: str = "a statement", limit: str | None = None) -> Any: ...


class Session:
    """One pooled connection held for a piece of work (a query, an audit), and its deadline.

    The work as a whole ends within ``timeout`` seconds (the store's ``timeout``
    by default, or the context's :func:`lineage_kit.deadline.within` if earlier):
    waiting for a free connection, connecting and every statement count, and
    past the deadline the session raises :class:`~lineage_kit.QueryTimeout`
    (see :mod:`.engines` for how a statement is held to it). The connection is
    taken on first use and given back when the session ends. A read that fails
    because the connection is dead is run again, once, on a fresh connection,
    if time is left; every read the kit makes is a plain SELECT in its own
    read-only transaction, so running it again is safe. ``timeout`` also
    overrides the per-statement limit while the session holds the connection
    (whole-table work such as the audit); it is reset before the connection
    goes back to the pool. Driver errors become the kit's.
    """

    def __init__(self, db: Pool, timeout: float | None = None) -> None:
        self.db = db
        self.timeout = timeout
        budget = db.timeout if timeout is None else timeout
        if db.slots is None:  # an engine of the caller's: used as given, no time added
            budget = math.inf
        self.deadline = min(time.monotonic() + budget, deadline.current())
        """When the session's work must end (monotonic clock; ``inf``: no end)."""
        self._conn: sa.Connection | None = None
        self._slot = False

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _left(self) -> float:
        """Seconds left (``inf``: no deadline); :class:`~lineage_kit.QueryTimeout` when none
        are."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise QueryTimeout(f"{self.db.label}: the query ran out of time ({self._limit})")
        return left

    @property
    def _limit(self) -> str:
        if self.timeout is None:
            return self.db.timeout_hint
        return f"timeout={self.timeout:g}s"

    def _connection(self) -> sa.Connection:
        if self._conn is not None:
            return self._conn
        slots = self.db.slots
        if slots is not None and not self._slot:
            if not slots.acquire(timeout=self._left()):
                raise QueryTimeout(
                    f"{self.db.label}: no connection came free in time ({self._limit})"
                )
            self._slot = True
        left = self._left()
        bounded = deadline.within(left) if math.isfinite(left) else contextlib.nullcontext()
        try:
            with bounded, self.db.translating("connecting", self._limit):
                conn = self.db.engine.connect()
        except BaseException:
            self._release()
            raise
        self._conn = conn
        conn.info[DEADLINE_KEY] = self.deadline
        if self.timeout is not None:
            self.db.limit(conn, self.timeout)
        return conn

    def _release(self) -> None:
        if self._slot:
            self._slot = False
            assert self.db.slots is not None
            self.db.slots.release()

    def close(self) -> None:
        """Give the connection back to the pool (if one is held)."""
        conn, self._conn = self._conn, None
        if conn is None:
            self._release()
            return
        try:
            # (An invalidated connection's info is gone with it; touching it would reconnect.)
            if not conn.invalidated:
                conn.info.pop(DEADLINE_KEY, None)
                if was_cut(conn):
                    conn.invalidate()  # its socket is shut: the pool must not hand it out again
            if self.timeout is not None and not conn.invalidated:
                with contextlib.suppress(*DRIVER_ERRORS):  # back to the store's limit
                    self.db.limit(conn, self.db.timeout)
                if not conn.invalidated:
                    conn.info.pop(TIMEOUT_KEY, None)
        finally:
            conn.close()
            self._release()

    def run(self, work: Callable[[sa.Connection], Any]) -> Any:
        """``work(connection)``, again on a fresh connection if this one was dead (and time
        is left)."""
        for attempt in (0, 1):
            self._left()
            try:
                return work(self._connection())
            except DRIVER_ERRORS as exc:
                if attempt or not is_disconnect(exc) or self.deadline <= time.monotonic():
                    raise self.db.translate(exc, self._limit) from None
                self.close()  # SQLAlchemy has invalidated it; the pool replaces it
        raise AssertionError("unreachable")

    def rows(self, stmt: Any, params: dict[str, Any] | None = None) -> list[Any]:
        """All rows of one statement (a Core statement or a :class:`Compiled` one)."""
        if isinstance(stmt, Compiled):
            return self.run(lambda conn: stmt.run(conn, params))
        return self.run(lambda conn: list(conn.execute(stmt, params)))
