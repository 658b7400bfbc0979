"""The SQL store: statements per query, paging on hubs, read-only opening, real pixsim7 shapes."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

import lineage_kit as lk
from lineage_kit.sources.sample import sample_database
from tests.support.graphs import Graph, hub_rows
from tests.support.pixsim_db import PixsimDB
from tests.support.statements import counted


def wide_graph(n: int) -> Graph:
    """n assets: chains of 5 fed by a shared pool of images (several inputs per child)."""
    owners = {i: 1 + (i % 3 == 0) for i in range(1, n + 1)}
    rows = []
    rid = 1
    for i in range(2, n + 1):
        for k, parent in enumerate({i - 1, (i * 7) % (i - 1) + 1, max(1, i - 5)}):
            rows.append((rid, parent, i, k))
            rid += 1
    return Graph(owners, rows)


@pytest.mark.parametrize("max_depth", [0, 1, 2, 3])
def test_at_most_two_statements_per_query_whatever_the_depth(
    empty_db: PixsimDB, max_depth: int
) -> None:
    """One statement when the candidate statement's guess is the answer (it was not
    truncated), two when it is not (the summary of the admitted assets follows)."""
    g = wide_graph(3000)
    empty_db.load(g.asset_rows(), g.lineage_rows())
    store = empty_db.store
    seen = set()
    for root in (1501, 2999, 10):
        for uid in (1, None):
            for max_nodes in (200, 5):
                kw = {"user_id": uid, "max_depth": max_depth, "max_nodes": max_nodes}
                with counted(store) as statements:
                    res = store.lineage(root, **kw)
                assert len(statements) == (2 if res.truncated else 1), statements
                seen.add(len(statements))
                assert res == lk.lineage(g.frames(), root, **kw)
    assert seen == ({1} if max_depth == 0 else {1, 2})


def test_a_wrong_guess_is_discarded(empty_db: PixsimDB) -> None:
    """2 is both a parent and a child of 1, and 3 a child of 2: the BFS admits 2 upward and
    never follows its children, but the walk does, so the guess {1, 2, 3} is not the
    answer {1, 2}: the summary of the admitted assets is read after all."""
    g = Graph({1: 1, 2: 1, 3: 1}, [(1, 2, 1, 0), (2, 1, 2, 0), (3, 2, 3, 0)])
    empty_db.load(g.asset_rows(), g.lineage_rows())
    src = empty_db.store.neighbour_source()
    kw: dict[str, Any] = {"user_id": 1, "max_depth": 2}
    with counted(empty_db.store) as statements:
        res = lk.lineage(src, 1, **kw)
    assert [n.id for n in res.nodes] == [1, 2] and not res.truncated
    assert len(statements) == 2 and src.guesses == [0, 1]
    assert res == lk.lineage(g.frames(), 1, **kw)
    with counted(empty_db.store) as statements:
        assert lk.lineage(src, 3, **kw) == lk.lineage(g.frames(), 3, **kw)
    assert len(statements) == 1 and src.guesses == [1, 1]


def layered_graph(width: int, layers: int) -> Graph:
    """Layers of ``width`` assets; every asset of a layer is a parent of every asset of the
    layer below: few assets, many rows per level (a dense graph)."""
    ids = [[layer * width + k + 1 for k in range(width)] for layer in range(layers)]
    pairs = [
        (parent, child, j)
        for below, above in itertools.pairwise(ids)
        for child in below
        for j, parent in enumerate(above)
    ]
    rows = [(n, *pair) for n, pair in enumerate(pairs, 1)]
    return Graph({i: 1 for layer in ids for i in layer}, rows)


@pytest.mark.parametrize("max_depth", [4, 6])
def test_dense_graphs_fall_back_one_statement_per_frontier(
    empty_db: PixsimDB, max_depth: int
) -> None:
    """Past the candidate budget the BFS reads the rest level by level, never node by node."""
    g = layered_graph(10, 8)
    empty_db.load(g.asset_rows(), g.lineage_rows())
    store = empty_db.store
    for root, uid, direction in ((1, 1, "parents"), (5, None, "both"), (75, 1, "children")):
        kw: dict[str, Any] = {"user_id": uid, "direction": direction, "max_depth": max_depth}
        with counted(store) as statements:
            res = store.lineage(root, **kw)
        assert len(res.nodes) == min(1 + 10 * max_depth, 50)
        assert 2 < len(statements) <= 2 * max_depth + 2, statements
        assert res == lk.lineage(g.frames(), root, **kw)


def test_one_statement_per_frontier_not_per_node(empty_db: PixsimDB) -> None:
    # a root with 40 parents, each with 3 parents: level 2 is one statement for 40 nodes
    owners = {i: 1 for i in range(1, 200)}
    rows = [(i, i, 1, i) for i in range(2, 42)]
    rows += [(1000 + 3 * i + k, 42 + 3 * (i - 2) + k, i, k) for i in range(2, 42) for k in range(3)]
    g = Graph(owners, rows)
    empty_db.load(g.asset_rows(), g.lineage_rows())
    kw: dict[str, Any] = {"user_id": 1, "direction": "parents", "max_depth": 2, "max_nodes": 500}
    with counted(empty_db.store) as statements:
        res = empty_db.store.lineage(1, **kw)
    assert len(res.nodes) == 1 + 40 + 120
    assert len(statements) == 1  # the candidates of both levels, with their summary
    src = empty_db.store.neighbour_source()
    src.sizes = (500, 1)  # a one-row budget: the candidates hold the root only
    with counted(empty_db.store) as statements:
        assert lk.lineage(src, 1, **kw) == res
    assert len(statements) == 1 + 2 + 1  # candidates (no guess), one per frontier, summary


def test_hub_reads_about_cap_rows_not_all_children(empty_db: PixsimDB) -> None:
    """One image reused by 20,000 children: a depth-1, cap-50 query reads ~cap rows."""
    n = 20_000
    empty_db.load(*hub_rows(n))
    store = empty_db.store
    before = store.rows_read
    res = store.lineage(1, user_id=1, max_depth=1, max_nodes=50)
    read = store.rows_read - before
    assert res.truncated and len(res.nodes) == 50
    assert (res.root.child_count, res.root.child_count_capped) == (1000, True)
    assert read <= 2 * 50 + 16, read
    exact = store.lineage(1, user_id=1, max_depth=0, count_limit=n)
    assert (exact.root.child_count, exact.root.child_count_capped) == (n, False)


def test_continuation_pages_give_the_same_answer(empty_db: PixsimDB) -> None:
    """Rows that lead to admitted nodes (duplicates) force keyset continuation pages."""
    owners = {i: 1 for i in range(1, 40)}
    rows = [(i, 2, 1, i) for i in range(1, 60)]  # 59 duplicate rows 2 -> 1
    rows += [(100 + i, i, 1, 100 + i) for i in range(3, 40)]
    g = Graph(owners, rows)
    empty_db.load(g.asset_rows(), g.lineage_rows())
    src = empty_db.store.neighbour_source()
    src.page_min = 1
    got = list(src.neighbours([1], True, 1, budget=3))
    assert [n for _, n in got] == [2] * 59 + list(range(3, 40))
    res = empty_db.store.lineage(1, user_id=1, max_nodes=10)
    assert [n.id for n in res.nodes] == [1, 2, *range(3, 11)] and res.truncated
    assert lk.lineage(g.frames(), 1, user_id=1, max_nodes=10) == res


@pytest.mark.parametrize("sizes", [(1, 1000), (2, 1000), (3, 7), (1000, 3), (5, 40)])
def test_partial_candidates_give_the_same_answer(
    empty_db: PixsimDB, sizes: tuple[int, int]
) -> None:
    """Too few rows per node (the BFS reads on from the store) or too small a budget
    (whole levels read by the batched path): the answer never changes."""
    owners = {i: 1 + (i % 7 == 0) for i in range(1, 60)}
    rows = [(i, 2, 1, i) for i in range(1, 8)]  # duplicates of 2 -> 1 before the others
    rows += [(100 + i, i, 1, 100 + i) for i in range(3, 30)]
    rows += [(300 + i, 1, i, 0) for i in range(30, 45)]  # children of 1
    rows += [(500 + i, i, i + 1, 0) for i in range(3, 50)]  # a chain through everything
    g = Graph(owners, rows)
    empty_db.load(g.asset_rows(), g.lineage_rows())
    src = empty_db.store.neighbour_source()
    src.sizes = sizes
    for root in (1, 3, 30):
        for uid in (1, None):
            for max_nodes, max_depth in ((5, 1), (12, 3), (100, 4)):
                kw = {"user_id": uid, "max_depth": max_depth, "max_nodes": max_nodes}
                assert lk.lineage(src, root, **kw) == lk.lineage(g.frames(), root, **kw), kw


# --- opening databases ---------------------------------------------------------------------
def test_connect_opens_sqlite_read_only(tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite"
    shutil.copy(sample_database(), path)
    store = lk.connect(f"sqlite:///{path}")
    with store.engine.connect() as conn, pytest.raises(sa.exc.OperationalError, match="readonly"):
        conn.exec_driver_sql("DELETE FROM assets")
    assert store.lineage(102, user_id=1).root.id == 102


def test_postgresql_sessions_are_read_only(sample_pg: PixsimDB) -> None:
    store = lk.connect(sample_pg.url)
    with (
        store.engine.connect() as conn,
        pytest.raises(sa.exc.InternalError, match="read-only transaction"),
    ):
        conn.exec_driver_sql("DELETE FROM asset_lineage")
    store.close()


def test_select_only_role_is_enough(sample_pg: PixsimDB, pg_server: Any) -> None:
    with sample_pg.writer.begin() as conn:
        conn.exec_driver_sql(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reader') "
            "THEN CREATE ROLE reader LOGIN; END IF; END $$"
        )
        conn.exec_driver_sql("REVOKE ALL ON SCHEMA public FROM PUBLIC")
        conn.exec_driver_sql("GRANT USAGE ON SCHEMA public TO reader")
        conn.exec_driver_sql("GRANT SELECT ON TABLE assets, asset_lineage TO reader")
    store = lk.connect(pg_server.url("sample", user="reader"))
    res = store.lineage(310, user_id=1, max_depth=2)
    assert len(res.parents_of(310)) == 4
    assert len(store.frames(user_id=1).edges) == 43
    store.close()


def test_missing_optional_columns_read_as_null(empty_db: PixsimDB) -> None:
    g = Graph({1: 1, 2: 1}, [(10, 2, 1, 0)])
    empty_db.load(g.asset_rows(), g.lineage_rows())
    with empty_db.writer.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE assets DROP COLUMN thumbnail_url")
        conn.exec_driver_sql("ALTER TABLE assets DROP COLUMN is_archived")
        conn.exec_driver_sql("ALTER TABLE asset_lineage DROP COLUMN parent_frame")
    store = lk.connect(empty_db.url)
    res = store.lineage(1, user_id=1)
    assert res.root.asset.thumbnail_url is None
    assert "is_archived" not in res.to_dict()["nodes"][0]["asset"]
    assert res.edges[0].parent_frame is None
    assert store.frames(user_id=1).assets["thumbnail_url"].isna().all()
    store.close()


def test_not_a_pixsim7_database(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    eng = sa.create_engine(f"sqlite:///{path}")
    with eng.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE assets (id INTEGER PRIMARY KEY)")
    with pytest.raises(lk.StoreError, match="missing table"):
        lk.connect(f"sqlite:///{path}")
    with eng.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE asset_lineage (id INTEGER PRIMARY KEY)")
    with pytest.raises(lk.StoreError, match="lacks column"):
        lk.connect(f"sqlite:///{path}")
    assert not list(tmp_path.glob("*-journal"))


@pytest.mark.parametrize(
    ("url", "error", "match"),
    [
        ("sqlite:///does/not/exist.db", lk.StoreError, "no SQLite database"),
        ("sqlite://", ValueError, "in-memory"),
        ("mysql://u@h/db", ValueError, "unsupported database"),
        ("not a url", ValueError, "url"),
        (42, TypeError, "url"),
    ],
)
def test_bad_urls(url: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        lk.connect(url)


def test_password_never_shown(pg_server: Any) -> None:
    url = pg_server.url("sample", user="nobody_here", password="s3cret-pw")
    with pytest.raises(lk.StoreError) as info:
        lk.connect(url)
    assert "s3cret-pw" not in str(info.value)
    store = lk.connect(pg_server.url("sample", password="s3cret-pw"))  # trust auth: accepted
    assert "s3cret-pw" not in repr(store)
    store.close()


def test_unreachable_server_is_a_store_error() -> None:
    from tests.support.pgserver import free_port

    with pytest.raises(lk.StoreError, match="opening the database failed"):
        lk.connect(f"postgresql://nobody@127.0.0.1:{free_port()}/x")


# --- the embedded sample -------------------------------------------------------------------
def test_sample_built_in_cache_and_rebuilt_when_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib.resources import as_file

    from lineage_kit.sources import sample

    monkeypatch.setenv("LINEAGE_KIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "samples"
    with as_file(sample.sample_dir()) as packaged:
        shutil.copytree(packaged, copy)
    first = sample.sample_database(copy)
    assert first.parent == tmp_path / "cache"
    assert sample.sample_database(copy) == first  # reused
    with open(copy / "assets.csv", "a") as f:
        f.write("900,1,IMAGE,pixverse,new,,,,added later,,false,2026-06-01 00:00:00,\n")
    second = sample.sample_database(copy)
    assert second != first
    store = lk.connect(f"sqlite:///{second}")
    assert store.lineage(900, user_id=1).root.asset.description == "added later"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "samples"]


def test_frames_scoped_and_networkx_keeps_every_attribute(store: lk.Store) -> None:
    f = store.frames(user_id=1)
    assert set(f.assets["user_id"]) == {1}
    assert 9999 not in set(f.edges["parent_asset_id"])  # dangling row dropped
    assert 50 not in set(f.edges["id"])  # cross-owner row dropped
    assert set(f.assets["media_type"]) == {"video", "image"}
    g = f.to_networkx()
    assert g.number_of_nodes() == 41 and g.number_of_edges() == 43
    assert json.loads(g.nodes[310]["media_metadata"])["durations"] == [2, 3, 2, 2]
    assert sorted(k for _u, _v, k in g.out_edges(301, keys=True)) == [11, 13, 14]
    edge = g.edges[301, 310, 13]
    assert (edge["sequence_order"], edge["parent_start_time"], edge["relation_type"]) == (
        3,
        7.0,
        "TRANSITION_INPUT",
    )
    everyone = store.frames(user_id=None)
    assert len(everyone.assets) == 44 and 50 in set(everyone.edges["id"])


def test_frames_answer_from_their_dataframes_as_edited_in_place(sample_store: lk.Store) -> None:
    frames = sample_store.frames(user_id=1)
    assert len(lk.lineage(frames, 310, user_id=1).parents_of(310)) == 4
    rows = frames.edges
    rows.loc[rows["child_asset_id"] == 310, "child_asset_id"] = 9999  # now rows to nowhere
    assert lk.lineage(frames, 310, user_id=1).parents_of(310) == []
    # A value edited in place is seen too (a description, and an owner).
    at = frames.assets.index[frames.assets["id"] == 301][0]
    frames.assets.loc[at, "description"] = "edited in place"
    assert lk.lineage(frames, 301, user_id=1).root.asset.description == "edited in place"
    frames.assets.loc[at, "user_id"] = 2
    with pytest.raises(lk.AssetNotFound):
        lk.lineage(frames, 301, user_id=1)
    # Unchanged frames reuse their source: the index is not rebuilt per query.
    assert frames.neighbour_source() is frames.neighbour_source()


def test_frames_validate_their_tables() -> None:
    import pandas as pd

    with pytest.raises(ValueError, match="lacks column"):
        lk.Frames(pd.DataFrame({"id": [1]}), pd.DataFrame())
    with pytest.raises(TypeError, match="DataFrame"):
        lk.Frames([], pd.DataFrame())  # type: ignore[arg-type]
    g = Graph({1: 1}, [])
    f = g.frames()
    with pytest.raises(ValueError, match="duplicate id"):
        lk.Frames(pd.concat([f.assets, f.assets]), f.edges)


def test_ids_beyond_32_bits_find_nothing_instead_of_failing(store: lk.Store) -> None:
    """Ids are validated up to 2**63-1; PostgreSQL's int4 columns must not overflow."""
    big = 2**40
    with pytest.raises(lk.AssetNotFound):
        store.lineage(big, user_id=1)
    with pytest.raises(lk.AssetNotFound):
        store.lineage(102, user_id=big)
    assert lk.list_assets(store, user_id=big).total == 0
    assert lk.facets(store, user_id=big)["media_type"] == []
    assert lk.asset_details(store, [big, 102], user_id=1).keys() == {102}
    assert lk.asset_details(store, [102], user_id=big) == {}
    assert len(store.frames(user_id=big).assets) == 0
    assert lk.audit(store, user_id=big).ok


def test_frames_reuse_their_source_until_edited_in_place(store: lk.Store) -> None:
    f = store.frames(user_id=1)  # ints, Arrow-backed text, datetimes, booleans
    src = f.neighbour_source()
    assert f.neighbour_source() is src
    assert lk.lineage(f, 310, user_id=1).root.asset.description.startswith("Transition")
    f.assets.loc[f.assets["id"] == 310, "description"] = "edited"
    assert f.neighbour_source() is not src
    assert lk.lineage(f, 310, user_id=1).root.asset.description == "edited"
    src = f.neighbour_source()
    f.assets.loc[f.assets["id"] == 310, "created_at"] = pd.Timestamp("2030-01-01")
    assert f.neighbour_source() is not src
    before = len(lk.lineage(f, 310, user_id=1).parents_of(310))
    first = f.edges.index[f.edges["child_asset_id"] == 310][0]
    f.edges.loc[first, "child_asset_id"] = 999_999  # now a row to a missing asset
    assert len(lk.lineage(f, 310, user_id=1).parents_of(310)) == before - 1


def test_nan_times_read_as_null_on_every_path(empty_db: PixsimDB) -> None:
    """PostgreSQL keeps NaN in a double column; the query's JSON spells it "NaN"."""
    g = Graph({1: 1, 2: 1}, [(10, 2, 1, 0)])
    rows = g.lineage_rows()
    rows[0]["parent_start_time"] = float("nan")
    empty_db.load(g.asset_rows(), rows)
    res = empty_db.store.lineage(1, user_id=1)
    assert res.edges[0].parent_start_time is None
    assert res == lk.lineage(g.frames(), 1, user_id=1)


def test_frames_with_text_in_pieces_answer_the_same(sample_store: lk.Store) -> None:
    """Columns read from a database arrive as several Arrow chunks; answers do not change."""
    import pyarrow as pa

    f = sample_store.frames(user_id=1)
    assets = f.assets.copy()
    for name in ("provider_asset_id", "description", "remote_url", "media_metadata"):
        values = pa.array(assets[name].astype(object).tolist(), type=pa.string(), from_pandas=True)
        pieces = pa.chunked_array([values[:5], values[5:11], values[11:]])
        assets[name] = pd.Series(pd.arrays.ArrowExtensionArray(pieces), index=assets.index)
    pieces = lk.Frames(assets, f.edges, media=f.media)
    for root in (310, 301, 501, 902, 920):  # 902, 920: a provider's thumbnail in the JSON
        expected = sample_store.lineage(root, user_id=1, max_depth=2).to_dict()
        assert lk.lineage(pieces, root, user_id=1, max_depth=2).to_dict() == expected


def test_frames_with_json_documents_decoded_answer_the_same(sample_store: lk.Store) -> None:
    """A hand-made frame may hold ``media_metadata`` as dicts rather than JSON text."""
    f = sample_store.frames(user_id=1)
    assets = f.assets.copy()
    assets["media_metadata"] = [
        json.loads(doc) if isinstance(doc, str) else None for doc in assets["media_metadata"]
    ]
    decoded = lk.Frames(assets, f.edges, media=f.media)
    for root in (902, 920, 310):  # 902, 920: a provider's thumbnail in the JSON
        expected = sample_store.lineage(root, user_id=1, max_depth=2).to_dict()
        assert lk.lineage(decoded, root, user_id=1, max_depth=2).to_dict() == expected


def test_query_statements_fit_psycopgs_parse_cache(sample_pg: PixsimDB) -> None:
    """psycopg turns a statement's ``%(name)s`` placeholders into ``$n`` once and caches
    the result only for text up to ``MAX_CACHED_STATEMENT_LENGTH`` characters; a longer
    statement is parsed again, by regular expression, on every execution."""
    from psycopg import _queries

    store = sample_pg.store
    texts: set[str] = set()
    for direction, uid, max_nodes in itertools.product(
        ("both", "parents", "children"), (1, None), (50, 2)
    ):
        with counted(store) as statements:
            store.lineage(310, user_id=uid, direction=direction, max_depth=3, max_nodes=max_nodes)
        texts.update(statements)
    assert len(texts) == 3 * 2 + 2  # each direction's candidates, scoped or not; summaries
    assert max(map(len, texts)) <= _queries.MAX_CACHED_STATEMENT_LENGTH


def test_an_error_while_fetching_rows_is_the_kits(tmp_path: Path) -> None:
    """A driver error raised after the first row (SQLite steps a statement as its rows are
    fetched) goes through the engine's error handling (where disconnects are detected)
    and is translated like one raised by ``execute``."""
    from lineage_kit.sources.sql.compiled import Compiled

    db = PixsimDB.sqlite(tmp_path)
    store = lk.connect(db.url)
    handled: list[Any] = []
    sa.event.listen(store.engine, "handle_error", handled.append)
    # abs() of the smallest integer overflows: on the third row, not the first.
    overflow = sa.text(
        "SELECT CASE WHEN value < 3 THEN value ELSE abs(-9223372036854775807 - 1) END "
        "FROM json_each('[1, 2, 3, 4]')"
    )
    stmt = Compiled(overflow, store.engine.dialect)
    fine = Compiled(sa.text("SELECT value FROM json_each('[1, 2]')"), store.engine.dialect)
    with counted(store) as statements, store.db.session() as session:
        assert session.rows(fine) == [(1,), (2,)]
        with pytest.raises(lk.StoreError) as caught:
            session.rows(stmt)
        assert session.rows(fine) == [(1,), (2,)]  # the connection is still usable
    assert str(caught.value) == f"{db.url}: a statement failed (integer overflow)"
    assert [ctx.statement for ctx in handled] == [overflow.text]
    assert len(statements) == 3
    store.close()
    db.dispose()
