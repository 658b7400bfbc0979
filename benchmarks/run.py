"""The benchmark harness: the kit against hand-written code, on a pixsim7-shaped database.

Usage (from the repository root)::

    python -m benchmarks.run [--scale 1.0] [--pg-url URL] [--roots 300]
                             [--out benchmarks/RESULTS.md]

It starts its own PostgreSQL server (or uses the one ``--pg-url`` names),
creates a fresh database there, fills it with :mod:`benchmarks.dataset`, runs
every measurement, writes Markdown to ``--out`` and drops the database (and
stops its own server). Measurements of memory run in a fresh Python process
each, so one measurement's garbage never counts against another.

Examples
--------
>>> main(["--scale", "0.01", "--roots", "50", "--out", "/tmp/r.md"])  # doctest: +SKIP
0
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import platform
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # tests.support lives beside the package, not in it
    sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402

import lineage_kit as lk  # noqa: E402
from benchmarks import baselines, dataset  # noqa: E402

__all__ = ["main"]

CAP = 50
HUB_REPEATS = 20
OWNER_FRAMES_USER = 2  # 1 % of the family assets; owner 1 also owns the hub
PACKAGES = (
    "lineage-kit",
    "pandas",
    "numpy",
    "pyarrow",
    "SQLAlchemy",
    "psycopg",
    "psycopg-binary",
    "networkx",
    "adbc-driver-postgresql",
)
SECTIONS = (
    "## Targets",
    "## Machine",
    "## Dataset",
    "## store.lineage against hand-written SQL",
    "## Where store.lineage spends its time",
    "## Hub",
    "## Frame loading",
    "## In-memory source",
    "## Naive path",
    "## EXPLAIN ANALYZE",
)


# --- small measuring tools ------------------------------------------------------------------
def ms(seconds: float) -> float:
    return seconds * 1000.0


def p(values: Sequence[float], q: float) -> float:
    """Percentile ``q`` (0–100) of ``values``, linear interpolation."""
    data = sorted(values)
    if not data:
        return float("nan")
    k = (len(data) - 1) * q / 100.0
    lo = int(k)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def _status_kb(key: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise KeyError(key)


def _reset_peak() -> None:
    # Linux ≥ 4.0: writing 5 resets VmHWM to the current RSS, so the peak that
    # follows belongs to the measured step alone.
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


@contextmanager
def measured() -> Iterator[dict[str, float]]:
    """Wall time, RSS retained and peak RSS above the starting point (MB) of a block."""
    gc.collect()
    out: dict[str, float] = {}
    rss0 = _status_kb("VmRSS")
    _reset_peak()
    t = time.perf_counter()
    yield out
    out["seconds"] = time.perf_counter() - t
    out["retained_mb"] = (_status_kb("VmRSS") - rss0) / 1024
    out["peak_mb"] = (_status_kb("VmHWM") - rss0) / 1024


class StatementLog:
    """Statements the store sends, with their kind and duration (SQLAlchemy cursor events)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.entries: list[tuple[str, float, str, Any]] = []
        self._t0 = 0.0

    def _before(self, conn: Any, cursor: Any, statement: str, params: Any, *rest: Any) -> None:
        self._t0 = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, params: Any, *rest: Any) -> None:
        self.entries.append((kind_of(statement), time.perf_counter() - self._t0, statement, params))

    def __enter__(self) -> StatementLog:
        sa.event.listen(self.engine, "before_cursor_execute", self._before)
        sa.event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._before)
        sa.event.remove(self.engine, "after_cursor_execute", self._after)

    def take(self) -> list[tuple[str, float, str, Any]]:
        out, self.entries = self.entries, []
        return out


def kind_of(statement: str) -> str:
    """Which step of the bounded query a store statement is."""
    s = " ".join(statement.split()).lower()
    if "unnest" in s or "json_each" in s or "lateral" in s:
        return "neighbours"
    if "count(" in s:
        return "describe"
    if s.startswith("select") and "from asset_lineage" in s:
        return "edges"
    if "from assets" in s:
        return "root"
    return "other"


@dataclass
class Series:
    """Latencies of one method on one set of roots."""

    seconds: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return ms(p(self.seconds, 50))

    @property
    def p95(self) -> float:
        return ms(p(self.seconds, 95))


# --- the PostgreSQL side --------------------------------------------------------------------
def _dsn(url: str) -> str:
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def database(pg_url: str | None) -> Iterator[tuple[str, str]]:
    """A fresh database on our own server or on ``pg_url``'s; yields ``(url, server note)``."""
    from tests.support.pgserver import PgServer

    server = None
    if pg_url is None:
        server = PgServer.launch()
        admin = server.url()
        with psycopg.connect(_dsn(admin), autocommit=True) as conn:
            # A production-like buffer cache instead of the 128 MB default.
            conn.execute("ALTER SYSTEM SET shared_buffers = '1GB'")
            conn.execute("ALTER SYSTEM SET effective_cache_size = '8GB'")
        server.restart()
        note = "started by the harness (PgServer.launch), fsync off, shared_buffers 1GB"
    else:
        admin = pg_url
        note = "given by --pg-url (settings as found)"
    name = f"lk_bench_{os.getpid()}_{random.randrange(10**6)}"
    try:
        with psycopg.connect(_dsn(admin), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = sa.make_url(admin).set(drivername="postgresql+psycopg", database=name)
        try:
            yield url.render_as_string(hide_password=False), note
        finally:
            with psycopg.connect(_dsn(admin), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        if server is not None:
            server.destroy()


def machine_facts(url: str) -> dict[str, str]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    with psycopg.connect(_dsn(url)) as conn:
        version = conn.execute("SELECT version()").fetchone()[0]  # type: ignore[index]
        settings = {
            name: conn.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "jit")
        }
    versions = []
    for pkg in PACKAGES:
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{pkg} (not installed)")
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "RAM": f"{mem_kb / 2**20:.1f} GiB",
        "OS": platform.platform(),
        "PostgreSQL": version.split(" on ")[0],
        "PostgreSQL settings": ", ".join(f"{k}={v}" for k, v in settings.items()),
        "Python": platform.python_version(),
        "Load average (1, 5, 15 min) at start": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        "Packages": ", ".join(versions),
    }


# --- store.lineage against the baselines ----------------------------------------------------
def _kit_key(res: lk.Lineage) -> tuple[Any, ...]:
    nodes = [
        (n.asset.id, n.depth, n.parent_count, n.parent_count_capped, n.child_count,
         n.child_count_capped)
        for n in res.nodes
    ]
    return tuple(nodes), res.truncated, tuple(e.id for e in res.edges)


def _hand_key(res: dict[str, Any]) -> tuple[Any, ...]:
    nodes = [(i, d, *res["nodes"][i][1:]) for i, d in res["depth"].items()]
    return tuple(nodes), res["truncated"], tuple(e["id"] for e in res["edges"])


def sql_suite(
    store: lk.Store, url: str, roots: list[tuple[int, int]], plan: dataset.Plan
) -> dict[str, Any]:
    """store.lineage, the batched baseline and WITH RECURSIVE, depth 1 and 3, plus the hub."""
    out: dict[str, Any] = {"lineage": {}, "breakdown": {}, "mismatches": 0, "compared": 0}
    log = StatementLog(store.engine)
    with baselines.BatchedBfs(_dsn(url)) as hand, psycopg.connect(_dsn(url)) as rconn:
        rconn.autocommit = True
        methods: dict[str, Callable[[int, int, int], Any]] = {
            "store.lineage": lambda r, u, d: store.lineage(
                r, user_id=u, max_depth=d, max_nodes=CAP
            ),
            "hand-written batched (psycopg)": lambda r, u, d: hand.lineage(
                r, user_id=u, max_depth=d, max_nodes=CAP
            ),
            "WITH RECURSIVE": lambda r, u, d: baselines.recursive_cte(
                rconn, r, user_id=u, max_depth=d, max_nodes=CAP
            ),
        }
        for depth in (1, 3):
            for root, owner in roots[:10]:  # warm pools, caches and prepared statements
                for fn in methods.values():
                    fn(root, owner, depth)
            series = {name: Series() for name in methods}
            hand.sql_seconds.clear()
            sizes: list[int] = []
            truncated = 0
            kinds: dict[str, list[float]] = defaultdict(list)
            counts: dict[str, int] = defaultdict(int)
            sql_total = 0.0
            with log:
                for root, owner in roots:
                    log.take()
                    t = time.perf_counter()
                    kit = methods["store.lineage"](root, owner, depth)
                    series["store.lineage"].seconds.append(time.perf_counter() - t)
                    entries = log.take()
                    series["store.lineage"].statements.append(len(entries))
                    sizes.append(len(kit.nodes))
                    truncated += kit.truncated
                    for kind, sec, _, _ in entries:
                        kinds[kind].append(sec)
                        counts[kind] += 1
                        sql_total += sec
                    name = "hand-written batched (psycopg)"
                    t = time.perf_counter()
                    hres = methods[name](root, owner, depth)
                    series[name].seconds.append(time.perf_counter() - t)
                    series[name].statements.append(hres["statements"])
                    out["compared"] += 1
                    out["mismatches"] += _kit_key(kit) != _hand_key(hres)
                    t = time.perf_counter()
                    methods["WITH RECURSIVE"](root, owner, depth)
                    series["WITH RECURSIVE"].seconds.append(time.perf_counter() - t)
                    series["WITH RECURSIVE"].statements.append(1)
            out["lineage"][depth] = series
            n = len(roots)
            out.setdefault("answers", {})[depth] = (
                statistics.mean(sizes),
                statistics.median(sizes),
                100.0 * truncated / n,
            )
            out["breakdown"][depth] = {
                "per_kind": {
                    k: (
                        counts[k] / n,
                        ms(sum(v)) / n,
                        ms(statistics.median(v)),
                        ms(hand.sql_seconds.get(k, 0.0)) / n,
                    )
                    for k, v in sorted(kinds.items())
                },
                "wall_ms": ms(sum(series["store.lineage"].seconds)) / n,
                "sql_ms": ms(sql_total) / n,
                "hand_wall_ms": ms(sum(series["hand-written batched (psycopg)"].seconds)) / n,
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
        out[label] = {
            "root": root,
            "kit": kit,
            "rows_read": statistics.median(rows),
            "nodes": len(res.nodes),
            "truncated": res.truncated,
            "hub_children": res.node(plan.hub_id).child_count,
            "hand": hand_series,
        }
    return out


def explain_suite(store: lk.Store, roots: list[tuple[int, int]], plan: dataset.Plan) -> list[Any]:
    """EXPLAIN ANALYZE of the hub query's statements and of the slowest depth-3 statement."""
    log = StatementLog(store.engine)
    cases = []
    with log:
        store.lineage(plan.hub_id, user_id=plan.hub_owner, max_depth=1, max_nodes=CAP)
        cases.append(("hub image, depth 1", log.take()))
        store.lineage(plan.hub_id + 7, user_id=plan.hub_owner, max_depth=1, max_nodes=CAP)
        entries = log.take()
        cases.append(("child of the hub, depth 1", [max(entries, key=lambda e: e[1])]))
        worst: list[Any] = []
        for root, owner in roots[:20]:
            store.lineage(root, user_id=owner, max_depth=3, max_nodes=CAP)
            worst.append(max(log.take(), key=lambda e: e[1]))
        cases.append(("slowest statement of 20 depth-3 queries", [max(worst, key=lambda e: e[1])]))
    out = []
    with store.engine.connect() as conn:
        for label, entries in cases:
            for kind, sec, statement, params in entries:
                plan_rows = conn.exec_driver_sql(
                    "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, params
                ).fetchall()
                out.append((label, kind, ms(sec), statement, [r[0] for r in plan_rows]))
    return out


# --- measurements in a fresh process ---------------------------------------------------------
def child(task: str, spec: dict[str, Any]) -> dict[str, Any]:
    """One memory-sensitive measurement; runs in its own interpreter (``--measure``)."""
    if task == "frames_kit":
        store = lk.connect(spec["url"])
        with measured() as m:
            frames = store.frames(user_id=None)
        return {**m, "assets": len(frames.assets), "lineage_rows": len(frames.lineage)}
    if task == "read_sql":
        import pandas as pd

        engine = sa.create_engine(spec["url"])
        acols = ", ".join(c.name for c in lk.schema.assets.c)
        lcols = ", ".join(c.name for c in lk.schema.asset_lineage.c)
        with measured() as m, engine.connect() as conn:
            assets = pd.read_sql(f"SELECT {acols} FROM assets", conn)
            lineage = pd.read_sql(f"SELECT {lcols} FROM asset_lineage", conn)
        return {**m, "assets": len(assets), "lineage_rows": len(lineage)}
    if task in ("array_build", "nx_build"):
        import networkx as nx

        with open(spec["frames"], "rb") as f:
            frames = pickle.load(f)
        with measured() as m:
            if task == "array_build":
                # The first query builds the CSR arrays of the scope (here: all owners).
                lk.lineage(frames, spec["root"], user_id=None, max_depth=0)
            else:
                graph = nx.from_pandas_edgelist(
                    frames.lineage,
                    "parent_asset_id",
                    "child_asset_id",
                    edge_attr=True,
                    edge_key="id",
                    create_using=nx.MultiDiGraph,
                )
        if task == "nx_build":
            m["edges"] = graph.number_of_edges()
        return m
    if task == "naive":
        with measured() as m:
            res = baselines.naive_path(spec["url"], [tuple(r) for r in spec["roots"]])
        return {**res, **m}
    raise ValueError(f"unknown measurement {task!r}")


def in_child(task: str, spec: dict[str, Any]) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.run", "--measure", task, "--spec", json.dumps(spec)]
    cp = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=1800)
    lines = [ln for ln in cp.stdout.splitlines() if ln.startswith("RESULT ")]
    if cp.returncode != 0 or not lines:
        raise RuntimeError(f"measurement {task} failed (rc={cp.returncode}):\n{cp.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1][len("RESULT ") :])
    return result


# --- in-memory ------------------------------------------------------------------------------
def memory_suite(
    store: lk.Store, roots: list[tuple[int, int]], plan: dataset.Plan, workdir: Path
) -> dict[str, Any]:
    import networkx as nx

    out: dict[str, Any] = {}
    t = time.perf_counter()
    frames = store.frames(user_id=None)
    out["frames_in_main_s"] = time.perf_counter() - t
    path = workdir / "frames.pkl"
    with open(path, "wb") as f:
        pickle.dump(frames, f, protocol=pickle.HIGHEST_PROTOCOL)
    spec = {"frames": str(path), "root": roots[0][0]}
    out["array_build"] = in_child("array_build", spec)
    out["nx_build"] = in_child("nx_build", spec)
    path.unlink()

    # Each owner's scope is built on its first query: time that apart from the queries.
    scope_s = []
    for owner in sorted({o for _, o in roots}):
        root = next(r for r, o in roots if o == owner)
        t = time.perf_counter()
        lk.lineage(frames, root, user_id=owner, max_depth=0)
        scope_s.append(time.perf_counter() - t)
    out["scope_build_ms"] = ms(statistics.median(scope_s))
    out["scopes"] = len(scope_s)
    for depth in (1, 3):
        s = Series()
        for root, owner in roots:
            t = time.perf_counter()
            lk.lineage(frames, root, user_id=owner, max_depth=depth, max_nodes=CAP)
            s.seconds.append(time.perf_counter() - t)
        out[f"array_d{depth}"] = s

    # networkx as a lineage_kit source needs user_id (and the summaries) on its nodes.
    t = time.perf_counter()
    graph = nx.from_pandas_edgelist(
        frames.lineage,
        "parent_asset_id",
        "child_asset_id",
        edge_attr=True,
        edge_key="id",
        create_using=nx.MultiDiGraph,
    )
    summary = [c for c in frames.assets.columns if c not in ("id", "media_metadata")]
    records = frames.assets[summary].to_dict("records")
    graph.add_nodes_from(zip(frames.assets["id"].tolist(), records, strict=True))
    out["graph_build_s"] = time.perf_counter() - t
    owner_of = dict(
        zip(frames.assets["id"].tolist(), frames.assets["user_id"].tolist(), strict=True)
    )
    for depth in (1, 3):
        s = Series()
        plain = Series()
        for root, owner in roots:
            t = time.perf_counter()
            lk.lineage(graph, root, user_id=owner, max_depth=depth, max_nodes=CAP)
            s.seconds.append(time.perf_counter() - t)
            t = time.perf_counter()
            baselines.nx_bfs(
                graph, owner_of, root, user_id=owner, max_depth=depth, max_nodes=CAP
            )
            plain.seconds.append(time.perf_counter() - t)
        out[f"graph_d{depth}"] = s
        out[f"nxbfs_d{depth}"] = plain
    del graph, owner_of, records, frames
    gc.collect()
    return out


# --- the report -----------------------------------------------------------------------------
def _f(x: float, digits: int = 2) -> str:
    return f"{x:,.{digits}f}"


def _table(head: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def report(r: dict[str, Any]) -> str:
    plan: dataset.Plan = r["info"]["plan"]
    sql = r["sql"]
    mem = r["memory"]
    fr = r["frames"]
    parts = [
        "# lineage_kit benchmarks",
        "",
        f"Produced by `{r['command']}` on {r['date']} in {r['elapsed_s'] / 60:.1f} min "
        f"(scale {plan.scale}, {len(r['roots'])} random roots, cap {CAP}). Latencies are "
        "wall-clock in the client, p50/p95 over the roots; every ratio compares numbers "
        "measured in this same run.",
        "",
    ]

    # Targets
    rows = []
    for cfg in ("pixsim7", "recommended"):
        for depth in (1, 3):
            kit = sql[cfg]["lineage"][depth]["store.lineage"].p50
            hand = sql[cfg]["lineage"][depth]["hand-written batched (psycopg)"].p50
            rows.append(
                (
                    f"store.lineage p50 ≤ 1.2× hand-written batched "
                    f"(depth {depth}, {_INDEX_LABEL[cfg]})",
                    f"{_f(kit)} ms vs {_f(hand)} ms = {_f(kit / hand)}×",
                    _met(kit <= 1.2 * hand),
                )
            )
    ratio = fr["read_sql"]["seconds"] / fr["frames_kit"]["seconds"]
    rows.append(
        (
            "whole-table frame load ≥ 5× pd.read_sql",
            f"{_f(fr['frames_kit']['seconds'])} s vs {_f(fr['read_sql']['seconds'])} s "
            f"= {_f(ratio)}× faster",
            _met(ratio >= 5),
        )
    )
    owner = ms(p(fr["owner"]["seconds"], 50)) / 1000
    rows.append(
        (
            "one owner's frames ≤ 0.1 s",
            f"{_f(owner, 3)} s (p50)",
            _met(owner <= 0.1),
        )
    )
    ab, nb = mem["array_build"], mem["nx_build"]
    speed = nb["seconds"] / ab["seconds"]
    space = nb["peak_mb"] / max(ab["peak_mb"], 1e-9)
    rows.append(
        (
            "in-memory build ≥ 10× faster than networkx MultiDiGraph",
            f"{_f(ab['seconds'])} s vs {_f(nb['seconds'])} s = {_f(speed, 1)}×",
            _met(speed >= 10),
        )
    )
    rows.append(
        (
            "in-memory build ≥ 10× less memory than networkx MultiDiGraph",
            f"{_f(ab['peak_mb'], 0)} MB vs {_f(nb['peak_mb'], 0)} MB peak = {_f(space, 1)}×",
            _met(space >= 10),
        )
    )
    q = mem["array_d3"].p50
    rows.append(
        ("in-memory query p50 ≤ 0.1 ms (depth 3, cap 50)", f"{_f(q, 3)} ms", _met(q <= 0.1))
    )
    for cfg in ("pixsim7", "recommended"):
        hub = sql[cfg]["hub"]["hub image"]["kit"].p50
        rows.append(
            (
                f"hub query ≤ 10 ms (depth 1, cap 50, {_INDEX_LABEL[cfg]})",
                f"{_f(hub)} ms (p50)",
                _met(hub <= 10),
            )
        )
    parts += ["## Targets", "", _table(("target", "measured", "status"), rows), ""]

    # Machine
    parts += ["## Machine", ""]
    parts += [f"- **{k}**: {v}" for k, v in r["facts"].items()]
    parts += [
        f"- **Load average at end**: {r['load_end']}",
        f"- **Server**: {r['server_note']}",
        "",
        "The machine may be shared: a load average above the core count means other "
        "processes competed for the CPU, which inflates every latency; the methods are "
        "interleaved root by root, so the ratios stay comparable.",
        "",
    ]

    # Dataset
    info = r["info"]
    parts += [
        "## Dataset",
        "",
        f"{info['assets']:,} assets and {info['lineage_rows']:,} lineage rows for "
        f"{dataset.OWNERS} owners, generated server-side with `INSERT … SELECT "
        f"generate_series` (see `benchmarks/dataset.py`): families of {dataset.FAMILY} "
        f"assets with {dataset.ROWS_PER_FAMILY} rows (extend chains, paused frames, "
        "transitions of 3–5 inputs with one image used twice, a five-input fusion, a "
        "legacy `source` row beside `SOURCE_IMAGE`), each family linked to the same "
        f"owner's previous one; {plan.cross_owner_rows} cross-owner rows; hub image "
        f"{plan.hub_id} (owner {plan.hub_owner}) with {plan.hub_children:,} children. "
        "pixsim7's DDL and indexes (`tests/support/pixsim_db.py`), then VACUUM ANALYZE.",
        "",
        _table(
            ("step", "seconds"),
            [(k, _f(v)) for k, v in info["seconds"].items()]
            + [("recommended indexes + VACUUM ANALYZE", _f(r["recommended_index_s"]))],
        ),
        "",
        "Table sizes with pixsim7's indexes: "
        + ", ".join(f"{k} {_f(v, 0)} MB" for k, v in info["table_mb"].items())
        + ".",
        "",
    ]

    # store.lineage
    parts += [
        "## store.lineage against hand-written SQL",
        "",
        "Same random roots for every method, each queried in its owner's scope, "
        f"`direction='both'`, `max_nodes={CAP}`. *hand-written batched*: the same work on "
        "one psycopg connection (root check, one `= ANY(%s)` statement per frontier and "
        "direction, summaries with degree counts, edges), plain tuples out. *WITH "
        "RECURSIVE*: one statement, ancestors and descendants to the depth with their "
        "summaries, `LIMIT 50` (no degree counts, no edges). Statements per query counted "
        "with a `before_cursor_execute` hook.",
        "",
    ]
    rows = []
    for cfg in ("pixsim7", "recommended"):
        for depth in (1, 3):
            series = sql[cfg]["lineage"][depth]
            base = series["hand-written batched (psycopg)"].p50
            for name, s in series.items():
                rows.append(
                    (
                        _INDEX_LABEL[cfg],
                        depth,
                        name,
                        _f(s.p50),
                        _f(s.p95),
                        _f(s.p50 / base),
                        f"{statistics.mean(s.statements):.1f} / {max(s.statements)}",
                    )
                )
    parts += [
        _table(
            (
                "indexes",
                "depth",
                "method",
                "p50 ms",
                "p95 ms",
                "p50 / batched",
                "statements mean / max",
            ),
            rows,
        ),
        "",
        "Answer sizes (store.lineage): "
        + "; ".join(
            f"depth {d}: {mean:.1f} nodes on average (median {med:.0f}), {trunc:.0f} % "
            f"truncated at {CAP}"
            for d, (mean, med, trunc) in sql["recommended"]["answers"].items()
        )
        + ".",
        "",
        "Results of store.lineage and the hand-written BFS compared on every query "
        "(nodes, depths, degree counts, truncation, edge ids): "
        + ", ".join(
            f"{sql[c]['mismatches']} differences in {sql[c]['compared']}"
            for c in ("pixsim7", "recommended")
        )
        + ".",
        "",
    ]

    # breakdown
    parts += [
        "## Where store.lineage spends its time",
        "",
        "Per query, averaged over the roots: statements by kind and their time inside "
        "`cursor.execute` (psycopg fetches the rows there) for store.lineage, beside the "
        "same step of the hand-written BFS (execute and fetch). *outside SQL*: the rest of "
        "the wall time: Python, and for the store SQLAlchemy (statement building and "
        "compilation, result rows) and the pool (checkout with pre-ping, rollback on return).",
        "",
    ]
    rows = []
    for cfg in ("pixsim7", "recommended"):
        for depth in (1, 3):
            b = sql[cfg]["breakdown"][depth]
            for kind, (n, total, med, hand_ms) in b["per_kind"].items():
                rows.append(
                    (_INDEX_LABEL[cfg], depth, kind, _f(n, 1), _f(total), _f(med), _f(hand_ms))
                )
            rows.append(
                (
                    _INDEX_LABEL[cfg],
                    depth,
                    "*outside SQL*",
                    "",
                    _f(b["wall_ms"] - b["sql_ms"]),
                    "",
                    _f(b["hand_wall_ms"] - b["hand_sql_ms"]),
                )
            )
    parts += [
        _table(
            (
                "indexes",
                "depth",
                "statement",
                "per query",
                "kit ms per query",
                "kit median ms each",
                "hand-written ms per query",
            ),
            rows,
        ),
        "",
    ]

    # hub
    parts += [
        "## Hub",
        "",
        f"Depth 1, cap {CAP}, owner {plan.hub_owner}'s scope, {HUB_REPEATS} repeats. "
        "*rows read*: lineage rows fetched by the neighbour statements (`store.rows_read` "
        "delta); the hand-written BFS reads every row of the frontier.",
        "",
    ]
    rows = []
    for cfg in ("pixsim7", "recommended"):
        for label, h in sql[cfg]["hub"].items():
            rows.append(
                (
                    _INDEX_LABEL[cfg],
                    f"{label} {h['root']} (hub: {h['hub_children']:,} children)",
                    _f(h["kit"].p50),
                    _f(h["kit"].p95),
                    f"{h['rows_read']:,.0f}",
                    f"{statistics.mean(h['kit'].statements):.0f}",
                    h["nodes"],
                    _f(h["hand"].p50),
                )
            )
    parts += [
        _table(
            (
                "indexes",
                "root",
                "kit p50 ms",
                "kit p95 ms",
                "rows read",
                "statements",
                "nodes",
                "hand-written p50 ms",
            ),
            rows,
        ),
        "",
    ]

    # frames
    fk, rs = fr["frames_kit"], fr["read_sql"]
    rows_total = fk["assets"] + fk["lineage_rows"]
    parts += [
        "## Frame loading",
        "",
        "Whole tables (`user_id=None`), each in a fresh process: `store.frames` against "
        "`pd.read_sql` of the same columns from the same tables through SQLAlchemy/psycopg "
        "(no join, so it does less than `store.frames`, which keeps only rows whose two ends "
        "exist). Memory: RSS above the process's level before the call (peak and kept).",
        "",
        _table(
            ("method", "seconds", "rows/s", "peak MB", "kept MB", "assets", "lineage rows"),
            [
                (
                    name,
                    _f(m["seconds"]),
                    f"{rows_total / m['seconds']:,.0f}",
                    _f(m["peak_mb"], 0),
                    _f(m["retained_mb"], 0),
                    f"{m['assets']:,}",
                    f"{m['lineage_rows']:,}",
                )
                for name, m in (("store.frames(user_id=None)", fk), ("pd.read_sql", rs))
            ],
        ),
        "",
        f"One owner's frames, `store.frames(user_id={OWNER_FRAMES_USER})` "
        f"({fr['owner']['assets']:,} assets, {fr['owner']['lineage_rows']:,} rows, "
        f"{len(fr['owner']['seconds'])} repeats): p50 {_f(owner, 3)} s, "
        f"max {_f(max(fr['owner']['seconds']), 3)} s.",
        "",
    ]

    # in-memory
    parts += [
        "## In-memory source",
        "",
        "Build, each in a fresh process from the same unpickled `store.frames(user_id=None)`: "
        "`lk.Frames.neighbour_source()` (lineage_kit.array_source.ArraySource; its CSR "
        "arrays for all owners are built by the first query) against "
        '`nx.from_pandas_edgelist(lineage, ..., create_using=nx.MultiDiGraph, edge_key="id", '
        "edge_attr=True)`.",
        "",
        _table(
            ("build", "seconds", "peak MB", "kept MB"),
            [
                ("ArraySource (scope: all owners)", _f(ab["seconds"], 3), _f(ab["peak_mb"], 0),
                 _f(ab["retained_mb"], 0)),
                ("networkx MultiDiGraph", _f(nb["seconds"], 3), _f(nb["peak_mb"], 0),
                 _f(nb["retained_mb"], 0)),
                ("ratio networkx / ArraySource", _f(speed, 1) + "×", _f(space, 1) + "×",
                 _f(nb["retained_mb"] / max(ab["retained_mb"], 1e-9), 1) + "×"),
            ],
        ),
        "",
        f"An owner's scope is built on its first query: median {_f(mem['scope_build_ms'])} ms "
        f"({mem['scopes']} owners). Building the networkx graph with node attributes, which "
        f"`lk.lineage(graph, …)` needs: {_f(mem['graph_build_s'])} s. "
        f"`store.frames(user_id=None)` in the main process: {_f(mem['frames_in_main_s'])} s.",
        "",
        "Queries (scopes already built), same roots as above:",
        "",
    ]
    rows = []
    for depth in (1, 3):
        base = mem[f"nxbfs_d{depth}"].p50
        for name, key in (
            ("lk.lineage(frames, …) — ArraySource", "array"),
            ("lk.lineage(graph, …) — networkx GraphSource", "graph"),
            ("plain networkx BFS (ids and depths only)", "nxbfs"),
        ):
            s = mem[f"{key}_d{depth}"]
            rows.append((depth, name, _f(s.p50, 3), _f(s.p95, 3), _f(s.p50 / base, 1)))
    parts += [_table(("depth", "method", "p50 ms", "p95 ms", "p50 / plain BFS"), rows), ""]

    # naive
    nv = r["naive"]
    parts += [
        "## Naive path",
        "",
        "Measured once, in a fresh process: `pd.read_sql('SELECT * FROM …')` of both tables, "
        "`nx.from_pandas_edgelist(…, MultiDiGraph, edge_attr=True)`, then a plain scoped "
        f"BFS (depth 3, cap {CAP}) from {len(r['naive_roots'])} roots.",
        "",
        _table(
            ("read s", "build s", "BFS ms per query", "total s", "peak MB", "kept MB"),
            [
                (
                    _f(nv["read_s"]),
                    _f(nv["build_s"]),
                    _f(ms(nv["bfs_s"]), 3),
                    _f(nv["total_s"]),
                    _f(nv["peak_mb"], 0),
                    _f(nv["retained_mb"], 0),
                )
            ],
        ),
        "",
        f"Against one `store.lineage` at depth 3 (p50 "
        f"{_f(sql['recommended']['lineage'][3]['store.lineage'].p50)} ms), the first answer "
        f"of the naive path costs {_f(nv['total_s'] * 1000 / max(sql['recommended']['lineage'][3]['store.lineage'].p50, 1e-9), 0)}× "  # noqa: E501
        "as long.",
        "",
    ]

    # explain
    parts += [
        "## EXPLAIN ANALYZE",
        "",
        "Statements of store.lineage as sent (recommended indexes present), re-run under "
        "`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)`. *client ms*: the statement's time "
        "in `cursor.execute` during the query.",
        "",
    ]
    for label, kind, client_ms, statement, plan_lines in r["explain"]:
        parts += [
            f"### {label}: {kind} (client {_f(client_ms)} ms)",
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
    return "\n".join(parts).rstrip() + "\n"


_INDEX_LABEL = {"pixsim7": "pixsim7's", "recommended": "+ recommended"}


# --- the run --------------------------------------------------------------------------------
def pick_roots(plan: dataset.Plan, n: int, seed: int) -> list[tuple[int, int]]:
    """``n`` distinct random assets (never the hub itself) with their owners."""
    rng = random.Random(seed)
    ids = rng.sample(range(1, plan.assets + 1), min(n + 1, plan.assets))
    ids = [i for i in ids if i != plan.hub_id][:n]
    return [(i, plan.owner_of(i)) for i in ids]


def run(args: argparse.Namespace, command: str) -> dict[str, Any]:
    started = time.perf_counter()
    r: dict[str, Any] = {
        "command": command,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    workdir = Path(tempfile.mkdtemp(prefix="lk-bench-"))
    try:
        with database(args.pg_url) as (url, note):
            r["server_note"] = note
            _say(f"generating scale {args.scale} …")
            info = dataset.generate(url, args.scale)
            plan = info["plan"]
            r["info"] = info
            r["facts"] = machine_facts(url)
            roots = pick_roots(plan, args.roots, args.seed)
            r["roots"] = roots
            store = lk.connect(url)
            try:
                r["sql"] = {}
                _say("store.lineage with pixsim7's indexes …")
                r["sql"]["pixsim7"] = sql_suite(store, url, roots, plan)
                with psycopg.connect(_dsn(url), autocommit=True) as conn:
                    r["recommended_index_s"] = dataset.create_recommended_indexes(conn)
                _say("store.lineage with the recommended indexes …")
                r["sql"]["recommended"] = sql_suite(store, url, roots, plan)
                r["explain"] = explain_suite(store, roots, plan)

                _say("frame loading …")
                frames: dict[str, Any] = {}
                frames["frames_kit"] = in_child("frames_kit", {"url": url})
                frames["read_sql"] = in_child("read_sql", {"url": url})
                owner_s = []
                for _ in range(5):
                    t = time.perf_counter()
                    f = store.frames(user_id=OWNER_FRAMES_USER)
                    owner_s.append(time.perf_counter() - t)
                frames["owner"] = {
                    "seconds": owner_s,
                    "assets": len(f.assets),
                    "lineage_rows": len(f.lineage),
                }
                r["frames"] = frames

                _say("in-memory sources …")
                r["memory"] = memory_suite(store, roots, plan, workdir)

                _say("naive path …")
                r["naive_roots"] = roots[:5]
                r["naive"] = in_child("naive", {"url": url, "roots": roots[:5]})
            finally:
                store.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    r["elapsed_s"] = time.perf_counter() - started
    r["load_end"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return r


def _say(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--scale must be a number, not {text!r}") from None
    if not 0 < value <= 10:
        raise argparse.ArgumentTypeError(
            f"--scale must be in (0, 10] (1.0 = 1M assets), not {text}"
        )
    return value


def _pg_url(text: str) -> str:
    try:
        backend = sa.make_url(text).get_backend_name()
    except sa.exc.ArgumentError:
        backend = ""
    if backend not in ("postgresql", "postgres"):
        raise argparse.ArgumentTypeError(
            "--pg-url must be a PostgreSQL URL such as postgresql://user@host:5432/postgres"
        )
    return text


def _roots(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--roots must be an integer, not {text!r}") from None
    if value < 10:
        raise argparse.ArgumentTypeError(f"--roots must be at least 10, not {value}")
    return value


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Benchmark lineage_kit against hand-written SQL, pandas and networkx.",
    )
    ap.add_argument("--scale", type=_scale, default=1.0, help="1.0 = 1M assets (default)")
    ap.add_argument(
        "--pg-url",
        type=_pg_url,
        default=None,
        help="PostgreSQL server to use (a database is created and dropped there); "
        "default: start a throw-away server",
    )
    ap.add_argument("--roots", type=_roots, default=300, help="random roots (default 300)")
    ap.add_argument("--seed", type=int, default=7, help="random seed for the roots")
    ap.add_argument(
        "--out", type=Path, default=REPO / "benchmarks" / "RESULTS.md", help="Markdown report"
    )
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--spec", help=argparse.SUPPRESS)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and write the report; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser().parse_args(argv)
    if args.measure:
        print("RESULT " + json.dumps(child(args.measure, json.loads(args.spec))), flush=True)
        return 0
    command = "python -m benchmarks.run" + "".join(" " + shlex.quote(a) for a in argv)
    r = run(args, command)
    text = report(r)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    _say(f"wrote {args.out} ({r['elapsed_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
