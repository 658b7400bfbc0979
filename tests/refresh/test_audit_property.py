"""Property: the audit's refresh checks give the same findings in SQL (SQLite, PostgreSQL)
as in pandas, on random assets, payloads, generations (every reference form) and rows."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lineage_kit as lk
from tests.support.lanes import quick
from tests.support.pixsim_db import PixsimDB

PV = "https://media.pixverse.ai"
UUID = "7a7a7a7a-1111-2222-3333-444444444444"
URLS = [f"{PV}/upload/a.jpg", f"{PV}/upload/b-longname.jpg", f"{PV}/x/B-LONGNAME-2.jpg", None]
PAYLOADS = [
    None,
    {
        "create_mode": "transition",
        "customer_paths": {
            "customer_img_urls": ["upload/a.jpg", "upload/b-longname.png", f"upload/{UUID}.jpg"],
            "durations": [2, 3],
        },
    },
    {
        "create_mode": "fusion",
        "customer_img_urls": ["upload/a.jpg", "upload/zzz.jpg"],
        "fusion_type_list": ["subject", "background"],
    },
    {
        "create_mode": "extend",
        "original_video_id": "p2",
        "customer_paths": {"customer_video_url": f"{PV}/upload/a.jpg"},
    },
    {"create_mode": "i2v", "image_url": "upload/b-longname.jpg"},
]
REFS = st.one_of(
    st.integers(1, 9).map(lambda i: f"asset:{i}"),
    st.integers(1, 9),
    st.integers(1, 9).map(lambda i: {"type": "asset", "id": i}),
    st.integers(1, 9).map(lambda i: f"asset_{i}"),
    st.just("https://x/a.png"),
)
INPUTS = st.fixed_dictionaries(
    {"asset": REFS},
    optional={
        "role": st.sampled_from(["source_image", "transition_input", "environment", "mask"]),
        "sequence_order": st.sampled_from([0, 1, 2, "1"]),
        "time": st.sampled_from([{"start": 1.5}, {"start": 0, "end": 2}, "later"]),
        "frame": st.sampled_from([None, 3]),
    },
)
RELATIONS = [
    "SOURCE_IMAGE",
    "TRANSITION_INPUT",
    "COMPOSITION_MAIN_CHARACTER",
    "SOURCE_VIDEO",
    "DERIVATION",
]


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[dict], list[dict], list[dict]]:
    assets = []
    for i in range(1, draw(st.integers(2, 8)) + 1):
        assets.append(
            {
                "id": i,
                "user_id": draw(st.sampled_from([1, 1, 2])),
                "media_type": draw(st.sampled_from(["image", "video"])),
                "provider_id": draw(st.sampled_from(["pixverse", "pixverse", "sora"])),
                "provider_asset_id": draw(st.sampled_from([f"p{i}", "p2", UUID])),
                "remote_url": draw(st.sampled_from(URLS)),
                "media_metadata": draw(st.sampled_from(PAYLOADS)),
                "source_generation_id": draw(st.sampled_from([None, 1, 2, 3])),
            }
        )
    generations = [
        {
            "id": g,
            "user_id": draw(st.sampled_from([1, 2])),
            "operation_type": draw(st.sampled_from(["image_to_video", "fusion", "video_modify"])),
            "provider_id": "pixverse",
            "status": "completed",
            "inputs": draw(st.lists(INPUTS, max_size=3)),
        }
        for g in (1, 2)
    ]
    rows = [
        {
            "id": k,
            "parent_asset_id": draw(st.integers(1, 9)),
            "child_asset_id": draw(st.integers(1, 9)),
            "relation_type": draw(st.sampled_from(RELATIONS)),
            "operation_type": "fusion",
            "sequence_order": draw(st.integers(0, 2)),
        }
        for k in range(1, draw(st.integers(0, 10)) + 1)
    ]
    return assets, rows, generations


CHECKS = ["unlinked_inputs", "unexplained_rows"]


def check(db: PixsimDB, assets: list[dict], rows: list[dict], gens: list[dict]) -> None:
    db.load(assets, rows, generations=gens)
    frames = lk.Frames(
        pd.DataFrame(assets),
        pd.DataFrame(rows, columns=list(lk.schema.LINEAGE_REQUIRED)),
        generations=pd.DataFrame(gens),
    )
    for uid in (1, 2, None):
        in_db = lk.audit(db.store, user_id=uid, checks=CHECKS)
        in_pandas = lk.audit(frames, user_id=uid, checks=CHECKS)
        pd.testing.assert_frame_equal(in_db.findings, in_pandas.findings)
        for asset in {a["id"] for a in assets if uid is None or a["user_id"] == uid}:
            pd.testing.assert_frame_equal(
                lk.expected_parents(db.store, asset, user_id=uid, skipped=True),
                lk.expected_parents(frames, asset, user_id=uid, skipped=True),
            )


@settings(
    max_examples=15 if quick() else 50,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=tables())
def test_refresh_checks_in_sql_equal_pandas(empty_db: PixsimDB, data: Any) -> None:
    check(empty_db, *data)


def test_the_generator_meets_findings_of_both_kinds(empty_db: PixsimDB) -> None:
    assets = [
        {
            "id": 1,
            "user_id": 1,
            "media_type": "image",
            "provider_id": "pixverse",
            "provider_asset_id": "p1",
            "remote_url": URLS[0],
        },
        {
            "id": 2,
            "user_id": 1,
            "media_type": "video",
            "provider_id": "pixverse",
            "provider_asset_id": "p2",
            "media_metadata": PAYLOADS[2],
            "source_generation_id": 1,
        },
    ]
    gens = [
        {
            "id": 1,
            "user_id": 1,
            "operation_type": "fusion",
            "provider_id": "pixverse",
            "status": "completed",
            "inputs": [{"asset": "asset:1", "role": "mask"}],
        }
    ]
    rows = [
        {
            "id": 1,
            "parent_asset_id": 1,
            "child_asset_id": 2,
            "relation_type": "SOURCE",
            "operation_type": "fusion",
            "sequence_order": 0,
        }
    ]
    check(empty_db, assets, rows, gens)
    report = lk.audit(empty_db.store, user_id=1, checks=CHECKS)
    assert report.counts() == {"unlinked_inputs": 2, "unexplained_rows": 1}
