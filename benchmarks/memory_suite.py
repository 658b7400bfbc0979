"""The in-memory sources: build time and memory against networkx, and query latency."""

from __future__ import annotations

import gc
import pickle
import statistics
import time
from pathlib import Path
from typing import Any

import lineage_kit as lk
from benchmarks import baselines
from benchmarks.fresh import in_child
from benchmarks.lineage_suite import CAP
from benchmarks.measure import Series, ms

__all__ = ["memory_suite"]


def memory_suite(store: lk.Store, roots: list[tuple[int, int]], workdir: Path) -> dict[str, Any]:

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
    prepared = frames.neighbour_source()
    t = time.perf_counter()
    for _ in range(200):
        frames.neighbour_source()
    out["check_ms"] = ms(time.perf_counter() - t) / 200
    for depth in (1, 3):
        for key, source in (("frames", frames), ("prepared", prepared)):
            s, whole = Series(), Series()
            for root, owner in roots:
                t = time.perf_counter()
                res = lk.lineage(source, root, user_id=owner, max_depth=depth, max_nodes=CAP)
                s.seconds.append(time.perf_counter() - t)
                res.to_dict()
                whole.seconds.append(time.perf_counter() - t)
            out[f"{key}_d{depth}"] = s
            out[f"{key}_dict_d{depth}"] = whole

    # networkx as a lineage_kit source needs user_id (and the summaries) on its nodes.
    t = time.perf_counter()
    graph = baselines.edge_graph(frames.edges)
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
            baselines.nx_bfs(graph, owner_of, root, user_id=owner, max_depth=depth, max_nodes=CAP)
            plain.seconds.append(time.perf_counter() - t)
        out[f"graph_d{depth}"] = s
        out[f"nxbfs_d{depth}"] = plain
    del graph, owner_of, records, frames, prepared
    gc.collect()
    return out
