"""The lineage audit: each check on the sample, SQL in the database equal to pandas."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lineage_kit as lk
from lineage_kit import schema
from lineage_kit.audit import CHECKS, FINDING_COLUMNS, AuditReport, audit
from tests.support.pixsim_db import PixsimDB, sample_generations, sample_rows
from tests.support.pixsim_today import I11_URL, today_assets, today_lineage

ONE_OF_EACH = {
    "dangling": 1,
    "self_loops": 1,
    "cycles": 1,
    "duplicates": 1,
    "cross_owner": 1,
    "sequence_gaps": 1,
    "unknown_values": 5,
    "legacy_labels": 1,
    "repeated_inputs": 1,
}
ROW_CHECKS = tuple(ONE_OF_EACH)
"""The checks of the rows as they are (the refresh checks have their own tests)."""


@pytest.fixture(scope="module")
def raw_frames() -> lk.Frames:
    """The sample's raw tables as Frames (Store.frames would drop the dangling row)."""
    assets, lineage = sample_rows()
    gens = pd.DataFrame(sample_generations())
    return lk.Frames(pd.DataFrame(assets), pd.DataFrame(lineage), generations=gens)


def _of(report: AuditReport, check: str) -> pd.DataFrame:
    return report.findings[report.findings["check"] == check]


def _asset(i: int, user: int = 1) -> dict[str, Any]:
    return {
        "id": i,
        "user_id": user,
        "media_type": "image",
        "provider_id": "t",
        "provider_asset_id": f"p{i}",
    }


def _row(
    i: int,
    parent: int,
    child: int,
    relation: str = "DERIVATION",
    operation: str = "image_edit",
    seq: int = 0,
) -> dict[str, Any]:
    return {
        "id": i,
        "parent_asset_id": parent,
        "child_asset_id": child,
        "relation_type": relation,
        "operation_type": operation,
        "sequence_order": seq,
    }


def _frames(assets: list[dict[str, Any]], rows: list[dict[str, Any]]) -> lk.Frames:
    return lk.Frames(
        pd.DataFrame(assets, columns=[*schema.ASSETS_REQUIRED, "media_metadata"]),
        pd.DataFrame(rows, columns=list(schema.LINEAGE_REQUIRED)),
    )


# --- the sample holds one of each problem --------------------------------------------------------
def test_the_sample_has_one_of_each_problem(store: lk.Store) -> None:
    report = audit(store, user_id=None, checks=ROW_CHECKS)
    assert report.counts() == ONE_OF_EACH
    assert tuple(report.findings.columns) == FINDING_COLUMNS
    assert report.findings["check"].tolist() == [
        c for c in ROW_CHECKS for _ in range(ONE_OF_EACH[c])
    ]


def test_dangling_row_names_the_missing_end(store: lk.Store) -> None:
    row = _of(audit(store, user_id=None), "dangling").iloc[0]
    assert (row["lineage_id"], row["parent_asset_id"], row["child_asset_id"]) == (60, 9999, 202)
    assert row["detail"] == "parent 9999 does not exist"


def test_self_loop(store: lk.Store) -> None:
    row = _of(audit(store, user_id=None), "self_loops").iloc[0]
    assert (row["lineage_id"], row["asset_ids"]) == (74, (804,))


def test_cycle_reports_its_assets_and_rows(store: lk.Store) -> None:
    row = _of(audit(store, user_id=None), "cycles").iloc[0]
    assert row["asset_ids"] == (801, 802, 803)
    assert pd.isna(row["lineage_id"])
    assert row["detail"] == "cycle through assets 801, 802, 803 (rows 70, 71, 72, 73)"


def test_duplicate_points_at_the_row_it_repeats(store: lk.Store) -> None:
    row = _of(audit(store, user_id=None), "duplicates").iloc[0]
    assert (row["lineage_id"], row["parent_asset_id"], row["child_asset_id"]) == (73, 801, 802)
    assert row["detail"].endswith("as row 70")


def test_cross_owner_row(store: lk.Store) -> None:
    row = _of(audit(store, user_id=None), "cross_owner").iloc[0]
    assert row["lineage_id"] == 50
    assert row["detail"] == "parent 103 belongs to user 1, child 703 to user 2"


def test_sequence_gap_but_not_a_reused_image(store: lk.Store) -> None:
    gaps = _of(audit(store, user_id=None), "sequence_gaps")
    # 310 uses image 301 twice with orders 0 and 3: 0…3 once each, no gap. 320 has 0, 2.
    assert gaps["child_asset_id"].tolist() == [320]
    assert gaps.iloc[0]["detail"] == (
        "video_transition inputs of asset 320 have sequence_order 0, 2: 1 missing"
    )


def test_unknown_and_legacy_values(store: lk.Store) -> None:
    found = _of(audit(store, user_id=None), "unknown_values")
    assert found["lineage_id"].tolist() == [5, 20, 21, 22, 43]
    details = dict(zip(found["lineage_id"], found["detail"], strict=True))
    assert details[5] == "relation_type 'source' is a legacy value, not canonical"
    assert details[20] == "relation_type 'FUSION_CHARACTER' is a legacy value, not canonical"
    assert details[43] == "relation_type 'MOOD_BOARD' is not a pixsim7 relation type"
    # Row 2's upper-case VIDEO_EXTEND is a known operation once lower-cased: a legacy label.
    assert 2 not in details
    legacy = _of(audit(store, user_id=None), "legacy_labels")
    assert legacy["lineage_id"].tolist() == [2]
    assert legacy.iloc[0]["detail"] == (
        "operation_type 'VIDEO_EXTEND' is a legacy upper-case enum label, read here as "
        "'video_extend'; pixsim7's ORM cannot load this row"
    )


# --- SQL and pandas agree --------------------------------------------------------------------
@pytest.mark.parametrize("user_id", [None, 1, 2])
def test_sql_and_pandas_give_the_same_report(
    store: lk.Store, raw_frames: lk.Frames, user_id: int | None
) -> None:
    in_db = audit(store, user_id=user_id)
    in_pandas = audit(raw_frames, user_id=user_id)
    pd.testing.assert_frame_equal(in_db.findings, in_pandas.findings)
    assert in_db.counts() == in_pandas.counts()


def test_scope_keeps_rows_that_touch_the_owner(store: lk.Store) -> None:
    owner2 = audit(store, user_id=2)
    assert owner2.counts() == dict.fromkeys(CHECKS, 0) | {"dangling": 1}
    # Owner 1's asset reads as a missing one would, to an audit scoped to owner 2.
    assert owner2.findings.iloc[0]["detail"] == (
        "parent 103 is not an asset of user 2 (missing or another owner's)"
    )
    owner1 = audit(store, user_id=1, checks=ROW_CHECKS)
    assert owner1.counts() == ONE_OF_EACH | {"dangling": 2, "cross_owner": 0}
    assert _of(owner1, "dangling")["detail"].tolist() == [
        "child 703 is not an asset of user 1 (missing or another owner's)",  # owner 2's
        "parent 9999 is not an asset of user 1 (missing or another owner's)",  # missing
    ]
    assert audit(store, user_id=3).ok


def test_frames_from_the_store_have_no_dangling_rows(sample_store: lk.Store) -> None:
    assert audit(sample_store.frames(user_id=None), user_id=None).counts()["dangling"] == 0


# --- the checks on purpose-built tables --------------------------------------------------------
def test_cycles_of_any_length_grouped_by_shared_assets(empty_db: PixsimDB) -> None:
    assets = [_asset(i) for i in range(1, 500)]
    rows = [
        # a five-row ring 1 → 2 → 3 → 4 → 5 → 1
        *(_row(i, i, i % 5 + 1) for i in range(1, 6)),
        # a figure eight sharing asset 6: 6 → 7 → 6 and 6 → 8 → 9 → 6, one group
        _row(6, 6, 7),
        _row(7, 7, 6),
        _row(8, 6, 8),
        _row(9, 8, 9),
        _row(10, 9, 6),
        # a chain leading into the ring, and a branch out of it, are not on it
        _row(11, 10, 1),
        _row(12, 11, 10),
        _row(13, 3, 12),
        # a ring of 200 rows, 300 → … → 499 → 300, with a row 450 → 320 across it
        *(_row(1000 + i, 300 + i, 301 + i) for i in range(199)),
        _row(1199, 499, 300),
        _row(1200, 450, 320),
    ]
    empty_db.load(assets, rows)
    for source in (empty_db.store, _frames(assets, rows)):
        found = _of(audit(source, user_id=None), "cycles")
        assert found["asset_ids"].tolist() == [
            (1, 2, 3, 4, 5),
            (6, 7, 8, 9),
            tuple(range(300, 500)),
        ]
        assert found["detail"].tolist()[1] == (
            "cycle through assets 6, 7, 8, 9 (rows 6, 7, 8, 9, 10)"
        )
        assert len(found["detail"].tolist()[2].split("rows ")[1].split(",")) == 201


def test_cycles_only_among_the_owners_assets(empty_db: PixsimDB) -> None:
    assets = [_asset(1), _asset(2), _asset(3, user=2)]
    rows = [_row(1, 1, 2), _row(2, 2, 3), _row(3, 3, 1)]
    empty_db.load(assets, rows)
    assert audit(empty_db.store, user_id=None).counts()["cycles"] == 1
    assert audit(empty_db.store, user_id=1).counts()["cycles"] == 0  # through owner 2's asset
    assert audit(empty_db.store, user_id=1).counts()["cross_owner"] == 0  # none in scope
    assert audit(empty_db.store, user_id=1).counts()["dangling"] == 2  # owner 2's end


def test_sequence_repeats_and_negative_orders(empty_db: PixsimDB) -> None:
    assets = [_asset(i) for i in range(1, 8)]
    rows = [
        _row(1, 1, 5, "TRANSITION_INPUT", "video_transition", 0),
        _row(2, 2, 5, "TRANSITION_INPUT", "video_transition", 0),
        _row(3, 3, 5, "TRANSITION_INPUT", "video_transition", 1),
        _row(4, 1, 6, "COMPOSITION_PROP", "FUSION", 1),  # legacy enum label, lower-cased
        _row(5, 2, 6, "COMPOSITION_PROP", "fusion", 2),
        _row(6, 1, 7, "SOURCE_IMAGE", "image_to_video", 3),  # not a multi-input operation
    ]
    empty_db.load(assets, rows)
    found = _of(audit(empty_db.store, user_id=None), "sequence_gaps")
    assert found["detail"].tolist() == [
        "video_transition inputs of asset 5 have sequence_order 0, 0, 1: 0 repeated",
        "fusion inputs of asset 6 have sequence_order 1, 2: 0 missing",
    ]
    pd.testing.assert_frame_equal(
        audit(empty_db.store, user_id=None).findings,
        audit(_frames(assets, rows), user_id=None).findings,
    )


def test_unknown_operation_labels(tmp_path: Any) -> None:
    # PostgreSQL's enum refuses an unknown label; older SQLite copies may hold anything.
    db = PixsimDB.sqlite(tmp_path)
    try:
        assets = [_asset(1), _asset(2)]
        rows = [_row(1, 1, 2, "SOURCE_IMAGE", "Upscale"), _row(2, 1, 2, "source", "I2V", 1)]
        db.load(assets, rows)
        found = _of(audit(db.store, user_id=None), "unknown_values")
        assert found["detail"].tolist() == [
            "operation_type 'Upscale' is not a pixsim7 operation type",
            "operation_type 'I2V' is not a pixsim7 operation type",
            "relation_type 'source' is a legacy value, not canonical",
        ]
        pd.testing.assert_frame_equal(
            audit(db.store, user_id=None).findings,
            audit(_frames(assets, rows), user_id=None).findings,
        )
    finally:
        db.dispose()


# --- property: SQL == pandas on random tables ---------------------------------------------------
RELATIONS = ["SOURCE_IMAGE", "TRANSITION_INPUT", "source", "FUSION_CHARACTER", "MOOD_BOARD"]
OPERATIONS = ["video_transition", "VIDEO_TRANSITION", "fusion", "image_edit", "video_extend"]
PAYLOADS = [
    None,
    {},
    {"customer_paths": {"customer_img_urls": ["a.jpg", "b.jpg", "a.jpg"]}},
    {"customer_img_urls": ["upload/x.jpg", "https://media.pixverse.ai/upload/x.jpg"]},
    {"customer_img_urls": ["a.jpg", "a.jpg"], "customer_paths": {"customer_img_urls": ["a", "b"]}},
    {"customer_paths": {"customer_img_paths": ["p/1", "p/1"]}},
    {"customer_img_urls": "upload/one.jpg", "customer_paths": {"prompts": ["x", "x"]}},
    {"customer_paths": {"customer_img_urls": [1, 1, {"url": "upload/1"}]}},
]


@st.composite
def tables(draw: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    n = draw(st.integers(1, 9))
    owners = draw(st.lists(st.integers(1, 2), min_size=n, max_size=n))
    assets = [_asset(i, owners[i - 1]) for i in range(1, n + 1)]
    for asset in assets:
        asset["media_metadata"] = draw(st.sampled_from(PAYLOADS))
    ends = st.integers(1, n + 2)  # n+1 and n+2 do not exist: dangling rows
    specs = draw(
        st.lists(
            st.tuples(
                ends,
                ends,
                st.sampled_from(RELATIONS),
                st.sampled_from(OPERATIONS),
                st.integers(0, 3),
            ),
            max_size=24,
        )
    )
    rows = [_row(i, *spec) for i, spec in enumerate(specs, start=1)]
    return assets, rows


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=tables(), user_id=st.sampled_from([None, 1, 2]))
def test_sql_equals_pandas_on_random_tables(
    empty_db: PixsimDB, data: Any, user_id: int | None
) -> None:
    assets, rows = data
    empty_db.load(assets, rows)
    in_db = audit(empty_db.store, user_id=user_id)
    in_pandas = audit(_frames(assets, rows), user_id=user_id)
    pd.testing.assert_frame_equal(in_db.findings, in_pandas.findings)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=tables(), user_id=st.sampled_from([1, 2]))
def test_a_scoped_audit_cannot_tell_another_owners_asset_from_a_missing_one(
    empty_db: PixsimDB, data: Any, user_id: int
) -> None:
    """The same tables with every other owner's asset deleted: the same report, word for
    word, in the database and in pandas."""
    assets, rows = data
    own = [a for a in assets if a["user_id"] == user_id]
    empty_db.load(assets, rows)
    with_others = audit(empty_db.store, user_id=user_id)
    for source in (_frames(assets, rows), _frames(own, rows)):
        pd.testing.assert_frame_equal(audit(source, user_id=user_id).findings, with_others.findings)
    empty_db.load(own, rows)
    missing_only = audit(empty_db.store, user_id=user_id)
    pd.testing.assert_frame_equal(missing_only.findings, with_others.findings)


# --- set-based: the database returns findings, not tables ---------------------------------------
def test_sql_audit_reads_only_the_findings(pg_server: Any) -> None:
    db = PixsimDB.postgresql(pg_server)
    try:
        # 1,000 clean chains of four assets (3,000 rows), then one problem of each kind.
        assets = [_asset(i) for i in range(1, 4001)] + [_asset(5001, user=2)]
        rows: list[dict[str, Any]] = []
        for c in range(1000):
            for k in range(3):
                parent = c * 4 + k + 1
                rows.append(_row(len(rows) + 1, parent, parent + 1, "SOURCE_VIDEO", "video_extend"))
        base = len(rows)
        rows += [
            _row(base + 1, 9999, 1),  # dangling
            _row(base + 2, 5, 5),  # self-loop
            _row(base + 3, 8, 5),  # closes the cycle 5 → 6 → 7 → 8 → 5
            _row(base + 4, 9, 10, "SOURCE_VIDEO", "video_extend"),  # duplicates row 9 → 10
            _row(base + 5, 4, 5001),  # cross-owner
            _row(base + 6, 13, 20, "TRANSITION_INPUT", "video_transition", 1),  # gap
            _row(base + 7, 17, 20, "MOOD_BOARD", "image_edit", 0),  # unknown relation
            _row(base + 8, 24, 26, "SOURCE_VIDEO", "VIDEO_EXTEND"),  # a legacy label
        ]
        listed = {"customer_paths": {"customer_img_urls": ["upload/a.jpg", "upload/a.jpg"]}}
        assets[29]["media_metadata"] = listed  # an input image listed twice
        assets[30]["media_metadata"] = {"customer_img_urls": ["upload/a.jpg"]}
        db.load(assets, rows)
        fetched: list[int] = []

        def count(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
            if "set_config" in statement:  # the audit's own statement_timeout
                return
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                fetched.append(cursor.rowcount)

        store = db.store
        sa.event.listen(store.engine, "after_cursor_execute", count)
        try:
            report = audit(store, user_id=None, checks=ROW_CHECKS)
        finally:
            sa.event.remove(store.engine, "after_cursor_execute", count)
        assert report.counts() == {
            "dangling": 1,
            "self_loops": 1,
            "cycles": 1,
            "duplicates": 1,
            "cross_owner": 1,
            "sequence_gaps": 1,
            "unknown_values": 1,
            "legacy_labels": 1,
            "repeated_inputs": 1,
        }
        assert len(fetched) == len(ROW_CHECKS)  # one statement per check
        # Rows of findings, plus the cycle's 4 candidate rows: never the 3,008-row table.
        assert sum(fetched) <= 12
    finally:
        db.dispose()


# --- the report object ---------------------------------------------------------------------------
def test_report_summary_has_one_line_per_check(sample_store: lk.Store) -> None:
    report = audit(sample_store, user_id=None)
    lines = report.summary().splitlines()
    assert lines[0] == f"audit of embedded sample (all owners): {len(report)} finding(s)"
    assert [line.split()[0] for line in lines[1:]] == list(CHECKS)
    assert lines[1].split()[1] == "1"
    assert "row 60: parent 9999 does not exist" in lines[1]
    unknown = lines[1 + CHECKS.index("unknown_values")]
    assert unknown.startswith("unknown_values") and "(+4 more)" in unknown


def test_report_renders_in_a_notebook_and_as_json(raw_frames: lk.Frames) -> None:
    report = audit(raw_frames, user_id=None, checks=ROW_CHECKS)
    page = report._repr_html_()
    assert page.count("<tr>") == len(ROW_CHECKS) + len(report) + 2
    assert "cycle through assets 801, 802, 803" in page
    lineage = raw_frames.edges.copy()
    lineage.loc[lineage["id"] == 43, "relation_type"] = "<img src=x onerror=alert(1)>"
    hostile = audit(lk.Frames(raw_frames.assets, lineage), user_id=None)._repr_html_()
    assert "<img" not in hostile and "&lt;img src=x" in hostile
    data = json.loads(json.dumps(report.to_dict()))
    assert data["counts"] == ONE_OF_EACH
    assert data["findings"][2]["asset_ids"] == [801, 802, 803]
    assert data["findings"][2]["lineage_id"] is None
    assert "AuditReport(" in repr(report) and "cycles=1" in repr(report)


def test_a_clean_database_is_ok(empty_db: PixsimDB) -> None:
    # Asset 2 was made by generation 5 from asset 1: a refresh would write its row again.
    made = {**_asset(2), "source_generation_id": 5}
    generation = {
        "id": 5,
        "user_id": 1,
        "operation_type": "image_to_video",
        "provider_id": "t",
        "status": "completed",
        "inputs": [{"role": "source_image", "asset": "asset:1", "sequence_order": 0}],
    }
    empty_db.load(
        [_asset(1), made],
        [_row(1, 1, 2, "SOURCE_IMAGE", "image_to_video")],
        generations=[generation],
    )
    report = audit(empty_db.store, user_id=None)
    assert report.ok and len(report) == 0
    assert report.summary().count(" ok") == len(CHECKS)


def test_a_subset_of_checks(sample_store: lk.Store) -> None:
    report = audit(sample_store, checks=["cycles", "dangling"], user_id=None)
    assert report.counts() == {"dangling": 1, "cycles": 1}


def test_user_id_is_a_required_keyword(sample_store: lk.Store) -> None:
    with pytest.raises(TypeError, match="user_id"):
        audit(sample_store)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"user_id": "1"}, TypeError, "user_id"),
        ({"checks": ["cycles", "orphans"]}, ValueError, "checks"),
        ({"checks": "cycles"}, TypeError, "checks"),
        ({"checks": []}, ValueError, "checks"),
    ],
)
def test_bad_arguments_are_refused_naming_them(
    sample_store: lk.Store, kwargs: dict[str, Any], error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=name):
        audit(sample_store, **({"user_id": None} | kwargs))


def test_a_graph_is_audited_like_its_frames(sample_store: lk.Store) -> None:
    frames = sample_store.frames(user_id=None)
    by_graph = audit(frames.to_networkx(), user_id=None)
    by_frames = audit(frames, user_id=None)
    assert by_graph.counts() == by_frames.counts()
    drop = {"columns": "detail"}
    assert by_graph.findings.drop(**drop).equals(by_frames.findings.drop(**drop))


def test_an_unknown_object_is_not_an_audit_source() -> None:
    with pytest.raises(lk.InvalidArgumentType, match="source must be"):
        audit(object(), user_id=None)  # type: ignore[arg-type]


# --- pixsim7's own inconsistencies, on a database written the way it writes today ---------------
def test_legacy_labels_and_repeated_inputs_in_todays_data(empty_db: PixsimDB) -> None:
    empty_db.load(today_assets(), today_lineage())
    report = audit(empty_db.store, user_id=1)
    legacy = _of(report, "legacy_labels")
    assert legacy["lineage_id"].tolist() == [104] and legacy["asset_ids"].tolist() == [(4, 5)]
    repeated = _of(report, "repeated_inputs")
    assert repeated["child_asset_id"].tolist() == [14] and pd.isna(repeated.iloc[0]["lineage_id"])
    assert repeated.iloc[0]["detail"] == (
        f"the Pixverse payload of asset 14 lists input image {I11_URL} at positions 0, 2: "
        "pixsim7's extractor links it once and moves the later images up"
    )
    raw = lk.Frames(
        pd.read_sql_table("assets", empty_db.writer),
        pd.read_sql_table("asset_lineage", empty_db.writer),
    )
    for uid in (None, 1, 2):
        pd.testing.assert_frame_equal(
            audit(empty_db.store, user_id=uid).findings, audit(raw, user_id=uid).findings
        )
    assert audit(empty_db.store, user_id=2).counts()["repeated_inputs"] == 0
