"""On PostgreSQL, finding rides pixsim7's own indexes when they exist, and creates none.

A pixsim7-shaped database of 30,000 assets (3 owners) with pixsim7's search indexes
and ``pg_trgm``; each kind of query runs through the store while its statement is
captured, then ``EXPLAIN`` shows which indexes PostgreSQL chose for it. A bare copy
(no extension, no search index) answers the same by plain scans.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

import lineage_kit as lk
from tests.support.pgserver import PgServer
from tests.support.pixsim_db import PG_SEARCH_INDEXES, PixsimDB

pytestmark = pytest.mark.postgres

N = 30_000
FILL = f"""
INSERT INTO assets (id, user_id, sha256, media_type, provider_id, provider_asset_id,
    stored_key, local_path, description, prompt, created_at)
SELECT k, mod(k, 3) + 1, md5(k::text) || md5((k + 1)::text), 'VIDEO',
    CASE WHEN mod(k, 5) = 0 THEN 'sora' ELSE 'pixverse' END,
    (370000000000000 + k * 7919)::text,
    CASE WHEN mod(k, 2) = 0 THEN 'u' || (mod(k, 3) + 1) || '/clips/' || k || '.mp4' END,
    CASE WHEN mod(k, 7) = 0 THEN '/data/media/' || k || '.jpg' END,
    (ARRAY['a cat rides a skateboard', 'neon city at night', 'a dancer on a rooftop'])
        [mod(k, 3) + 1] || ' take ' || substr(md5(k::text), 1, 10),
    'cinematic tracking shot of subject ' || substr(md5((k * 31)::text), 1, 12)
        || ', golden hour, 35mm lens, volumetric light',
    timestamp '2025-01-01' + k * interval '1 minute'
FROM generate_series(1, {N}) AS k
"""


def _database(server: PgServer, indexed: bool) -> PixsimDB:
    db = PixsimDB.postgresql(server, search_indexes=indexed)
    with db.writer.begin() as conn:
        conn.exec_driver_sql(FILL)
        conn.exec_driver_sql("ANALYZE assets")
    return db


@pytest.fixture(scope="module")
def indexed(pg_server: PgServer) -> Iterator[PixsimDB]:
    db = _database(pg_server, indexed=True)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def bare(pg_server: PgServer) -> Iterator[PixsimDB]:
    db = _database(pg_server, indexed=False)
    yield db
    db.dispose()


def _value(db: PixsimDB, sql: str) -> Any:
    with db.writer.connect() as conn:
        return conn.exec_driver_sql(sql).scalar()


def plan(db: PixsimDB, query: str, user_id: int | None = 1) -> tuple[list[int], dict[str, Any]]:
    """Find ``query`` through the store; return the ids and EXPLAIN's plan of its search."""
    seen: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, params: Any, *_: Any) -> None:
        if "UNION ALL" in statement:
            seen.append((statement, params))

    store = db.store
    sa.event.listen(store.engine, "before_cursor_execute", capture)
    try:
        ids = lk.find_assets(store, query, user_id=user_id).ids
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", capture)
    assert len(seen) == 1, seen
    statement, params = seen[0]
    with db.writer.connect() as conn:
        out = conn.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, params).scalar()
    data = out if isinstance(out, list) else json.loads(out)
    return ids, data[0]


def nodes(tree: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield tree
    for child in tree.get("Plans", []):
        yield from nodes(child)


def indexes_used(p: dict[str, Any]) -> set[str]:
    return {n["Index Name"] for n in nodes(p["Plan"]) if "Index Name" in n}


def seq_scanned(p: dict[str, Any]) -> bool:
    return any(n["Node Type"] == "Seq Scan" for n in nodes(p["Plan"]))


def test_provider_asset_id_rides_the_btree(indexed: PixsimDB) -> None:
    k = 4242  # owner 1, pixverse
    ids, p = plan(indexed, f"pixverse:{370000000000000 + k * 7919}")
    assert ids == [k]
    assert {"idx_asset_provider_lookup", "ix_assets_provider_asset_id"} & indexes_used(p)
    assert not seq_scanned(p)
    ids, p = plan(indexed, str(370000000000000 + k * 7919))
    assert ids == [k] and "ix_assets_provider_asset_id" in indexes_used(p)
    assert not seq_scanned(p)


def test_keys_paths_and_hashes_ride_their_btrees(indexed: PixsimDB) -> None:
    ids, p = plan(indexed, "u1/clips/4242.mp4")
    assert ids == [4242] and "idx_asset_stored_key" in indexes_used(p)
    ids, p = plan(indexed, "/data/media/4242.jpg")
    assert ids == [4242] and "idx_asset_local_path" in indexes_used(p)
    sha = _value(indexed, "SELECT sha256 FROM assets WHERE id = 4242")
    ids, p = plan(indexed, sha.upper())
    assert ids == [4242] and "idx_asset_user_sha256" in indexes_used(p)
    assert not seq_scanned(p)


def test_description_rides_the_trigram_index(indexed: PixsimDB) -> None:
    token = _value(indexed, "SELECT substr(md5('4242'), 1, 10)")
    ids, p = plan(indexed, f"Skateboard take {token}")
    assert ids == [4242]
    assert "idx_asset_description_trgm" in indexes_used(p) and not seq_scanned(p)


def test_prompt_rides_the_full_text_index(indexed: PixsimDB) -> None:
    token = _value(indexed, "SELECT substr(md5((4242 * 31)::text), 1, 12)")
    ids, p = plan(indexed, f"subject {token}")
    assert ids == [4242]
    assert "idx_asset_prompt_fts" in indexes_used(p) and not seq_scanned(p)
    root = p["Plan"]
    assert p["Execution Time"] < 1000, root


def test_without_the_indexes_the_same_answers_come_from_scans(
    indexed: PixsimDB, bare: PixsimDB
) -> None:
    assert _value(bare, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'") == 0
    token = _value(indexed, "SELECT substr(md5((4242 * 31)::text), 1, 12)")
    for query in (f"subject {token}", "neon take", "pixverse:370000033587998", "cat rides"):
        for uid in (1, None):
            want = lk.find_assets(indexed.store, query, user_id=uid, limit=30).to_dict()
            assert lk.find_assets(bare.store, query, user_id=uid, limit=30).to_dict() == want
    ids, p = plan(bare, f"subject {token}")  # the owner's rows, each prompt tested
    assert ids == [4242] and indexes_used(p) <= {"assets_pkey", "ix_assets_user_id"}
    ids, p = plan(bare, f"subject {token}", user_id=None)
    assert ids == [4242] and seq_scanned(p)


def test_finding_creates_nothing(indexed: PixsimDB) -> None:
    def catalog() -> list[Any]:
        with indexed.writer.connect() as conn:
            return list(
                conn.exec_driver_sql("SELECT indexname, indexdef FROM pg_indexes ORDER BY 1")
            )

    before = catalog()
    for query in ("cat", "golden hour", "pixverse:1", "4242", "#4242"):
        lk.find_assets(indexed.store, query, user_id=None)
    assert catalog() == before
    names = {row[0] for row in before}
    for stmt in PG_SEARCH_INDEXES[1:]:
        assert stmt.split()[2] in names  # what the test database was built with


def test_pg_trgm_is_installed_with_the_server(indexed: PixsimDB) -> None:
    """scripts/system-deps.sh installs the extension with the server (postgresql-contrib)."""
    assert _value(indexed, "SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'")
