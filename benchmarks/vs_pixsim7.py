"""The kit against pixsim7's own graph endpoint logic (:mod:`benchmarks.pixsim7_graph`).

Ordinary roots at depth 1 and 3, interleaved, each queried by its owner (the
kit at its default cap; pixsim7 has none); then the second hub, whose whole
neighbourhood both return: 10,004 assets at pixsim7's default depth 2 (at
scale 1), the kit asked for up to ``LARGE_CAP`` nodes. The kit repeats the
large query past psycopg's prepare threshold (its fifth use of a statement),
so prepared, generic plans are measured as well as the first run.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import lineage_kit as lk
from benchmarks import dataset
from benchmarks.lineage_suite import CAP, kit_key
from benchmarks.measure import FullCollections, Series, ms, rotated
from benchmarks.pixsim7_graph import Pixsim7Graph

__all__ = ["LARGE_CAP", "LARGE_REPEATS", "large_suite", "ordinary_suite"]

LARGE_CAP = 10_005
LARGE_REPEATS = 12
PIXSIM_REPEATS = 5
PREPARE_THRESHOLD = 5  # psycopg prepares a statement on its fifth use


def ordinary_suite(
    store: lk.Store, graph: Pixsim7Graph, roots: list[tuple[int, int]]
) -> dict[int, Any]:
    """p50 of both on the same roots (interleaved), and the answers' mean sizes."""
    out: dict[int, Any] = {}
    for depth in (1, 3):
        kit, pix = Series(), Series()
        sizes: list[tuple[int, int]] = []
        for root, owner in roots[:10]:
            store.lineage(root, user_id=owner, max_depth=depth, max_nodes=CAP)
            graph.graph(root, owner=owner, depth=depth)
        methods = {
            "kit": lambda r, o, d=depth: store.lineage(r, user_id=o, max_depth=d, max_nodes=CAP),
            "pixsim7": lambda r, o, d=depth: graph.graph(r, owner=o, depth=d),
        }
        timed = {"kit": kit, "pixsim7": pix}
        for i, (root, owner) in enumerate(roots):
            answers: dict[str, Any] = {}
            for name in rotated(list(methods), i):  # each goes first for half the roots
                t = time.perf_counter()
                answers[name] = methods[name](root, owner)
                timed[name].seconds.append(time.perf_counter() - t)
            sizes.append((len(answers["kit"].nodes), len(answers["pixsim7"]["nodes"])))
        out[depth] = {
            "kit": kit,
            "pixsim7": pix,
            "kit_nodes": statistics.mean(s[0] for s in sizes),
            "pixsim7_nodes": statistics.mean(s[1] for s in sizes),
        }
    return out


def large_suite(url: str, graph: Pixsim7Graph, plan: dataset.Plan) -> dict[str, Any]:
    """The second hub: the kit's large answers, run by run, against pixsim7's.

    The kit runs on a store of its own, whose connection has not yet prepared
    the query's statement: the first runs are planned for their values, the
    later ones run prepared (generic plans).
    """
    root, owner = plan.hub2_id, plan.hub2_owner
    store = lk.connect(url)
    lk.list_assets(store, user_id=owner, limit=1)  # opens its connection, not the query's
    out: dict[str, Any] = {"root": root, "children": plan.hub2_children, "depths": {}}
    for depth in (2, 3):
        runs: list[float] = []
        gc_runs: list[float] = []
        for _ in range(LARGE_REPEATS):
            with FullCollections() as full:
                t = time.perf_counter()
                res = store.lineage(root, user_id=owner, max_depth=depth, max_nodes=LARGE_CAP)
                res.to_dict()  # made whole, as pixsim7's answer is: dicts of plain values
                runs.append(time.perf_counter() - t)
            gc_runs.append(full.seconds)
        small = store.lineage(root, user_id=owner, max_depth=depth, max_nodes=CAP)
        pix: list[float] = []
        gc_pix: list[float] = []
        for _ in range(PIXSIM_REPEATS):
            with FullCollections() as full:
                t = time.perf_counter()
                answer = graph.graph(root, owner=owner, depth=depth)
                pix.append(time.perf_counter() - t)
            gc_pix.append(full.seconds)
        out["depths"][depth] = {
            "runs": runs,
            "gc_runs": gc_runs,
            "gc_pixsim7": gc_pix,
            "nodes": len(res.nodes),
            "edges": len(res.edges),
            "truncated": res.truncated,
            "pixsim7": pix,
            "pixsim7_nodes": len(answer["nodes"]),
            "same_assets": {n["id"] for n in answer["nodes"]} == {n.id for n in res.nodes},
            "small_is_prefix": _prefix(small, res),
        }
        del answer, res, small  # neither method's answer stays alive through the other's runs
    store.close()
    return out


def _prefix(small: lk.Lineage, large: lk.Lineage) -> bool:
    """The small-cap answer is the large one cut at its cap: the same first nodes with the
    same depths and counts, and the rows among them."""
    n = len(small.nodes)
    kept = {node.id for node in small.nodes}
    edges = tuple(e.id for e in large.edges if {e.parent_asset_id, e.child_asset_id} <= kept)
    return kit_key(small)[0] == kit_key(large)[0][:n] and edges == kit_key(small)[2]


def prepared(runs: list[float]) -> list[float]:
    """The runs after psycopg started preparing the query's statements."""
    return runs[PREPARE_THRESHOLD:]


def per_node_ms(seconds: float, nodes: float) -> float:
    return ms(seconds) / max(nodes, 1)
