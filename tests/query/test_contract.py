"""One test per rule of the bounded neighbourhood query (docs/design.md), on hand-made graphs.

Each test asks the SQL store (SQLite and PostgreSQL; on its candidate path and
on its batched one), Frames and networkx and requires the answers to be the same
before checking the rule.
"""

from __future__ import annotations

from typing import Any

import pytest

import lineage_kit as lk
from tests.support.graphs import Graph, answers
from tests.support.pixsim_db import PixsimDB


def one(db: PixsimDB, graph: Graph, root: int, **kw: Any) -> Any:
    first, *others = answers(db, graph, root, **kw)
    assert all(other == first for other in others)
    return first


def ids(res: dict[str, Any]) -> list[int]:
    return [n["asset"]["id"] for n in res["nodes"]]


def depths(res: dict[str, Any]) -> dict[int, int]:
    return {n["asset"]["id"]: n["depth"] for n in res["nodes"]}


def edge_ids(res: dict[str, Any]) -> list[int]:
    return [e["id"] for e in res["edges"]]


# --- 1. scope ------------------------------------------------------------------------------
def test_rule1_scope_hides_other_owners_assets(empty_db: PixsimDB) -> None:
    g = Graph({1: 1, 2: 2, 3: 1}, [(10, 2, 1, 0), (11, 3, 1, 1)])
    mine = one(empty_db, g, 1, user_id=1)
    assert ids(mine) == [1, 3]
    assert mine["nodes"][0]["parent_count"] == 1  # the foreign parent is not counted either
    everyone = one(empty_db, g, 1, user_id=None)
    assert ids(everyone) == [1, 2, 3]
    assert everyone["nodes"][0]["parent_count"] == 2


def test_rule1_rows_to_missing_assets_never_returned(empty_db: PixsimDB) -> None:
    g = Graph({1: 1, 2: 1}, [(10, 99, 1, 0), (11, 2, 1, 1), (12, 1, 98, 0)])
    res = one(empty_db, g, 1, user_id=None)
    assert ids(res) == [1, 2]
    assert edge_ids(res) == [11]
    assert (res["nodes"][0]["parent_count"], res["nodes"][0]["child_count"]) == (1, 0)


# --- 2. root -------------------------------------------------------------------------------
def test_rule2_missing_and_foreign_root_fail_alike(empty_db: PixsimDB) -> None:
    g = Graph({1: 1, 2: 2}, [(10, 1, 2, 0)])
    missing = one(empty_db, g, 77, user_id=1)
    foreign = one(empty_db, g, 2, user_id=1)
    assert missing[0] == foreign[0] == "AssetNotFound"
    assert missing[1].replace("77", "N") == foreign[1].replace("2", "N")
    with pytest.raises(LookupError):  # AssetNotFound is a LookupError
        lk.lineage(g.frames(), 2, user_id=1)


# --- 3. neighbour order --------------------------------------------------------------------
def test_rule3_parents_ordered_by_sequence_order_then_row_id(empty_db: PixsimDB) -> None:
    # row ids deliberately out of sequence order; rows 13/14 tie on order 1
    g = Graph(
        {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}, [(12, 2, 1, 2), (14, 3, 1, 1), (13, 4, 1, 1), (11, 5, 1, 0)]
    )
    res = one(empty_db, g, 1, user_id=1, direction="parents")
    assert ids(res) == [1, 5, 4, 3, 2]


def test_rule3_children_ordered_by_row_id_alone(empty_db: PixsimDB) -> None:
    # sequence_order is each row's position among its child's inputs: it says nothing
    # about the order of a parent's children, which is creation order (the row id).
    g = Graph(
        {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}, [(12, 1, 2, 0), (14, 1, 3, 0), (13, 1, 4, 3), (11, 1, 5, 1)]
    )
    res = one(empty_db, g, 1, user_id=1, direction="children")
    assert ids(res) == [1, 5, 2, 4, 3]
    assert [e.id for e in lk.lineage(g.frames(), 1, user_id=1).children_of(1)] == [11, 12, 13, 14]


# --- 4. levels -----------------------------------------------------------------------------
def test_rule4_parents_level_before_children_level(empty_db: PixsimDB) -> None:
    # 1's parents 2, 3 (order 0, 1); 2's parent 4; 1's children 5; 5's child 6
    g = Graph(
        {i: 1 for i in range(1, 7)},
        [(10, 2, 1, 0), (11, 3, 1, 1), (12, 4, 2, 0), (13, 1, 5, 0), (14, 5, 6, 0)],
    )
    res = one(empty_db, g, 1, user_id=1, max_depth=2)
    assert ids(res) == [1, 2, 3, 5, 4, 6]
    assert depths(res) == {1: 0, 2: -1, 3: -1, 5: 1, 4: -2, 6: 2}


def test_rule4_siblings_not_reached_through_a_common_parent(empty_db: PixsimDB) -> None:
    g = Graph({1: 1, 2: 1, 3: 1}, [(10, 2, 1, 0), (11, 2, 3, 0)])
    res = one(empty_db, g, 1, user_id=1, max_depth=3)
    assert ids(res) == [1, 2]


def test_rule4_cycles_end_and_first_depth_kept(empty_db: PixsimDB) -> None:
    # 1 -> 2 -> 3 -> 1, and a self-loop on 2
    g = Graph({1: 1, 2: 1, 3: 1}, [(10, 1, 2, 0), (11, 2, 3, 0), (12, 3, 1, 0), (13, 2, 2, 0)])
    res = one(empty_db, g, 1, user_id=1, max_depth=64)
    assert depths(res) == {1: 0, 3: -1, 2: 1}
    assert edge_ids(res) == [12, 10, 13, 11]


def test_rule4_depth_zero_is_the_root_alone(empty_db: PixsimDB) -> None:
    g = Graph({1: 1, 2: 1}, [(10, 1, 2, 0), (11, 1, 1, 0)])
    res = one(empty_db, g, 1, user_id=1, max_depth=0)
    assert ids(res) == [1]
    assert edge_ids(res) == [11]  # the self-loop joins two admitted ends
    assert res["nodes"][0]["child_count"] == 2


def test_rule4_direction_limits_the_walk(empty_db: PixsimDB) -> None:
    g = Graph({1: 1, 2: 1, 3: 1}, [(10, 2, 1, 0), (11, 1, 3, 0)])
    assert ids(one(empty_db, g, 1, user_id=1, direction="parents")) == [1, 2]
    assert ids(one(empty_db, g, 1, user_id=1, direction="children")) == [1, 3]


# --- 5. cap --------------------------------------------------------------------------------
def test_rule5_cap_counts_the_root_and_marks_truncated(empty_db: PixsimDB) -> None:
    g = Graph({i: 1 for i in range(1, 6)}, [(10 + i, i, 1, i) for i in range(2, 6)])
    res = one(empty_db, g, 1, user_id=1, max_nodes=3)
    assert ids(res) == [1, 2, 3]
    assert res["truncated"] is True
    assert res["nodes"][0]["parent_count"] == 4  # full degree, so a UI can offer more


def test_rule5_exact_fill_is_not_truncated(empty_db: PixsimDB) -> None:
    g = Graph({1: 1, 2: 1, 3: 1}, [(10, 2, 1, 0), (11, 3, 1, 1), (12, 2, 1, 2)])
    res = one(empty_db, g, 1, user_id=1, max_nodes=3, max_depth=4)
    assert ids(res) == [1, 2, 3]
    assert res["truncated"] is False  # the duplicate row meets no new node


def test_rule5_query_stops_at_the_first_dropped_node(empty_db: PixsimDB) -> None:
    # Parents 2, 3 fill the cap at level 1; the child 4 would be new: dropped, and stop.
    g = Graph({1: 1, 2: 1, 3: 1, 4: 1}, [(10, 2, 1, 0), (11, 1, 4, 0)])
    res = one(empty_db, g, 1, user_id=1, max_nodes=2)
    assert ids(res) == [1, 2]
    assert res["truncated"] is True


# --- degree counts -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("count_limit", "parents", "children"),
    [(6, (3, False), (6, False)), (5, (3, False), (5, True)), (2, (2, True), (2, True))],
)
def test_counts_exact_up_to_count_limit_then_capped(
    empty_db: PixsimDB,
    count_limit: int,
    parents: tuple[int, bool],
    children: tuple[int, bool],
) -> None:
    # asset 1: six children; three parent rows, two of them from the same asset
    rows = [(10 + i, 1, i, 0) for i in range(2, 8)] + [(30, 8, 1, 0), (31, 8, 1, 1), (32, 9, 1, 2)]
    g = Graph({i: 1 for i in range(1, 10)}, rows)
    res = one(empty_db, g, 1, user_id=1, max_depth=0, count_limit=count_limit)
    node = res["nodes"][0]
    assert (node["parent_count"], node["parent_count_capped"]) == parents
    assert (node["child_count"], node["child_count_capped"]) == children


def test_counts_capped_flags_always_present_and_default_limit(empty_db: PixsimDB) -> None:
    g = Graph({1: 1, 2: 1}, [(10, 1, 2, 0)])
    res = one(empty_db, g, 1, user_id=1)
    assert [(n["parent_count_capped"], n["child_count_capped"]) for n in res["nodes"]] == [
        (False, False),
        (False, False),
    ]
    assert lk.lineage(g.frames(), 1, user_id=1).count_limit == 1000


# --- 6. edges ------------------------------------------------------------------------------
def test_rule6_duplicate_rows_kept_and_ordered(empty_db: PixsimDB) -> None:
    # image 2 used twice by 1 (orders 0 and 3), 3 once; and 2 -> 3 between admitted parents
    g = Graph(
        {1: 1, 2: 1, 3: 1},
        [(20, 2, 1, 3), (21, 3, 1, 1), (22, 2, 1, 0), (23, 2, 3, 0), (24, 2, 1, 0)],
    )
    res = one(empty_db, g, 1, user_id=1)
    assert edge_ids(res) == [22, 24, 21, 20, 23]
    assert [(e["child_asset_id"], e["sequence_order"]) for e in res["edges"]] == [
        (1, 0),
        (1, 0),
        (1, 1),
        (1, 3),
        (3, 0),
    ]


def test_rule6_edges_only_between_admitted_assets(empty_db: PixsimDB) -> None:
    g = Graph({1: 1, 2: 1, 3: 1}, [(10, 2, 1, 0), (11, 3, 2, 0)])
    res = one(empty_db, g, 1, user_id=1, max_depth=1)
    assert edge_ids(res) == [10]


# --- 7. arguments --------------------------------------------------------------------------
BAD_ARGUMENTS = [
    ({"direction": "up"}, ValueError, "direction"),
    ({"direction": None}, ValueError, "direction"),
    ({"max_depth": True}, TypeError, "max_depth"),
    ({"max_depth": 1.0}, TypeError, "max_depth"),
    ({"max_depth": -1}, ValueError, "max_depth"),
    ({"max_depth": 10**6}, ValueError, "max_depth"),
    ({"max_nodes": 0}, ValueError, "max_nodes"),
    ({"max_nodes": False}, TypeError, "max_nodes"),
    ({"max_nodes": 2.5}, TypeError, "max_nodes"),
    ({"max_nodes": 10**9}, ValueError, "max_nodes"),
    ({"user_id": "1"}, TypeError, "user_id"),
    ({"user_id": True}, TypeError, "user_id"),
    ({"user_id": -3}, ValueError, "user_id"),
    ({"count_limit": 0}, ValueError, "count_limit"),
    ({"count_limit": True}, TypeError, "count_limit"),
    ({"count_limit": 1.5}, TypeError, "count_limit"),
    ({"count_limit": 10**6 + 1}, ValueError, "count_limit"),
    ({"max_nodes": 100_001}, ValueError, "max_nodes"),
]


@pytest.mark.parametrize(("kw", "error", "name"), BAD_ARGUMENTS)
def test_rule7_bad_arguments_refused_before_any_sql(
    store: lk.Store, kw: dict[str, Any], error: type[Exception], name: str
) -> None:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    import sqlalchemy as sa

    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        args = {"user_id": 1} | kw
        with pytest.raises(error, match=name) as info:
            store.lineage(102, **args)
        assert "must be" in str(info.value)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)
    assert statements == []


@pytest.mark.parametrize("root", [True, 1.5, "102", None, -1, 2**64])
def test_rule7_bad_root_refused(sample_store: lk.Store, root: Any) -> None:
    with pytest.raises((TypeError, ValueError), match="asset_id"):
        sample_store.lineage(root, user_id=1)


def test_rule7_user_id_is_a_required_keyword(sample_store: lk.Store) -> None:
    with pytest.raises(TypeError, match="user_id"):
        sample_store.lineage(102)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="user_id"):
        lk.lineage(sample_store, 102)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="user_id"):
        sample_store.frames()  # type: ignore[call-arg]


def test_unknown_source_type_is_refused() -> None:
    with pytest.raises(TypeError, match="source must be"):
        lk.lineage({"not": "a source"}, 1, user_id=1)
