"""lk.diff: rows matched by what survives a refresh, as a multiset; what a diff reports."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

import lineage_kit as lk
from lineage_kit.history import comparing
from tests.support.pixsim_db import sample_rows


def _asset(i: int, user: int = 1, **kw: Any) -> dict[str, Any]:
    return {
        "id": i,
        "user_id": user,
        "media_type": "image",
        "provider_id": "pixverse",
        "provider_asset_id": f"p{i}",
        "description": f"asset {i}",
        **kw,
    }


def _row(i: int, parent: int, child: int, seq: int = 0, **kw: Any) -> dict[str, Any]:
    return {
        "id": i,
        "parent_asset_id": parent,
        "child_asset_id": child,
        "relation_type": kw.pop("relation_type", "TRANSITION_INPUT"),
        "operation_type": kw.pop("operation_type", "video_transition"),
        "sequence_order": seq,
        "parent_start_time": kw.pop("start", None),
        "parent_end_time": kw.pop("end", None),
        "parent_frame": kw.pop("frame", None),
        "created_at": kw.pop("created_at", "2026-05-01 10:00:00"),
    }


def _frames(assets: list[dict[str, Any]], rows: list[dict[str, Any]]) -> lk.Frames:
    return lk.Frames(pd.DataFrame(assets), pd.DataFrame(rows, columns=list(_row(0, 0, 0))))


ASSETS = [_asset(i) for i in (1, 2, 3, 10)] + [_asset(20, user=2)]
ROWS = [
    _row(1, 1, 10, 0, start=0.0, end=2.0),
    _row(2, 2, 10, 1, start=2.0, end=5.0),
    _row(3, 3, 10, 2, start=5.0, end=7.0),
    _row(4, 1, 10, 3, start=7.0, end=9.0),  # image 1 used twice
    _row(5, 10, 20, 0, relation_type="SOURCE_VIDEO", operation_type="video_extend"),  # foreign
]


def _tuples(frame: pd.DataFrame, cols: list[str]) -> list[tuple]:
    return [tuple(r) for r in frame[cols].astype(object).itertuples(index=False, name=None)]


def test_a_refresh_that_rewrites_the_same_rows_is_no_change() -> None:
    before = lk.snapshot(_frames(ASSETS, ROWS), user_id=1)
    # pixsim7's refresh: the child's rows deleted and written again, new ids and created_at,
    # in another order.
    again = [
        {**r, "id": 100 + k, "created_at": "2026-12-07 14:00:00"}
        for k, r in enumerate(reversed(ROWS[:4]))
    ]
    after = lk.snapshot(_frames(ASSETS, [*again, ROWS[4]]), user_id=1)
    d = lk.diff(before, after)
    assert not d and d.summary() == "no change (4 rows rewritten with the same content)"
    assert d.unchanged == 4 and d.rewritten == 4
    assert d.added.empty and d.removed.empty and d.changed.empty


def test_removed_added_and_changed_rows_are_exactly_those() -> None:
    before = lk.snapshot(_frames(ASSETS, ROWS), user_id=1)
    rows = [
        ROWS[0],
        {**ROWS[1], "parent_start_time": 2.5},  # changed: another time span
        # ROWS[2] removed
        {**ROWS[3], "operation_type": "VIDEO_TRANSITION"},  # legacy label: the same value
        _row(9, 3, 10, 4, start=9.0, end=11.0),  # added
        ROWS[4],
    ]
    after = lk.snapshot(_frames(ASSETS, rows), user_id=1)
    d = lk.diff(before, after)
    assert bool(d) and d.summary() == "1 row added, 1 removed, 1 changed"
    key = ["parent_asset_id", "child_asset_id", "relation_type", "sequence_order"]
    assert _tuples(d.added, ["id", *key]) == [(9, 3, 10, "TRANSITION_INPUT", 4)]
    assert _tuples(d.removed, ["id", *key]) == [(3, 3, 10, "TRANSITION_INPUT", 2)]
    changed = d.changed.iloc[0]
    assert (changed["id_before"], changed["id_after"]) == (2, 2)
    assert (changed["parent_start_time_before"], changed["parent_start_time_after"]) == (2.0, 2.5)
    assert changed["changes"] == "time span"
    assert list(d.changed.columns) == list(lk.model.diff.CHANGED_COLUMNS)
    assert list(d.added.columns) == list(lk.model.diff.ROW_FIELDS)


def test_another_operation_or_frame_is_a_change_not_a_new_row() -> None:
    before = lk.snapshot(_frames(ASSETS, ROWS), user_id=1)
    rows = [{**ROWS[0], "operation_type": "fusion", "parent_frame": 12}, *ROWS[1:]]
    d = lk.diff(before, lk.snapshot(_frames(ASSETS, rows), user_id=1))
    assert d.summary() == "1 row changed"
    assert d.changed["changes"].tolist() == ["operation_type, frame"]


def test_rows_are_a_multiset_exact_duplicates_count() -> None:
    dup = [*ROWS[:4], {**ROWS[0], "id": 50}]  # an exact duplicate (old databases have them)
    before = lk.snapshot(_frames(ASSETS, dup), user_id=1)
    after = lk.snapshot(_frames(ASSETS, ROWS[:4]), user_id=1)
    d = lk.diff(before, after)
    assert d.summary() == "1 row removed"
    assert d.removed["parent_asset_id"].tolist() == [1]
    back = lk.diff(after, before)
    assert back.summary() == "1 row added" and back.added["id"].tolist() == [50]


def test_a_key_with_more_rows_on_one_side_pairs_in_value_order() -> None:
    before = [_row(1, 1, 10, 0, frame=5), _row(2, 1, 10, 0, frame=7)]
    after = [_row(3, 1, 10, 0, frame=6)]
    d = lk.diff(
        lk.snapshot(_frames(ASSETS, before), user_id=1),
        lk.snapshot(_frames(ASSETS, after), user_id=1),
    )
    assert d.summary() == "1 row removed, 1 changed"
    assert d.changed[["parent_frame_before", "parent_frame_after"]].values.tolist() == [[5, 6]]
    assert d.removed["parent_frame"].tolist() == [7]


def test_assets_that_appear_or_vanish_and_children_that_lose_every_parent() -> None:
    before = lk.snapshot(_frames(ASSETS, ROWS), user_id=1)
    after_rows = [_row(7, 1, 2)]  # every parent of 10 gone; 1 → 2 new
    d = lk.diff(before, lk.snapshot(_frames(ASSETS, after_rows), user_id=1))
    assert d.vanished["id"].tolist() == [3, 10]
    assert d.appeared.empty  # 1 and 2 were already joined by rows
    assert d.orphaned == (10,)
    assert d.summary() == "1 row added, 4 removed; 2 assets vanished; asset 10 lost every parent"
    assert list(d.vanished.columns) == list(lk.model.diff.ASSET_FIELDS)
    assert d.vanished.loc[0, "description"] == "asset 3"


def test_another_owners_rows_never_show() -> None:
    before = lk.snapshot(_frames(ASSETS, ROWS), user_id=1)
    # Owner 2's side changes completely: owner 1's diff does not see it.
    after = lk.snapshot(_frames(ASSETS, [*ROWS[:4], _row(6, 10, 20, 3)]), user_id=1)
    assert not lk.diff(before, after)
    everyone = lk.diff(
        lk.snapshot(_frames(ASSETS, ROWS), user_id=None),
        lk.snapshot(_frames(ASSETS, [*ROWS[:4], _row(6, 10, 20, 3)]), user_id=None),
    )
    assert everyone.summary() == "1 row added, 1 removed"


def test_a_live_side_is_read_now_for_the_snapshots_owner_and_scope(
    sample_store: lk.Store,
) -> None:
    snap = lk.snapshot(sample_store, user_id=2)
    frames = sample_store.frames(user_id=None)
    assert not lk.diff(snap, sample_store) and not lk.diff(frames, snap)
    frames.edges.loc[frames.edges["id"] == 51, "parent_frame"] = 3
    d = lk.diff(snap, frames)
    assert d.summary() == "1 row changed" and d.user_id == 2
    assert lk.diff(frames.to_networkx(), snap).summary() == "1 row changed"


def test_two_lineage_answers_diff_without_reading(sample_store: lk.Store) -> None:
    old = sample_store.lineage(310, user_id=1)
    frames = sample_store.frames(user_id=1)
    edited = lk.Frames(frames.assets, frames.edges[frames.edges["id"] != 10])
    new = lk.lineage(edited, 310, user_id=1)
    d = lk.diff(old, new)
    assert d.summary() == "1 row removed; 1 asset vanished"  # 303 left the neighbourhood
    assert d.removed[["id", "parent_asset_id", "sequence_order"]].values.tolist() == [[10, 303, 2]]
    assert d.before_taken_at is None and d.since() == "the earlier answer"
    assert d.scope == lk.history.Scope((310,), "both", 1, 50)


def test_a_lineage_answer_against_a_live_source_reads_the_same_query(
    sample_store: lk.Store,
) -> None:
    old = sample_store.lineage(910, user_id=1, direction="parents")
    assert not lk.diff(old, sample_store)
    with pytest.raises(lk.InvalidArgument, match="compare snapshots of the same scope"):
        lk.diff(old, sample_store.lineage(910, user_id=1))


def test_a_snapshot_of_another_user_is_refused(sample_store: lk.Store) -> None:
    one, two = lk.snapshot(sample_store, user_id=1), lk.snapshot(sample_store, user_id=2)
    with pytest.raises(lk.InvalidArgument, match=r"after: a snapshot for user 2 .* user 1"):
        lk.diff(one, two)


def test_two_live_sources_or_other_things_are_refused(sample_store: lk.Store) -> None:
    with pytest.raises(lk.InvalidArgument, match="both live sources"):
        lk.diff(sample_store, sample_store.frames(user_id=1))
    with pytest.raises(lk.InvalidArgumentType, match="before must be a Snapshot"):
        lk.diff(42, sample_store)
    with pytest.raises(lk.InvalidArgumentType, match="after must be a Snapshot"):
        lk.diff(lk.snapshot(sample_store, user_id=1), [1, 2])


def test_a_snapshot_file_can_be_either_side(sample_store: lk.Store, tmp_path: Any) -> None:
    path = tmp_path / "s.parquet"
    lk.snapshot(sample_store, user_id=1).save(path)
    assert not lk.diff(str(path), sample_store)
    with pytest.raises(lk.InvalidArgument, match="no such file"):
        lk.diff(tmp_path / "missing.parquet", sample_store)


def test_a_hash_collision_never_hides_a_difference(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every row gets the same number: each match is then checked and redone exactly.
    monkeypatch.setattr(comparing, "row_hash", lambda cols: np.zeros(len(cols[0]), dtype=np.uint64))
    before = lk.snapshot(_frames(ASSETS, ROWS), user_id=1)
    rows = [ROWS[0], {**ROWS[1], "parent_end_time": 6.0}, ROWS[3], _row(9, 3, 10, 4)]
    d = lk.diff(before, lk.snapshot(_frames(ASSETS, rows), user_id=1))
    assert d.summary() == "1 row added, 1 removed, 1 changed"
    assert d.unchanged == 2
    same = lk.diff(before, before)
    assert not same and same.unchanged == 4


def test_the_sample_against_itself_edited_on_every_kind_of_row(sample_store: lk.Store) -> None:
    assets, rows = sample_rows()
    edited = [dict(r) for r in rows if r["id"] != 86]  # the captured frame's row gone
    for r in edited:
        if r["id"] == 2:
            r["operation_type"] = "video_extend"  # label normalised: no change
        if r["id"] == 31:
            r["parent_frame"] = 49
    before = lk.snapshot(lk.Frames(pd.DataFrame(assets), pd.DataFrame(rows)), user_id=1)
    after = lk.snapshot(lk.Frames(pd.DataFrame(assets), pd.DataFrame(edited)), user_id=1)
    d = lk.diff(before, after)
    # 950 is still a parent of 960: it lost its own parent but is still joined by a row.
    assert d.summary() == "1 row removed, 1 changed; asset 950 lost every parent"


def test_to_dict_is_plain_json(sample_store: lk.Store) -> None:
    before = lk.snapshot(_frames(ASSETS, ROWS), user_id=1)
    after = lk.snapshot(_frames(ASSETS, [{**ROWS[0], "parent_end_time": 3.0}]), user_id=1)
    data = lk.diff(before, after).to_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["counts"]["removed"] == 3
    assert data["changed"][0]["parent_end_time_after"] == 3.0
    assert data["removed"][0]["parent_frame"] is None
    assert data["summary"].startswith("3 rows removed, 1 changed")
    assert data["before"]["taken_at"].endswith("+00:00")


def test_reprs_are_short_text_and_an_escaped_table() -> None:
    assets = [*ASSETS[:3], _asset(10, description="<script>alert(1)</script>")]
    before = lk.snapshot(_frames(assets, ROWS), user_id=1)
    d = lk.diff(before, lk.snapshot(_frames(assets, ROWS[:1]), user_id=1))
    assert repr(d) == ("LineageDiff(user_id=1, whole lineage: 3 rows removed; 2 assets vanished)")
    html = d._repr_html_()
    assert "lk-diff-removed" in html and "<script>" not in html
    assert "&lt;script&gt;" not in html or "alert" in html
