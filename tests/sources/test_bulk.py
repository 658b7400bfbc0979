"""Bulk frames on PostgreSQL: ADBC into Arrow, read-only, same content as SQLite, progress."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pandas as pd
import pytest

import lineage_kit as lk
from lineage_kit.sources.sql import bulk
from lineage_kit.sources.sql.bulk import adbc_uri
from tests.support.pixsim_db import PixsimDB, kit_backends, terminate


def _comparable(df: pd.DataFrame) -> list[dict[str, Any]]:
    from lineage_kit.model.records import plain

    rows = df.sort_values("id").to_dict("records")
    out = [{k: plain(v) for k, v in r.items()} for r in rows]
    for r in out:  # JSON text as each database prints it (jsonb reorders keys): compare values
        if isinstance(r.get("media_metadata"), str):
            r["media_metadata"] = json.loads(r["media_metadata"])
    return out


@pytest.mark.parametrize("user_id", [1, 2, None])
def test_postgresql_frames_equal_sqlite_frames(
    sample_store: lk.Store, sample_pg: PixsimDB, user_id: int | None
) -> None:
    a = sample_store.frames(user_id=user_id)
    b = sample_pg.store.frames(user_id=user_id)
    assert _comparable(a.assets) == _comparable(b.assets)
    assert _comparable(a.edges) == _comparable(b.edges)
    assert b.edges["id"].dtype == "int64"


def test_postgresql_frames_do_not_fetch_rows_through_read_sql(
    sample_pg: PixsimDB, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kw: Any) -> None:
        raise AssertionError("row-by-row pd.read_sql used for a PostgreSQL bulk load")

    monkeypatch.setattr(pd, "read_sql", refuse)
    frames = sample_pg.store.frames(user_id=1)
    assert len(frames.edges) == 43


def test_bulk_session_is_read_only(sample_pg: PixsimDB) -> None:
    import adbc_driver_postgresql.dbapi as adbc

    uri = adbc_uri(sample_pg.store.engine.url)
    with (
        adbc.connect(uri) as conn,
        conn.cursor() as cur,
        pytest.raises(Exception, match="read-only"),
    ):
        cur.execute("DELETE FROM asset_lineage")


def test_progress_bar_switchable(sample_pg: PixsimDB, capsys: pytest.CaptureFixture[str]) -> None:
    sample_pg.store.frames(user_id=1, progress=True)
    assert "rows" in capsys.readouterr().err
    sample_pg.store.frames(user_id=1)  # automatic: pytest's stderr is not a terminal
    assert capsys.readouterr().err == ""


def test_one_bulk_connection_per_store_reused(sample_pg: PixsimDB) -> None:
    others = kit_backends(sample_pg)  # other stores' sessions
    store = lk.connect(sample_pg.url)
    store.frames(user_id=1)
    first = kit_backends(sample_pg) - others  # the ADBC session and the pooled one
    store.frames(user_id=2)
    store.frames(user_id=None)
    assert len(first) <= 2 and kit_backends(sample_pg) - others == first
    store.close()
    for _ in range(50):  # a closed session leaves the server's list a moment later
        if not kit_backends(sample_pg) & first:
            break
        time.sleep(0.05)
    assert not kit_backends(sample_pg) & first  # closed with the store


def test_bulk_reads_survive_a_dropped_connection(sample_pg: PixsimDB) -> None:
    others = kit_backends(sample_pg)
    store = lk.connect(sample_pg.url)
    before = store.frames(user_id=1)
    assert terminate(sample_pg, kit_backends(sample_pg) - others) >= 1
    after = store.frames(user_id=1)
    assert _comparable(after.edges) == _comparable(before.edges)
    store.close()


def test_an_owner_read_by_id_list_or_by_whole_table_is_the_same(
    sample_pg: PixsimDB, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = {uid: sample_pg.store.frames(user_id=uid) for uid in (1, 2)}
    monkeypatch.setattr(bulk, "ID_LIST_MAX", 0)  # an owner too large to list
    for uid, frames in listed.items():
        scanned = sample_pg.store.frames(user_id=uid)
        assert _comparable(frames.assets) == _comparable(scanned.assets)
        assert list(frames.edges["id"]) == list(scanned.edges["id"])  # edge order too
        assert _comparable(frames.edges) == _comparable(scanned.edges)
        # The sample's cross-owner row (owner 1's parent, owner 2's child) is in neither.
        ids = set(frames.assets["id"])
        assert set(frames.edges["parent_asset_id"]) <= ids
        assert set(frames.edges["child_asset_id"]) <= ids


def _sessions(db: PixsimDB) -> list[tuple[str, str, str]]:
    """Other sessions on the server: (application_name, state, query)."""
    with db.writer.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT application_name, state, query FROM pg_stat_activity "
            "WHERE pid <> pg_backend_pid() AND datname = current_database()"
        ).all()
    return [tuple(r) for r in rows]


def test_every_session_is_named_lineage_kit(sample_pg: PixsimDB) -> None:
    """A DBA sees the kit as ``lineage_kit`` in pg_stat_activity: pooled and bulk sessions."""
    store = lk.connect(sample_pg.url)
    store.lineage(310, user_id=1)  # a pooled session, left idle in the pool
    assert ("lineage_kit", "idle") in {(name, state) for name, state, _ in _sessions(sample_pg)}

    # The bulk read runs through ADBC in a session of its own: hold it on a lock to see it.
    holder = sample_pg.writer.connect()
    tx = holder.begin()
    holder.exec_driver_sql("LOCK TABLE asset_lineage IN ACCESS EXCLUSIVE MODE")
    done: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: done.update(frames=store.frames(user_id=1)))
    worker.start()
    try:
        bulk: list[tuple[str, str, str]] = []
        deadline = time.monotonic() + 30
        while not bulk and time.monotonic() < deadline:
            bulk = [s for s in _sessions(sample_pg) if s[1] == "active" and "asset_lineage" in s[2]]
            time.sleep(0.05)
    finally:
        tx.rollback()
        holder.close()
        worker.join(60)
    assert bulk and {name for name, _, _ in bulk} == {"lineage_kit"}
    assert len(done["frames"].edges) == 43
    store.close()


def test_the_bulk_uri_names_the_session_even_when_the_url_names_another(
    sample_pg: PixsimDB,
) -> None:
    import adbc_driver_postgresql.dbapi as adbc
    import sqlalchemy as sa

    url = sa.make_url(sample_pg.url).update_query_dict({"application_name": "someone_else"})
    with adbc.connect(adbc_uri(url)) as conn, conn.cursor() as cur:
        cur.execute("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")
        assert cur.fetchone() == ("lineage_kit",)


def test_an_abandoned_read_is_closed_only_after_its_thread_lets_go() -> None:
    """The background close of a read that got no answer waits for the reading thread:
    ADBC frees the connection's memory on close, under a read still using it."""
    from lineage_kit.sources.sql.bulk import _forget

    calls: list[str] = []
    release = threading.Event()

    class Part:
        def __init__(self, name: str) -> None:
            self.name = name

        def adbc_cancel(self) -> None:
            calls.append(f"{self.name}.cancel")

        def close(self) -> None:
            calls.append(f"{self.name}.close")

    def read() -> None:
        release.wait(10)
        calls.append("read ended")

    worker = threading.Thread(target=read)
    worker.start()
    forget = threading.Thread(target=_forget, args=(Part("conn"), Part("cur"), worker))
    forget.start()
    forget.join(0.3)
    assert calls == ["cur.cancel"]  # cancelled at once, nothing closed under the read
    release.set()
    forget.join(10)
    assert calls == ["cur.cancel", "read ended", "cur.close", "conn.close"]
