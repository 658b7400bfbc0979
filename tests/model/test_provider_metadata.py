"""Reading a Pixverse payload as pixsim7's embedded extractor reads it (model/provider.py)."""

from __future__ import annotations

import json

import pytest

import lineage_kit as lk
from lineage_kit import pixverse_metadata

PV = "https://media.pixverse.ai"


def test_the_nested_place_is_read_first_then_the_top_level() -> None:
    meta = pixverse_metadata(
        {
            "create_mode": "i2v",
            "prompts": ["top-level copy"],
            "durations": [9],
            "fusion_name_list": ["top"],
            "customer_paths": {"create_mode": "transition", "prompts": ["a", "b"], "durations": []},
        }
    )
    assert meta.create_mode == "transition"
    assert meta.prompts == ("a", "b")
    assert meta.durations == (9,)  # an empty nested list counts as absent, as in pixsim7
    assert meta.fusion_names == ("top",)


def test_original_video_id_is_read_at_the_top_level_first() -> None:
    meta = pixverse_metadata(
        {
            "original_video_id": 11,
            "customer_paths": {"original_video_id": 22, "customer_video_duration": "5"},
        }
    )
    assert meta.original_video_id == "11"
    assert meta.source_video_duration is None  # not a number: unknown
    assert (
        pixverse_metadata({"customer_paths": {"original_video_id": 22}}).original_video_id == "22"
    )


def test_segments_of_n_images_with_n_minus_one_durations() -> None:
    meta = pixverse_metadata({"prompts": ["p0", "p1"], "durations": [2, 3.5]})
    assert [tuple(meta.segment(i)) for i in range(4)] == [
        ("p0", 2.0, 0.0, 2.0),
        ("p1", 3.5, 2.0, 5.5),
        (None, None, None, None),
        (None, None, None, None),
    ]
    broken = pixverse_metadata({"prompts": [1], "durations": ["x", 2]})
    assert tuple(broken.segment(0)) == ("1", None, None, None)
    assert tuple(broken.segment(1)) == (None, 2.0, None, None)  # its start is unknown
    assert tuple(broken.segment(-1)) == (None, None, None, None)


def test_input_images_listed_as_the_extractor_lists_them() -> None:
    meta = pixverse_metadata(
        {
            "create_mode": "transition",
            "customer_img_url": "upload/first.jpg",
            "customer_img_urls": ["stale/top-level.jpg"],  # replaced by the nested list
            "image_url": f"{PV}/upload/extra.jpg",
            "customer_paths": {
                "customer_img_urls": [
                    f"{PV}/upload/a.jpg",
                    {"url": "upload/b.jpg"},
                    "HTTPS://MEDIA.PIXVERSE.AI/upload/a.jpg/",
                ],
                "customer_img_paths": ["upload/a.jpg", "upload/c.jpg"],
            },
        }
    )
    assert meta.image_urls == (
        f"{PV}/upload/first.jpg",
        f"{PV}/upload/a.jpg",
        f"{PV}/upload/b.jpg",
        f"{PV}/upload/c.jpg",
        f"{PV}/upload/extra.jpg",
    )
    assert meta.repeated_image_urls == (f"{PV}/upload/a.jpg",)
    image_mode = pixverse_metadata({"create_mode": "i2i", "image_url": f"{PV}/upload/x.jpg"})
    assert image_mode.image_urls == ()  # the input of an image mode is not an embedded image


@pytest.mark.parametrize(
    "payload", [None, "", "not json", "[1, 2]", 5, ["a"], {"customer_paths": 3}]
)
def test_anything_else_reads_as_empty(payload: object) -> None:
    assert pixverse_metadata(payload) == lk.PixverseMetadata()


def test_json_text_reads_like_a_dict() -> None:
    doc = {"customer_paths": {"fusion_type_list": ["subject"], "original_prompt": "@a"}}
    assert pixverse_metadata(json.dumps(doc)) == pixverse_metadata(doc)
    assert pixverse_metadata(doc).fusion_entry(0) == (None, "subject")
    assert pixverse_metadata(doc).original_prompt == "@a"
