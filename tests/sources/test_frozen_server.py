"""A PostgreSQL server that stops answering: every wait ends in QueryTimeout within timeout + 1 s.

The server is the test's own (never the session's shared one), frozen for real:
SIGSTOP on the postmaster and every backend, so its sockets stay open and the
kernel keeps acknowledging, while nothing answers. Before the fix a query waited
for as long as the freeze lasted, and four of them held the whole pool. After
SIGCONT the store answers again, with no connection left behind.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import sqlalchemy as sa

import lineage_kit as lk
from lineage_kit.sources.sql.engines import POOL_SIZE
from tests.support.pgserver import PgServer
from tests.support.pixsim_db import PixsimDB, sample_rows

pytestmark = pytest.mark.postgres

TIMEOUT = 2.0
BOUND = TIMEOUT + 1.0
"""The contract: no wait longer than the store's timeout plus one second."""


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[PgServer, PixsimDB]]:
    srv = PgServer.launch()
    db = PixsimDB.postgresql(srv, "sample")
    try:
        db.load(*sample_rows())
        yield srv, db
    finally:
        db.dispose()
        srv.destroy()


@pytest.fixture
def store(server: tuple[PgServer, PixsimDB]) -> Iterator[lk.Store]:
    _, db = server
    store = lk.connect(db.url, timeout=TIMEOUT, bulk_timeout=TIMEOUT)
    assert store.lineage(310, user_id=1).root.id == 310  # a warm pool, connections open
    yield store
    store.close()


def timed(call: Callable[[], Any]) -> tuple[float, BaseException | None]:
    t0 = time.monotonic()
    try:
        call()
    except BaseException as exc:  # the test inspects what came out
        return time.monotonic() - t0, exc
    return time.monotonic() - t0, None


QUERIES: dict[str, Callable[[lk.Store], Any]] = {
    "lineage": lambda s: s.lineage(310, user_id=1, max_depth=3),
    "find": lambda s: lk.find_assets(s, "harbour", user_id=1),
    "gallery page": lambda s: lk.list_assets(s, user_id=1),
    "audit": lambda s: lk.audit(s, user_id=1),
    "frames (ADBC)": lambda s: s.frames(user_id=1, progress=False),
}


@pytest.mark.parametrize("query", QUERIES)
def test_a_frozen_server_answers_query_timeout_in_time(
    server: tuple[PgServer, PixsimDB], store: lk.Store, query: str
) -> None:
    srv, _ = server
    QUERIES[query](store)  # warm (the bulk reader keeps its own connection)
    with srv.frozen():
        took, exc = timed(lambda: QUERIES[query](store))
    assert isinstance(exc, lk.QueryTimeout), exc
    assert took <= BOUND, f"{query} waited {took:.2f}s"
    assert store.db.label in str(exc)
    # The server answers again: an abandoned bulk read ends in its own thread, and its
    # connection is closed only after (closing it under the read crashed the process).
    for worker in [t for t in threading.enumerate() if t.name == "lineage_kit-bulk-read"]:
        worker.join(BOUND * 5)
        assert not worker.is_alive(), "the abandoned bulk read never ended"
    QUERIES[query](store)


def test_eight_concurrent_queries_all_end_in_time_and_the_pool_recovers(
    server: tuple[PgServer, PixsimDB], store: lk.Store
) -> None:
    srv, db = server
    with srv.frozen(), ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: timed(lambda: QUERIES["lineage"](store)), range(8)))
    assert all(isinstance(exc, lk.QueryTimeout) for _, exc in results), results
    assert max(took for took, _ in results) <= BOUND, [round(t, 2) for t, _ in results]
    # Thawed: the next queries answer (dead connections are replaced), nothing is held.
    t0 = time.monotonic()
    for _ in range(5):
        assert store.lineage(310, user_id=1).root.id == 310
    assert time.monotonic() - t0 < 10
    assert store.engine.pool.checkedout() == 0
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: store.lineage(310, user_id=1).root.id, range(16)))
    assert answers == [310] * 16
    assert _kit_sessions(db) <= POOL_SIZE + 1  # the pool, and the bulk reader's one


def test_opening_a_store_on_a_frozen_server_ends_in_time(
    server: tuple[PgServer, PixsimDB],
) -> None:
    srv, db = server
    with srv.frozen():
        took, exc = timed(lambda: lk.connect(db.url, timeout=TIMEOUT))
    assert isinstance(exc, lk.QueryTimeout), exc
    assert took <= BOUND


def test_a_lock_ends_in_query_timeout_and_keeps_the_connection(
    server: tuple[PgServer, PixsimDB], store: lk.Store
) -> None:
    """A statement blocked by a lock is cancelled by the server (statement_timeout): the
    connection stays good, no reconnect needed."""
    _, db = server
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with db.writer.connect() as conn, conn.begin():
            conn.exec_driver_sql("LOCK TABLE assets IN ACCESS EXCLUSIVE MODE")
            locked.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10)
        took, exc = timed(lambda: store.lineage(310, user_id=1))
    finally:
        release.set()
        holder.join()
    assert isinstance(exc, lk.QueryTimeout) and took <= BOUND, (took, exc)
    assert "timeout=2s" in str(exc)
    assert store.lineage(310, user_id=1).root.id == 310


def _kit_sessions(db: PixsimDB) -> int:
    deadline = time.monotonic() + 10
    while True:
        with db.writer.connect() as conn:
            n = conn.execute(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lineage_kit'"
                )
            ).scalar_one()
        if n <= POOL_SIZE + 1 or time.monotonic() > deadline:
            return int(n)
        time.sleep(0.2)  # backends of cut connections leave shortly after the thaw
