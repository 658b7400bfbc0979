"""The lineage HTTP API through a real uvicorn on loopback, over SQLite and PostgreSQL.

Each answer is compared with the Python API's (``Lineage.to_dict()`` / ``flat()``), key
order included; the seed's acceptance cases, owner scoping and the error answers follow.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import lineage_kit as lk
from lineage_kit.api import TRUNCATED_HEADER, create_app
from lineage_kit.api.answers import NOT_FOUND
from tests.support.http import Served, ServerThread, serve_sample
from tests.support.pixsim_db import PixsimDB, sample_rows


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest) -> Iterator[Served]:
    with serve_sample(request) as s:
        yield s


def same_json(got: Any, expected: Any) -> bool:
    """Equal values with keys in the same order."""
    return json.dumps(got) == json.dumps(expected)


# --- every answer is the Python API's ------------------------------------------------------
CASES = [
    (root, user, direction, depth)
    for user, roots in ((1, (101, 102, 103, 202, 310, 410, 420, 501, 603, 801, 804)), (2, (702,)))
    for root in roots
    for direction in ("both", "parents", "children")
    for depth in (0, 1, 3)
]


def test_every_lineage_answer_is_the_python_answer(served: Served) -> None:
    for root, user, direction, depth in CASES:
        got = served.lineage(root, user, direction=direction, max_depth=depth)
        expected = served.store.lineage(root, user_id=user, direction=direction, max_depth=depth)
        assert same_json(got, expected.to_dict()), (root, user, direction, depth)


def test_every_flat_answer_is_the_python_answer(served: Served) -> None:
    for root, user, direction, _ in CASES[::3]:
        got = served.flat(root, user, direction=direction)
        expected = served.store.lineage(root, user_id=user, direction=direction).flat()
        assert same_json(got, expected), (root, user, direction)


def test_defaults_are_the_seeds(served: Served) -> None:
    got = served.lineage(310)
    assert (got["direction"], got["max_depth"], got["max_nodes"]) == ("both", 1, 50)


# --- the seed's acceptance cases -----------------------------------------------------------
def test_extend_chain(served: Served) -> None:
    flat = served.flat(102)
    assert [(p["id"], p["relation_type"], p["operation_type"]) for p in flat["parents"]] == [
        (101, "SOURCE_VIDEO", "video_extend")
    ]
    assert [c["id"] for c in flat["children"]] == [103]
    up = served.lineage(103, direction="parents", max_depth=5)
    assert [(n["asset"]["id"], n["depth"]) for n in up["nodes"]] == [(103, 0), (102, -1), (101, -2)]
    assert [e["operation_type"] for e in up["edges"]] == ["video_extend", "video_extend"]


def test_transition_lists_the_reused_input_twice_in_sequence_order(served: Served) -> None:
    parents = served.flat(310)["parents"]
    assert [(p["id"], p["sequence_order"]) for p in parents] == [
        (301, 0),
        (302, 1),
        (303, 2),
        (301, 3),
    ]
    assert len({p["lineage_id"] for p in parents}) == 4  # two rows from 301, not one
    assert {(p["relation_type"], p["operation_type"]) for p in parents} == {
        ("TRANSITION_INPUT", "video_transition")
    }
    graph = served.lineage(310)
    assert [n["asset"]["id"] for n in graph["nodes"]] == [310, 301, 302, 303]
    assert graph["nodes"][0]["parent_count"] == 4
    assert [(e["parent_asset_id"], e["sequence_order"]) for e in graph["edges"]] == [
        (301, 0),
        (302, 1),
        (303, 2),
        (301, 3),
    ]


@pytest.mark.parametrize(
    ("root", "relations"),
    [
        (410, ["FUSION_CHARACTER", "FUSION_BACKGROUND", "FUSION_REFERENCE"]),
        (
            420,
            [
                "COMPOSITION_MAIN_CHARACTER",
                "COMPOSITION_ENVIRONMENT",
                "COMPOSITION_STYLE_REFERENCE",
            ],
        ),
    ],
)
def test_fusion_parents_with_their_roles(served: Served, root: int, relations: list[str]) -> None:
    parents = served.flat(root)["parents"]
    assert [(p["id"], p["relation_type"]) for p in parents] == list(
        zip((401, 402, 403), relations, strict=True)
    )
    assert {p["operation_type"] for p in parents} == {"fusion"}


def test_paused_frames_with_frame_numbers_and_times(served: Served) -> None:
    children = served.flat(501)["children"]
    got = {
        c["id"]: (c["relation_type"], c["parent_frame"], c["parent_start_time"]) for c in children
    }
    assert got == {
        502: ("PAUSED_FRAME", 48, 2.0),
        503: ("PAUSED_FRAME", 120, 5.0),
        504: ("PAUSED_FRAME", 210, 8.75),
    }
    assert [c["lineage_id"] for c in children] == sorted(c["lineage_id"] for c in children)


def test_archived_asset_is_marked(served: Served) -> None:
    nodes = {n["asset"]["id"]: n["asset"] for n in served.lineage(101)["nodes"]}
    assert nodes[104]["is_archived"] is True and nodes[102]["is_archived"] is False


# --- owner scoping --------------------------------------------------------------------------
def test_owner_two_sees_only_their_own_assets(served: Served) -> None:
    graph = served.lineage(702, user=2, max_depth=5)
    assert [n["asset"]["id"] for n in graph["nodes"]] == [702, 701]
    assert served.lineage(703, user=2)["nodes"][0]["parent_count"] == 0  # 103 is owner 1's
    for root in (701, 702, 703):
        assert served.get(f"/assets/{root}/lineage", user=1).status_code == 404
    for root in (101, 103, 310):
        assert served.get(f"/assets/{root}/lineage/flat", user=2).status_code == 404


def test_cross_owner_row_is_invisible_to_each_owner(served: Served) -> None:
    graph = served.lineage(103, max_depth=3)
    assert graph["nodes"][0]["child_count"] == 0
    assert 703 not in {n["asset"]["id"] for n in graph["nodes"]}
    assert served.flat(103)["children"] == []


def test_another_owners_asset_is_answered_like_a_missing_one(served: Served) -> None:
    for path in ("/assets/{}/lineage", "/assets/{}/lineage/flat"):
        foreign = served.get(path.format(701))
        missing = served.get(path.format(70100))
        assert foreign.status_code == missing.status_code == 404
        assert foreign.content == missing.content
        assert foreign.json() == {"detail": NOT_FOUND}
        assert sorted(foreign.headers.keys()) == sorted(missing.headers.keys())


def test_flat_says_when_max_nodes_cut_it(served: Served) -> None:
    cut = served.get("/assets/310/lineage/flat", max_nodes=2)
    assert cut.headers[TRUNCATED_HEADER] == "true"
    assert [p["id"] for p in cut.json()["parents"]] == [301, 301]  # rows to admitted parents
    whole = served.get("/assets/310/lineage/flat")
    assert whole.headers[TRUNCATED_HEADER] == "false"
    assert served.lineage(310, max_nodes=2)["truncated"] is True


# --- database trouble: 503, no driver message --------------------------------------------------
@pytest.mark.postgres
def test_a_timeout_is_a_503_without_the_drivers_words(sample_pg: PixsimDB) -> None:
    store = lk.connect(sample_pg.url, timeout=0.3)
    with ServerThread(create_app(store, all_users=True)) as server, server.client() as c:
        assert c.get("/assets/310/lineage").status_code == 200
        with sample_pg.writer.connect() as locker, locker.begin():
            locker.exec_driver_sql("LOCK TABLE asset_lineage IN ACCESS EXCLUSIVE MODE")
            resp = c.get("/assets/310/lineage")
        assert resp.status_code == 503
        assert resp.json() == {"detail": "The lineage query timed out"}
        assert c.get("/assets/310/lineage").status_code == 200  # the store recovers
    store.close()


@pytest.mark.postgres
def test_a_broken_database_is_a_503_without_the_drivers_words(
    pg_server: Any, caplog: pytest.LogCaptureFixture
) -> None:
    db = PixsimDB.postgresql(pg_server)
    db.load(*sample_rows())
    store = lk.connect(db.url)
    with ServerThread(create_app(store, all_users=True)) as server, server.client() as c:
        with db.writer.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE asset_lineage RENAME TO asset_lineage_gone")
        resp = c.get("/assets/310/lineage")
    assert resp.status_code == 503
    assert resp.json() == {"detail": "The lineage store could not be read"}
    assert "asset_lineage" not in resp.text and "postgresql" not in resp.text
    assert any("does not exist" in r.getMessage() for r in caplog.records)  # logged, not sent
    store.close()
    db.dispose()
