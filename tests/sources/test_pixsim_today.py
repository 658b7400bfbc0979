"""Provenance answers on a database written the way pixsim7 writes it today.

Each test runs over the store, Frames and networkx, on SQLite and on PostgreSQL
(the ``today`` fixture; rows in ``tests/support/pixsim_today.py``).
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest

import lineage_kit as lk
from tests.support.pixsim_today import I11_URL, I12_URL, T10_PROMPTS


def nan_to_none(values: list[Any]) -> list[Any]:
    return [None if pd.isna(v) else v for v in values]


# --- provider metadata where pixsim7 reads it ----------------------------------------------------
def test_transition_prompts_nested_and_n_minus_one(today: Any) -> None:
    df = lk.transition_inputs(today, 10, user_id=1)
    assert df["asset_id"].tolist() == [11, 12, 13]
    assert nan_to_none(df["prompt"].tolist()) == [
        *T10_PROMPTS,
        None,
    ]  # 3 images, 2 prompts: the last has none
    assert nan_to_none(df["duration"].tolist()) == [5.0, 3.0, None]
    assert nan_to_none(df["parent_start_time"].tolist()) == [0.0, 5.0, None]
    assert nan_to_none(df["parent_end_time"].tolist()) == [5.0, 8.0, None]


def test_a_transition_whose_repeated_image_pixsim7_linked_once(today: Any) -> None:
    df = lk.transition_inputs(today, 14, user_id=1)
    assert df["asset_id"].tolist() == [11, 12]  # the payload lists 11, 12, 11
    assert df["prompt"].tolist() == ["out", "back"]
    meta = lk.provider_metadata(today, 14, user_id=1)
    assert meta.image_urls == (I11_URL, I12_URL) and meta.repeated_image_urls == (I11_URL,)


def test_fusion_names_and_types_from_the_nested_payload(today: Any) -> None:
    df = lk.fusion_inputs(today, 20, user_id=1)
    assert tuple(df.columns) == lk.questions.FUSION_INPUT_COLUMNS
    assert df[["asset_id", "fusion_name", "fusion_type"]].values.tolist() == [
        [21, "pilot", "subject"],
        [22, "airfield", "background"],
        [23, "watercolour", "reference"],
    ]
    assert df["relation_type"].tolist() == [
        "COMPOSITION_MAIN_CHARACTER",
        "COMPOSITION_ENVIRONMENT",
        "COMPOSITION_STYLE_REFERENCE",
    ]
    assert df.attrs["original_prompt"].startswith("@pilot waves")


def test_extensions_carry_the_extend_payload(today: Any) -> None:
    df = lk.extensions_of(today, 2, user_id=1)
    assert df[["asset_id", "depth", "extends"]].values.tolist() == [[3, 1, 2], [4, 2, 3], [5, 3, 4]]
    assert nan_to_none(df["original_video_id"].tolist()) == ["pixverse-2", None, None]
    assert nan_to_none(df["source_video_duration"].tolist()) == [5.0, None, None]


def test_provider_metadata_for_a_card(today: Any) -> None:
    meta = lk.provider_metadata(today, 10, user_id=1)
    assert meta.create_mode == "transition" and meta.prompts == tuple(T10_PROMPTS)
    assert meta.segment(0) == ("the tide goes out", 5.0, 0.0, 5.0)
    assert meta.segment(2) == (None, None, None, None)
    assert json.loads(json.dumps(meta.to_dict()))["durations"] == [5, 3]
    assert lk.provider_metadata(today, 1, user_id=1) == lk.PixverseMetadata()
    with pytest.raises(lk.AssetNotFound):
        lk.provider_metadata(today, 60, user_id=1)  # owner 2's


# --- paused frames told apart --------------------------------------------------------------------
def test_paused_frames_say_which_were_captured(today: Any) -> None:
    df = lk.paused_frames(today, 30, user_id=1)
    assert df[["asset_id", "relation_type", "operation_type"]].values.tolist() == [
        [31, "PAUSED_FRAME", "frame_extraction"],  # captured from the video at 2.5 s
        [33, "PAUSED_FRAME", "image_to_video"],  # generated from the video paused at 2.5 s
    ]
    assert df["parent_start_time"].tolist() == [2.5, 2.5] and df["parent_frame"].tolist() == [
        60,
        60,
    ]
    assert df["parent_end_time"].isna().all()  # the capture writer records one moment
    captured = lk.paused_frames(today, 30, user_id=1, captured_only=True)
    assert captured["asset_id"].tolist() == [31]
    assert lk.paused_frames(today, 1, user_id=1).empty  # a crop (CROPPED_REGION) is no paused frame


@pytest.mark.parametrize("bad", [1, "yes", None])
def test_captured_only_is_a_flag(today: Any, bad: Any) -> None:
    with pytest.raises(TypeError, match="captured_only"):
        lk.paused_frames(today, 30, user_id=1, captured_only=bad)


# --- children in creation order ------------------------------------------------------------------
def test_children_in_creation_order_parents_in_input_order(today: Any) -> None:
    res = lk.lineage(today, 12, user_id=1, direction="children")
    # rows 111 (seq 1), 114 (seq 1), 140 (seq 0): pixsim7's /children lists them as written
    assert [e.child_asset_id for e in res.children_of(12)] == [10, 14, 40]
    assert [n.id for n in res.nodes] == [12, 10, 14, 40]
    composite = lk.lineage(today, 40, user_id=1, direction="parents")
    assert [e.parent_asset_id for e in composite.parents_of(40)] == [12, 1]
