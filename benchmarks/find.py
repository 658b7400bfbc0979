"""The find benchmark (issue 17): ``lk.find_assets`` on the dataset with pixsim7's indexes.

Usage (from the repository root)::

    python -m benchmarks.find [--scale 1.0] [--runs 200] [--pg-url URL]
                              [--out benchmarks/RESULTS.md]

It starts its own PostgreSQL server (or uses ``--pg-url``'s) as :mod:`benchmarks.run` does,
generates the dataset of
:mod:`benchmarks.dataset` with ``search=True`` (searchable descriptions, pixsim7's
search indexes and ``pg_trgm``), times ``lk.find_assets`` through a store as a user
calls it (client wall time, every statement included: the search, the summaries with
their degree counts and, for words, the full-text query) on random assets of random
owners, then runs ``EXPLAIN (ANALYZE, BUFFERS)`` on one search of each kind to state
its plan and the rows it examined. The section :data:`SECTION` of ``--out`` is
replaced (or appended); the rest of the file is left as it is.

Run it from the repository root (``tests.support`` starts the server); it needs
``make install`` and the PostgreSQL server of ``make system-deps``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shlex
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

import lineage_kit as lk
from benchmarks import dataset
from benchmarks.markdown import replace_section
from benchmarks.server import database

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

__all__ = ["SECTION", "TARGETS_MS", "main", "replace_section"]

SECTION = "## Finding assets (issue 17)"
TARGETS_MS = {"provider": 5.0, "description": 50.0, "prompt": 50.0}
"""p50 targets: a provider-id lookup, a selective description search, a selective prompt search."""
WORKLOADS = {
    "provider": "provider-id lookup `pixverse:<id>`",
    "provider_any": "provider asset id alone `<id>` (any provider; also the database id and text)",
    "description": "selective description search `take <token>`",
    "prompt": "selective prompt search `<token>` (a word of one prompt)",
    "broad_description": "broad description search `skateboard` (1 asset in 10 of the owner's)",
    "broad_prompt": "broad prompt search `golden hour` (every prompt of the owner)",
}


def _md5(value: int, n: int) -> str:
    return hashlib.md5(str(value).encode()).hexdigest()[:n]


def queries(plan: dataset.Plan, rng: random.Random) -> dict[str, tuple[str, int, int]]:
    """One random query of each workload: ``{name: (query, owner, expected asset id)}``."""
    out: dict[str, tuple[str, int, int]] = {}
    for name in WORKLOADS:
        k = rng.randrange(plan.family_assets)
        if name == "description" and k // dataset.OWNERS % 4 == 3:
            k -= dataset.OWNERS  # three assets in four carry a description
        asset, owner = k + 1, plan.owner_of(k + 1)
        if name in ("provider", "provider_any"):
            pid = str(370000000000000 + k * 7919)
            provider = "sora" if k % 7 == 0 else "pixverse"
            out[name] = (f"{provider}:{pid}" if name == "provider" else pid, owner, asset)
        elif name == "description":
            out[name] = (f"take {_md5(k, 8)}", owner, asset)
        elif name == "prompt":
            out[name] = (_md5(k * 31, 12), owner, asset)
        else:
            out[name] = ("skateboard" if name == "broad_description" else "golden hour", owner, 0)
    return out


def time_finds(
    store: lk.Store, plan: dataset.Plan, runs: int, seed: int
) -> dict[str, dict[str, Any]]:
    """Client wall time of ``lk.find_assets`` per workload, interleaved run by run."""
    rng = random.Random(seed)
    stats: dict[str, dict[str, Any]] = {
        n: {"ms": [], "statements": [], "hits": []} for n in WORKLOADS
    }
    counter = [0]

    def count(*_: Any) -> None:
        counter[0] += 1

    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        for i in range(runs + 5):  # the first five warm the caches and are not counted
            for name, (query, owner, expected) in queries(plan, rng).items():
                counter[0] = 0
                t = time.perf_counter()
                found = lk.find_assets(store, query, user_id=owner, limit=24)
                elapsed = (time.perf_counter() - t) * 1000
                if expected and found.ids[:1] != [expected]:
                    raise AssertionError(f"{name}: {query!r} found {found.ids}, not {expected}")
                if i >= 5:
                    stats[name]["ms"].append(elapsed)
                    stats[name]["statements"].append(counter[0])
                    stats[name]["hits"].append(len(found))
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)
    return stats


def explain(store: lk.Store, url: str, query: str, owner: int) -> dict[str, Any]:
    """EXPLAIN (ANALYZE, BUFFERS) of the search statement that ``find_assets`` runs."""
    seen: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, params: Any, *_: Any) -> None:
        if "UNION ALL" in statement:
            seen.append((statement, params))

    sa.event.listen(store.engine, "before_cursor_execute", capture)
    try:
        lk.find_assets(store, query, user_id=owner, limit=24)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", capture)
    statement, params = seen[-1]
    with psycopg.connect(_dsn(url)) as conn:
        row = conn.execute(
            "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, params
        ).fetchone()
    return row[0][0]  # type: ignore[index]


def _nodes(node: dict[str, Any], depth: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
    yield depth, node
    for child in node.get("Plans", []):
        yield from _nodes(child, depth + 1)


SCANS = ("Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Bitmap Index Scan")


def plan_text(p: dict[str, Any]) -> tuple[str, int, list[str]]:
    """The plan as indented lines, the rows its scans examined, and the indexes it used."""
    lines, examined, used = [], 0, []
    for depth, n in _nodes(p["Plan"]):
        rows = int(n.get("Actual Rows", 0) * n.get("Actual Loops", 1))
        removed = int(
            n.get("Rows Removed by Filter", 0) + n.get("Rows Removed by Index Recheck", 0)
        )
        where = n.get("Index Name") or n.get("Relation Name") or ""
        label = n["Node Type"] + (f" on {where}" if where else "")
        extra = f", {removed:,} removed by filter/recheck" if removed else ""
        lines.append(f"{'  ' * depth}{label}: {rows:,} rows{extra}")
        if n["Node Type"] in SCANS and n["Node Type"] != "Bitmap Index Scan":
            examined += rows + removed
        if n.get("Index Name"):
            used.append(n["Index Name"])
    return "\n".join(lines), examined, sorted(set(used))


# --- the server, the report -------------------------------------------------------------------
def _dsn(url: str) -> str:
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _q(values: Sequence[float], q: float) -> float:
    if q == 0.5:
        return statistics.median(values)
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def report(r: dict[str, Any]) -> str:
    plan: dataset.Plan = r["info"]["plan"]
    sec = r["info"]["seconds"]
    out = [
        f"Produced by `{r['command']}` on {r['date']} in {r['elapsed_s'] / 60:.1f} min, "
        f"on {r['server']}; load average {r['load']} at start. Same-run numbers: client wall "
        f"time of `lk.find_assets(store, query, user_id=owner, limit=24)` on PostgreSQL "
        f"({r['version']}), every statement included (the search, the summaries with degree "
        f"counts and, for words, the full-text query), {r['runs']} random assets of random "
        "owners per workload, the workloads interleaved run by run after five warm-up runs.",
        "",
        f"Dataset: {plan.assets:,} assets of {dataset.OWNERS} owners (`benchmarks/dataset.py`, "
        "`search=True`): three descriptions in four read `<subject> — take <md5[:8]>` (ten "
        "subjects), every prompt `cinematic tracking shot of subject <md5[:12]>, golden hour, "
        "…`. pixsim7's indexes and its search indexes (`PG_SEARCH_INDEXES`: pg_trgm, "
        "`idx_asset_description_trgm`, `idx_asset_prompt_fts`, the provider, key, path and "
        f"hash btrees), built in {sec.get('search_indexes', 0):.1f} s; then VACUUM ANALYZE.",
        "",
        "| target | measured | status |",
        "| --- | --- | --- |",
    ]
    stats = r["stats"]
    for name, limit in TARGETS_MS.items():
        p50 = _q(stats[name]["ms"], 0.5)
        status = "**met**" if p50 <= limit else "**not met**"
        out.append(f"| {WORKLOADS[name]} p50 ≤ {limit:g} ms | {p50:.2f} ms | {status} |")
    out += [
        "",
        "| workload | p50 ms | p95 ms | statements | hits (mean) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, label in WORKLOADS.items():
        s = stats[name]
        out.append(
            f"| {label} | {_q(s['ms'], 0.5):.2f} | {_q(s['ms'], 0.95):.2f} | "
            f"{statistics.mean(s['statements']):.0f} | {statistics.mean(s['hits']):.1f} |"
        )
    out += ["", "### Plans (EXPLAIN ANALYZE of the search statement, one query of each kind)"]
    for name, (query, text, examined, used, ms) in r["plans"].items():
        out += [
            "",
            f"**{WORKLOADS[name]}** — `{query}`: {examined:,} rows examined by its scans, "
            f"indexes used: {', '.join(f'`{u}`' for u in used) or 'none'}; "
            f"execution {ms:.2f} ms.",
            "",
            "```text",
            text,
            "```",
        ]
    return "\n".join(out)


def run(args: argparse.Namespace, command: str) -> dict[str, Any]:
    started = time.perf_counter()
    r: dict[str, Any] = {
        "command": command,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "runs": args.runs,
        "load": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    with database(args.pg_url) as (url, note):  # the main harness's scratch database
        r["server"] = note
        _say(f"generating scale {args.scale} with pixsim7's search indexes …")
        r["info"] = dataset.generate(url, args.scale, search=True)
        plan = r["info"]["plan"]
        with psycopg.connect(_dsn(url)) as conn:
            r["version"] = str(conn.execute("SELECT version()").fetchone()[0]).split(" on ")[0]  # type: ignore[index]
        store = lk.connect(url)
        try:
            _say(f"timing {args.runs} finds per workload …")
            r["stats"] = time_finds(store, plan, args.runs, args.seed)
            _say("explaining …")
            r["plans"] = {}
            for name, (query, owner, _) in queries(plan, random.Random(args.seed + 1)).items():
                p = explain(store, url, query, owner)
                text, examined, used = plan_text(p)
                r["plans"][name] = (query, text, examined, used, p["Execution Time"])
        finally:
            store.close()
    r["elapsed_s"] = time.perf_counter() - started
    return r


def _say(msg: str) -> None:
    print(f"[find bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _positive(kind: Callable[[str], Any], name: str, low: float) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number, not {text!r}") from None
        if not value >= low:
            raise argparse.ArgumentTypeError(f"{name} must be at least {low:g}, not {text}")
        return value

    return convert


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.find", description="Benchmark lk.find_assets on PostgreSQL."
    )
    ap.add_argument("--scale", type=_positive(float, "--scale", 0.001), default=1.0,
                    help="1.0 = 1M assets (default)")  # fmt: skip
    ap.add_argument("--runs", type=_positive(int, "--runs", 10), default=200,
                    help="random assets per workload (default 200)")  # fmt: skip
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument(
        "--pg-url", default=None, help="a PostgreSQL server to use (default: start one)"
    )
    ap.add_argument("--out", type=Path, default=RESULTS)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Run the find benchmark and write its section of ``--out``; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser().parse_args(argv)
    if args.pg_url is not None and sa.make_url(args.pg_url).get_backend_name() != "postgresql":
        parser().error("--pg-url must be a PostgreSQL URL such as postgresql://user@host/postgres")
    command = "python -m benchmarks.find" + "".join(" " + shlex.quote(a) for a in argv)
    r = run(args, command)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    replace_section(args.out, SECTION, report(r))
    _say(f"wrote {SECTION!r} to {args.out} ({r['elapsed_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
