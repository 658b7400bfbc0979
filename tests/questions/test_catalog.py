"""Listing assets for a gallery: the same pages, filters and details from every source."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import lineage_kit as lk
from tests.support.pixsim_db import PixsimDB
from tests.support.pixsim_today import today_assets, today_lineage


@pytest.fixture(params=["store", "frames", "networkx"])
def source(request: pytest.FixtureRequest, store: lk.Store) -> Any:
    if request.param == "store":
        return store
    frames = store.frames(user_id=None)
    return frames if request.param == "frames" else frames.to_networkx()


def test_pages_newest_first_with_degree_badges(source: Any) -> None:
    first = lk.list_assets(source, user_id=1, limit=5)
    assert first.total == 41 and first.has_next
    assert [n.id for n in first.items] == [910, 804, 803, 802, 801]
    everything = [n.id for n in lk.list_assets(source, user_id=1, limit=500).items]
    assert everything[:5] == [n.id for n in first.items] and len(everything) == 41
    second = lk.list_assets(source, user_id=1, offset=5, limit=5)
    assert [n.id for n in second.items] == everything[5:10]
    beyond = lk.list_assets(source, user_id=1, offset=100)
    assert beyond.items == () and beyond.total == 41
    assert repr(beyond) == "AssetPage(none at offset 100; 41 in all)"
    assert lk.list_assets(source, user_id=1, offset=2**31 - 1).total == 41
    badges = {
        n.id: (n.parent_count, n.child_count)
        for n in lk.list_assets(source, user_id=1, limit=500).items
    }
    assert badges[310] == (4, 0) and badges[301] == (0, 3) and badges[101] == (0, 2)


def test_filters(source: Any) -> None:
    videos = lk.list_assets(source, user_id=1, media_type="video", limit=100)
    assert videos.total == 18 and {n.asset.media_type for n in videos.items} == {"video"}
    ext = lk.list_assets(source, user_id=1, operation_type="video_extend")
    assert sorted(n.id for n in ext.items) == [102, 103, 104, 940]  # 940: synced, column null
    column = lk.list_assets(source, user_id=1, asset_operation_type="video_extend")
    assert sorted(n.id for n in column.items) == [102, 103, 104]
    local = lk.list_assets(source, user_id=1, provider_id="local", media_type="image")
    assert sorted(n.id for n in local.items) == [502, 503, 504, 602, 603, 901, 950, 951]
    assert lk.list_assets(source, user_id=2, media_type="audio").total == 0


def test_facets(source: Any) -> None:
    f = lk.facets(source, user_id=1)
    assert f["media_type"] == ["image", "video"]
    assert f["provider_id"] == ["local", "pixverse"]
    assert "video_extend" in f["operation_type"] and "VIDEO_EXTEND" not in f["operation_type"]
    assert "frame_extraction" in f["operation_type"] and "text_to_image" not in f["operation_type"]
    assert "text_to_image" in f["asset_operation_type"]  # 201 was made from text: no row


def test_details_scoped_and_decoded(source: Any) -> None:
    d = lk.asset_details(source, [310, 701, 999], user_id=1)
    assert list(d) == [310]
    assert d[310]["media_metadata"]["prompts"][1] == "boats set sail"
    assert d[310]["user_id"] == 1 and d[310]["operation_type"] == "video_transition"
    assert lk.asset_details(source, [701], user_id=None)[701]["user_id"] == 2


@pytest.mark.parametrize(
    ("kw", "error", "name"),
    [
        ({"limit": 0}, ValueError, "limit"),
        ({"limit": 1000}, ValueError, "limit"),
        ({"offset": -1}, ValueError, "offset"),
        ({"offset": 2**40}, ValueError, "offset"),
        ({"offset": 1.5}, TypeError, "offset"),
        ({"media_type": 3}, TypeError, "media_type"),
        ({"user_id": "x"}, TypeError, "user_id"),
    ],
)
def test_bad_arguments(sample_store: lk.Store, kw: dict[str, Any], error: type, name: str) -> None:
    args = {"user_id": 1} | kw
    with pytest.raises(error, match=name):
        lk.list_assets(sample_store, **args)


def test_details_bad_ids(sample_store: lk.Store) -> None:
    with pytest.raises(TypeError, match="ids"):
        lk.asset_details(sample_store, "310", user_id=1)
    with pytest.raises(TypeError, match="ids"):
        lk.asset_details(sample_store, [True], user_id=1)


# --- filters with pixsim7's search meanings, on a database written by pixsim7 today -----------
def ids(source: Any, user_id: int | None = 1, **filters: Any) -> list[int]:
    return sorted(n.id for n in lk.list_assets(source, user_id=user_id, **filters).items)


def test_operation_type_asks_for_a_lineage_row_like_pixsim7s_search(today: Any) -> None:
    # 3 was synced from Pixverse (its operation column is null), 5's row holds the legacy
    # upper-case label VIDEO_EXTEND: both were made by an extension all the same.
    assert ids(today, operation_type="video_extend") == [3, 4, 5]
    assert ids(today, asset_operation_type="video_extend") == [4, 5]
    assert ids(today, operation_type="VIDEO_TRANSITION") == [10, 14]
    assert ids(today, asset_operation_type="video_transition") == []
    assert ids(today, operation_type="frame_extraction") == [31, 32]
    assert ids(today, operation_type="image_to_video") == [2, 33]
    assert ids(today, operation_type="image_to_video", media_type="image") == []
    assert ids(today, operation_type="fusion", asset_operation_type="fusion") == []


def test_operation_type_counts_only_in_scope_rows(today: Any) -> None:
    # 60 (owner 2) extends owner 1's video 2: the row is hidden from owner 2, as in a query
    assert ids(today, user_id=2, operation_type="video_extend") == []
    assert ids(today, user_id=2, asset_operation_type="video_extend") == [60]
    assert ids(today, user_id=None, operation_type="video_extend") == [3, 4, 5, 60]


def test_a_row_to_a_missing_parent_does_not_count(empty_db: PixsimDB) -> None:
    dangling = {
        "id": 999,
        "parent_asset_id": 9999,
        "child_asset_id": 40,
        "relation_type": "SOURCE",
        "operation_type": "fusion",
        "sequence_order": 2,
        "created_at": "2026-06-02 00:00:00",
    }
    empty_db.load(today_assets(), [*today_lineage(), dangling])
    frames = lk.Frames(
        pd.read_sql_table("assets", empty_db.writer),
        pd.read_sql_table("asset_lineage", empty_db.writer),
    )
    for source in (empty_db.store, frames, frames.to_networkx()):
        assert ids(source, user_id=None, operation_type="fusion") == [20]


def test_facets_list_the_operations_of_lineage_rows(today: Any) -> None:
    f = lk.facets(today, user_id=1)
    assert list(f) == ["media_type", "provider_id", "operation_type", "asset_operation_type"]
    assert f["operation_type"] == [
        "frame_extraction",
        "fusion",
        "image_composite",
        "image_to_video",
        "video_extend",
        "video_transition",
    ]
    assert f["asset_operation_type"] == ["image_composite", "image_to_video", "video_extend"]
    assert lk.facets(today, user_id=2)["operation_type"] == []


@pytest.mark.parametrize("name", ["operation_type", "asset_operation_type"])
def test_filter_arguments_are_checked(sample_store: lk.Store, name: str) -> None:
    with pytest.raises(TypeError, match=name):
        lk.list_assets(sample_store, user_id=1, **{name: 3})
    with pytest.raises(TypeError, match=name):
        lk.list_assets(sample_store, user_id=1, **{name: ""})
