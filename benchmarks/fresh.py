"""Measurements that run in a fresh Python process each, so one's garbage never counts
against another's memory: whole-table frames, ``pd.read_sql``, the COPY floor, the
in-memory builds and the naive path."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

import lineage_kit as lk
from benchmarks import baselines
from benchmarks.measure import measured
from benchmarks.server import dsn

__all__ = ["TASKS", "child", "in_child"]

REPO = Path(__file__).resolve().parent.parent


def _frames_kit(spec: dict[str, Any]) -> dict[str, Any]:
    store = lk.connect(spec["url"])
    with measured() as m:
        frames = store.frames(user_id=None)
    return {**m, "assets": len(frames.assets), "lineage_rows": len(frames.edges)}


def _columns(table: sa.Table) -> str:
    return ", ".join(c.name for c in table.c)


def _read_sql(spec: dict[str, Any]) -> dict[str, Any]:
    import pandas as pd

    engine = sa.create_engine(spec["url"])
    with measured() as m, engine.connect() as conn:
        assets = pd.read_sql(f"SELECT {_columns(lk.schema.assets)} FROM assets", conn)
        lineage = pd.read_sql(
            f"SELECT {_columns(lk.schema.asset_lineage)} FROM asset_lineage", conn
        )
    return {**m, "assets": len(assets), "lineage_rows": len(lineage)}


def _copy_floor(spec: dict[str, Any]) -> dict[str, Any]:
    """The same columns of both tables through ``COPY … TO STDOUT (FORMAT binary)``, bytes
    drained and dropped: what the server and the wire take, with nothing built."""
    out: dict[str, Any] = {"bytes": 0}
    with measured() as m, psycopg.connect(dsn(spec["url"])) as conn, conn.cursor() as cur:
        for sql in spec["selects"]:
            with cur.copy(f"COPY ({sql}) TO STDOUT (FORMAT binary)") as copy:
                for block in copy:
                    out["bytes"] += len(block)
    return {**m, **out}


def _build(spec: dict[str, Any], task: str) -> dict[str, Any]:

    with open(spec["frames"], "rb") as f:
        frames = pickle.load(f)
    with measured() as m:
        if task == "array_build":
            # The first query builds the CSR arrays of the scope (here: all owners).
            lk.lineage(frames, spec["root"], user_id=None, max_depth=0)
        else:
            graph = baselines.edge_graph(frames.edges)
    if task == "nx_build":
        m["edges"] = graph.number_of_edges()
    return m


def _naive(spec: dict[str, Any]) -> dict[str, Any]:
    with measured() as m:
        res = baselines.naive_path(spec["url"], [tuple(r) for r in spec["roots"]])
    return {**res, **m}


TASKS = {
    "frames_kit": _frames_kit,
    "read_sql": _read_sql,
    "copy_floor": _copy_floor,
    "array_build": lambda spec: _build(spec, "array_build"),
    "nx_build": lambda spec: _build(spec, "nx_build"),
    "naive": _naive,
}


def child(task: str, spec: dict[str, Any]) -> dict[str, Any]:
    """One measurement, in this (fresh) interpreter (``run.py --measure``)."""
    if task not in TASKS:
        raise ValueError(f"unknown measurement {task!r}")
    result: dict[str, Any] = TASKS[task](spec)
    return result


def in_child(task: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Run :func:`child` in a new interpreter and return what it measured."""
    cmd = [sys.executable, "-m", "benchmarks.run", "--measure", task, "--spec", json.dumps(spec)]
    cp = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=1800)
    lines = [ln for ln in cp.stdout.splitlines() if ln.startswith("RESULT ")]
    if cp.returncode != 0 or not lines:
        raise RuntimeError(f"measurement {task} failed (rc={cp.returncode}):\n{cp.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1][len("RESULT ") :])
    return result
