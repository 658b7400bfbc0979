"""``store.lineage`` against hand-written SQL on random roots, the hub, and the plans.

Every method answers the same roots, interleaved root by root (so a busy
machine slows them alike), each root queried in its owner's scope.
"""

from __future__ import annotations

import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql

import lineage_kit as lk
from benchmarks import baselines, dataset
from benchmarks.measure import Series, StatementLog, ms, rotated
from benchmarks.server import dsn

__all__ = ["CAP", "HUB_REPEATS", "explain_suite", "hub_suite", "sql_suite"]

CAP = 50
HUB_REPEATS = 20
KIT = "store.lineage"
HAND = "hand-written batched (psycopg)"
CTE = "WITH RECURSIVE"


def kit_key(res: lk.Lineage) -> tuple[Any, ...]:
    """What two answers must share: nodes, depths, capped counts, truncation, edge ids."""
    nodes = [
        (n.id, n.depth, n.parent_count, n.parent_count_capped, n.child_count, n.child_count_capped)
        for n in res.nodes
    ]
    return tuple(nodes), res.truncated, tuple(e.id for e in res.edges)


def hand_key(res: dict[str, Any]) -> tuple[Any, ...]:
    nodes = [(i, d, *res["nodes"][i][1:]) for i, d in res["depth"].items()]
    return tuple(nodes), res["truncated"], tuple(e["id"] for e in res["edges"])


def sql_suite(
    store: lk.Store, url: str, roots: list[tuple[int, int]], plan: dataset.Plan
) -> dict[str, Any]:
    """store.lineage, the batched baseline and WITH RECURSIVE, depth 1 and 3, plus the hub."""
    out: dict[str, Any] = {"lineage": {}, "breakdown": {}, "answers": {}}
    out.update(mismatches=0, compared=0)
    log = StatementLog(store.engine)
    with baselines.BatchedBfs(dsn(url)) as hand, psycopg.connect(dsn(url)) as rconn:
        rconn.autocommit = True
        methods: dict[str, Callable[[int, int, int], Any]] = {
            KIT: lambda r, u, d: store.lineage(r, user_id=u, max_depth=d, max_nodes=CAP),
            HAND: lambda r, u, d: hand.lineage(r, user_id=u, max_depth=d, max_nodes=CAP),
            CTE: lambda r, u, d: baselines.recursive_cte(
                rconn, r, user_id=u, max_depth=d, max_nodes=CAP
            ),
        }
        for depth in (1, 3):
            # Every method answers every root once first: pools, prepared statements and the
            # roots' pages in PostgreSQL's buffers. Otherwise the first method to touch a
            # root's pages pays for reading them in (about 0.2 ms, the same for every
            # method), which measures the database's cache, not the methods.
            for root, owner in roots:
                for fn in methods.values():
                    fn(root, owner, depth)
            series = {name: Series() for name in methods}
            hand.sql_seconds.clear()
            sizes: list[int] = []
            truncated = 0
            kinds: dict[str, list[float]] = defaultdict(list)
            with log:
                for i, (root, owner) in enumerate(roots):
                    # Each goes first for a third (what is still warm from the one
                    # before: the CPU's caches).
                    answers: dict[str, Any] = {}
                    for name in rotated(list(methods), i):
                        log.take()
                        t = time.perf_counter()
                        answers[name] = methods[name](root, owner, depth)
                        series[name].seconds.append(time.perf_counter() - t)
                        entries = log.take()
                        if name == KIT:
                            series[KIT].statements.append(len(entries))
                            for kind, sec, _, _ in entries:
                                kinds[kind].append(sec)
                    kit, hres = answers[KIT], answers[HAND]
                    sizes.append(len(kit.nodes))
                    truncated += kit.truncated
                    series[HAND].statements.append(hres["statements"])
                    series[CTE].statements.append(1)
                    out["compared"] += 1
                    out["mismatches"] += kit_key(kit) != hand_key(hres)
            out["lineage"][depth] = series
            n = len(roots)
            out["answers"][depth] = (
                statistics.mean(sizes),
                statistics.median(sizes),
                100.0 * truncated / n,
            )
            sql_ms = sum(ms(sum(v)) for v in kinds.values()) / n
            out["breakdown"][depth] = {
                "per_kind": {
                    k: (len(v) / n, ms(sum(v)) / n, ms(statistics.median(v)))
                    for k, v in sorted(kinds.items())
                },
                "hand_per_kind": {k: ms(v) / n for k, v in sorted(hand.sql_seconds.items())},
                "wall_ms": ms(sum(series[KIT].seconds)) / n,
                "sql_ms": sql_ms,
                "hand_wall_ms": ms(sum(series[HAND].seconds)) / n,
                "hand_sql_ms": ms(sum(hand.sql_seconds.values())) / n,
            }
        out["hub"] = hub_suite(store, hand, plan, log)
    return out


def hub_suite(
    store: lk.Store, hand: baselines.BatchedBfs, plan: dataset.Plan, log: StatementLog
) -> dict[str, Any]:
    """Depth 1, cap 50 on the hub and on one of its children (whose parent is the hub)."""
    out: dict[str, Any] = {}
    for label, root in (("hub image", plan.hub_id), ("child of the hub", plan.hub_id + 7)):
        for _ in range(2):
            store.lineage(root, user_id=plan.hub_owner, max_depth=1, max_nodes=CAP)
        kit = Series()
        rows: list[int] = []
        with log:
            for _ in range(HUB_REPEATS):
                log.take()
                before = store.rows_read
                t = time.perf_counter()
                res = store.lineage(root, user_id=plan.hub_owner, max_depth=1, max_nodes=CAP)
                kit.seconds.append(time.perf_counter() - t)
                rows.append(store.rows_read - before)
                kit.statements.append(len(log.take()))
        hand_series = Series()
        for _ in range(max(3, HUB_REPEATS // 4)):
            t = time.perf_counter()
            hres = hand.lineage(root, user_id=plan.hub_owner, max_depth=1, max_nodes=CAP)
            hand_series.seconds.append(time.perf_counter() - t)
            hand_series.statements.append(hres["statements"])
        hub = res.node(plan.hub_id)
        out[label] = {
            "root": root,
            "kit": kit,
            "rows_read": statistics.median(rows),
            "nodes": len(res.nodes),
            "truncated": res.truncated,
            "hub_children": plan.hub_children,
            "hub_count": f"{hub.child_count}{'+' if hub.child_count_capped else ''}",
            "hand": hand_series,
            "same": kit_key(res) == hand_key(hres),
        }
    return out


def _numbered(statement: str) -> tuple[str, list[str]]:
    """``%(name)s`` placeholders as ``$1 …`` (for PREPARE) and the names in order."""
    names: list[str] = []

    def number(m: re.Match[str]) -> str:
        if m.group(1) not in names:
            names.append(m.group(1))
        return f"${names.index(m.group(1)) + 1}"

    return re.sub(r"%\(([^)]+)\)s", number, statement).replace("%%", "%"), names


def explain_suite(store: lk.Store, url: str, roots: list[tuple[int, int]], plan: Any) -> list[Any]:
    """EXPLAIN ANALYZE, as the kit runs them (prepared, generic plans), of the hub query's
    statements and of the slowest statement of 20 depth-3 queries."""
    log = StatementLog(store.engine)
    cases = []
    with log:
        store.lineage(plan.hub_id, user_id=plan.hub_owner, max_depth=1, max_nodes=CAP)
        cases.append(("hub image, depth 1", log.take()))
        worst: list[Any] = []
        for root, owner in roots[:20]:
            store.lineage(root, user_id=owner, max_depth=3, max_nodes=CAP)
            worst.append(max(log.take(), key=lambda e: e[1]))
        cases.append(("slowest statement of 20 depth-3 queries", [max(worst, key=lambda e: e[1])]))
    out = []
    with psycopg.connect(dsn(url), autocommit=True) as conn:
        conn.execute("SET plan_cache_mode = force_generic_plan")
        for label, entries in cases:
            for kind, sec, statement, params in entries:
                text, names = _numbered(statement)
                conn.execute(f"PREPARE lk_explain AS {text}")
                # EXPLAIN takes no parameters: the values go in as literals.
                args = sql.SQL(", ").join(sql.Literal(params[n]) for n in names)
                query = sql.SQL("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE lk_explain({})")
                rows = conn.execute(query.format(args)).fetchall()
                conn.execute("DEALLOCATE lk_explain")
                plan_lines = [r[0] for r in rows if len(r[0]) < 300]  # no 10,000-id arrays
                out.append((label, kind, ms(sec), text, plan_lines))
    return out
