"""The benchmark harness: the kit against hand-written code and pixsim7's own, at scale.

Usage (from the repository root)::

    python -m benchmarks.run [--scale 1.0] [--pg-url URL] [--roots 300]
                             [--out benchmarks/RESULTS.md]

It starts its own PostgreSQL server (or uses the one ``--pg-url`` names),
creates a fresh database there, fills it with :mod:`benchmarks.dataset`, runs
every suite, writes Markdown to ``--out`` (:mod:`benchmarks.report`) and drops
the database (and stops its own server). One job per module:

- :mod:`.lineage_suite` — ``store.lineage`` against hand-written SQL, the hub, plans;
- :mod:`.vs_pixsim7` — against pixsim7's graph endpoint (:mod:`.pixsim7_graph`),
  ordinary roots and the large answers;
- :mod:`.frames_suite` — frames against ``pd.read_sql`` and the COPY floor;
- :mod:`.memory_suite` — the in-memory sources against networkx;
- :mod:`.over_time_suite` — snapshots, diffs, ``generation_of`` and ``expected_parents``;
- :mod:`.fresh` — measurements that need a fresh process (memory);
- :mod:`.targets`, :mod:`.report`, :mod:`.report_query` — the page.

Examples
--------
>>> main(["--scale", "0.01", "--roots", "50", "--out", "/tmp/r.md"])  # doctest: +SKIP
0
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # tests.support lives beside the package, not in it
    sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402

import lineage_kit as lk  # noqa: E402
from benchmarks import dataset  # noqa: E402
from benchmarks.frames_suite import frames_suite  # noqa: E402
from benchmarks.fresh import child, in_child  # noqa: E402
from benchmarks.lineage_suite import explain_suite, sql_suite  # noqa: E402
from benchmarks.markdown import foreign_sections  # noqa: E402
from benchmarks.memory_suite import memory_suite  # noqa: E402
from benchmarks.over_time_suite import latency_suite, whole_suite  # noqa: E402
from benchmarks.pixsim7_graph import Pixsim7Graph  # noqa: E402
from benchmarks.report import SECTIONS, report  # noqa: E402
from benchmarks.server import database, dsn, machine_facts  # noqa: E402
from benchmarks.vs_pixsim7 import large_suite, ordinary_suite  # noqa: E402

__all__ = ["SECTIONS", "main"]

PIXSIM_ROOTS = 200


def pick_roots(plan: dataset.Plan, n: int, seed: int) -> list[tuple[int, int]]:
    """``n`` distinct random assets of the families (never a hub's) with their owners."""
    rng = random.Random(seed)
    ids = rng.sample(range(1, plan.family_assets + 1), min(n, plan.family_assets))
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
            graph = Pixsim7Graph(url)
            try:
                r["sql"] = {}
                _say("store.lineage with pixsim7's indexes …")
                r["sql"]["pixsim7"] = sql_suite(store, url, roots, plan)
                _say("generation_of and expected_parents with pixsim7's indexes …")
                r["over_time_latency"] = latency_suite(store, roots, plan)
                _say("against pixsim7's graph endpoint …")
                r["pixsim7_roots"] = roots[:PIXSIM_ROOTS]
                r["pixsim7_ordinary"] = ordinary_suite(store, graph, roots[:PIXSIM_ROOTS])
                r["large"] = large_suite(url, graph, plan)
                r["advice"] = {"pixsim7": [a.columns for a in store.missing_indexes()]}
                with psycopg.connect(dsn(url), autocommit=True) as conn:
                    r["recommended_index_s"] = dataset.create_recommended_indexes(conn)
                r["advice"]["recommended"] = [a.columns for a in store.missing_indexes()]
                _say("store.lineage with the recommended indexes …")
                r["sql"]["recommended"] = sql_suite(store, url, roots, plan)
                r["explain"] = explain_suite(store, url, roots, plan)
                _say("frame loading …")
                r["frames"] = frames_suite(store, url)
                _say("in-memory sources …")
                r["memory"] = memory_suite(store, roots, workdir)
                _say("snapshots and diffs …")
                r["over_time"] = whole_suite(store, url)
                _say("naive path …")
                r["naive_roots"] = roots[:5]
                r["naive"] = in_child("naive", {"url": url, "roots": roots[:5]})
            finally:
                graph.close()
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
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    if kept := foreign_sections(old, text):
        text = text.rstrip("\n") + "\n\n" + kept + "\n"
    args.out.write_text(text, encoding="utf-8")
    _say(f"wrote {args.out} ({r['elapsed_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
