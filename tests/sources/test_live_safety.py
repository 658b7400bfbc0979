"""Safe against a live database: timeouts, Ctrl-C cancellation, reconnects, load, no leaks."""

from __future__ import annotations

import _thread
import random
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import lineage_kit as lk
from lineage_kit.sources.sql.engines import POOL_SIZE
from tests.support.graphs import hub_rows
from tests.support.pgserver import PgServer
from tests.support.pixsim_db import PixsimDB, kit_backends, sample_rows, terminate


@pytest.fixture
def locked_lineage(sample_pg: PixsimDB) -> Iterator[None]:
    """Another session holds an exclusive lock on asset_lineage: every read waits.

    Stores must be opened before this fixture: reading table definitions waits too.
    """
    conn = sample_pg.writer.connect()
    tx = conn.begin()
    conn.exec_driver_sql("LOCK TABLE asset_lineage IN ACCESS EXCLUSIVE MODE")
    try:
        yield
    finally:
        tx.rollback()
        conn.close()


def _active_lineage_queries(sample_pg: PixsimDB) -> int:
    with sample_pg.writer.connect() as conn:
        return int(
            conn.execute(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                    "AND query LIKE '%asset_lineage%' AND pid <> pg_backend_pid()"
                )
            ).scalar()
            or 0
        )


@pytest.fixture
def quick_store(sample_pg: PixsimDB) -> Iterator[lk.Store]:
    store = lk.connect(sample_pg.url, timeout=0.3, bulk_timeout=0.3)
    yield store
    store.close()


@pytest.fixture
def patient_store(sample_pg: PixsimDB) -> Iterator[lk.Store]:
    store = lk.connect(sample_pg.url, timeout=60)
    yield store
    store.close()


def test_postgresql_statement_timeout_raises_query_timeout(
    quick_store: lk.Store, locked_lineage: None
) -> None:
    store = quick_store
    t0 = time.monotonic()
    with pytest.raises(lk.QueryTimeout, match=r"timeout=0\.3s"):
        store.lineage(310, user_id=1)
    assert time.monotonic() - t0 < 5
    assert isinstance(lk.QueryTimeout("x"), lk.StoreError)


def test_bulk_reads_have_their_own_timeout(quick_store: lk.Store, locked_lineage: None) -> None:
    with pytest.raises(lk.QueryTimeout, match="bulk_timeout"):
        quick_store.frames(user_id=1)


def test_opening_during_a_lock_times_out_cleanly(sample_pg: PixsimDB, locked_lineage: None) -> None:
    with pytest.raises(lk.QueryTimeout, match="opening the database exceeded timeout="):
        lk.connect(sample_pg.url, timeout=0.3)


def test_sqlite_statement_timeout(tmp_path: Path) -> None:
    db = PixsimDB.sqlite(tmp_path)
    db.load(*hub_rows(20_000))
    slow = lk.connect(db.url, timeout=0.0001)
    with pytest.raises(lk.QueryTimeout):
        slow.lineage(1, user_id=1, max_nodes=50)
    root = lk.connect(db.url).lineage(1, user_id=1, max_depth=0, count_limit=20_000).root
    assert (root.child_count, root.child_count_capped) == (20_000, False)
    db.dispose()


@pytest.mark.parametrize(
    ("kw", "error"),
    [
        ({"timeout": 0}, ValueError),
        ({"timeout": "5"}, TypeError),
        ({"bulk_timeout": -1}, ValueError),
        ({"timeout": True}, TypeError),
    ],
)
def test_bad_timeouts_refused(kw: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error, match=next(iter(kw))):
        lk.connect(**kw)


def test_ctrl_c_cancels_the_statement_on_the_server(
    sample_pg: PixsimDB, patient_store: lk.Store, locked_lineage: None
) -> None:
    store = patient_store
    timer = threading.Timer(0.7, _thread.interrupt_main)  # what Jupyter's "interrupt" does
    timer.start()
    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        store.lineage(310, user_id=1)
    assert time.monotonic() - t0 < 10
    time.sleep(0.2)
    assert _active_lineage_queries(sample_pg) == 0  # gone from the server, not just the client


def test_ctrl_c_cancels_a_bulk_load_on_the_server(
    sample_pg: PixsimDB, patient_store: lk.Store, locked_lineage: None
) -> None:
    threading.Timer(0.7, _thread.interrupt_main).start()
    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        patient_store.frames(user_id=1)
    assert time.monotonic() - t0 < 10  # not held until the 600 s bulk timeout
    time.sleep(0.2)
    assert _active_lineage_queries(sample_pg) == 0


def test_store_usable_after_ctrl_c(sample_pg: PixsimDB) -> None:
    store = lk.connect(sample_pg.url, timeout=60)
    conn = sample_pg.writer.connect()
    tx = conn.begin()
    conn.exec_driver_sql("LOCK TABLE asset_lineage IN ACCESS EXCLUSIVE MODE")
    threading.Timer(0.5, _thread.interrupt_main).start()
    with pytest.raises(KeyboardInterrupt):
        store.lineage(310, user_id=1)
    tx.rollback()
    conn.close()
    assert len(store.lineage(310, user_id=1).parents_of(310)) == 4


def test_dropped_connections_are_replaced(sample_pg: PixsimDB) -> None:
    others = kit_backends(sample_pg)  # other stores' sessions are left alone
    store = lk.connect(sample_pg.url)
    assert store.lineage(102, user_id=1).root.id == 102
    assert terminate(sample_pg, kit_backends(sample_pg) - others) >= 1
    assert store.lineage(102, user_id=1).root.id == 102  # no stale-connection traceback
    store.close()


def test_no_round_trip_spent_on_a_ping(
    sample_pg: PixsimDB, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pooled connection is used as it is; a dead one is found by the read that fails."""
    store = lk.connect(sample_pg.url)
    pings: list[Any] = []
    monkeypatch.setattr(store.engine.dialect, "do_ping", lambda conn: pings.append(conn) or True)
    for _ in range(3):
        store.lineage(310, user_id=1)
        lk.list_assets(store, user_id=1)
    assert pings == []
    store.close()


def test_every_read_survives_dropped_connections(sample_pg: PixsimDB) -> None:
    others = kit_backends(sample_pg)
    store = lk.connect(sample_pg.url)
    before = (lk.audit(store, user_id=1).summary(), lk.list_assets(store, user_id=1).total)
    for read in (
        lambda: lk.audit(store, user_id=1).summary(),
        lambda: lk.list_assets(store, user_id=1).total,
    ):
        assert terminate(sample_pg, kit_backends(sample_pg) - others) >= 1
        assert read() in before
    store.close()


@pytest.mark.postgres
def test_survives_a_server_restart() -> None:
    srv = PgServer.launch()
    try:
        db = PixsimDB.postgresql(srv, "restart")
        db.load(*sample_rows())
        store = lk.connect(db.url)
        before = store.lineage(310, user_id=1, max_depth=2).to_dict()
        srv.restart()
        assert store.lineage(310, user_id=1, max_depth=2).to_dict() == before
        store.close()
        db.writer.dispose()
    finally:
        srv.destroy()


def test_soak_four_threads_share_one_store(sample_pg: PixsimDB) -> None:
    """4 threads × 500 random queries against one store; bounded, loopback only."""
    others = kit_backends(sample_pg)  # other stores' sessions
    store = lk.connect(sample_pg.url)
    roots = [101, 102, 103, 201, 202, 301, 310, 320, 401, 410, 501, 601, 603, 801, 804]
    cases = [(r, u, d) for r in roots for u in (1, None) for d in (1, 2, 3)]
    expected = {c: store.lineage(c[0], user_id=c[1], max_depth=c[2]).to_dict() for c in cases}

    def worker(seed: int) -> int:
        rng = random.Random(seed)
        for _ in range(500):
            c = rng.choice(cases)
            assert store.lineage(c[0], user_id=c[1], max_depth=c[2]).to_dict() == expected[c]
        return 500

    t0 = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        done = sum(pool.map(worker, range(4)))
    elapsed = time.monotonic() - t0
    print(f"\nsoak: {done} queries in {elapsed:.2f}s = {done / elapsed:.0f} queries/s")
    assert done == 2000
    pool_status = store.engine.pool
    assert isinstance(pool_status, sa.pool.QueuePool)
    assert pool_status.checkedout() == 0
    assert pool_status.checkedin() <= POOL_SIZE
    mine = kit_backends(sample_pg) - others
    store.close()
    assert len(mine) <= POOL_SIZE


def test_sqlite_store_shared_by_more_threads_than_its_pool(sample_store: lk.Store) -> None:
    """16 threads, one SQLite store (as a threaded web server uses it): no connection is
    closed behind another thread's back, and the pool stays bounded."""
    roots = [101, 202, 310, 410, 501, 603, 801]
    expected = {r: sample_store.lineage(r, user_id=1, max_depth=2).to_dict() for r in roots}

    def worker(seed: int) -> int:
        rng = random.Random(seed)
        for _ in range(60):
            r = rng.choice(roots)
            assert sample_store.lineage(r, user_id=1, max_depth=2).to_dict() == expected[r]
        return 60

    with ThreadPoolExecutor(16) as pool:
        assert sum(pool.map(worker, range(16))) == 960
    assert isinstance(sample_store.engine.pool, sa.pool.QueuePool)
    assert sample_store.engine.pool.checkedout() == 0
