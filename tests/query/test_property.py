"""Property: the SQL store, Frames and networkx give the same answer for every input.

Random multigraphs with cycles, self-loops, duplicate rows, several owners,
dangling rows and columns the kit does not know; random roots (present,
foreign or missing) and arguments, degree counts capped low. The store answers
on its candidate path and again with a random, often too small, candidate
statement (some or all of the BFS then reads through the batched path). Run on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lineage_kit as lk
from tests.support.graphs import Graph, answers
from tests.support.pixsim_db import PixsimDB

ASSET_IDS = st.integers(1, 12)


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    present = draw(st.sets(ASSET_IDS, min_size=1, max_size=12))
    owners = {i: draw(st.sampled_from([1, 1, 2])) for i in sorted(present)}
    ends = st.integers(1, 14)  # 13 and 14 never exist: dangling rows
    n_rows = draw(st.integers(0, 30))
    rows: list[tuple[Any, ...]] = []
    for rid in draw(st.lists(st.integers(1, 500), min_size=n_rows, max_size=n_rows, unique=True)):
        if rows and draw(st.integers(0, 5)) == 0:  # an exact duplicate of an earlier row
            _, parent, child, seq, rel = draw(st.sampled_from(rows))
        else:
            parent, child = draw(ends), draw(ends)
            seq = draw(st.integers(0, 3))
            rel = draw(st.sampled_from(["SOURCE_IMAGE", "TRANSITION_INPUT", "source"]))
        rows.append((rid, parent, child, seq, rel))
    return Graph(owners, rows)


QUERIES = st.fixed_dictionaries(
    {
        "root": st.integers(1, 14),
        "user_id": st.sampled_from([1, 2, None]),
        "direction": st.sampled_from(["both", "parents", "children"]),
        "max_depth": st.integers(0, 4),
        "max_nodes": st.integers(1, 14),
        "count_limit": st.integers(1, 4),
        "sizes": st.tuples(st.integers(1, 4), st.integers(1, 24)),
    }
)


def check(db: PixsimDB, graph: Graph, queries: list[dict[str, Any]]) -> None:
    for q in queries:
        q = dict(q)
        root = q.pop("root")
        store_answer, *others = answers(db, graph, root, **q)
        assert all(other == store_answer for other in others), (root, q)
        if isinstance(store_answer, dict):
            assert len(store_answer["nodes"]) <= q["max_nodes"]
            for node in store_answer["nodes"]:
                for side in ("parent", "child"):
                    count, capped = node[f"{side}_count"], node[f"{side}_count_capped"]
                    assert count <= q["count_limit"] and (not capped or count == q["count_limit"])


_settings = settings(
    max_examples=200,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_settings
@given(graph=graphs(), queries=st.lists(QUERIES, min_size=1, max_size=4))
def test_store_frames_and_networkx_agree(
    empty_db: PixsimDB, graph: Graph, queries: list[dict[str, Any]]
) -> None:
    check(empty_db, graph, queries)


def test_property_covers_interesting_cases(empty_db: PixsimDB) -> None:
    """The generator's corner cases, pinned so they never depend on luck."""
    g = Graph(
        {1: 1, 2: 1, 3: 2, 4: 1},
        [
            (1, 1, 1, 0, "SOURCE"),
            (2, 2, 1, 0, "SOURCE"),
            (3, 2, 1, 0, "SOURCE"),
            (4, 3, 1, 1, "SOURCE"),
            (5, 1, 4, 0, "SOURCE"),
            (6, 4, 2, 0, "SOURCE"),
            (7, 13, 4, 0, "SOURCE"),
        ],
    )
    for uid in (1, 2, None):
        for root in (1, 3, 13):
            for d in ("both", "parents", "children"):
                check(
                    empty_db,
                    g,
                    [
                        {
                            "root": root,
                            "user_id": uid,
                            "direction": d,
                            "max_depth": 3,
                            "max_nodes": 3,
                            "count_limit": 1,
                        }
                    ],
                )
    res = lk.lineage(g.frames(), 1, user_id=1, max_depth=3)
    assert [n.id for n in res.nodes] == [1, 2, 4]
