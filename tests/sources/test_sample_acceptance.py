"""The seed's acceptance cases on the bundled sample, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import base64

import pytest

import lineage_kit as lk
from lineage_kit.sources.sample import sample_media_dir


def test_extended_video_has_one_source_video_parent(store: lk.Store) -> None:
    res = store.lineage(102, user_id=1)
    parents = res.flat()["parents"]
    assert [(p["id"], p["relation_type"], p["operation_type"]) for p in parents] == [
        (101, "SOURCE_VIDEO", "video_extend")
    ]
    assert [c["id"] for c in res.flat()["children"]] == [103]


def test_legacy_upper_case_operation_label_reads_as_value(store: lk.Store) -> None:
    res = store.lineage(103, user_id=1, direction="parents")
    assert [(e.parent_asset_id, e.operation_type) for e in res.edges] == [(102, "video_extend")]


def test_extend_chain_walks_up_to_the_base(store: lk.Store) -> None:
    res = store.lineage(103, user_id=1, direction="parents", max_depth=5)
    assert [(n.id, n.depth) for n in res.nodes] == [(103, 0), (102, -1), (101, -2)]


def test_transition_lists_inputs_in_sequence_order_with_the_reused_image_twice(
    store: lk.Store,
) -> None:
    parents = store.lineage(310, user_id=1).flat()["parents"]
    assert [(p["id"], p["sequence_order"]) for p in parents] == [
        (301, 0),
        (302, 1),
        (303, 2),
        (301, 3),
    ]
    assert {(p["relation_type"], p["operation_type"]) for p in parents} == {
        ("TRANSITION_INPUT", "video_transition")
    }
    assert [(p["parent_start_time"], p["parent_end_time"]) for p in parents] == [
        (0.0, 2.0),
        (2.0, 5.0),
        (5.0, 7.0),
        (7.0, 9.0),
    ]


def test_fusion_shows_character_background_and_reference(store: lk.Store) -> None:
    parents = store.lineage(410, user_id=1).flat()["parents"]
    assert [(p["id"], p["relation_type"], p["operation_type"]) for p in parents] == [
        (401, "FUSION_CHARACTER", "fusion"),
        (402, "FUSION_BACKGROUND", "fusion"),
        (403, "FUSION_REFERENCE", "fusion"),
    ]


def test_video_shows_paused_frame_children_with_frame_and_times(store: lk.Store) -> None:
    children = store.lineage(501, user_id=1).flat()["children"]
    got = {
        c["id"]: (
            c["relation_type"],
            c["parent_frame"],
            c["parent_start_time"],
            c["parent_end_time"],
        )
        for c in children
    }
    assert got == {
        502: ("PAUSED_FRAME", 48, 2.0, 2.0),
        503: ("PAUSED_FRAME", 120, 5.0, 5.0),
        504: ("PAUSED_FRAME", 210, 8.75, 8.75),
    }


def test_keyframes_and_image_to_video(store: lk.Store) -> None:
    res = store.lineage(603, user_id=1)
    flat = res.flat()
    assert [(p["id"], p["relation_type"], p["parent_frame"]) for p in flat["parents"]] == [
        (601, "KEYFRAME", 96)
    ]
    assert [(c["id"], c["operation_type"]) for c in flat["children"]] == [(604, "image_to_video")]


def test_foreign_asset_refused_exactly_like_a_missing_one(store: lk.Store) -> None:
    with pytest.raises(lk.AssetNotFound) as foreign:
        store.lineage(701, user_id=1)
    with pytest.raises(lk.AssetNotFound) as missing:
        store.lineage(70100, user_id=1)
    assert str(foreign.value).replace("701", "N") == str(missing.value).replace("70100", "N")
    assert (
        store.lineage(701, user_id=2).root.asset.description == "Owner 2: a lighthouse on a cliff"
    )


def test_cross_owner_row_visible_only_to_all_owners(store: lk.Store) -> None:
    assert store.lineage(103, user_id=1).root.child_count == 0
    everyone = store.lineage(103, user_id=None)
    assert [c["id"] for c in everyone.flat()["children"]] == [703]


def test_dangling_row_never_returned(store: lk.Store) -> None:
    res = store.lineage(202, user_id=None)
    assert all(e.parent_asset_id != 9999 for e in res.edges)
    assert res.root.parent_count == 2  # SOURCE_IMAGE and the backfilled 'source' row


def test_cycle_and_self_loop_end(store: lk.Store) -> None:
    res = store.lineage(801, user_id=1, max_depth=10)
    assert sorted(n.id for n in res.nodes) == [801, 802, 803]
    assert [e.id for e in res.edges] == [72, 70, 73, 71]
    loop = store.lineage(804, user_id=1, max_depth=10)
    assert [e.id for e in loop.edges] == [74] and len(loop.nodes) == 1


def test_archived_asset_is_marked(store: lk.Store) -> None:
    res = store.lineage(101, user_id=1)
    assert res.node(104).asset.is_archived is True
    assert res.node(102).asset.is_archived is False


def test_sqlite_and_postgresql_answer_the_same(sample_store: lk.Store, sample_pg) -> None:
    for root in (101, 202, 310, 410, 501, 603, 801, 901, 902, 910, 911, 920, 960):
        for uid in (1, None):
            a = sample_store.lineage(root, user_id=uid, max_depth=3)
            b = sample_pg.store.lineage(root, user_id=uid, max_depth=3)
            assert a.to_dict() == b.to_dict()


# --- assets written the way pixsim7 writes them today (9xx) -------------------------------------
def test_storage_keys_give_real_pictures_without_the_legacy_column(store: lk.Store) -> None:
    res = store.lineage(902, user_id=1)
    video = res.root.asset
    assert video.thumbnail_key and video.thumbnail_key.startswith("u/1/thumbnails/")
    data = (sample_media_dir() / video.thumbnail_key).read_bytes()
    assert video.thumbnail_url == "data:image/jpeg;base64," + base64.b64encode(data).decode()
    assert res.node(901).asset.thumbnail_url.startswith("data:image/jpeg;base64,")
    # without the folder, pixsim7's own URL, made absolute with its origin
    url = None if store.dialect == "sqlite" else store.engine.url.render_as_string(False)
    remote = lk.connect(url, media_dir="/", pixsim7_url="http://pixsim.local:8000")
    assert remote.lineage(902, user_id=1).root.asset.thumbnail_url == (
        f"http://pixsim.local:8000/api/v1/media/{video.thumbnail_key}"
    )
    remote.close()


def test_pixverse_fallbacks_for_assets_not_downloaded(store: lk.Store) -> None:
    assert store.lineage(913, user_id=1).root.asset.thumbnail_url == (
        "https://media.pixverse.ai/upload/913-fog.jpg"  # stored as "upload/913-fog.jpg"
    )
    assert store.lineage(920, user_id=1).root.asset.thumbnail_url == (
        "https://media.pixverse.ai/openapi/output/374351757700920-last.jpg"
    )


def test_synced_transition_with_nested_prompts_one_fewer_than_images(store: lk.Store) -> None:
    df = lk.transition_inputs(store, 910, user_id=1)
    assert df["asset_id"].tolist() == [911, 912, 913]
    assert df["prompt"].tolist()[:2] == ["the tide goes out", "gulls take off"]
    assert df["prompt"].isna().tolist() == [False, False, True]
    assert df["duration"].tolist()[:2] == [5.0, 3.0]


def test_captured_frames_told_apart_from_a_video_made_from_a_paused_moment(
    store: lk.Store,
) -> None:
    df = lk.paused_frames(store, 902, user_id=1)
    assert df[["asset_id", "operation_type"]].values.tolist() == [
        [950, "frame_extraction"],
        [952, "image_to_video"],
    ]
    assert lk.paused_frames(store, 902, user_id=1, captured_only=True)["asset_id"].tolist() == [950]


def test_children_of_an_image_in_creation_order(store: lk.Store) -> None:
    res = store.lineage(911, user_id=1, direction="children")
    assert [e.child_asset_id for e in res.children_of(911)] == [920, 930, 910]


def test_synced_assets_found_by_their_lineage_operation(store: lk.Store) -> None:
    made = lk.list_assets(store, user_id=1, operation_type="video_transition")
    assert sorted(n.id for n in made.items) == [310, 320, 910, 920]
    column = lk.list_assets(store, user_id=1, asset_operation_type="video_transition")
    assert sorted(n.id for n in column.items) == [310, 320]
