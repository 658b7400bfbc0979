"""The report's sections on the query: against hand-written SQL, where the time goes,
the hub, against pixsim7's endpoint, large answers, and the plans."""

from __future__ import annotations

import statistics
from typing import Any

from benchmarks.lineage_suite import CAP, HAND, HUB_REPEATS, KIT
from benchmarks.markdown import f, table
from benchmarks.measure import ms, pct
from benchmarks.targets import INDEX_LABEL
from benchmarks.vs_pixsim7 import LARGE_CAP, PREPARE_THRESHOLD, per_node_ms, prepared

__all__ = ["breakdown", "explain", "hub", "large", "lineage", "pixsim7"]


def lineage(r: dict[str, Any]) -> list[str]:
    sql = r["sql"]
    rows = []
    for cfg in ("pixsim7", "recommended"):
        for depth in (1, 3):
            series = sql[cfg]["lineage"][depth]
            base = series[HAND].p50
            for name, s in series.items():
                st = f"{statistics.mean(s.statements):.1f} / {max(s.statements)}"
                rows.append(
                    (INDEX_LABEL[cfg], depth, name, f(s.p50), f(s.p95), f(s.p50 / base), st)
                )
    head = ("indexes", "depth", "method", "p50 ms", "p95 ms", "p50 / batched", "statements")
    answers = sql["recommended"]["answers"]
    return [
        "Same random roots for every method, root by root, each method first for a third of "
        "the roots, after one untimed pass in which every method answered every root (so "
        "the roots' pages are in PostgreSQL's buffers: the first to read them would pay "
        "about 0.2 ms more, whichever method it is), each root queried in its owner's scope, "
        f"`direction='both'`, `max_nodes={CAP}`, `count_limit=1000`. *hand-written batched*: "
        "the same work on one psycopg connection (root check, one `= ANY(%s)` statement per "
        "frontier and direction, parents by `(sequence_order, id)` and children by `id`, "
        "summaries of the kit's columns (the provider thumbnail read inside media_metadata) "
        "with degree counts capped like the kit's, edges), plain tuples out. "
        "*WITH RECURSIVE*: one statement, ancestors and descendants to the depth with their "
        "summaries, `LIMIT 50` (no degree counts, no edges). Statements per query (mean / "
        "max) counted with a `before_cursor_execute` hook.",
        "",
        table(head, rows),
        "",
        "Answer sizes (store.lineage): "
        + "; ".join(
            f"depth {d}: {mean:.1f} nodes on average (median {med:.0f}), {trunc:.0f} % "
            f"truncated at {CAP}"
            for d, (mean, med, trunc) in answers.items()
        )
        + ".",
        "",
        "Results of store.lineage and the hand-written BFS compared on every query (nodes, "
        "depths, capped counts, truncation, edge ids): "
        + ", ".join(
            f"{sql[c]['mismatches']} differences in {sql[c]['compared']}"
            for c in ("pixsim7", "recommended")
        )
        + ".",
    ]


def breakdown(r: dict[str, Any]) -> list[str]:
    rows = []
    for cfg in ("pixsim7", "recommended"):
        for depth in (1, 3):
            b = r["sql"][cfg]["breakdown"][depth]
            for kind, (n, total, med) in b["per_kind"].items():
                rows.append((INDEX_LABEL[cfg], depth, kind, f(n, 1), f(total), f(med)))
            rows.append(
                (INDEX_LABEL[cfg], depth, "*outside SQL*", "", f(b["wall_ms"] - b["sql_ms"]), "")
            )
            hand = ", ".join(f"{k} {f(v)}" for k, v in b["hand_per_kind"].items())
            rows.append(
                (
                    INDEX_LABEL[cfg],
                    depth,
                    "*hand-written, for comparison*",
                    "",
                    f"{f(b['hand_wall_ms'])} ({hand})",
                    "",
                )
            )
    head = ("indexes", "depth", "statement", "per query", "ms per query", "median ms each")
    return [
        "Per query, averaged over the roots: the kit's statements by kind and their time "
        "inside `cursor.execute` (psycopg fetches the rows there): *candidates*, the "
        "recursive statement, which also summarises its guess at the answer (every in-scope "
        "asset it reached, when they fit the cap); *summary*, summaries, capped counts and "
        "edges of the admitted assets, only when they are not the guess (a truncated "
        "answer); *frontier*, the batched path's per-level statements (none when the "
        "candidates suffice). "
        "*outside SQL*: the rest of the wall time (validation, the BFS over the candidates, "
        "SQLAlchemy, the pool). The hand-written BFS's total, and its SQL time by step, below.",
        "",
        table(head, rows),
    ]


def hub(r: dict[str, Any]) -> list[str]:
    rows = []
    for cfg in ("pixsim7", "recommended"):
        for label, h in r["sql"][cfg]["hub"].items():
            rows.append(
                (
                    INDEX_LABEL[cfg],
                    f"{label} {h['root']}",
                    f(h["kit"].p50),
                    f(h["kit"].p95),
                    f"{h['rows_read']:,.0f}",
                    f"{statistics.mean(h['kit'].statements):.0f}",
                    h["nodes"],
                    h["hub_count"],
                    f(h["hand"].p50),
                    "yes" if h["same"] else "no",
                )
            )
    head = (
        "indexes",
        "root",
        "kit p50 ms",
        "kit p95 ms",
        "rows read",
        "statements",
        "nodes",
        "hub's child_count",
        "hand-written p50 ms",
        "same answer",
    )
    plan = r["info"]["plan"]
    return [
        f"Depth 1, cap {CAP}, owner {plan.hub_owner}'s scope, {HUB_REPEATS} repeats; the hub "
        f"has {plan.hub_children:,} children. *rows read*: rows the candidate (and any "
        "frontier) statements fetched (`store.rows_read`). The hub's count reads `1000+` "
        "(`count_limit`): counting stops at 1,001 rows.",
        "",
        table(head, rows),
        "",
        "`store.missing_indexes()` (`lineage-kit indexes`) on pixsim7's indexes: "
        + _advice(r["advice"]["pixsim7"])
        + "; once the statements it prints ran: "
        + _advice(r["advice"]["recommended"])
        + ".",
    ]


def _advice(missing: list[tuple[str, ...]]) -> str:
    if not missing:
        return "none missing"
    return "missing " + ", ".join(f"`({', '.join(cols)})`" for cols in missing)


def pixsim7(r: dict[str, Any]) -> list[str]:
    rows = []
    for depth, d in r["pixsim7_ordinary"].items():
        kit, pix = d["kit"].p50, d["pixsim7"].p50
        rows.append(
            (depth, f(kit), f(pix), f(kit / pix), f(d["kit_nodes"], 1), f(d["pixsim7_nodes"], 1))
        )
    head = (
        "depth",
        "kit p50 ms",
        "pixsim7 p50 ms",
        "kit / pixsim7",
        "kit nodes (mean)",
        "pixsim7 nodes (mean)",
    )
    return [
        "pixsim7's `GET /api/v1/lineage/graph/{id}?depth=N`, rebuilt from its source "
        "(`benchmarks/pixsim7_graph.py`: SQLAlchemy ORM, every column of every row, one "
        "`IN` list per level and direction, no cap), on the same database, against "
        f"`store.lineage` at cap {CAP}; the same {len(r['pixsim7_roots'])} random roots, "
        "each queried by its owner, interleaved, each first for half the roots.",
        "",
        table(head, rows),
    ]


def _collections(seconds: list[float]) -> str:
    """Runs that met a full garbage collection, as ``run: ms`` (1-based), or ``none``."""
    hit = [f"{i}: {f(ms(s), 0)}" for i, s in enumerate(seconds, 1) if s > 0]
    return ", ".join(hit) if hit else "none"


def large(r: dict[str, Any]) -> list[str]:
    lg, out = r["large"], []
    rows = []
    for depth, d in lg["depths"].items():
        runs = [f(ms(s), 0) for s in d["runs"]]
        rows.append(
            (
                depth,
                f"{d['nodes']:,}",
                "yes" if d["truncated"] else "no",
                " ".join(runs[:PREPARE_THRESHOLD]) + " \\| " + " ".join(runs[PREPARE_THRESHOLD:]),
                f(ms(statistics.median(prepared(d["runs"]))), 0),
                f(per_node_ms(max(d["runs"]), d["nodes"]), 3),
                " ".join(f(ms(s), 0) for s in d["pixsim7"]),
                f"{d['pixsim7_nodes']:,}",
                _collections(d["gc_runs"]),
                _collections(d["gc_pixsim7"]),
            )
        )
    head = (
        "depth",
        "kit nodes",
        "truncated",
        "kit runs, ms (before \\| after the prepare threshold)",
        "kit prepared p50 ms",
        "kit ms per node (slowest run)",
        "pixsim7 runs, ms",
        "pixsim7 nodes",
        "full GCs in kit runs (run: ms)",
        "full GCs in pixsim7 runs",
    )
    small = r["sql"]["pixsim7"]["lineage"][3][KIT]
    small_nodes = r["sql"]["pixsim7"]["answers"][3][0]
    out += [
        f"hub2 {lg['root']} ({lg['children']:,} children and four ancestors), in its owner's "
        f"scope, `max_nodes={LARGE_CAP:,}`, each answer timed until its `to_dict()` is made; "
        "the kit on a store of its own, so its first runs are not prepared and psycopg "
        f"prepares its statement from the {PREPARE_THRESHOLD + 1}th run on (generic "
        "plans). pixsim7 at the same depth. *Full GCs*: the time Python spent in full "
        "(generation 2) garbage collections during a run, part of its wall time: a large "
        "answer's objects are promoted until Python traverses every object of the process, "
        "and the run that meets it pays for all of them.",
        "",
        table(head, rows),
        "",
        f"A small answer (random roots, depth 3, cap {CAP}, pixsim7's indexes): p50 "
        f"{f(ms(pct(small.seconds, 50)))} ms for {f(small_nodes, 1)} nodes on average = "
        f"{f(per_node_ms(pct(small.seconds, 50), small_nodes), 3)} ms per node.",
    ]
    return out


def explain(r: dict[str, Any]) -> list[str]:
    out = [
        "Statements of store.lineage as sent (recommended indexes present), prepared and "
        "run with a generic plan as the kit's sessions run them (`plan_cache_mode = "
        "force_generic_plan`), under `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)`. *client ms*: "
        "the statement's time in `cursor.execute` during the query.",
        "",
    ]
    for label, kind, client_ms, statement, plan_lines in r["explain"]:
        out += [
            f"### {label}: {kind} (client {f(client_ms)} ms)",
            "",
            "```sql",
            " ".join(statement.split()),
            "```",
            "",
            "```",
            *plan_lines,
            "```",
            "",
        ]
    return out
