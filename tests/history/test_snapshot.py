"""Snapshots: the same value from every source, scoped, and one file that reads back."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import lineage_kit as lk
from lineage_kit.model.snapshot import ASSET_COLUMNS, ROW_COLUMNS, ROW_DTYPES
from lineage_kit.model.snapshot_file import FORMAT, HEADER_KEY
from tests.support.pixsim_db import sample_rows


def _keys(snap: lk.Snapshot) -> list[tuple]:
    cols = ["id", "parent_asset_id", "child_asset_id", "relation_type", "sequence_order"]
    return [tuple(r) for r in snap.rows[cols].itertuples(index=False, name=None)]


def test_snapshot_holds_the_scoped_rows_and_the_assets_they_join(sample_store: lk.Store) -> None:
    snap = lk.snapshot(sample_store, user_id=2)
    assert _keys(snap) == [(51, 701, 702, "SOURCE_IMAGE", 0)]
    assert snap.assets["id"].tolist() == [701, 702]  # 703's only row is cross-owner
    assert snap.user_id == 2 and snap.scope == lk.history.Scope()
    assert snap.taken_at is not None and snap.taken_at.tzinfo is not None
    assert list(snap.rows.columns) == list(ROW_COLUMNS)
    assert list(snap.assets.columns) == list(ASSET_COLUMNS)
    assert {c: str(t) for c, t in snap.rows.dtypes.items()} == {
        c: str(t) for c, t in ROW_DTYPES.items()
    }


def test_snapshot_never_shows_another_owners_row(sample_store: lk.Store) -> None:
    one = lk.snapshot(sample_store, user_id=1)
    assert 50 not in one.rows["id"].tolist()  # 103 → 703 joins owner 1 to owner 2
    assert 703 not in one.assets["id"].tolist()
    everyone = lk.snapshot(sample_store, user_id=None)
    assert 50 in everyone.rows["id"].tolist()
    assert 60 not in everyone.rows["id"].tolist()  # dangling: its parent does not exist


def test_snapshot_rows_are_in_edge_order_with_value_form_operations(
    sample_store: lk.Store,
) -> None:
    snap = lk.snapshot(sample_store, user_id=1)
    rows = snap.rows
    assert rows.equals(
        rows.sort_values(["child_asset_id", "sequence_order", "id"]).reset_index(drop=True)
    )
    assert rows.loc[rows["id"] == 2, "operation_type"].item() == "video_extend"  # VIDEO_EXTEND
    assert snap.assets.loc[snap.assets["id"] == 101, "media_type"].item() == "video"


@pytest.mark.parametrize("kind", ["frames", "networkx"])
def test_a_snapshot_is_the_same_from_the_store_frames_and_networkx(
    sample_store: lk.Store, kind: str
) -> None:
    frames = sample_store.frames(user_id=None)
    source = frames if kind == "frames" else frames.to_networkx()
    for uid in (1, 2, None):
        want = lk.snapshot(sample_store, user_id=uid)
        got = lk.snapshot(source, user_id=uid)
        pd.testing.assert_frame_equal(got.rows, want.rows)
        pd.testing.assert_frame_equal(got.assets, want.assets)


def test_a_neighbourhood_snapshot_is_the_bounded_answer(sample_store: lk.Store) -> None:
    snap = lk.snapshot(sample_store, user_id=1, assets=[310])
    res = sample_store.lineage(310, user_id=1, max_nodes=100_000)
    assert sorted(snap.rows["id"]) == sorted(e.id for e in res.edges)
    assert snap.assets["id"].tolist() == sorted(n.id for n in res.nodes)
    assert snap.scope.roots == (310,) and snap.scope.max_depth == 1
    deeper = lk.snapshot(sample_store, user_id=1, assets=[103, 310], depth=2)
    assert {101, 102, 103, 301, 310} <= set(deeper.assets["id"])


def test_a_snapshot_of_a_lineage_answer_reads_its_neighbourhood_again(
    sample_store: lk.Store,
) -> None:
    res = sample_store.lineage(310, user_id=1, direction="parents", max_nodes=3)
    snap = lk.snapshot(sample_store, user_id=1, assets=res)
    assert snap.scope == lk.history.Scope((310,), "parents", 1, 3)
    assert snap.truncated  # 310 has three distinct parents: the cap of 3 drops one
    assert set(snap.assets["id"]) == {n.id for n in res.nodes}


def test_a_snapshot_round_trips_through_one_file(sample_store: lk.Store, tmp_path: Path) -> None:
    for snap in (
        lk.snapshot(sample_store, user_id=1),
        lk.snapshot(sample_store, user_id=None),
        lk.snapshot(sample_store, user_id=1, assets=[310, 910], depth=2),
        lk.snapshot(sample_store, user_id=1, assets=[804]),  # a self-loop
    ):
        path = tmp_path / "snap.parquet"
        snap.save(path)
        back = lk.load_snapshot(path)
        assert back.equals(snap), snap
        assert back.source == snap.source
        assert [p.name for p in tmp_path.iterdir()] == ["snap.parquet"]  # no temporary left


def test_a_file_that_cannot_be_written_is_a_write_error(
    sample_store: lk.Store, tmp_path: Path
) -> None:
    snap = lk.snapshot(sample_store, user_id=2)
    with pytest.raises(lk.WriteError, match="no such folder"):
        snap.save(tmp_path / "missing" / "s.parquet")
    with pytest.raises(lk.WriteError, match="it is a folder"):
        snap.save(tmp_path)
    with pytest.raises(lk.InvalidArgumentType, match="path must be a file path"):
        snap.save(None)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_an_empty_snapshot_round_trips(tmp_path: Path) -> None:
    frames = lk.Frames(
        pd.DataFrame({c: [] for c in lk.schema.ASSETS_REQUIRED}),
        pd.DataFrame({c: [] for c in lk.schema.LINEAGE_REQUIRED}),
    )
    snap = lk.snapshot(frames, user_id=1)
    assert len(snap) == 0 and snap.assets.empty
    snap.save(tmp_path / "empty.parquet")
    assert lk.load_snapshot(tmp_path / "empty.parquet").equals(snap)


def test_the_file_is_plain_parquet_with_a_header(sample_store: lk.Store, tmp_path: Path) -> None:
    snap = lk.snapshot(sample_store, user_id=2)
    snap.save(tmp_path / "s.parquet")
    table = pq.read_table(tmp_path / "s.parquet")
    header = json.loads(table.schema.metadata[HEADER_KEY])
    assert header["format"] == FORMAT and header["user_id"] == 2
    assert header["rows"] == 1 and header["assets"] == 2
    parts = table.column("part").to_pylist()
    assert parts == ["row", "asset", "asset"]
    assert table.column("asset.id").to_pylist()[1:] == [701, 702]


def test_loading_a_missing_file_names_the_argument(tmp_path: Path) -> None:
    with pytest.raises(lk.InvalidArgument, match=r"path: no such file"):
        lk.load_snapshot(tmp_path / "nope.parquet")
    with pytest.raises(lk.InvalidArgumentType, match="path must be a file path"):
        lk.load_snapshot(42)  # type: ignore[arg-type]


def test_a_file_that_is_not_a_snapshot_is_one_clear_error(tmp_path: Path) -> None:
    text = tmp_path / "notes.parquet"
    text.write_text("not parquet at all")
    with pytest.raises(lk.InvalidSnapshot, match=r"not a lineage_kit snapshot.*not a Parquet"):
        lk.load_snapshot(text)
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"a": [1, 2]}), other)
    with pytest.raises(lk.InvalidSnapshot, match="without the kit's header"):
        lk.load_snapshot(other)


def test_a_snapshot_of_another_format_is_refused_with_its_format(
    sample_store: lk.Store, tmp_path: Path
) -> None:
    path = tmp_path / "s.parquet"
    lk.snapshot(sample_store, user_id=2).save(path)
    table = pq.read_table(path)
    header = json.loads(table.schema.metadata[HEADER_KEY])
    header["format"] = FORMAT + 1
    future = table.replace_schema_metadata({HEADER_KEY: json.dumps(header).encode()})
    pq.write_table(future, path)
    with pytest.raises(lk.InvalidSnapshot, match=f"format {FORMAT + 1}.*reads format {FORMAT}"):
        lk.load_snapshot(path)
    assert issubclass(lk.InvalidSnapshot, lk.InvalidArgument)


def test_a_damaged_snapshot_is_refused(sample_store: lk.Store, tmp_path: Path) -> None:
    path = tmp_path / "s.parquet"
    lk.snapshot(sample_store, user_id=2).save(path)
    table = pq.read_table(path)
    header = json.loads(table.schema.metadata[HEADER_KEY])
    header["rows"] = 5  # the header no longer matches the row groups
    pq.write_table(table.replace_schema_metadata({HEADER_KEY: json.dumps(header).encode()}), path)
    with pytest.raises(lk.InvalidSnapshot, match="damaged"):
        lk.load_snapshot(path)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"user_id": -1}, lk.InvalidArgument, "user_id must be"),
        ({"user_id": True}, lk.InvalidArgumentType, "user_id must be"),
        ({"user_id": 1, "assets": [-5]}, lk.InvalidArgument, "assets must be an integer"),
        ({"user_id": 1, "assets": [2**64]}, lk.InvalidArgument, "assets must be an integer"),
        ({"user_id": 1, "assets": "310"}, lk.InvalidArgumentType, "assets must be None"),
        ({"user_id": 1, "assets": []}, lk.InvalidArgument, "assets must name 1 to"),
        ({"user_id": 1, "assets": [310], "depth": 99}, lk.InvalidArgument, "depth must be"),
        ({"user_id": 1, "assets": [310], "depth": 1.5}, lk.InvalidArgumentType, "depth must be"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_read(
    sample_store: lk.Store, kwargs: dict, error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        lk.snapshot(sample_store, **kwargs)


def test_a_neighbourhood_out_of_scope_is_not_found_like_a_missing_one(
    sample_store: lk.Store,
) -> None:
    with pytest.raises(lk.AssetNotFound) as foreign:
        lk.snapshot(sample_store, user_id=1, assets=[703])
    with pytest.raises(lk.AssetNotFound) as missing:
        lk.snapshot(sample_store, user_id=1, assets=[99999])
    assert str(foreign.value).replace("703", "N") == str(missing.value).replace("99999", "N")


def test_a_lineage_answer_of_another_owner_is_refused(sample_store: lk.Store) -> None:
    res = sample_store.lineage(702, user_id=2)
    with pytest.raises(lk.InvalidArgument, match="assets: the Lineage answer was asked for"):
        lk.snapshot(sample_store, user_id=1, assets=res)


def test_a_snapshot_is_not_a_source_of_other_things(sample_store: lk.Store) -> None:
    with pytest.raises(lk.InvalidArgumentType, match="source must be"):
        lk.snapshot(object(), user_id=1)


def test_raw_frames_keep_their_dangling_rows_out(tmp_path: Path) -> None:
    assets, rows = sample_rows()
    frames = lk.Frames(pd.DataFrame(assets), pd.DataFrame(rows))
    snap = lk.snapshot(frames, user_id=1)
    assert 60 not in snap.rows["id"].tolist() and 50 not in snap.rows["id"].tolist()


def test_reprs_say_what_a_snapshot_holds(sample_store: lk.Store) -> None:
    snap = lk.snapshot(sample_store, user_id=2)
    assert repr(snap) == "Snapshot(user_id=2, whole lineage: 1 row, 2 assets, from embedded sample)"
    html = snap._repr_html_()
    assert "lineage-kit-snapshot" in html and "SOURCE_IMAGE" in html
