"""Concurrent requests against a real ``lineage-kit serve`` on loopback.

4 clients × 200 requests against the suite's PostgreSQL: every answer equals the Python
API's, the server holds at most its pool's connections, none left in a transaction, and
all are gone once it stops. The latencies are recorded, not asserted
(``benchmarks/RESULTS.md`` with ``make record-results``; see ``tests/support/results.py``).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import lineage_kit as lk
from lineage_kit.api import create_app
from lineage_kit.sources.sql.engines import POOL_SIZE
from tests.support.http import TOKENS, ServeProcess, ServerThread, client, write_token_file
from tests.support.pixsim_db import PixsimDB
from tests.support.results import ms, replace_section

CLIENTS, REQUESTS = 4, 200
ROOTS = {1: (101, 102, 202, 310, 320, 410, 420, 501, 603, 801), 2: (701, 702, 703)}
Case = tuple[str, dict[str, Any], int]


def cases() -> list[Case]:
    out: list[Case] = []
    for user, roots in ROOTS.items():
        for root in roots:
            for direction in ("both", "parents", "children"):
                out.append((f"/assets/{root}/lineage/flat", {"direction": direction}, user))
                for depth in (1, 2, 3):
                    params = {"direction": direction, "max_depth": depth}
                    out.append((f"/assets/{root}/lineage", params, user))
    out += [("/assets/701/lineage", {}, 1), ("/assets/310/lineage/flat", {}, 2)]  # 404s
    return out


def expected(store: lk.Store, path: str, params: dict[str, Any], user: int) -> Any:
    """What the Python API answers: the JSON, or None for AssetNotFound (a 404)."""
    root = int(path.split("/")[2])
    try:
        res = store.lineage(root, user_id=user, **params)
    except lk.AssetNotFound:
        return None
    return res.flat() if path.endswith("/flat") else res.to_dict()


def fire(
    url: str, todo: list[Case], answers: dict[int, Any], seed: int, n: int = REQUESTS
) -> list[tuple[str, float]]:
    """One client: ``n`` random cases, each answer checked; ``(endpoint, seconds)`` of each."""
    rng = random.Random(seed)
    timings = []
    clients = {user: client(url, user) for user in ROOTS}
    try:
        for _ in range(n):
            i = rng.randrange(len(todo))
            path, params, user = todo[i]
            t0 = time.perf_counter()
            resp = clients[user].get(path, params=params)
            timings.append(
                ("flat" if path.endswith("/flat") else "lineage", time.perf_counter() - t0)
            )
            if answers[i] is None:
                assert resp.status_code == 404, (path, params, user)
            else:
                assert resp.status_code == 200 and resp.json() == answers[i], (path, params, user)
    finally:
        for c in clients.values():
            c.close()
    return timings


def kit_backends(db: PixsimDB) -> dict[int, str]:
    """``{pid: state}`` of the kit's sessions on the sample database."""
    with db.writer.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT pid, state FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = 'lineage_kit'"
            )
        )
        return {int(pid): str(state) for pid, state in rows}


@contextmanager
def peak_of(db: PixsimDB, before: set[int]) -> Iterator[list[int]]:
    """Samples the number of new kit sessions every 20 ms; yields ``[peak]``."""
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], len(set(kit_backends(db)) - before))

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    try:
        yield peak
    finally:
        done.set()
        t.join()


@pytest.mark.postgres
def test_four_clients_get_the_python_answers_with_no_connection_leak(
    sample_pg: PixsimDB, tmp_path: Path
) -> None:
    todo = cases()
    answers = {i: expected(sample_pg.store, *case) for i, case in enumerate(todo)}
    before = set(kit_backends(sample_pg))
    tokens = write_token_file(tmp_path / "tokens.txt")
    with ServeProcess("--db", sample_pg.url, "--token-file", str(tokens)) as server:
        alone = fire(server.url, todo, answers, seed=-1, n=REQUESTS // 2)  # one client at a time
        with peak_of(sample_pg, before) as peak, ThreadPoolExecutor(CLIENTS) as pool:
            t0 = time.perf_counter()
            runs = list(pool.map(lambda s: fire(server.url, todo, answers, s), range(CLIENTS)))
            wall = time.perf_counter() - t0
        during = {pid: s for pid, s in kit_backends(sample_pg).items() if pid not in before}
    timings = [t for run in runs for t in run]
    assert len(timings) == CLIENTS * REQUESTS
    assert 1 <= peak[0] <= POOL_SIZE and 1 <= len(during) <= POOL_SIZE
    assert set(during.values()) == {"idle"}, during  # none left active or inside a transaction
    assert server.proc.returncode == 0 and "Traceback" not in server.stderr, server.stderr
    deadline = time.monotonic() + 10
    while set(kit_backends(sample_pg)) - before and time.monotonic() < deadline:
        time.sleep(0.05)  # a backend leaves pg_stat_activity shortly after its client closes
    assert not set(kit_backends(sample_pg)) - before, "the server left sessions open"
    record(timings, wall, peak[0], [t for _, t in alone], python_p50(sample_pg.store, todo))


def python_p50(store: lk.Store, todo: list[Case]) -> float:
    """The same cases through the Python API in this process, one at a time (ms)."""
    seconds = []
    for case in todo[: len(todo) // 2]:
        t0 = time.perf_counter()
        expected(store, *case)
        seconds.append(time.perf_counter() - t0)
    return ms(seconds, 0.5)


def record(
    timings: list[tuple[str, float]], wall: float, peak: int, alone: list[float], python_ms: float
) -> None:
    rows = []
    for name in ("lineage", "flat"):
        seconds = [t for endpoint, t in timings if endpoint == name]
        path = "/assets/{id}/lineage" + ("/flat" if name == "flat" else "")
        rows.append(
            f"| `GET {path}` | {len(seconds)} | {ms(seconds, 0.5):.1f} | {ms(seconds, 0.95):.1f} |"
        )
    every = [t for _, t in timings]
    rows.append(f"| all | {len(every)} | {ms(every, 0.5):.1f} | {ms(every, 0.95):.1f} |")
    replace_section(
        "## HTTP API: 4 clients × 200 requests (issue 16)",
        f"""Not produced by the harness: written by `tests/api/test_load.py` on each run
(last: {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}). `lineage-kit serve` (uvicorn, sync
routes on its thread pool, the store's pool of {POOL_SIZE} connections) on loopback, over the
sample loaded into the suite's PostgreSQL; {CLIENTS} client threads with keep-alive connections
and the bearer tokens of both owners send {CLIENTS * REQUESTS} random requests (roots × direction
× depth 1–3, a few 404s); every answer equals the Python API's. Latency per request as the
client sees it, on a 2-core machine shared with the client threads and other test runs.

| endpoint | requests | p50 ms | p95 ms |
| --- | --- | --- | --- |
{chr(10).join(rows)}

{CLIENTS * REQUESTS / wall:.0f} requests/s in all; at most {peak} server sessions at once.
One client alone ({len(alone)} requests before the others start): p50 {ms(alone, 0.5):.1f} ms.
The same queries through `store.lineage` in one Python thread, no HTTP: p50 {python_ms:.1f} ms.""",
    )


def test_sqlite_sample_served_to_eight_clients_at_once(sample_store: lk.Store) -> None:
    todo = cases()
    answers = {i: expected(sample_store, *case) for i, case in enumerate(todo)}
    with (
        ServerThread(create_app(sample_store, tokens=TOKENS)) as server,
        ThreadPoolExecutor(8) as pool,
    ):
        runs = list(pool.map(lambda s: fire(server.url, todo, answers, s, 50), range(8)))
    assert sum(len(run) for run in runs) == 8 * 50
    assert sample_store.engine.pool.checkedout() == 0
