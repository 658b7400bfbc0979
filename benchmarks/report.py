"""The Markdown report: one function per section, each from the run's measurements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks import dataset
from benchmarks import report_query as query
from benchmarks.frames_suite import OWNER_FRAMES_USER
from benchmarks.lineage_suite import CAP, KIT
from benchmarks.markdown import f, table
from benchmarks.measure import ms, pct
from benchmarks.report_over_time import over_time
from benchmarks.targets import target_rows

__all__ = ["SECTIONS", "report"]


def _targets(r: dict[str, Any]) -> list[str]:
    return [table(("goal", "measured", "status"), target_rows(r))]


def _machine(r: dict[str, Any]) -> list[str]:
    return [
        *(f"- **{k}**: {v}" for k, v in r["facts"].items()),
        f"- **Load average at end**: {r['load_end']}",
        f"- **Server**: {r['server_note']}",
        "",
        "The machine may be shared: a load average above the core count means other "
        "processes competed for the CPU, which inflates every latency; the methods are "
        "interleaved root by root, so the ratios stay comparable.",
    ]


def _dataset(r: dict[str, Any]) -> list[str]:
    info, plan = r["info"], r["info"]["plan"]
    return [
        f"{info['assets']:,} assets, {info['lineage_rows']:,} lineage rows and "
        f"{info['generations']:,} generations (one for each family asset but the frame "
        f"captures: `benchmarks/generations_data.py`) for "
        f"{dataset.OWNERS} owners, generated server-side with `INSERT … SELECT "
        f"generate_series` (see `benchmarks/dataset.py`): families of {dataset.FAMILY} "
        f"assets with {dataset.ROWS_PER_FAMILY} rows (extend chains, paused frames, "
        "transitions of 3–5 inputs with one image used twice, a five-input fusion, a "
        "legacy `source` row beside `SOURCE_IMAGE`), each family linked to the same "
        f"owner's previous one; {plan.cross_owner_rows} cross-owner rows; hub image "
        f"{plan.hub_id} (owner {plan.hub_owner}) with {plan.hub_children:,} children; "
        f"hub2 {plan.hub2_id} (owner {plan.hub2_owner}) with {plan.hub2_children:,} "
        "children, two parents, a grandparent and its parent. pixsim7's DDL and indexes "
        "(`tests/support/pixsim_db.py`), then VACUUM ANALYZE.",
        "",
        table(
            ("step", "seconds"),
            [(k, f(v)) for k, v in info["seconds"].items()]
            + [("recommended indexes + VACUUM ANALYZE", f(r["recommended_index_s"]))],
        ),
        "",
        "Table sizes with pixsim7's indexes: "
        + ", ".join(f"{k} {f(v, 0)} MB" for k, v in info["table_mb"].items())
        + ". Recommended indexes: "
        + ", ".join(f"`{a.table} ({', '.join(a.columns)})`" for a in dataset.RECOMMENDED_INDEXES)
        + ".",
    ]


def _frames(r: dict[str, Any]) -> list[str]:
    fr = r["frames"]
    kit = fr["frames_kit"]
    rows_total = kit["assets"] + kit["lineage_rows"]
    rows = []
    for name, m in (("store.frames(user_id=None)", kit), ("pd.read_sql", fr["read_sql"])):
        rows.append(
            (
                name,
                f(m["seconds"]),
                f"{rows_total / m['seconds']:,.0f}",
                f(m["peak_mb"], 0),
                f(m["retained_mb"], 0),
                f"{m['assets']:,}",
                f"{m['lineage_rows']:,}",
            )
        )
    floor = fr["floor"]
    rows.append(
        (
            "COPY … TO STDOUT, bytes drained (floor)",
            f(floor["seconds"]),
            f"{rows_total / floor['seconds']:,.0f}",
            f(floor["peak_mb"], 0),
            f(floor["retained_mb"], 0),
            f"{floor['bytes'] / 2**20:,.0f} MB",
            "",
        )
    )
    owner = fr["owner"]
    head = ("method", "seconds", "rows/s", "peak MB", "kept MB", "assets", "lineage rows")
    return [
        "Whole tables (`user_id=None`), each in a fresh process: `store.frames` against "
        "`pd.read_sql` of the same columns through SQLAlchemy/psycopg, and against the floor: "
        "the kit's own two SELECTs (the same columns, enums and JSON as text) through "
        "`COPY (…) TO STDOUT (FORMAT binary)` with the bytes drained and dropped — what the "
        "server and the wire take. `store.frames` also keeps only rows whose two ends exist "
        "and orders both tables. Memory: RSS above the process's level before the call.",
        "",
        table(head, rows),
        "",
        f"One owner's frames, `store.frames(user_id={OWNER_FRAMES_USER})` "
        f"({owner['assets']:,} assets, {owner['lineage_rows']:,} rows, "
        f"{len(owner['seconds'])} repeats on one store, the first opening its bulk "
        f"connection): p50 {f(pct(owner['seconds'], 50), 3)} s, first "
        f"{f(owner['seconds'][0], 3)} s, max {f(max(owner['seconds']), 3)} s.",
    ]


def _memory(r: dict[str, Any]) -> list[str]:
    mem = r["memory"]
    ab, nb = mem["array_build"], mem["nx_build"]
    build_rows = [
        (
            "ArraySource (scope: all owners)",
            f(ab["seconds"], 3),
            f(ab["peak_mb"], 0),
            f(ab["retained_mb"], 0),
        ),
        (
            "networkx MultiDiGraph",
            f(nb["seconds"], 3),
            f(nb["peak_mb"], 0),
            f(nb["retained_mb"], 0),
        ),
        (
            "ratio networkx / ArraySource",
            f(nb["seconds"] / ab["seconds"], 1) + "×",
            f(nb["peak_mb"] / max(ab["peak_mb"], 1e-9), 1) + "×",
            f(nb["retained_mb"] / max(ab["retained_mb"], 1e-9), 1) + "×",
        ),
    ]
    rows = []
    for depth in (1, 3):
        base = mem[f"nxbfs_d{depth}"].p50
        for name, key in (
            ("lk.lineage(src, …) — prepared ArraySource", "prepared"),
            ("lk.lineage(frames, …) — checks the frames, then the same", "frames"),
            ("lk.lineage(graph, …) — networkx GraphSource", "graph"),
            ("plain networkx BFS (ids and depths only)", "nxbfs"),
        ):
            s = mem[f"{key}_d{depth}"]
            whole = mem.get(f"{key}_dict_d{depth}")
            rows.append(
                (
                    depth,
                    name,
                    f(s.p50, 3),
                    f(s.p95, 3),
                    f(whole.p50, 3) if whole else "",
                    f(s.p50 / base, 1),
                )
            )
    head = ("depth", "method", "p50 ms", "p95 ms", "with to_dict() p50 ms", "p50 / plain BFS")
    return [
        "Build, each in a fresh process from the same unpickled `store.frames(user_id=None)`: "
        "the first query through `lk.Frames` (it builds the ArraySource: compact columns, "
        "CSR arrays for the scope) against `nx.from_pandas_edgelist(lineage, …, "
        'create_using=nx.MultiDiGraph, edge_key="id", edge_attr=True)`.',
        "",
        table(("build", "seconds", "peak MB", "kept MB"), build_rows),
        "",
        f"An owner's scope is built on its first query: median {f(mem['scope_build_ms'])} ms "
        f"({mem['scopes']} owners). Building the networkx graph with node attributes, which "
        f"`lk.lineage(graph, …)` needs: {f(mem['graph_build_s'])} s. "
        f"`store.frames(user_id=None)` in the main process: {f(mem['frames_in_main_s'])} s.",
        "",
        "Queries (scopes already built), same roots as above. A query's answer is found "
        "at once and its values (`Node`, `Asset`, `Edge`) made when first read: *with "
        "to_dict()* adds that. `lk.lineage(frames, …)` first checks that the DataFrames were "
        f"not edited in place ({f(mem['check_ms'], 4)} ms: the identities of their arrays); "
        "`src = frames.neighbour_source()` once, then `lk.lineage(src, …)`, skips it.",
        "",
        table(head, rows),
    ]


def _naive(r: dict[str, Any]) -> list[str]:
    nv = r["naive"]
    small = r["sql"]["recommended"]["lineage"][3][KIT].p50
    return [
        "Measured once, in a fresh process: `pd.read_sql('SELECT * FROM …')` of both tables, "
        "`nx.from_pandas_edgelist(…, MultiDiGraph, edge_attr=True)`, then a plain scoped "
        f"BFS (depth 3, cap {CAP}) from {len(r['naive_roots'])} roots.",
        "",
        table(
            ("read s", "build s", "BFS ms per query", "total s", "peak MB", "kept MB"),
            [
                (
                    f(nv["read_s"]),
                    f(nv["build_s"]),
                    f(ms(nv["bfs_s"]), 3),
                    f(nv["total_s"]),
                    f(nv["peak_mb"], 0),
                    f(nv["retained_mb"], 0),
                )
            ],
        ),
        "",
        f"Against one `store.lineage` at depth 3 (p50 {f(small)} ms), the first answer of the "
        f"naive path costs {f(nv['total_s'] * 1000 / max(small, 1e-9), 0)}× as long.",
    ]


SECTIONS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "## Targets": _targets,
    "## Machine": _machine,
    "## Dataset": _dataset,
    "## store.lineage against hand-written SQL": query.lineage,
    "## Where store.lineage spends its time": query.breakdown,
    "## Hub": query.hub,
    "## Against pixsim7's graph endpoint": query.pixsim7,
    "## Large answers": query.large,
    "## Frame loading": _frames,
    "## In-memory source": _memory,
    "## Lineage over time": over_time,
    "## Naive path": _naive,
    "## EXPLAIN ANALYZE": query.explain,
}


def report(r: dict[str, Any]) -> str:
    plan: dataset.Plan = r["info"]["plan"]
    parts = [
        "# lineage_kit benchmarks",
        "",
        f"Produced by `{r['command']}` on {r['date']} in {r['elapsed_s'] / 60:.1f} min "
        f"(scale {plan.scale}, {len(r['roots'])} random roots, cap {CAP}). Latencies are "
        "wall-clock in the client, p50/p95 over the roots; every ratio compares numbers "
        "measured in this same run.",
        "",
    ]
    for heading, section in SECTIONS.items():
        parts += [heading, "", *section(r), ""]
    return "\n".join(parts).rstrip() + "\n"
