"""Comparing two snapshots: the rows as multisets of what survives a refresh.

A row is its :data:`~lineage_kit.model.snapshot.KEY` (parent, child, relation,
order) and its :data:`~lineage_kit.model.snapshot.VALUES` (operation, time span,
frame); its ``id`` and ``created_at`` are not compared (a refresh resets both).

1. Rows equal in key and values cancel out, one before-row for one after-row
   (a multiset: two identical rows before and one after leave one removed).
   Each row is reduced to integers (ids, orders, the relation and operation as
   codes shared by both sides, a time's bits, a frame and its null flag), the
   integers hashed into one 64-bit number, and the numbers of both sides put in
   one hash table: rows with the same number are one group of candidates, and
   per group the first rows of each side are paired. Every row matched that way
   is then checked column by column against its group's first row, so a hash
   collision can never hide a difference; the rows of a group that fails the
   check are matched exactly, tuple by tuple, instead.
2. What is left of each side is paired by key, in order of values: a pair is a
   *changed* row (same key, other values); the rest of a key's rows are
   *removed* or *added*.

Both steps are vectorised; the second sees only the rows that differ.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd

from ..model import thumbnails
from ..model.diff import ASSET_FIELDS, CHANGED_COLUMNS, LineageDiff
from ..model.records import plain
from ..model.snapshot import KEY, VALUES, Snapshot
from ..sources.base import in_sorted

__all__ = ["compare", "row_hash"]

_MIX = np.uint64(0xBF58476D1CE4E5B9)
_SEED = np.uint64(0x9E3779B97F4A7C15)


def row_hash(columns: list[np.ndarray]) -> np.ndarray:
    """One 64-bit number per row from integer columns (a multiply-xorshift mix)."""
    n = len(columns[0]) if columns else 0
    h = np.full(n, _SEED, dtype=np.uint64)
    shift = np.uint64(31)
    for col in columns:
        h ^= col.view(np.uint64)
        h *= _MIX
        h ^= h >> shift
    return h


def _codes(before: pd.Series, after: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Text columns as integer codes shared by both sides (null: -1)."""
    codes, _ = pd.factorize(pd.concat([before, after], ignore_index=True), use_na_sentinel=True)
    codes = codes.astype(np.int64)
    return codes[: len(before)], codes[len(before) :]


def _bits(series: pd.Series) -> np.ndarray:
    """A float column as int64 bits: -0.0 as 0.0, every NaN alike."""
    x = series.to_numpy(dtype=np.float64) + 0.0
    x[np.isnan(x)] = np.nan
    return x.view(np.int64)


def _int_columns(b: pd.DataFrame, a: pd.DataFrame) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Each row's key and values as integer columns, for both sides alike."""
    out_b: list[np.ndarray] = []
    out_a: list[np.ndarray] = []
    for name in ("parent_asset_id", "child_asset_id", "sequence_order"):
        out_b.append(b[name].to_numpy(dtype=np.int64))
        out_a.append(a[name].to_numpy(dtype=np.int64))
    for name in ("relation_type", "operation_type"):
        cb, ca = _codes(b[name], a[name])
        out_b.append(cb)
        out_a.append(ca)
    for name in ("parent_start_time", "parent_end_time"):
        out_b.append(_bits(b[name]))
        out_a.append(_bits(a[name]))
    for df, out in ((b, out_b), (a, out_a)):
        frame = df["parent_frame"]
        missing = frame.isna().to_numpy()
        out.append(frame.fillna(0).to_numpy(dtype=np.int64))
        out.append(missing.astype(np.int64))
    return out_b, out_a


def _ranks(codes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each row's occurrence number among the rows of its side with the same code (0 for the
    first); computed by sorting only the codes that occur more than once (rare)."""
    rank = np.zeros(len(codes), dtype=np.int64)
    repeated = np.flatnonzero(counts[codes] > 1)
    if len(repeated):
        c = codes[repeated]
        order = np.argsort(c, kind="stable")
        ordered = c[order]
        starts = np.empty(len(ordered), dtype=bool)
        starts[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
        steps = np.arange(len(ordered))
        rank[repeated[order]] = steps - np.maximum.accumulate(np.where(starts, steps, 0))
    return rank


def _matched(b: pd.DataFrame, a: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Which before-rows and which after-rows cancel out (step 1), as boolean masks."""
    cols_b, cols_a = _int_columns(b, a)
    nb = len(b)
    n = nb + len(a)
    if n == 0:
        return np.zeros(0, bool), np.zeros(0, bool)
    # Equal hashes share a code (a hash table, no sort); per code, the first min(before,
    # after) rows of each side, in their order, are matched.
    codes, uniques = pd.factorize(np.concatenate([row_hash(cols_b), row_hash(cols_a)]))
    k = len(uniques)
    counts_b = np.bincount(codes[:nb], minlength=k)
    counts_a = np.bincount(codes[nb:], minlength=k)
    pairs = np.minimum(counts_b, counts_a)
    matched = np.concatenate(
        [
            _ranks(codes[:nb], counts_b) < pairs[codes[:nb]],
            _ranks(codes[nb:], counts_a) < pairs[codes[nb:]],
        ]
    )
    # Check every matched row against the first row of its code: exact equality.
    first = np.empty(k, dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)
    head = first[codes]
    wrong = np.zeros(n, dtype=bool)
    for cb, ca in zip(cols_b, cols_a, strict=True):
        full = np.concatenate([cb, ca])
        wrong |= matched & (full != full[head])
    if wrong.any():
        redo = np.isin(codes, np.unique(codes[wrong]))
        matched[redo] = False
        _match_exactly(np.flatnonzero(redo), nb, cols_b, cols_a, matched)
    return matched[:nb], matched[nb:]


def _match_exactly(
    rows: np.ndarray,
    nb: int,
    cols_b: list[np.ndarray],
    cols_a: list[np.ndarray],
    matched: np.ndarray,
) -> None:
    """Match the rows whose hashes collided, tuple by tuple (rare: at most a handful).
    ``rows`` are positions in both sides concatenated (before first)."""
    waiting: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for r in rows.tolist():
        if r < nb:
            waiting[tuple(int(c[r]) for c in cols_b)].append(r)
    for r in rows.tolist():
        if r >= nb:
            pending = waiting.get(tuple(int(c[r - nb]) for c in cols_a))
            if pending:
                matched[pending.pop(0)] = True
                matched[r] = True


def _pair(removed: pd.DataFrame, added: pd.DataFrame) -> tuple[pd.DataFrame, ...]:
    """Step 2: the leftover rows of each key paired in order of values."""
    fields = ["id", *KEY, *VALUES]
    if removed.empty or added.empty:  # nothing to pair (a refresh that changed nothing, …)
        none = {c: removed[c].iloc[:0] for c in KEY}
        for c in ("id", *VALUES):
            none |= {f"{c}_before": removed[c].iloc[:0], f"{c}_after": removed[c].iloc[:0]}
        empty = pd.DataFrame({c: none[c] for c in CHANGED_COLUMNS if c != "changes"})
        empty["changes"] = pd.Series([], dtype=object)
        return (
            removed[fields].reset_index(drop=True),
            added[fields].reset_index(drop=True),
            empty,
        )
    sort = [*KEY, *VALUES, "id"]
    rb = removed.sort_values(sort, kind="stable", na_position="last").reset_index(drop=True)
    ra = added.sort_values(sort, kind="stable", na_position="last").reset_index(drop=True)
    rb["_k"] = rb.groupby(list(KEY), dropna=False, sort=False).cumcount()
    ra["_k"] = ra.groupby(list(KEY), dropna=False, sort=False).cumcount()
    cols = ["id", *VALUES]
    both = rb.merge(
        ra, on=[*KEY, "_k"], how="outer", suffixes=("_before", "_after"), indicator=True
    )
    both = both.sort_values([*KEY, "_k"], kind="stable", na_position="last")
    gone = both[both["_merge"] == "left_only"]
    new = both[both["_merge"] == "right_only"]
    changed = both[both["_merge"] == "both"]

    # The outer merge fills the other side's columns with NaN (ids turn float): the rows of
    # one side get their own dtypes back.
    dtypes = {c: removed[c].dtype for c in fields}

    def side(frame: pd.DataFrame, suffix: str) -> pd.DataFrame:
        out = frame[[*(f"{c}{suffix}" for c in cols), *KEY]]
        out = out.rename(columns={f"{c}{suffix}": c for c in cols})
        return out[fields].reset_index(drop=True).astype(dtypes)

    changed = changed[[*KEY, *(f"{c}_{s}" for c in cols for s in ("before", "after"))]].reset_index(
        drop=True
    )
    changed = changed.astype({f"{c}_{s}": dtypes[c] for c in cols for s in ("before", "after")})
    changed["changes"] = [_what_changed(r) for r in changed.to_dict("records")]
    return side(gone, "_before"), side(new, "_after"), changed


def _what_changed(rec: dict[Any, Any]) -> str:
    def same(name: str) -> bool:
        x, y = plain(rec[f"{name}_before"]), plain(rec[f"{name}_after"])
        return x == y

    parts = []
    if not same("operation_type"):
        parts.append("operation_type")
    if not (same("parent_start_time") and same("parent_end_time")):
        parts.append("time span")
    if not same("parent_frame"):
        parts.append("frame")
    return ", ".join(parts)


def _asset_rows(snap: Snapshot, ids: np.ndarray) -> pd.DataFrame:
    """The summaries of ``ids`` as a diff lists them (thumbnail by pixsim7's rules)."""
    if len(ids) == 0:
        return pd.DataFrame({c: [] for c in ASSET_FIELDS})
    picked = snap.assets[in_sorted(np.sort(ids), snap.assets["id"].to_numpy())]
    records = [{str(k): plain(v) for k, v in r.items()} for r in picked.to_dict("records")]
    for rec in records:
        rec["thumbnail_url"] = thumbnails.thumbnail_url(rec)
    return pd.DataFrame(records, columns=list(ASSET_FIELDS))[list(ASSET_FIELDS)]


def _distinct(sorted_values: pd.Series) -> np.ndarray:
    """The distinct values of a sorted column."""
    v = sorted_values.to_numpy(dtype=np.int64)
    if len(v) < 2:
        return v
    keep = np.empty(len(v), dtype=bool)
    keep[0] = True
    np.not_equal(v[1:], v[:-1], out=keep[1:])
    return v[keep]


def compare(before: Snapshot, after: Snapshot) -> LineageDiff:
    """The differences from ``before`` to ``after`` (same owner and scope, checked by the
    caller)."""
    b, a = before.rows, after.rows
    keep_b, keep_a = _matched(b, a)
    rewritten = 0
    if keep_a.any():
        kept = pd.Series(a["id"].to_numpy(dtype=np.int64)[keep_a])
        rewritten = int((~kept.isin(b["id"].to_numpy(dtype=np.int64))).sum())
    removed, added, changed = _pair(b[~keep_b], a[~keep_a])
    # A snapshot's assets are in id order and its rows in child order: set differences of
    # sorted arrays, no sort.
    ids_b, ids_a = before.assets["id"].to_numpy(), after.assets["id"].to_numpy()
    vanished = ids_b[~in_sorted(ids_a, ids_b)]
    appeared = ids_a[~in_sorted(ids_b, ids_a)]
    children_b, children_a = _distinct(b["child_asset_id"]), _distinct(a["child_asset_id"])
    orphaned = children_b[~in_sorted(children_a, children_b)]
    return LineageDiff(
        added=added,
        removed=removed,
        changed=changed,
        appeared=_asset_rows(after, appeared),
        vanished=_asset_rows(before, vanished),
        orphaned=tuple(int(i) for i in orphaned),
        rewritten=rewritten,
        unchanged=int(keep_a.sum()),
        user_id=after.user_id,
        scope=after.scope,
        before_taken_at=before.taken_at,
        after_taken_at=after.taken_at,
        before_source=before.source,
        after_source=after.source,
        truncated=before.truncated or after.truncated,
    )
