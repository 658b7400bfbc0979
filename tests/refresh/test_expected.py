"""lk.expected_parents and lk.generation_of on the sample and on pixsim7-shaped databases
(SQLite and PostgreSQL, with and without the generations table), over every source."""

from __future__ import annotations

import json
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import lineage_kit as lk
from lineage_kit.refresh import EXPECTED_COLUMNS
from tests.support.pixsim_db import PixsimDB, sample_generations, sample_rows
from tests.support.statements import counted

PV = "https://media.pixverse.ai"


def _short(frame: pd.DataFrame, *cols: str) -> list[list[Any]]:
    picked = frame[list(cols or ("source", "parent_asset_id", "relation_type", "linked"))]
    return [[None if pd.isna(v) else v for v in row] for row in picked.astype(object).values]


# --- the sample -----------------------------------------------------------------------------
def test_a_synced_transition_reads_its_payload_then_its_generation(store: lk.Store) -> None:
    e = lk.expected_parents(store, 910, user_id=1)
    assert list(e.columns) == [c for c in EXPECTED_COLUMNS if c != "child_asset_id"]
    assert _short(
        e,
        "source",
        "parent_asset_id",
        "sequence_order",
        "parent_start_time",
        "parent_end_time",
        "linked",
    ) == [
        ["payload", 911, 0, 0.0, 5.0, True],
        ["payload", 912, 1, 5.0, 8.0, True],
        ["payload", None, 2, None, None, False],  # 913's relative URL matches nothing
        ["generation", 913, 2, None, None, True],  # the synthetic generation links it
    ]
    assert "placeholder" in e.loc[2, "note"]
    assert set(e["operation_type"]) == {"video_transition"}


def test_inputs_the_refresh_skips_are_listed_on_request(store: lk.Store) -> None:
    e = lk.expected_parents(store, 910, user_id=1, skipped=True)
    skipped = e[~e["written"]]
    assert _short(skipped, "source", "input", "parent_asset_id") == [
        ["generation", 0, 911],
        ["generation", 1, 912],
    ]
    assert set(skipped["note"]) == {
        "asset 911 is already a parent from the payload",
        "asset 912 is already a parent from the payload",
    }
    composite = lk.expected_parents(store, 960, user_id=1, skipped=True)
    assert _short(composite, "reference", "relation_type", "linked", "written") == [
        ["asset:901", "COMPOSITION_MAIN_CHARACTER", False, True],  # the row says SOURCE
        ['{"type": "asset", "id": 950}', "COMPOSITION_ENVIRONMENT", False, False],
    ]


def test_a_generation_from_a_paused_frame_and_an_input_without_a_row(store: lk.Store) -> None:
    e = lk.expected_parents(store, 952, user_id=1)
    assert _short(
        e, "parent_asset_id", "relation_type", "parent_start_time", "parent_frame", "linked"
    ) == [
        [902, "PAUSED_FRAME", 1.5, 36, True],
        [911, "REFERENCE_IMAGE", None, None, False],
    ]


def test_an_extension_found_by_its_original_video_id(store: lk.Store) -> None:
    e = lk.expected_parents(store, 940, user_id=1)
    assert _short(e) == [["payload", 902, "SOURCE_VIDEO", True]]


def test_an_asset_with_nothing_to_rebuild_expects_nothing(store: lk.Store) -> None:
    for asset in (901, 950, 102):  # an upload, a capture, an extension without a URL
        assert lk.expected_parents(store, asset, user_id=1).empty


def test_expected_parents_is_scoped(store: lk.Store) -> None:
    with pytest.raises(lk.AssetNotFound) as foreign:
        lk.expected_parents(store, 702, user_id=1)
    with pytest.raises(lk.AssetNotFound) as missing:
        lk.expected_parents(store, 9999, user_id=1)
    assert str(foreign.value).replace("702", "N") == str(missing.value).replace("9999", "N")
    assert _short(lk.expected_parents(store, 702, user_id=2)) == [
        ["generation", 701, "SOURCE_IMAGE", True]
    ]
    assert _short(lk.expected_parents(store, 702, user_id=None)) == [
        ["generation", 701, "SOURCE_IMAGE", True]
    ]


def test_the_generation_behind_a_clip(store: lk.Store) -> None:
    g = lk.generation_of(store, 902, user_id=1)
    assert g is not None
    assert (g.id, g.status, g.operation_type, g.provider_id) == (
        812,
        "completed",
        "image_to_video",
        "pixverse",
    )
    assert g.line() == "made by generation 812 · completed · pixverse · 40 credits"
    assert str(g) == g.line()
    assert g.canonical_params["seed"] == 812001 and g.final_prompt.startswith("The upload")
    assert g.created_at == datetime(2026, 4, 20, 9, 5) and g.completed_at is not None
    assert [(i.role, i.reference, i.asset_id) for i in g.inputs] == [
        ("source_image", "asset:901", 901)
    ]
    assert json.loads(json.dumps(g.to_dict()))["line"] == g.line()
    assert "lineage-kit-generation" in g._repr_html_()
    synced = lk.generation_of(store, 910, user_id=1)
    assert synced is not None and synced.credits is None and synced.origin == "sync"
    assert synced.line() == "made by generation 830 · completed · pixverse"
    composite = lk.generation_of(store, 960, user_id=1)
    assert composite is not None
    assert [i.asset_id for i in composite.inputs] == [901, 950]  # every accepted form resolves


def test_generation_of_is_scoped_and_none_without_one(store: lk.Store) -> None:
    assert lk.generation_of(store, 901, user_id=1) is None  # an upload
    with pytest.raises(lk.AssetNotFound):
        lk.generation_of(store, 702, user_id=1)
    g = lk.generation_of(store, 702, user_id=2)
    assert g is not None and g.id == 820


@pytest.mark.parametrize("kind", ["frames", "networkx"])
def test_in_memory_sources_answer_the_same(sample_store: lk.Store, kind: str) -> None:
    frames = sample_store.frames(user_id=None, generations=True)
    source = frames if kind == "frames" else frames.to_networkx()
    for asset, uid in ((910, 1), (960, 1), (952, 1), (940, 1), (702, 2), (702, None)):
        want = lk.expected_parents(sample_store, asset, user_id=uid, skipped=True)
        got = lk.expected_parents(source, asset, user_id=uid, skipped=True)
        pd.testing.assert_frame_equal(got, want)
        assert lk.generation_of(source, asset, user_id=uid) == lk.generation_of(
            sample_store, asset, user_id=uid
        )


def test_frames_without_generations_say_so_once(sample_store: lk.Store) -> None:
    frames = sample_store.frames(user_id=1)
    assert frames.generations is None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert lk.generation_of(frames, 902, user_id=1) is None
        e = lk.expected_parents(frames, 910, user_id=1)
        lk.generation_of(frames, 952, user_id=1)
    said = [w for w in caught if issubclass(w.category, lk.NoGenerations)]
    assert len(said) <= 1  # once per reason for the whole session (maybe said earlier)
    assert _short(e)[:2] == [
        ["payload", 911, "TRANSITION_INPUT", True],
        ["payload", 912, "TRANSITION_INPUT", True],
    ]
    assert "generation" not in set(e["source"])


# --- pixsim7-shaped databases ------------------------------------------------------------------
def _asset(i: int, user: int = 1, **kw: Any) -> dict[str, Any]:
    return {
        "id": i,
        "user_id": user,
        "media_type": kw.pop("media_type", "image"),
        "provider_id": kw.pop("provider_id", "pixverse"),
        "provider_asset_id": kw.pop("provider_asset_id", f"p{i}"),
        **kw,
    }


def test_each_reference_form_in_generations_json(empty_db: PixsimDB) -> None:
    forms = [
        "asset:1",
        "asset_2",
        3,
        {"type": "asset", "id": 4},
        {"asset_id": "5"},
        {"assetId": 6},
        "7",
        "asset:8:9",  # read as 9 (type:…:id); its writer refuses it
        "https://pixsim.local/api/v1/assets/1/file",
        "scene:game:1",
    ]
    inputs = [{"role": "image", "asset": f, "sequence_order": k} for k, f in enumerate(forms)]
    assets = [_asset(i) for i in range(1, 10)] + [_asset(20, source_generation_id=7)]
    generation = {
        "id": 7,
        "user_id": 1,
        "operation_type": "image_edit",
        "provider_id": "x",
        "status": "completed",
        "inputs": inputs,
    }
    empty_db.load(assets, [], generations=[generation])
    e = lk.expected_parents(empty_db.store, 20, user_id=1, skipped=True)
    assert _short(e, "input", "parent_asset_id", "written") == [
        [0, 1, True],
        [1, 2, False],
        [2, 3, False],
        [3, 4, False],
        [4, 5, False],
        [5, 6, False],
        [6, 7, False],
        [7, 9, False],
        [8, None, False],  # a URL names no asset
        [9, None, False],  # nor does a scene reference
    ]
    assert all("only asset:N" in n for n in e["note"][1:8])
    assert set(e["note"][8:]) == {"names no asset pixsim7 can read"}
    g = lk.generation_of(empty_db.store, 20, user_id=1)
    assert g is not None
    assert [i.asset_id for i in g.inputs] == [1, 2, 3, 4, 5, 6, 7, 9, None, None]


def test_payload_lookups_candidate_then_url_then_like(empty_db: PixsimDB) -> None:
    uuid = "7a7a7a7a-1111-2222-3333-444444444444"
    assets = [
        _asset(1, provider_asset_id=uuid),  # found by the UUID in the input's URL
        _asset(2, remote_url=f"{PV}/upload/exact.jpg"),
        _asset(3, remote_url=f"{PV}/other/longname-v2.jpg"),  # found by ILIKE '%longname%'
        _asset(4, remote_url=f"{PV}/upload/twice.jpg"),
        _asset(5, remote_url=f"{PV}/upload/twice.jpg"),
        _asset(6, remote_url=f"{PV}/elsewhere/short.jpg"),  # 'short': under 8 characters
        _asset(7, user=2, remote_url=f"{PV}/upload/foreign.jpg"),  # another owner's
        _asset(8, provider_id="sora", remote_url=f"{PV}/upload/sora1234.jpg"),
        _asset(
            10,
            media_type="video",
            media_metadata={
                "create_mode": "fusion",
                "customer_img_urls": [
                    f"upload/{uuid}.jpg",
                    "upload/exact.jpg",
                    "upload/LONGNAME.png",
                    "upload/short.jpg",
                    "upload/foreign.jpg",
                    "upload/sora1234.jpg",
                ],
            },
        ),
        _asset(
            11,
            media_type="video",
            media_metadata={"customer_img_urls": ["upload/twice.jpg", "upload/exact.jpg"]},
        ),
    ]
    empty_db.load(assets, [])
    e = lk.expected_parents(empty_db.store, 10, user_id=1)
    assert _short(e, "parent_asset_id", "sequence_order") == [
        [1, 0],
        [2, 1],
        [3, 2],
        [None, 3],
        [None, 4],
        [None, 5],
    ]
    frames = lk.Frames(pd.DataFrame(assets), pd.DataFrame(columns=list(lk.schema.LINEAGE_REQUIRED)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lk.NoGenerations)
        pd.testing.assert_frame_equal(lk.expected_parents(frames, 10, user_id=1), e)
    # Two assets share a URL: pixsim7's lookup raises, and the refresh writes nothing.
    twice = lk.expected_parents(empty_db.store, 11, user_id=1, skipped=True)
    assert not twice["written"].any()
    assert "stops with an error" in twice.loc[0, "note"]


@pytest.fixture(params=["sqlite", "postgresql"])
def without_generations(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A pixsim7-shaped database without the generations table, on each backend."""
    if request.param == "sqlite":
        db = PixsimDB.sqlite(tmp_path, generations=False)
    else:
        db = PixsimDB.postgresql(request.getfixturevalue("pg_server"), generations=False)
    yield db
    db.dispose()


def test_a_database_without_the_generations_table(without_generations: PixsimDB) -> None:
    db = without_generations
    assets, rows = sample_rows()
    db.load(assets, rows)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert lk.generation_of(db.store, 902, user_id=1) is None
        e = lk.expected_parents(db.store, 910, user_id=1)
        frames = db.store.frames(user_id=1, generations=True)
    assert frames.generations is None
    reasons = {str(w.message) for w in caught if issubclass(w.category, lk.NoGenerations)}
    assert len(reasons) == 1  # said once (the database's label is new to this process)
    assert all("has no generations table" in r for r in reasons)
    assert e.attrs["generations"].endswith("has no generations table")
    assert list(e["source"]) == ["payload"] * 3
    report = lk.audit(db.store, user_id=1, checks=["unexplained_rows"])
    judged = set(report.findings["child_asset_id"])
    assert 902 not in judged  # its generation cannot be read: not judged
    assert 950 in judged  # a capture: nothing would write its row again


def test_expected_parents_and_generation_of_cost_a_few_statements(db_with_sample: lk.Store) -> None:
    with counted(db_with_sample) as statements:
        lk.expected_parents(db_with_sample, 910, user_id=1)
    # The child with its generation, the candidate ids, the URLs, the parents in scope,
    # the child's rows: never one statement per input.
    assert len(statements) <= 5, statements
    with counted(db_with_sample) as statements:
        lk.generation_of(db_with_sample, 902, user_id=1)
    assert len(statements) == 2, statements  # the child with its generation; its inputs
    with counted(db_with_sample) as statements, pytest.raises(lk.InvalidArgument):
        lk.expected_parents(db_with_sample, -1, user_id=1)
    assert statements == []


@pytest.fixture
def db_with_sample(empty_db: PixsimDB) -> lk.Store:
    empty_db.load(*sample_rows(), generations=sample_generations())
    return empty_db.store


@pytest.mark.parametrize(
    ("call", "kwargs", "error", "match"),
    [
        (lk.expected_parents, {"asset_id": -1, "user_id": 1}, lk.InvalidArgument, "asset_id"),
        (lk.expected_parents, {"asset_id": 2**63, "user_id": 1}, lk.InvalidArgument, "asset_id"),
        (
            lk.expected_parents,
            {"asset_id": "910", "user_id": 1},
            lk.InvalidArgumentType,
            "asset_id",
        ),
        (
            lk.expected_parents,
            {"asset_id": 910, "user_id": 1, "skipped": 1},
            lk.InvalidArgumentType,
            "skipped",
        ),
        (lk.generation_of, {"asset_id": 902, "user_id": -3}, lk.InvalidArgument, "user_id"),
        (lk.generation_of, {"asset_id": True, "user_id": 1}, lk.InvalidArgumentType, "asset_id"),
    ],
)
def test_bad_arguments_name_themselves(
    sample_store: lk.Store, call: Any, kwargs: dict[str, Any], error: type, match: str
) -> None:
    asset = kwargs.pop("asset_id")
    with pytest.raises(error, match=match):
        call(sample_store, asset, **kwargs)
