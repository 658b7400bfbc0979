"""Lineage over time at scale: snapshots, a diff of two whole tables, one owner's snapshot,
and ``generation_of`` / ``expected_parents`` per asset on pixsim7's own indexes (with the
indexes their statements' plans use, read from ``EXPLAIN``)."""

from __future__ import annotations

import json
import random
import time
from typing import Any

import sqlalchemy as sa

import lineage_kit as lk
from benchmarks.frames_suite import OWNER_FRAMES_USER
from benchmarks.fresh import in_child
from benchmarks.measure import Series, StatementLog
from benchmarks.plan import BLOCK, OWNERS, Plan

__all__ = ["latency_suite", "whole_suite"]

OWNER_REPEATS = 10
CAPTURES = (8, 9)  # family positions that name no generation
TRANSITIONS = (11, 12, 18)  # family positions whose payload lists its inputs by URL


def _position(asset_id: int) -> int:
    return ((asset_id - 1) % BLOCK) // OWNERS


def _transitions(plan: Plan, n: int, seed: int) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        b, f, p = rng.randrange(1, plan.blocks), rng.randrange(OWNERS), rng.choice(TRANSITIONS)
        asset = b * BLOCK + p * OWNERS + f + 1
        out.append((asset, plan.owner_of(asset)))
    return out


def _indexes(plan: Any, found: set[str]) -> None:
    if isinstance(plan, dict):
        if plan.get("Index Name"):
            found.add(str(plan["Index Name"]))
        elif str(plan.get("Node Type", "")).startswith("Seq Scan"):
            found.add(f"seq scan of {plan.get('Relation Name')}")
        for v in plan.values():
            _indexes(v, found)
    elif isinstance(plan, list):
        for v in plan:
            _indexes(v, found)


def _plans(store: lk.Store, call: Any) -> list[str]:
    """The indexes (or sequential scans) that the plans of ``call``'s statements use."""
    with StatementLog(store.engine) as log:
        call()
    taken = log.take()
    found: set[str] = set()
    with store.engine.connect() as conn:
        for _, _, statement, params in taken:
            plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, params).scalar()
            _indexes(json.loads(plan) if isinstance(plan, str) else plan, found)
    return sorted(found)


def _latencies(store: lk.Store, roots: list[tuple[int, int]]) -> dict[str, Any]:
    calls = {
        "generation_of": lambda a, u: lk.generation_of(store, a, user_id=u),
        "expected_parents": lambda a, u: lk.expected_parents(store, a, user_id=u),
    }
    for asset, owner in roots:  # one untimed pass: every page read once
        for call in calls.values():
            call(asset, owner)
    out: dict[str, Any] = {}
    counted: list[int] = []

    def count(*_: Any) -> None:
        counted[-1] += 1

    for name, call in calls.items():
        s = Series()
        sa.event.listen(store.engine, "before_cursor_execute", count)
        try:
            for asset, owner in roots:
                counted.append(0)
                t = time.perf_counter()
                call(asset, owner)
                s.seconds.append(time.perf_counter() - t)
                s.statements.append(counted[-1])
        finally:
            sa.event.remove(store.engine, "before_cursor_execute", count)
        out[name] = s
        asset, owner = roots[0]
        out[f"{name}_indexes"] = _plans(store, lambda c=call, a=asset, o=owner: c(a, o))
    return out


def latency_suite(store: lk.Store, roots: list[tuple[int, int]], plan: Plan) -> dict[str, Any]:
    """Per-asset reads on pixsim7's indexes: generated assets (their generation's inputs, no
    payload inputs) and transitions (their payload lists the inputs by URL too)."""
    generated = [(a, o) for a, o in roots if _position(a) not in CAPTURES]
    return {
        "generated": _latencies(store, generated),
        "transitions": _latencies(store, _transitions(plan, len(generated) // 2, seed=11)),
    }


def whole_suite(store: lk.Store, url: str) -> dict[str, Any]:
    """Whole-table snapshot against ``store.frames()`` (fresh processes, back to back), the
    diff of two whole-table snapshots, and one owner's snapshot on a store that keeps its bulk
    connection."""
    # Back to back, each in a fresh process: the frames, then a whole-table snapshot taken
    # as the first step of the diff's measurement (two processes, not three).
    frames = in_child("frames_kit", {"url": url})
    diff = in_child("diff_whole", {"url": url, "fraction": 0.01, "seed": 7})
    snap = diff["snapshot"]
    out: dict[str, Any] = {
        "frames_s": frames["seconds"],
        "snapshot_s": snap["seconds"],
        "snapshot_peak_mb": snap["peak_mb"],
        "frames_peak_mb": frames["peak_mb"],
        "snapshot_rows": snap["rows"],
        "snapshot_assets": snap["assets"],
        "diff": diff,
    }
    lk.snapshot(store, user_id=OWNER_FRAMES_USER, progress=False)  # the bulk connection opens
    seconds = []
    for _ in range(OWNER_REPEATS):
        t = time.perf_counter()
        snap = lk.snapshot(store, user_id=OWNER_FRAMES_USER, progress=False)
        seconds.append(time.perf_counter() - t)
    out["owner"] = {"seconds": seconds, "rows": len(snap), "assets": len(snap.assets)}
    return out
