"""Client-side deadlines on PostgreSQL connections: a statement never waits past its own.

PostgreSQL's ``statement_timeout`` is enforced by the server; a server that stops
answering (its processes frozen, the network gone) enforces nothing, and the
client would wait for as long as the outage lasts. So every statement the kit
runs is also watched from this side: :class:`Watchdog` holds one thread per
process and a heap of armed statements; when one is still running at its
deadline, the thread shuts its connection's socket down. The driver's blocked
read then fails at once, the statement's error becomes :class:`DeadlineExceeded`
(:func:`~.errors.translate` makes it a :class:`~lineage_kit.QueryTimeout`), and
SQLAlchemy discards the connection. A connection whose statement ended first is
never touched: disarming and firing take the same lock.

Opening a connection is bounded the same way (:func:`bounded_connect`): psycopg's
own ``connect_timeout`` counts whole seconds, from two; the kit waits for the
deadline it has, and a connection that arrives later is closed.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .errors import DeadlineExceeded

__all__ = ["Ticket", "Watchdog", "bounded_connect", "watchdog"]

T = TypeVar("T")


@dataclass(order=True)
class Ticket:
    """One armed statement: its deadline, and whether the watchdog fired on it."""

    at: float
    seq: int
    fd: int = field(compare=False)
    armed: bool = field(default=True, compare=False)
    fired: bool = field(default=False, compare=False)


class Watchdog:
    """One thread that shuts down the socket of a statement still running at its deadline."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._heap: list[Ticket] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, fd: int, at: float) -> Ticket:
        """Watch the connection on socket ``fd`` until :meth:`disarm`; cut it at ``at``."""
        ticket = Ticket(at, next(self._seq), fd)
        with self._lock:
            heapq.heappush(self._heap, ticket)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="lineage_kit-watchdog", daemon=True
                )
                self._thread.start()
            if self._heap[0] is ticket:
                # The thread sleeps until the earliest deadline; a later one needs no wake-up
                # (about 15 µs a statement). Disarmed tickets wait in the heap until the thread
                # wakes past them: at most a timeout's worth of statements.
                self._wake.notify()
        return ticket

    def disarm(self, ticket: Ticket) -> bool:
        """Stop watching; whether the watchdog had already cut the connection."""
        with self._lock:
            ticket.armed = False
            return ticket.fired

    def _run(self) -> None:
        with self._lock:
            while True:
                while self._heap and not self._heap[0].armed:
                    heapq.heappop(self._heap)  # disarmed: forgotten here, lazily
                if not self._heap:
                    self._wake.wait(60)
                    if not self._heap:
                        self._thread = None
                        return
                    continue
                first = self._heap[0]
                wait = first.at - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                heapq.heappop(self._heap)
                first.armed, first.fired = False, True
                _cut(first.fd)


def _cut(fd: int) -> None:
    """Shut the socket down both ways (the driver keeps its descriptor; a read now fails)."""
    with contextlib.suppress(OSError):
        sock = socket.socket(fileno=fd)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        finally:
            sock.detach()  # the descriptor stays the driver's, open


watchdog = Watchdog()
"""The process's watchdog (one thread, started on first use)."""


def bounded_connect(connect: Callable[[], T], seconds: float, close: Callable[[T], Any]) -> T:
    """``connect()``, waited for at most ``seconds``; :class:`DeadlineExceeded` past that.

    The attempt goes on in its own thread (the driver's ``connect_timeout`` ends it);
    a connection that arrives after the caller has given up is closed with ``close``.
    """
    outcome: dict[str, Any] = {}
    done = threading.Event()
    lock = threading.Lock()

    def attempt() -> None:
        try:
            conn = connect()
        except BaseException as exc:  # handed to the caller, if it still waits
            with lock:
                outcome["error"] = exc
                done.set()
            return
        with lock:
            if outcome.get("abandoned"):
                with contextlib.suppress(Exception):
                    close(conn)
                return
            outcome["conn"] = conn
            done.set()

    threading.Thread(target=attempt, name="lineage_kit-connect", daemon=True).start()
    done.wait(max(seconds, 0.0))
    with lock:
        if not done.is_set():
            outcome["abandoned"] = True
            raise DeadlineExceeded(f"connecting took more than {seconds:.1f}s")
    if "error" in outcome:
        raise outcome["error"]
    conn: T = outcome["conn"]
    return conn
