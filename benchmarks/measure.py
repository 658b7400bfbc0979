"""Small measuring tools: percentiles, wall time and memory of a block, statement logs.

>>> pct([1.0, 2.0, 3.0, 4.0], 50)
2.5
"""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

__all__ = [
    "FullCollections",
    "Series",
    "StatementLog",
    "kind_of",
    "measured",
    "ms",
    "pct",
    "rotated",
]


def ms(seconds: float) -> float:
    return seconds * 1000.0


def rotated(names: list[str], i: int) -> list[str]:
    """``names`` starting at the ``i``-th (modulo their number): the order in which
    methods compared root by root run for the ``i``-th root, so that each pays for
    bringing a root's pages into the caches as often as the others.

    >>> rotated(["a", "b", "c"], 4)
    ['b', 'c', 'a']
    """
    k = i % len(names)
    return names[k:] + names[:k]


def pct(values: Sequence[float], q: float) -> float:
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


@dataclass
class Series:
    """Latencies (seconds) of one method on one set of roots, with statement counts."""

    seconds: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return ms(pct(self.seconds, 50))

    @property
    def p95(self) -> float:
        return ms(pct(self.seconds, 95))


class FullCollections:
    """Seconds Python spent in full (generation 2) garbage collections while active.

    A large answer's objects are promoted until Python traverses every object of
    the process once; the run that meets it pays for all of them. Reported beside
    the wall time, never subtracted from it.

    >>> with FullCollections() as fc:
    ...     _ = gc.collect()
    >>> fc.seconds > 0
    True
    """

    def __init__(self) -> None:
        self.seconds = 0.0
        self._t0 = 0.0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._t0

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)


class StatementLog:
    """Statements the store sends, with their kind and duration (SQLAlchemy cursor events)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self._raw: list[tuple[str, float, Any]] = []
        self._t0 = 0.0

    def _before(self, conn: Any, cursor: Any, statement: str, params: Any, *rest: Any) -> None:
        self._t0 = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, params: Any, *rest: Any) -> None:
        # Only the clock here: this runs inside the timed query (classifying a statement's
        # 4 kB of text would add about 0.02 ms to each); take() names the kinds.
        self._raw.append((statement, time.perf_counter() - self._t0, params))

    def __enter__(self) -> StatementLog:
        sa.event.listen(self.engine, "before_cursor_execute", self._before)
        sa.event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._before)
        sa.event.remove(self.engine, "after_cursor_execute", self._after)

    def take(self) -> list[tuple[str, float, str, Any]]:
        """``(kind, seconds, statement, params)`` of the statements since the last take."""
        raw, self._raw = self._raw, []
        return [(kind_of(st), sec, st, params) for st, sec, params in raw]


@functools.lru_cache(maxsize=64)
def kind_of(statement: str) -> str:
    """Which step of the bounded query a store statement is.

    >>> kind_of("WITH RECURSIVE walk(up, lvl) AS (SELECT 1) SELECT * FROM walk")
    'candidates'
    """
    s = " ".join(statement.split()).lower()
    if s.startswith("with recursive"):
        return "candidates"
    if s.startswith("select (select json_agg") or s.startswith("select (select json_group_array"):
        return "summary"
    if "unnest" in s and "lateral" in s and "asset_lineage" in s and "frontier" in s:
        return "frontier"
    return "other"
