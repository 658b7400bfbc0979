"""Reading a snapshot from a source: a database, Frames, a networkx graph, or an answer.

A whole owner's lineage is read where it lives: from a database in two bulk
reads (ADBC/Arrow on PostgreSQL, the same path as ``store.frames()``, with its
progress bar), from an in-memory source out of the tables it holds. A
neighbourhood is the bounded query's answer, once per root; a
:class:`~lineage_kit.Lineage` answer already is one and becomes a snapshot
without reading anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InvalidArgument, InvalidArgumentType
from ..model.lineage import Lineage
from ..model.records import json_value
from ..model.results import EDGE_FIELDS
from ..model.schema import SUMMARY_JSON, SUMMARY_JSON_UNLESS
from ..model.snapshot import ASSET_COLUMNS, ASSET_DTYPES, ROW_DTYPES, Scope, Snapshot
from ..model.validate import (
    MAX_DEPTH_LIMIT,
    MAX_NODES_LIMIT,
    bounded_int,
    check_asset_id,
    check_user_id,
)
from ..query import lineage
from ..sources import as_source
from ..sources.base import InDatabase, InMemory, in_sorted
from ..sources.sql.bulk import read_frames

__all__ = ["ROOTS_MAX", "answer_snapshot", "read_snapshot_of", "scope_of"]

ROOTS_MAX = 1_000
"""At most this many assets' neighbourhoods in one snapshot (one bounded query each)."""


def now() -> datetime:
    return datetime.now(UTC)


def scope_of(assets: Any, depth: Any, user_id: int | None) -> Scope:
    """The :class:`Scope` that ``snapshot(..., assets=assets, depth=depth)`` asks for."""
    if assets is None:
        return Scope()
    if isinstance(assets, Lineage):
        if assets.user_id != user_id:
            raise InvalidArgument(
                f"assets: the Lineage answer was asked for user_id={assets.user_id}, "
                f"not user_id={user_id}; take the snapshot for the answer's owner"
            )
        return Scope((assets.root_asset_id,), assets.direction, assets.max_depth, assets.max_nodes)
    max_depth = bounded_int("depth", depth, 0, MAX_DEPTH_LIMIT)
    if isinstance(assets, (int, np.integer)) and not isinstance(assets, bool):
        ids: Iterable[Any] = [assets]
    elif isinstance(assets, (str, bytes)) or not isinstance(assets, Iterable):
        raise InvalidArgumentType(
            "assets must be None (the whole lineage), an asset id, a list of asset ids or a "
            f"Lineage answer; got {type(assets).__name__}"
        )
    else:
        ids = assets
    roots = sorted({check_asset_id(i, "assets") for i in ids})
    if not roots or len(roots) > ROOTS_MAX:
        raise InvalidArgument(f"assets must name 1 to {ROOTS_MAX} asset ids; got {len(roots)}")
    return Scope(tuple(roots), "both", max_depth, MAX_NODES_LIMIT)


def read_snapshot_of(
    source: Any, user_id: Any, scope: Scope, progress: bool | None = None
) -> Snapshot:
    """The snapshot of ``scope`` for ``user_id``, read from ``source`` now."""
    uid = check_user_id(user_id)
    src = as_source(source)
    taken_at = now()
    if scope.roots is not None:
        answers = [
            lineage(
                src,
                root,
                user_id=uid,
                direction=scope.direction,
                max_depth=scope.max_depth,
                max_nodes=scope.max_nodes,
            )
            for root in scope.roots
        ]
        rows, assets, truncated = _from_answers(answers, uid)
        return Snapshot(rows, assets, uid, taken_at, scope, _label(src), truncated)
    if isinstance(src, InDatabase):
        assets, rows = read_frames(src.db, uid, progress, asset_columns=ASSET_COLUMNS)
    elif isinstance(src, InMemory):
        assets, rows = _in_memory(src, uid)
    else:
        raise InvalidArgumentType(
            f"cannot read a snapshot from a {type(source).__name__}: give a lineage_kit Store, "
            "lineage_kit.Frames or a networkx.MultiDiGraph"
        )
    return Snapshot(rows, _joined(assets, rows), uid, taken_at, scope, _label(src))


def _label(src: Any) -> str:
    if isinstance(src, InDatabase):
        return str(src.db.label)
    if isinstance(src, InMemory):
        assets, rows = src.tables()
        return f"tables in memory ({len(assets)} assets, {len(rows)} rows)"
    return type(src).__name__


def _joined(assets: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The assets the rows join (each row's two ends), in id order."""
    ends = np.unique(
        np.concatenate(
            [rows[c].to_numpy(dtype=np.int64) for c in ("parent_asset_id", "child_asset_id")]
        )
    )
    ids = assets["id"].to_numpy(dtype=np.int64)
    joined = in_sorted(ends, ids)
    kept = assets if joined.all() else assets[joined]  # (a copy of every column otherwise)
    ids = kept["id"].to_numpy(dtype=np.int64)
    if len(ids) > 1 and not (ids[1:] > ids[:-1]).all():  # a database's order is usually ids'
        kept = kept.iloc[np.argsort(ids, kind="stable")]
    return kept


def _in_memory(src: Any, uid: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The scope's assets (with the summary's JSON keys read) and in-scope rows."""
    assets, rows = src.tables()
    owner = pd.to_numeric(assets["user_id"], errors="coerce")
    mine = assets if uid is None else assets[(owner == uid).to_numpy()]
    ids = np.sort(mine["id"].to_numpy(dtype=np.int64))
    parent = rows["parent_asset_id"].to_numpy(dtype=np.int64)
    child = rows["child_asset_id"].to_numpy(dtype=np.int64)
    scoped = rows[in_sorted(ids, parent) & in_sorted(ids, child)]
    out = {name: mine[name] for name in ASSET_COLUMNS if name in mine.columns}
    for name, (column, key) in SUMMARY_JSON.items():
        if column not in mine.columns:
            continue
        unless = SUMMARY_JSON_UNLESS.get(name)
        need = mine[column].notna()
        if unless is not None and unless in mine.columns:
            need &= mine[unless].isna() | (mine[unless].astype(object) == "")
        values = pd.Series([None] * len(mine), index=mine.index, dtype=object)
        values[need] = [json_value(doc, key) for doc in mine.loc[need, column]]
        out[name] = values
    return pd.DataFrame(out, index=mine.index), scoped


def _from_answers(
    answers: list[Lineage], uid: int | None
) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """The answers' rows and assets, merged, as typed columns (no conversion afterwards)."""
    edges: dict[int, Any] = {}
    nodes: dict[int, Any] = {}
    for res in answers:
        for e in res.edges:
            edges.setdefault(e.id, e)
        for n in res.nodes:
            nodes.setdefault(n.id, n.asset)
    row_values = {
        name: [getattr(e, name) for e in edges.values()] for name in ROW_DTYPES if name in EDGES
    }
    rows = pd.DataFrame(
        {
            name: pd.array(row_values[name], dtype=dtype)
            if name in row_values
            else pd.array([None] * len(edges), dtype=dtype)
            for name, dtype in ROW_DTYPES.items()
            if name != "created_at"
        }
    )
    rows["created_at"] = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[us]")
    asset_values = {
        name: [uid if name == "user_id" else getattr(a, name, None) for a in nodes.values()]
        for name in ASSET_COLUMNS
    }
    assets = pd.DataFrame(
        {name: pd.array(asset_values[name], dtype=ASSET_DTYPES[name]) for name in ASSET_COLUMNS}
    )
    return rows, assets, any(res.truncated for res in answers)


EDGES = frozenset(EDGE_FIELDS)


def answer_snapshot(res: Lineage) -> Snapshot:
    """A :class:`~lineage_kit.Lineage` answer as a snapshot of its neighbourhood (read now is
    when it was answered, which the answer does not record: ``taken_at`` is ``None``)."""
    rows, assets, truncated = _from_answers([res], res.user_id)
    scope = Scope((res.root_asset_id,), res.direction, res.max_depth, res.max_nodes)
    return Snapshot(rows, assets, res.user_id, None, scope, "a Lineage answer", truncated)
