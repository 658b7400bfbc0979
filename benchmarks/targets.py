"""The goals of issues 15 and 26, each judged on numbers measured in the same run."""

from __future__ import annotations

import statistics
from typing import Any

from benchmarks.lineage_suite import HAND, KIT
from benchmarks.markdown import f, met
from benchmarks.measure import ms, pct
from benchmarks.report_over_time import over_time_targets
from benchmarks.vs_pixsim7 import per_node_ms, prepared

__all__ = ["INDEX_LABEL", "target_rows"]

INDEX_LABEL = {"pixsim7": "pixsim7's", "recommended": "+ recommended"}


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def target_rows(r: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(goal, measured, met or not)`` for every goal."""
    rows = []
    sql, fr, mem, large = r["sql"], r["frames"], r["memory"], r["large"]
    for cfg in ("pixsim7", "recommended"):
        for depth in (1, 3):
            kit = sql[cfg]["lineage"][depth][KIT].p50
            hand = sql[cfg]["lineage"][depth][HAND].p50
            rows.append(
                (
                    f"store.lineage p50 ≤ 0.5× hand-written batched (depth {depth}, "
                    f"{INDEX_LABEL[cfg]} indexes)",
                    f"{f(kit)} ms vs {f(hand)} ms = {f(kit / hand)}×",
                    met(kit <= 0.5 * hand),
                )
            )
    counts = [n for depth in (1, 3) for n in sql["pixsim7"]["lineage"][depth][KIT].statements]
    one = 100.0 * counts.count(1) / len(counts)
    rows.append(
        (
            "at most two statements per query, whatever the depth (random roots, depth 1 "
            "and 3; one when the candidate statement's guess is the answer)",
            f"mean {f(statistics.mean(counts))}, max {max(counts)}; one statement for "
            f"{f(one, 1)} % of the queries",
            met(max(counts) <= 2),
        )
    )
    for cfg in ("pixsim7", "recommended"):
        hub = sql[cfg]["hub"]["hub image"]["kit"].p50
        ordinary = sql[cfg]["lineage"][1][KIT].p50
        rows.append(
            (
                f"hub (100,000 children) p50 ≤ 10 ms and ≤ 5× an ordinary query "
                f"(depth 1, cap 50, {INDEX_LABEL[cfg]} indexes)",
                f"{f(hub)} ms; {f(hub / ordinary, 1)}× the ordinary {f(ordinary)} ms",
                met(hub <= 10 and hub <= 5 * ordinary),
            )
        )
    kit_s, sql_s, floor_s = (fr[k]["seconds"] for k in ("frames_kit", "read_sql", "floor"))
    rows.append(
        (
            "whole-table frames ≥ 5× faster than pd.read_sql",
            f"{f(kit_s)} s vs {f(sql_s)} s = {f(sql_s / kit_s)}×",
            met(sql_s >= 5 * kit_s),
        )
    )
    rows.append(
        (
            "whole-table frames ≤ 1.5× the COPY floor (same columns, bytes drained)",
            f"{f(kit_s)} s vs {f(floor_s)} s = {f(kit_s / floor_s)}×",
            met(kit_s <= 1.5 * floor_s),
        )
    )
    kit_mb, sql_mb = fr["frames_kit"]["peak_mb"], fr["read_sql"]["peak_mb"]
    rows.append(
        (
            "whole-table frames peak memory ≤ ½ of pd.read_sql's",
            f"{f(kit_mb, 0)} MB vs {f(sql_mb, 0)} MB = {f(kit_mb / sql_mb)}×",
            met(kit_mb <= 0.5 * sql_mb),
        )
    )
    owner = pct(fr["owner"]["seconds"], 50)
    rows.append(("one owner's frames ≤ 0.1 s (p50)", f"{f(owner, 3)} s", met(owner <= 0.1)))
    for key, label in (
        ("prepared", "a prepared source, `lk.lineage(frames.neighbour_source(), …)`"),
        ("frames", "`lk.lineage(frames, …)`, which checks the frames for edits first"),
    ):
        q = mem[f"{key}_d3"].p50
        rows.append(
            (
                f"in-memory query p50 ≤ 0.1 ms (depth 3, cap 50): {label}",
                f"{f(q, 3)} ms",
                met(q <= 0.1),
            )
        )
    ab, nb = mem["array_build"], mem["nx_build"]
    space = nb["peak_mb"] / max(ab["peak_mb"], 1e-9)
    rows.append(
        (
            "in-memory build ≥ 10× less peak memory than networkx MultiDiGraph",
            f"{f(ab['peak_mb'], 0)} MB vs {f(nb['peak_mb'], 0)} MB = {f(space, 1)}×",
            met(space >= 10),
        )
    )
    speed = nb["seconds"] / ab["seconds"]
    rows.append(
        (
            "in-memory build ≥ 10× faster than networkx MultiDiGraph",
            f"{f(ab['seconds'])} s vs {f(nb['seconds'])} s = {f(speed, 1)}×",
            met(speed >= 10),
        )
    )
    small = sql["pixsim7"]["lineage"][3][KIT]
    small_per_node = per_node_ms(pct(small.seconds, 50), sql["pixsim7"]["answers"][3][0])
    for depth, d in large["depths"].items():
        worst = max(d["runs"])
        calm = max((s for s, g in zip(d["runs"], d["gc_runs"], strict=True) if not g), default=0)
        pix = statistics.median(d["pixsim7"])
        per_node = per_node_ms(worst, d["nodes"])
        rows.append(
            (
                f"large answer (hub2, depth {depth}, {d['nodes']:,} nodes): every run, prepared "
                f"or not, ≤ 0.5× pixsim7's p50 and no more per node than a small answer",
                f"slowest of {len(d['runs'])} runs {f(ms(worst), 0)} ms (prepared p50 "
                f"{f(ms(statistics.median(prepared(d['runs']))), 0)} ms) vs pixsim7 "
                f"{f(ms(pix), 0)} ms = {f(worst / pix)}×; {f(per_node, 3)} ms per node vs "
                f"{f(small_per_node, 3)} for a small answer; slowest run without a full "
                f"garbage collection {f(ms(calm), 0)} ms = {f(calm / pix)}×",
                met(worst <= 0.5 * pix and per_node <= small_per_node),
            )
        )
        rows.append(
            (
                f"large answer (hub2, depth {depth}): same assets as pixsim7, and the cap-50 "
                "answer is its beginning",
                f"same assets: {_yes(d['same_assets'])} ({d['nodes']:,} / "
                f"{d['pixsim7_nodes']:,}); cap-50 prefix: {_yes(d['small_is_prefix'])}",
                met(d["same_assets"] and d["small_is_prefix"]),
            )
        )
    rows += over_time_targets(r)
    return rows
