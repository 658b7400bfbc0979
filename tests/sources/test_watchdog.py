"""The watchdog cuts the socket of a statement still running at its deadline, and only
that one: whatever the order in which statements are armed (it sleeps until the earliest
deadline and is woken only by an earlier one), disarmed statements are never touched."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from lineage_kit.sources.sql.watchdog import Watchdog


@pytest.fixture
def pairs() -> Iterator[list[tuple[socket.socket, socket.socket]]]:
    made: list[tuple[socket.socket, socket.socket]] = []
    yield made
    for a, b in made:
        a.close()
        b.close()


def _pair(pairs: list[tuple[socket.socket, socket.socket]]) -> socket.socket:
    a, b = socket.socketpair()
    pairs.append((a, b))
    return a


def _is_cut(sock: socket.socket) -> bool:
    sock.settimeout(0.05)
    try:
        return sock.recv(1) == b""  # shut down: end of file at once
    except TimeoutError:
        return False


def test_a_later_deadline_and_then_an_earlier_one_each_fire_on_time(
    pairs: list[tuple[socket.socket, socket.socket]],
) -> None:
    dog = Watchdog()
    late, early, done = _pair(pairs), _pair(pairs), _pair(pairs)
    start = time.monotonic()
    t_late = dog.arm(late.fileno(), start + 1.5)
    time.sleep(0.05)  # the thread now sleeps until the late deadline
    t_done = dog.arm(done.fileno(), start + 0.3)  # earlier: must wake the sleeping thread
    t_early = dog.arm(early.fileno(), start + 0.2)
    assert dog.disarm(t_done) is False  # answered in time: never cut
    time.sleep(0.5)
    assert _is_cut(early) and not _is_cut(late) and not _is_cut(done)
    time.sleep(start + 1.9 - time.monotonic())
    assert _is_cut(late) and not _is_cut(done)
    assert dog.disarm(t_early) is True and dog.disarm(t_late) is True


def test_many_statements_answered_in_time_cut_nothing(
    pairs: list[tuple[socket.socket, socket.socket]],
) -> None:
    dog = Watchdog()
    sock = _pair(pairs)
    for _ in range(2000):
        ticket = dog.arm(sock.fileno(), time.monotonic() + 0.2)
        assert dog.disarm(ticket) is False
    last = dog.arm(sock.fileno(), time.monotonic() + 0.1)
    time.sleep(0.4)
    assert _is_cut(sock) and dog.disarm(last) is True
