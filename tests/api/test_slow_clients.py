"""Clients that stall are let go: no connection pins a socket or an answer forever.

Real sockets against uvicorn configured as ``lineage-kit serve`` configures it
(:func:`lineage_kit.api.server.uvicorn_config`), with one-second timeouts: a
connection that sends nothing, a request head trickled a byte at a time, a
half-sent head after a kept-alive answer, a hundred idle connections, and a
reader that asks for a 10 MB answer and never reads it. Each is disconnected
within its timeout (plus a margin), and the server holds no connection after.
Plain uvicorn keeps every one of them open.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pandas as pd
import pytest

import lineage_kit as lk
from lineage_kit.api import ServeLimits, create_app
from tests.support.http import ServerThread

LIMITS = ServeLimits(header_timeout=1, send_timeout=1, keep_alive=5, max_nodes=3000)
MARGIN = 2.0


def big_frames(n: int = 2500, text: int = 4000) -> lk.Frames:
    """A four-way tree of ``n`` assets with long descriptions: root 1's descendants make an
    answer of about 10 MB."""
    assets = pd.DataFrame(
        {
            "id": range(1, n + 1),
            "user_id": 1,
            "media_type": "video",
            "provider_id": "pixverse",
            "provider_asset_id": [f"p{i}" for i in range(1, n + 1)],
            "description": ["x" * text] * n,
        }
    )
    lineage = pd.DataFrame(
        {
            "id": range(1, n),
            "parent_asset_id": [(child - 2) // 4 + 1 for child in range(2, n + 1)],
            "child_asset_id": range(2, n + 1),
            "relation_type": "SOURCE_VIDEO",
            "operation_type": "video_extend",
            "sequence_order": 0,
        }
    )
    return lk.Frames(assets, lineage)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    app = create_app(big_frames(), all_users=True, limits=LIMITS)
    with ServerThread(app, limits=LIMITS) as srv:
        yield srv


def connections(server: ServerThread) -> int:
    return len(server.server.server_state.connections)


def closed_within(sock: socket.socket, seconds: float) -> float:
    """Seconds until the server ends the connection (EOF or reset); fails past ``seconds``."""
    sock.settimeout(seconds)
    t0 = time.monotonic()
    try:
        while sock.recv(65536):
            pass
    except ConnectionResetError:
        pass
    except TimeoutError:
        pytest.fail(f"the server kept the connection open for {seconds}s")
    return time.monotonic() - t0


def dial(server: ServerThread, rcvbuf: int | None = None) -> socket.socket:
    sock = socket.socket()
    if rcvbuf is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.connect(("127.0.0.1", server.port))
    return sock


def wait_for_no_connections(server: ServerThread, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while connections(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert connections(server) == 0


def test_a_connection_that_sends_nothing_is_closed(server: ServerThread) -> None:
    with dial(server) as sock:
        assert closed_within(sock, LIMITS.header_timeout + MARGIN) >= 0.8


def test_a_head_trickled_a_byte_at_a_time_is_cut(server: ServerThread) -> None:
    head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    with dial(server) as sock:
        t0 = time.monotonic()
        try:
            for byte in head:  # 100+ bytes at 0.1 s: 10 s if the server waited for them
                sock.send(bytes([byte]))
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert time.monotonic() - t0 < LIMITS.header_timeout + MARGIN
        closed_within(sock, MARGIN)


def test_a_half_sent_head_after_a_kept_alive_answer_is_cut(server: ServerThread) -> None:
    with dial(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        sock.sendall(b"GET /heal")  # ... and nothing more, well before keep_alive (5 s)
        took = closed_within(sock, LIMITS.header_timeout + MARGIN)
        assert took < LIMITS.keep_alive


def test_a_hundred_idle_connections_are_all_closed(server: ServerThread) -> None:
    socks = [dial(server) for _ in range(100)]
    try:
        time.sleep(0.3)
        assert connections(server) >= 90
        wait_for_no_connections(server, LIMITS.header_timeout + MARGIN)
    finally:
        for s in socks:
            s.close()


def test_a_reader_that_never_reads_its_answer_is_let_go(server: ServerThread) -> None:
    with dial(server, rcvbuf=4096) as sock:
        sock.sendall(
            b"GET /assets/1/lineage?direction=children&max_depth=64&max_nodes=3000 HTTP/1.1\r\n"
            b"Host: x\r\n\r\n"
        )
        time.sleep(0.2)
        assert connections(server) == 1  # being served ... and never read
        wait_for_no_connections(server, 10 + LIMITS.send_timeout + MARGIN)
        received = 0
        sock.settimeout(5)
        try:
            while chunk := sock.recv(1 << 20):
                received += len(chunk)
        except ConnectionResetError:
            pass
        assert received < 9_000_000  # cut short: the whole answer is about 10 MB


def test_a_reader_that_reads_gets_the_whole_answer(server: ServerThread) -> None:
    import httpx

    resp = httpx.get(
        server.url + "/assets/1/lineage",
        params={"direction": "children", "max_depth": 64, "max_nodes": 3000},
        timeout=60,
    )
    assert resp.status_code == 200 and len(resp.content) > 9_000_000
    assert len(resp.json()["nodes"]) == 2500
