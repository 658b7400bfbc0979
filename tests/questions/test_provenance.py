"""Provenance questions on the sample: every source, the documented columns, the bounds."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import lineage_kit as lk
from lineage_kit import questions as p

SOURCES = ["sqlite", "postgresql", "frames", "networkx"]


@pytest.fixture(params=SOURCES)
def source(request: pytest.FixtureRequest) -> Any:
    """The sample as each kind of source the questions accept."""
    if request.param == "sqlite":
        return request.getfixturevalue("sample_store")
    if request.param == "postgresql":
        return request.getfixturevalue("sample_pg").store
    frames = request.getfixturevalue("sample_store").frames(user_id=None)
    return frames if request.param == "frames" else frames.to_networkx()


def _paths(frame: pd.DataFrame) -> list[list[int]]:
    return [list(g["lineage_id"]) for _, g in frame.groupby("path", sort=True)]


# --- transition_inputs -------------------------------------------------------------------------
def test_transition_inputs_in_sequence_order_with_reused_image_repeated(source: Any) -> None:
    df = p.transition_inputs(source, 310, user_id=1)
    assert tuple(df.columns) == p.TRANSITION_INPUT_COLUMNS
    assert df["asset_id"].tolist() == [301, 302, 303, 301]
    assert df["sequence_order"].tolist() == [0, 1, 2, 3]
    assert df["lineage_id"].tolist() == [11, 12, 10, 13]
    assert set(df["relation_type"]) == {"TRANSITION_INPUT"}
    assert df["prompt"].tolist() == [
        "dawn light spreads",
        "boats set sail",
        "sun at its height",
        "back to the first light",
    ]
    assert df["duration"].tolist() == [2.0, 3.0, 2.0, 2.0]
    assert df["parent_start_time"].tolist() == [0.0, 2.0, 5.0, 7.0]
    assert df.attrs["truncated"] is False


def test_transition_inputs_take_metadata_at_their_sequence_order(source: Any) -> None:
    df = p.transition_inputs(source, 320, user_id=1)
    assert df["sequence_order"].tolist() == [0, 2]
    assert df["prompt"].tolist() == ["dawn", "noon"]  # "deleted frame" (order 1) has no row


def test_transition_inputs_of_an_asset_that_is_not_a_transition_is_empty(source: Any) -> None:
    df = p.transition_inputs(source, 202, user_id=1)
    assert df.empty and tuple(df.columns) == p.TRANSITION_INPUT_COLUMNS


# --- extensions_of -----------------------------------------------------------------------------
def test_extensions_are_multi_hop_with_depth_and_the_legacy_label(source: Any) -> None:
    df = p.extensions_of(source, 101, user_id=1)
    assert tuple(df.columns) == p.EXTENSION_COLUMNS
    assert df[["asset_id", "depth", "extends", "lineage_id"]].values.tolist() == [
        [102, 1, 101, 1],
        [104, 1, 101, 3],
        [103, 2, 102, 2],  # row 2 stores VIDEO_EXTEND
    ]
    assert df.set_index("asset_id")["is_archived"].to_dict() == {102: False, 104: True, 103: False}


def test_extensions_respect_max_depth_and_scope(source: Any) -> None:
    assert p.extensions_of(source, 101, user_id=1, max_depth=1)["asset_id"].tolist() == [102, 104]
    # Owner 2's remix of 103 is an extension only when every owner is in scope.
    everyone = p.extensions_of(source, 101, user_id=None)
    assert everyone[["asset_id", "depth"]].values.tolist()[-1] == [703, 3]
    assert p.extensions_of(source, 103, user_id=1).empty


def test_extensions_follow_only_video_extend_rows(source: Any) -> None:
    # 601's children are keyframes (frame_extraction) and 603 → 604 is image_to_video.
    assert p.extensions_of(source, 601, user_id=1).empty


def test_extensions_report_a_node_cap_that_cut_the_descendants(source: Any) -> None:
    df = p.extensions_of(source, 101, user_id=1, max_nodes=2)
    assert df["asset_id"].tolist() == [102]
    assert df.attrs["truncated"] is True


# --- paused_frames -----------------------------------------------------------------------------
def test_paused_frames_in_time_order_with_frame_numbers(source: Any) -> None:
    df = p.paused_frames(source, 501, user_id=1)
    assert tuple(df.columns) == p.PAUSED_FRAME_COLUMNS
    assert df["asset_id"].tolist() == [502, 503, 504]  # rows 31, 30, 32: ids not in time order
    assert df["lineage_id"].tolist() == [31, 30, 32]
    assert df["parent_start_time"].tolist() == [2.0, 5.0, 8.75]
    assert df["parent_end_time"].tolist() == [2.0, 5.0, 8.75]
    assert df["parent_frame"].tolist() == [48, 120, 210]


def test_keyframes_are_not_paused_frames(source: Any) -> None:
    assert p.paused_frames(source, 601, user_id=1).empty


# --- derivation_paths --------------------------------------------------------------------------
def test_derivation_path_through_an_extension_chain(source: Any) -> None:
    df = p.derivation_paths(source, 101, 103, user_id=1)
    assert tuple(df.columns) == p.DERIVATION_PATH_COLUMNS
    assert df[["hop", "parent_asset_id", "child_asset_id", "lineage_id"]].values.tolist() == [
        [0, 101, 102, 1],
        [1, 102, 103, 2],
    ]
    assert df["operation_type"].tolist() == ["video_extend", "video_extend"]
    assert df.attrs == {"paths": 1, "truncated": False}


def test_parallel_rows_give_distinct_paths_and_cycles_end(source: Any) -> None:
    df = p.derivation_paths(source, 801, 803, user_id=1)
    assert _paths(df) == [[70, 71], [73, 71]]
    around = p.derivation_paths(source, 803, 802, user_id=1)  # 803 → 801 → 802, round the cycle
    assert _paths(around) == [[72, 70], [72, 73]]


def test_unrelated_or_reversed_assets_have_no_path(source: Any) -> None:
    assert p.derivation_paths(source, 101, 310, user_id=1).empty
    assert p.derivation_paths(source, 103, 101, user_id=1).empty  # paths only go downward
    assert p.derivation_paths(source, 801, 801, user_id=1).empty
    assert p.derivation_paths(source, 101, 103, user_id=1, max_depth=1).empty


def test_path_cap_is_reported(source: Any) -> None:
    df = p.derivation_paths(source, 801, 803, user_id=1, max_paths=1)
    assert _paths(df) == [[70, 71]]
    assert df.attrs == {"paths": 1, "truncated": True}


def test_derivation_paths_are_capped_on_a_graph_with_many_paths(empty_db: Any) -> None:
    # Eight diamonds in a row: 2**8 = 256 paths from the first asset to the last.
    assets = [
        {
            "id": i,
            "user_id": 1,
            "media_type": "image",
            "provider_id": "t",
            "provider_asset_id": str(i),
        }
        for i in range(1, 26)
    ]
    rows = []
    for k in range(8):
        top, left, right, bottom = 3 * k + 1, 3 * k + 2, 3 * k + 3, 3 * k + 4
        for parent, child in ((top, left), (top, right), (left, bottom), (right, bottom)):
            rows.append(
                {
                    "id": len(rows) + 1,
                    "parent_asset_id": parent,
                    "child_asset_id": child,
                    "relation_type": "DERIVATION",
                    "operation_type": "image_edit",
                    "sequence_order": 0,
                }
            )
    empty_db.load(assets, rows)
    full = p.derivation_paths(empty_db.store, 1, 25, user_id=1, max_depth=16, max_paths=10_000)
    assert full.attrs == {"paths": 256, "truncated": False}
    assert (full.groupby("path").size() == 16).all()
    capped = p.derivation_paths(empty_db.store, 1, 25, user_id=1, max_depth=16, max_paths=100)
    assert capped.attrs == {"paths": 100, "truncated": True}
    assert capped["path"].nunique() == 100


# --- origins -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("asset_id", "user_id", "expected"),
    [
        (604, 1, [(403, -3)]),  # 604 ← 603 ← 601 ← 403 (the MOOD_BOARD row)
        (310, 1, [(301, -1), (302, -1), (303, -1)]),
        (103, 1, [(101, -2)]),
        (202, 1, [(201, -1)]),  # the dangling parent 9999 is not an origin
        (101, 1, []),  # an asset is not its own origin
        (802, 1, []),  # a cycle has no parentless ancestor
        (703, 2, []),  # 703's parent belongs to owner 1
        (703, None, [(101, -3)]),
    ],
)
def test_origins_are_the_parentless_ancestors(
    source: Any, asset_id: int, user_id: int | None, expected: list[tuple[int, int]]
) -> None:
    df = p.origins(source, asset_id, user_id=user_id)
    assert tuple(df.columns) == p.ORIGIN_COLUMNS
    assert list(zip(df["asset_id"], df["depth"], strict=True)) == expected
    assert df.attrs["truncated"] is False


def test_origins_say_when_the_depth_stopped_the_climb(source: Any) -> None:
    df = p.origins(source, 604, user_id=1, max_depth=1)
    assert df.empty and df.attrs["truncated"] is True


# --- the same answer from every source ---------------------------------------------------------
QUESTIONS = [
    ("transition_inputs", (310,), {}),
    ("transition_inputs", (320,), {}),
    ("extensions_of", (101,), {}),
    ("paused_frames", (501,), {}),
    ("derivation_paths", (801, 801), {}),
    ("derivation_paths", (803, 802), {}),
    ("origins", (604,), {}),
    ("origins", (310,), {}),
]


@pytest.mark.parametrize("user_id", [1, None])
def test_every_source_gives_the_same_frame(
    source: Any, sample_store: lk.Store, user_id: int | None
) -> None:
    for name, args, kw in QUESTIONS:
        fn = getattr(p, name)
        got = fn(source, *args, user_id=user_id, **kw)
        want = fn(sample_store, *args, user_id=user_id, **kw)
        pd.testing.assert_frame_equal(got, want, obj=f"{name}{args}")
        assert got.attrs == want.attrs


# --- errors ------------------------------------------------------------------------------------
CALLS = [
    lambda s, i, u: p.transition_inputs(s, i, user_id=u),
    lambda s, i, u: p.extensions_of(s, i, user_id=u),
    lambda s, i, u: p.paused_frames(s, i, user_id=u),
    lambda s, i, u: p.derivation_paths(s, i, 310, user_id=u),
    lambda s, i, u: p.derivation_paths(s, 101, i, user_id=u),
    lambda s, i, u: p.origins(s, i, user_id=u),
]


@pytest.mark.parametrize("call", CALLS)
def test_missing_and_foreign_assets_raise_asset_not_found(source: Any, call: Any) -> None:
    with pytest.raises(lk.AssetNotFound):
        call(source, 123456, 1)
    with pytest.raises(lk.AssetNotFound):
        call(source, 701, 1)  # owner 2's asset, asked as owner 1


def test_user_id_is_a_required_keyword(sample_store: lk.Store) -> None:
    with pytest.raises(TypeError, match="user_id"):
        p.origins(sample_store, 604)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="user_id"):
        p.transition_inputs(sample_store, 310, user_id="1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda s: p.extensions_of(s, True, user_id=1), TypeError, "video_id"),
        (lambda s: p.paused_frames(s, -5, user_id=1), ValueError, "video_id"),
        (lambda s: p.derivation_paths(s, "101", 103, user_id=1), TypeError, "ancestor_id"),
        (lambda s: p.derivation_paths(s, 101, 1.5, user_id=1), TypeError, "descendant_id"),
        (
            lambda s: p.derivation_paths(s, 101, 103, user_id=1, max_paths=0),
            ValueError,
            "max_paths",
        ),
        (
            lambda s: p.derivation_paths(s, 101, 103, user_id=1, max_paths=2.0),
            TypeError,
            "max_paths",
        ),
        (lambda s: p.extensions_of(s, 101, user_id=1, max_depth=65), ValueError, "max_depth"),
        (lambda s: p.origins(s, 604, user_id=1, max_nodes=0), ValueError, "max_nodes"),
        (lambda s: p.origins(42, 604, user_id=1), TypeError, "source"),
    ],
)
def test_bad_arguments_are_refused_naming_the_argument(
    sample_store: lk.Store, call: Any, error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=name):
        call(sample_store)
