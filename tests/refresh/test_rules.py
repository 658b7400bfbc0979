"""pixsim7's refresh rules, one case each: asset references, the payload's inputs, the
generation's inputs (the rows written, and the inputs skipped with the reason)."""

from __future__ import annotations

from typing import Any

import pytest

from lineage_kit.model.asset_refs import asset_ref_id, written_ref_id
from lineage_kit.model.payload_rules import payload_inputs, payload_operation, payload_rows
from lineage_kit.model.refresh_rules import generation_rows, relation_for_role

PV = "https://media.pixverse.ai"
UUID = "c0ffee00-0911-4a11-9a11-000000000911"


@pytest.mark.parametrize(
    ("value", "read", "written"),
    [
        (123, 123, None),  # an integer: read, never written
        ("asset:123", 123, 123),  # the form pixsim7 writes today
        ("asset_123", 123, None),
        ("asset:scene:123", 123, None),  # read as type:…:id; the writer's int() refuses it
        ("scene:game:123", None, None),  # another entity type
        ("generation:123", None, None),
        ("123", 123, None),  # digits alone
        (" 123 ", 123, None),
        ("asset:+12", 12, 12),  # int() reads a sign
        ("asset: 12", 12, 12),  # and spaces
        ({"type": "asset", "id": 123}, 123, None),
        ({"type": "asset", "id": "123"}, 123, None),
        ({"type": "asset", "id": 12.9}, 12, None),  # int() truncates a number
        ({"asset_id": 123}, 123, None),
        ({"assetId": "123"}, 123, None),
        ({"id": 123}, 123, None),
        ({"asset": "asset:123"}, 123, None),
        ({"type": "scene", "id": 123}, None, None),
        ("https://pixsim.local/api/v1/assets/123/file", None, None),  # a URL names no asset
        ("asset:abc", None, None),
        ("", None, None),
        (12.0, None, None),
        ([123], None, None),
        (None, None, None),
    ],
)
def test_each_reference_form(value: Any, read: int | None, written: int | None) -> None:
    assert asset_ref_id(value) == read
    assert written_ref_id(value) == written


def test_roles_map_to_relations_as_pixsim7_writes_them() -> None:
    assert relation_for_role("source_image") == "SOURCE_IMAGE"
    assert relation_for_role("from_image") == "TRANSITION_INPUT"
    assert relation_for_role("subject") == "COMPOSITION_MAIN_CHARACTER"
    assert relation_for_role("composition_reference") == "DERIVATION"  # no mapping
    assert relation_for_role("") == "DERIVATION"
    assert relation_for_role(None) == "DERIVATION"
    assert relation_for_role(["a"]) == "DERIVATION"


def _inputs(meta: Any) -> list[tuple[Any, ...]]:
    items, _ = payload_inputs(meta)
    return [
        (
            i.position,
            i.url,
            i.candidate_ids,
            i.relation_type,
            i.sequence_order,
            i.parent_start_time,
            i.parent_end_time,
        )
        for i in items
    ]


def test_a_nested_transition_with_fewer_durations_than_images() -> None:
    meta = {
        "create_mode": "transition",
        "customer_paths": {
            "customer_img_urls": [f"{PV}/upload/a.jpg", f"upload/{UUID}.jpg", "upload/c.jpg"],
            "durations": [5, 3],
        },
    }
    assert _inputs(meta) == [
        (0, f"{PV}/upload/a.jpg", (), "TRANSITION_INPUT", 0, 0.0, 5.0),
        (1, f"{PV}/upload/{UUID}.jpg", (UUID,), "TRANSITION_INPUT", 1, 5.0, 8.0),
        (2, f"{PV}/upload/c.jpg", (), "TRANSITION_INPUT", 2, None, None),
    ]
    assert payload_inputs(meta)[1] == "transition"


def test_a_repeated_image_is_one_input_and_the_next_moves_up() -> None:
    meta = {
        "create_mode": "transition",
        "customer_img_urls": ["upload/a.jpg", "upload/b.jpg", "upload/a.jpg", "upload/c.jpg"],
    }
    assert [(r[1][-5:], r[4]) for r in _inputs(meta)] == [
        ("a.jpg", 0),
        ("b.jpg", 1),
        ("c.jpg", 2),
    ]


def test_a_fusion_relation_follows_each_entry_type() -> None:
    meta = {
        "create_mode": "fusion",
        "customer_paths": {
            "customer_img_urls": ["upload/a.jpg", "upload/b.jpg", "upload/c.jpg"],
            "fusion_type_list": ["subject", "background", "style"],
        },
    }
    assert [r[3] for r in _inputs(meta)] == [
        "COMPOSITION_MAIN_CHARACTER",
        "COMPOSITION_ENVIRONMENT",
        "COMPOSITION_STYLE_REFERENCE",
    ]
    assert payload_operation("fusion", "VIDEO") == "fusion"


def test_an_extension_links_its_source_video_only_with_a_url() -> None:
    with_url = {
        "create_mode": "extend",
        "original_video_id": 374,
        "customer_paths": {"customer_video_url": f"{PV}/openapi/output/{UUID}.mp4"},
    }
    assert _inputs(with_url) == [
        (0, f"{PV}/openapi/output/{UUID}.mp4", ("374", UUID), "SOURCE_VIDEO", 0, None, None)
    ]
    assert _inputs({"create_mode": "extend", "original_video_id": 374}) == []
    # The source video takes the first position even without a URL: an image moves to 1.
    assert (
        _inputs(
            {"create_mode": "extend", "original_video_id": 374, "customer_img_url": "upload/a.jpg"}
        )[0][4]
        == 1
    )


def test_a_create_mode_read_only_nested_gives_roles_not_relations() -> None:
    # The extractor reads create_mode at the top level for relations; enrichment reads it
    # nested first for the role: a nested-only transition gets no times, a fusion DERIVATION.
    nested = {
        "customer_paths": {
            "create_mode": "transition",
            "durations": [2, 2],
            "customer_img_urls": ["upload/a.jpg", "upload/b.jpg"],
        }
    }
    assert [(r[3], r[5]) for r in _inputs(nested)] == [("TRANSITION_INPUT", None)] * 2
    fused = {"customer_paths": {"create_mode": "fusion", "customer_img_urls": ["upload/a.jpg"]}}
    assert _inputs(fused)[0][3] == "DERIVATION"


def test_ids_beside_a_url_and_uuids_in_it_are_candidates() -> None:
    meta = {"customer_img_urls": [{"url": "upload/a.jpg", "image_id": 77}, f"upload/{UUID}.png"]}
    assert [r[2] for r in _inputs(meta)] == [("77",), (UUID,)]
    assert [r[3] for r in _inputs(meta)] == ["SOURCE_IMAGE", "SOURCE_IMAGE"]  # i2v by default


def test_an_image_url_is_an_input_unless_the_mode_makes_an_image() -> None:
    assert len(_inputs({"create_mode": "i2v", "image_url": "upload/a.jpg"})) == 1
    assert _inputs({"create_mode": "i2i", "image_url": "upload/a.jpg"}) == []


@pytest.mark.parametrize("payload", [None, "", "not json", [], {}, {"customer_paths": "x"}])
def test_no_payload_lists_nothing(payload: Any) -> None:
    assert _inputs(payload) == []


def test_payload_operations_and_their_defaults() -> None:
    assert payload_operation("i2v", "VIDEO") == "image_to_video"
    assert payload_operation("extend", "video") == "video_extend"
    assert payload_operation("upscale", "IMAGE") == "image_to_image"
    assert payload_operation(None, "video") == "image_to_video"


def test_payload_rows_skip_the_asset_itself_and_a_repeated_row() -> None:
    items, mode = payload_inputs(
        {"customer_img_urls": ["upload/a.jpg", "upload/b.jpg"], "create_mode": "fusion"}
    )
    rows = payload_rows(9, "video", items, mode, [(9, None), (None, None)])
    assert [(r.parent_asset_id, r.written) for r in rows] == [(9, False), (None, True)]
    assert "itself" in str(rows[0].note) and "placeholder" in str(rows[1].note)


def _gen(
    inputs: Any,
    operation: str = "image_to_video",
    linked: set[int] | None = None,
    scope: set[int] | None = None,
) -> list[tuple[Any, ...]]:
    rows = generation_rows(
        10, operation, inputs, linked or set(), (scope or {1, 2, 3, 4}).__contains__
    )
    return [
        (r.input, r.parent_asset_id, r.relation_type, r.sequence_order, r.written) for r in rows
    ]


def test_generation_inputs_written_and_skipped() -> None:
    inputs = [
        {"role": "source_image", "asset": "asset:1", "sequence_order": 0},
        {"role": "reference_image", "asset": {"type": "asset", "id": 2}, "sequence_order": 1},
        {"role": "mask", "asset": "asset:3"},  # unmapped role, no order
        {"asset": "asset:10"},  # the child itself
        {"role": "source_image", "url": "https://x/y.png"},  # no asset: not an input
        {"role": "source_image", "asset": "asset:1", "sequence_order": 0},  # a repeated row
        "asset:4",  # not an object
    ]
    assert _gen(inputs) == [
        (0, 1, "SOURCE_IMAGE", 0, True),
        (1, 2, "REFERENCE_IMAGE", 1, False),  # read, but not asset:N: not written
        (2, 3, "DERIVATION", 0, True),
        (3, None, "DERIVATION", 0, False),  # 10 is the child (and out of this scope)
        (5, 1, "SOURCE_IMAGE", 0, False),
    ]


def test_a_parent_already_linked_by_the_payload_is_skipped() -> None:
    inputs = [{"role": "transition_input", "asset": "asset:1"}, {"asset": "asset:2"}]
    assert [w for *_, w in _gen(inputs, "video_transition", linked={1})] == [False, True]


def test_a_parent_out_of_scope_reads_as_none_and_says_so() -> None:
    rows = generation_rows(10, "image_to_video", [{"asset": "asset:99"}], set(), {1}.__contains__)
    assert rows[0].parent_asset_id is None and rows[0].written
    assert rows[0].note == "asset 99 is not in scope (missing, or another owner's)"


def test_an_insert_that_would_fail_writes_none_of_the_generations_rows() -> None:
    fine = {"role": "source_image", "asset": "asset:1"}
    assert [w for *_, w in _gen([fine], "video_modify")] == [False]  # not an enum label
    bad_order = {"role": "source_image", "asset": "asset:2", "sequence_order": "1"}
    assert [w for *_, w in _gen([fine, bad_order])] == [False, False]
    assert [w for *_, w in _gen([fine], "IMAGE_TO_VIDEO")] == [True]  # legacy label read lower
    assert _gen("not a list") == []
