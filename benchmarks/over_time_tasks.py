"""Measurements of lineage over time that need a fresh process (memory): a whole-table
snapshot (on its own, or as the first step of the diff's measurement), and the diff of two
whole-table snapshots with 1 % of the rows changed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

import lineage_kit as lk
from benchmarks.measure import measured

__all__ = ["diff_whole", "edited"]


def edited(snap: lk.Snapshot, fraction: float, seed: int) -> tuple[lk.Snapshot, dict[str, int]]:
    """``snap`` with ``fraction`` of its rows differing: a third removed, a third changed (another
    frame), a third added (new keys); and 5 % of the rest written again under new ids, as a
    refresh does (no difference). Returns the edited snapshot and the counts a diff must find."""
    rows = snap.rows
    rng = np.random.default_rng(seed)
    n = len(rows)
    k = max(3, int(n * fraction)) // 3
    picked = rng.choice(n, size=3 * k + n // 20, replace=False)
    gone, change, copy, rewrite = (
        picked[:k],
        picked[k : 2 * k],
        picked[2 * k : 3 * k],
        picked[3 * k :],
    )
    out = rows.copy()
    frames = out["parent_frame"].to_numpy(dtype="float64", na_value=np.nan)
    frames[change] = np.nan_to_num(frames[change], nan=-1.0) + 1
    out["parent_frame"] = pd.array(frames, dtype="Float64").astype("Int64")
    top = int(out["id"].max())
    ids = out["id"].to_numpy().copy()
    ids[rewrite] = top + 1 + np.arange(len(rewrite))
    out["id"] = ids
    new = out.iloc[copy].copy()
    new["sequence_order"] = new["sequence_order"] + 1000
    new["id"] = top + 1 + len(rewrite) + np.arange(len(new))
    out = pd.concat([out.drop(index=out.index[gone]), new], ignore_index=True)
    after = lk.Snapshot(
        out, snap.assets, snap.user_id, datetime.now(UTC), snap.scope, "edited copy"
    )
    return after, {"added": k, "removed": k, "changed": k}


def diff_whole(spec: dict[str, Any]) -> dict[str, Any]:
    """Two whole-table snapshots (the database's and an edited copy), then the diff."""
    store = lk.connect(spec["url"])
    with measured() as built:
        with measured() as taken:  # the first thing this fresh process does
            before = lk.snapshot(store, user_id=None, progress=False)
        after, expected = edited(before, spec["fraction"], spec["seed"])
    deep = (
        sum(
            int(df.memory_usage(deep=True).sum())
            for s in (before, after)
            for df in (s.rows, s.assets)
        )
        / 2**20
    )
    with measured() as m:
        d = lk.diff(before, after)
    counts = d.counts()
    right = all(counts[key] == n for key, n in expected.items())
    return {
        **m,
        "snapshot": {**taken, "rows": len(before), "assets": len(before.assets)},
        "rows": len(before),
        "changed_rows": sum(expected.values()),
        "snapshots_retained_mb": built["retained_mb"],
        "snapshots_deep_mb": deep,
        "counts": counts,
        "expected": expected,
        "correct": right,
    }
