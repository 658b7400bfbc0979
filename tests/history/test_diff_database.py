"""Snapshots and diffs on real databases (SQLite and PostgreSQL), edited as pixsim7 edits them.

pixsim7's refresh (``services/asset/lineage_refresh.py``) deletes every row of a child,
commits, and writes the rows again in another transaction: new ids, new ``created_at``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import lineage_kit as lk
from tests.support.pixsim_db import PixsimDB, sample_rows
from tests.support.statements import counted


@pytest.fixture
def db(empty_db: PixsimDB) -> PixsimDB:
    empty_db.load(*sample_rows())
    return empty_db


def _rows_of(child: int) -> list[dict[str, Any]]:
    return [r for r in sample_rows()[1] if r["child_asset_id"] == child]


def _rebuilt(rows: list[dict[str, Any]], first_id: int) -> list[dict[str, Any]]:
    """The same rows as a refresh writes them: new ids, created_at now, in another order."""
    now = datetime(2026, 12, 7, 14, 2)
    return [{**r, "id": first_id + k, "created_at": now} for k, r in enumerate(reversed(rows))]


def test_a_refresh_done_as_pixsim7_does_it_diffs_as_no_change(db: PixsimDB) -> None:
    before = lk.snapshot(db.store, user_id=1)
    for child, first in ((910, 1000), (310, 1010), (202, 1020)):  # 202 has a dangling row
        removed = db.refresh_child(child, _rebuilt(_rows_of(child), first))
        assert removed == len(_rows_of(child))
    after = lk.snapshot(db.store, user_id=1)
    assert sorted(after.rows["id"]) != sorted(before.rows["id"])  # the rows are new
    d = lk.diff(before, after)
    assert not d, d.summary()
    assert d.summary() == "no change (9 rows rewritten with the same content)"
    assert not lk.diff(before, db.store)  # the database now, read for the snapshot's owner
    assert not lk.diff(before, db.store.frames(user_id=None))


def test_a_removed_an_added_and_a_changed_row_diff_as_exactly_those(db: PixsimDB) -> None:
    before = lk.snapshot(db.store, user_id=1)
    db.execute("DELETE FROM asset_lineage WHERE id = 87")  # the crop of 901
    db.execute("UPDATE asset_lineage SET parent_frame = 40 WHERE id = 86")  # another frame
    db.add_lineage(
        [
            {
                "id": 500,
                "parent_asset_id": 913,
                "child_asset_id": 920,
                "relation_type": "TRANSITION_INPUT",
                "operation_type": "video_transition",
                "sequence_order": 2,
                "created_at": datetime(2026, 12, 7, 14, 0),
            }
        ]
    )
    d = lk.diff(before, db.store)
    key = ["parent_asset_id", "child_asset_id", "relation_type", "sequence_order"]
    assert d.added[["id", *key]].values.tolist() == [[500, 913, 920, "TRANSITION_INPUT", 2]]
    assert d.removed[["id", *key]].values.tolist() == [[87, 901, 951, "CROPPED_REGION", 0]]
    assert d.changed[
        ["id_before", "parent_frame_before", "parent_frame_after"]
    ].values.tolist() == [[86, 36, 40]]
    assert d.orphaned == (951,)
    assert d.vanished["id"].tolist() == [951]
    assert d.appeared.empty
    assert d.summary() == (
        "1 row added, 1 removed, 1 changed; 1 asset vanished; asset 951 lost every parent"
    )


def test_a_cross_owner_row_never_shows(db: PixsimDB) -> None:
    one, two = lk.snapshot(db.store, user_id=1), lk.snapshot(db.store, user_id=2)
    row = {
        "id": 501,
        "parent_asset_id": 702,
        "child_asset_id": 910,
        "relation_type": "SOURCE_VIDEO",
        "operation_type": "video_extend",
        "sequence_order": 9,
    }
    db.add_lineage([row])
    assert not lk.diff(one, db.store) and not lk.diff(two, db.store)
    db.execute("DELETE FROM asset_lineage WHERE id = 501")
    gone = lk.diff(everyone_before := lk.snapshot(db.store, user_id=None), db.store)
    assert not gone and len(everyone_before) > 0
    db.add_lineage([row])
    seen = lk.diff(everyone_before, db.store)  # every owner: the row is there
    assert seen.summary() == "1 row added" and seen.added["id"].tolist() == [501]


def test_a_snapshot_reads_the_same_from_both_backends_and_round_trips(
    db: PixsimDB, sample_store: lk.Store, tmp_path: Path
) -> None:
    for uid in (1, 2, None):
        snap = lk.snapshot(db.store, user_id=uid, progress=False)
        want = lk.snapshot(sample_store, user_id=uid)
        pd.testing.assert_frame_equal(snap.rows, want.rows)
        pd.testing.assert_frame_equal(snap.assets, want.assets)
        snap.save(tmp_path / "s.parquet")
        assert lk.load_snapshot(tmp_path / "s.parquet").equals(snap)


def test_a_neighbourhood_snapshot_costs_one_bounded_query_per_root(db: PixsimDB) -> None:
    with counted(db.store) as statements:
        snap = lk.snapshot(db.store, user_id=1, assets=[310, 910])
    # The query costs one or two statements whatever its depth: here one per root.
    assert len(statements) <= 2 * 2, statements
    assert len(statements) >= 2
    assert set(snap.scope.roots or ()) == {310, 910}


def test_a_whole_snapshot_of_sqlite_reads_two_statements(sample_store: lk.Store) -> None:
    with counted(sample_store) as statements:
        lk.snapshot(sample_store, user_id=1)
    assert len(statements) == 2, statements


def test_bad_arguments_read_nothing(db: PixsimDB) -> None:
    with counted(db.store) as statements:
        with pytest.raises(lk.InvalidArgument):
            lk.snapshot(db.store, user_id=1, assets=[-1])
        with pytest.raises(lk.InvalidArgumentType):
            lk.snapshot(db.store, user_id="1")  # type: ignore[arg-type]
    assert statements == []
