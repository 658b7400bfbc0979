"""Frames from PostgreSQL: whole tables against ``pd.read_sql`` and the COPY floor, one
owner's frames on a store that keeps its bulk connection."""

from __future__ import annotations

import time
from typing import Any

import lineage_kit as lk
from benchmarks.fresh import in_child
from lineage_kit.sources.sql.bulk import table_selects

__all__ = ["OWNER_FRAMES_REPEATS", "OWNER_FRAMES_USER", "frames_suite"]

OWNER_FRAMES_USER = 2  # 1 % of the family assets; owner 1 also owns the hub
OWNER_FRAMES_REPEATS = 10


def frames_suite(store: lk.Store, url: str) -> dict[str, Any]:
    selects = [store.db.literal(q) for q in table_selects(store.db)]
    out: dict[str, Any] = {
        "frames_kit": in_child("frames_kit", {"url": url}),
        "read_sql": in_child("read_sql", {"url": url}),
        "floor": in_child("copy_floor", {"url": url, "selects": selects}),
    }
    seconds = []
    for _ in range(OWNER_FRAMES_REPEATS):
        t = time.perf_counter()
        f = store.frames(user_id=OWNER_FRAMES_USER)
        seconds.append(time.perf_counter() - t)
    out["owner"] = {"seconds": seconds, "assets": len(f.assets), "lineage_rows": len(f.edges)}
    return out
