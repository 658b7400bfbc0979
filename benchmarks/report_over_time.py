"""The lineage-over-time part of the report: its targets and its section."""

from __future__ import annotations

from typing import Any

from benchmarks.frames_suite import OWNER_FRAMES_USER
from benchmarks.markdown import f, met, table
from benchmarks.measure import pct

__all__ = ["over_time", "over_time_targets"]

KINDS = {
    "generated": "a generated asset (its generation's inputs)",
    "transitions": "a transition (its generation's inputs and its payload's URLs)",
}


def over_time_targets(r: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(goal, measured, met or not)`` for the goals of issue 26."""
    ot, lat = r["over_time"], r["over_time_latency"]
    d = ot["diff"]
    rows = [
        (
            "whole-table snapshot ≤ 1.5× `store.frames()` (fresh processes, back to back)",
            f"{f(ot['snapshot_s'])} s vs {f(ot['frames_s'])} s = "
            f"{f(ot['snapshot_s'] / ot['frames_s'])}×",
            met(ot["snapshot_s"] <= 1.5 * ot["frames_s"]),
        ),
        (
            f"`lk.diff` of two whole-table snapshots ({d['rows']:,} rows, 1 % changed) ≤ 2 s "
            "and peak memory ≤ 2× the two snapshots', the differences exactly those made",
            f"{f(d['seconds'])} s; peak {f(d['peak_mb'], 0)} MB vs "
            f"{f(d['snapshots_retained_mb'], 0)} MB for the two snapshots = "
            f"{f(d['peak_mb'] / d['snapshots_retained_mb'])}×; exact: "
            f"{'yes' if d['correct'] else 'no'}",
            met(
                d["seconds"] <= 2
                and d["peak_mb"] <= 2 * d["snapshots_retained_mb"]
                and d["correct"]
            ),
        ),
    ]
    owner = pct(ot["owner"]["seconds"], 50)
    rows.append(("one owner's snapshot ≤ 0.2 s (p50)", f"{f(owner, 3)} s", met(owner <= 0.2)))
    for kind, call in (
        ("generated", "generation_of"),
        ("generated", "expected_parents"),
        ("transitions", "expected_parents"),
    ):
        s = lat[kind][call]
        rows.append(
            (
                f"`{call}` p50 ≤ 5 ms on pixsim7's indexes: {KINDS[kind]}",
                f"{f(s.p50)} ms (p95 {f(s.p95)} ms)",
                met(s.p50 <= 5),
            )
        )
    return rows


def over_time(r: dict[str, Any]) -> list[str]:
    ot, lat = r["over_time"], r["over_time_latency"]
    d = ot["diff"]
    counts = ", ".join(f"{k} {v:,}" for k, v in d["counts"].items())
    rows = []
    for kind, label in KINDS.items():
        for call in ("generation_of", "expected_parents"):
            s = lat[kind][call]
            rows.append(
                (
                    call,
                    label,
                    len(s.seconds),
                    f(s.p50),
                    f(s.p95),
                    f"{sum(s.statements) / max(len(s.statements), 1):.1f} / "
                    f"{max(s.statements, default=0)}",
                    ", ".join(f"`{i}`" for i in lat[kind][f"{call}_indexes"]),
                )
            )
    return [
        f"A whole-table snapshot (`lk.snapshot(store, user_id=None)`: {ot['snapshot_rows']:,} "
        f"rows, {ot['snapshot_assets']:,} assets) against `store.frames(user_id=None)`, each in "
        "a fresh process, back to back (the snapshot is the first step of the diff's process): "
        f"{f(ot['snapshot_s'])} s (peak {f(ot['snapshot_peak_mb'], 0)} MB) vs "
        f"{f(ot['frames_s'])} s (peak {f(ot['frames_peak_mb'], 0)} MB). The snapshot reads the "
        "same rows and the assets' summary columns (not their payloads or prompts).",
        "",
        f"`lk.diff` of that snapshot and a copy with 1 % of its {d['rows']:,} rows changed (a "
        "third removed, a third with another frame, a third added under new keys; 5 % of the "
        f"rest written again under new ids, as a refresh does), in a fresh process: "
        f"{f(d['seconds'])} s, peak {f(d['peak_mb'], 0)} MB above the two snapshots, which "
        f"took {f(d['snapshots_retained_mb'], 0)} MB to hold ({f(d['snapshots_deep_mb'], 0)} MB "
        f"of DataFrames). Found: {counts}.",
        "",
        f"One owner's snapshot (owner {OWNER_FRAMES_USER}, {ot['owner']['rows']:,} rows, "
        f"{ot['owner']['assets']:,} assets), {len(ot['owner']['seconds'])} runs: p50 "
        f"{f(pct(ot['owner']['seconds'], 50), 3)} s.",
        "",
        "Per asset, on pixsim7's own indexes only (measured before the recommended ones are "
        "made), the same random family roots as above (frame captures left out: they name no "
        "generation) and random transitions; one untimed pass first. Statements per call "
        "(mean / max); the indexes are those the plans of one call's statements use (`EXPLAIN`).",
        "",
        table(("call", "asset", "calls", "p50 ms", "p95 ms", "statements", "plans use"), rows),
    ]
