"""The in-memory neighbour source over two DataFrames: CSR arrays in numpy.

For each scope (owner) it builds, once, two compressed adjacency lists over the
in-scope rows: parents and children of each asset, each in the row order of
:data:`.base.ROW_ORDER`. A query then costs array slices, never a scan of the table,
and networkx is built only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..model import schema
from ..model.records import MISSING_ORDER, json_value, normalise_frame
from ..model.results import EDGE_FIELDS
from .base import Described, FrameCatalog, Tables, in_sorted, made_by_frame
from .media import Pixsim7Media
from .order import ROW_ORDER

__all__ = ["ArraySource"]


class _Chunks:
    """An Arrow column as its chunks (a column read from the database is in pieces):
    gathering a few rows takes them from their chunks, where Arrow's own ``take`` on a
    chunked array first joins every chunk (a copy of the column for each answer)."""

    def __init__(self, column: pa.ChunkedArray) -> None:
        self.chunks = column.chunks
        self.starts = np.cumsum([0] + [len(c) for c in self.chunks])

    def take(self, rows: np.ndarray) -> list[Any]:
        if len(self.chunks) == 1:
            return list(self.chunks[0].take(pa.array(rows, type=pa.int64())).to_pylist())
        which = np.searchsorted(self.starts, rows, side="right") - 1
        out: list[Any] = [None] * len(rows)
        for c in np.unique(which).tolist():
            picked = np.flatnonzero(which == c)
            local = pa.array(rows[picked] - self.starts[c], type=pa.int64())
            for k, value in zip(
                picked.tolist(), self.chunks[c].take(local).to_pylist(), strict=True
            ):
                out[k] = value
        return out


Column = np.ndarray | _Chunks | None


def _column(df: pd.DataFrame, name: str) -> Column:
    """A column kept compact for gathering a few rows: numpy for plain numbers and
    booleans, Arrow for text and anything with nulls (no Python object per row)."""
    if name not in df.columns:
        return None
    series = df[name]
    if series.dtype.kind in "iufb":
        return series.to_numpy()
    try:
        return _Chunks(pa.chunked_array(pa.array(series, from_pandas=True)))
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types in a hand-made frame
        return series.to_numpy(dtype=object)


def _json_column(df: pd.DataFrame, name: str) -> Column:
    """A JSON column: text stays in Arrow (no copy of what the frame holds); documents
    already decoded (dicts in a hand-made frame) stay Python objects, as given."""
    if name not in df.columns:
        return None
    if pd.api.types.is_string_dtype(df[name].dtype) and df[name].dtype != object:
        return _column(df, name)
    return df[name].to_numpy(dtype=object)


def _values(col: Column, rows: np.ndarray) -> list[Any]:
    """One column's values at the given row positions, as Python values."""
    if col is None:
        return [None] * len(rows)
    if isinstance(col, np.ndarray):
        return list(col[rows].tolist())
    return col.take(rows)


def _gather(columns: Mapping[str, Column], rows: np.ndarray) -> list[dict]:
    """The given row positions as dicts of Python values (one gather per column)."""
    values = {name: _values(col, rows) for name, col in columns.items()}
    names = list(values)
    return [dict(zip(names, vals, strict=True)) for vals in zip(*values.values(), strict=True)]


class _Described(Mapping[int, tuple[dict[str, Any], int, int]]):
    """The :meth:`ArraySource.describe` answer, turned into Python values when first read."""

    def __init__(
        self,
        columns: Mapping[str, Column],
        ids: np.ndarray,
        rows: np.ndarray,
        parents: np.ndarray,
        children: np.ndarray,
        json_keys: Mapping[str, tuple[Column, str]],
    ) -> None:
        self._args: Any = (columns, ids, rows, parents, children, json_keys)
        self._ids = ids
        self._made: dict[int, tuple[dict[str, Any], int, int]] | None = None

    def _make(self) -> dict[int, tuple[dict[str, Any], int, int]]:
        if self._made is None:
            columns, ids, rows, parents, children, json_keys = self._args
            records = _gather(columns, rows)
            for name, (col, key) in json_keys.items():  # schema.SUMMARY_JSON
                for rec, doc in zip(records, _values(col, rows), strict=True):
                    rec[name] = json_value(doc, key)
            self._made = {
                int(i): (rec, p, c)
                for i, rec, p, c in zip(
                    ids.tolist(), records, parents.tolist(), children.tolist(), strict=True
                )
            }
        return self._made

    def __getitem__(self, key: int) -> tuple[dict[str, Any], int, int]:
        return self._make()[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self._make())

    def __len__(self) -> int:
        return len(self._ids)


class _Rows(Sequence[dict[str, Any]]):
    """The :meth:`ArraySource.edges_among` answer, turned into Python values when first read."""

    def __init__(self, columns: Mapping[str, Column], rows: np.ndarray):
        self._columns = columns
        self._rows = rows
        self._made: list[dict[str, Any]] | None = None

    def _make(self) -> list[dict[str, Any]]:
        if self._made is None:
            self._made = _gather(self._columns, self._rows)
        return self._made

    def __getitem__(self, index: Any) -> Any:
        return self._make()[index]

    def __len__(self) -> int:
        return len(self._rows)


@dataclass
class _Adjacency:
    ptr: np.ndarray  # len(ids) + 1 offsets into nbr/rows
    nbr: np.ndarray  # the neighbour of each row, grouped by node
    rows: np.ndarray  # the row's position in the lineage arrays


@dataclass
class _Scope:
    ids: np.ndarray  # sorted in-scope asset ids
    up: _Adjacency  # parents of each id
    down: _Adjacency  # children of each id


class ArraySource(FrameCatalog):
    """A :class:`~lineage_kit.sources.CatalogSource` over the two tables' DataFrames.

    It reads the DataFrames once, when it is made; :class:`~lineage_kit.Frames`
    makes a new one when its DataFrames change. It holds their columns, so that
    pandas (which copies on write) copies a column edited later rather than
    change the arrays this source reads.
    """

    def __init__(
        self, assets: pd.DataFrame, lineage: pd.DataFrame, media: Pixsim7Media | None = None
    ) -> None:
        self.media = media
        """How summaries report thumbnails (None: the environment's settings)."""
        self._held = [df[name] for df in (assets, lineage) for name in df.columns]
        self._tables = Tables(assets, lineage)
        self._catalog_assets: pd.DataFrame | None = None
        self._a_id = assets["id"].to_numpy(dtype=np.int64)
        self._a_user = assets["user_id"].to_numpy()
        order = np.argsort(self._a_id, kind="stable")
        self._a_sorted = self._a_id[order]
        self._a_pos = order
        self._a_cols = {name: _column(assets, name) for name in schema.SUMMARY_COLUMNS}
        # JSON documents stay text (Arrow, as the frame holds them: no copy); a key is read
        # for described rows only.
        self._a_json = {
            name: (_json_column(assets, col), key)
            for name, (col, key) in schema.SUMMARY_JSON.items()
        }
        self._parent = lineage["parent_asset_id"].to_numpy(dtype=np.int64)
        self._child = lineage["child_asset_id"].to_numpy(dtype=np.int64)
        # Sort keys only (int32 halves them); the row id and order are read back from _l_cols.
        self._seq = lineage["sequence_order"].fillna(MISSING_ORDER).to_numpy(dtype=np.int32)
        self._rid = lineage["id"].to_numpy(dtype=np.int64)
        self._row_dtype = np.int32 if len(lineage) < 2**31 else np.int64
        self._l_cols = {name: _column(lineage, name) for name in EDGE_FIELDS}
        self._scopes: dict[int | None, _Scope] = {}
        self._made_by: dict[int | None, pd.DataFrame] = {}

    # --- index building ---------------------------------------------------------------------
    def _scope(self, user_id: int | None) -> _Scope:
        scope = self._scopes.get(user_id)
        if scope is None:
            scope = self._scopes[user_id] = self._build(user_id)
        return scope

    def _build(self, user_id: int | None) -> _Scope:
        ids = self._a_sorted if user_id is None else np.sort(self._a_id[self._a_user == user_id])
        keep = np.flatnonzero(in_sorted(ids, self._parent) & in_sorted(ids, self._child))
        return _Scope(
            ids=ids,
            up=self._adjacency(ids, keep, upward=True),
            down=self._adjacency(ids, keep, upward=False),
        )

    def _adjacency(self, ids: np.ndarray, keep: np.ndarray, *, upward: bool) -> _Adjacency:
        near, far = (self._child, self._parent) if upward else (self._parent, self._child)
        by = {"sequence_order": self._seq, "id": self._rid}
        # lexsort's last key is the primary one: the node, then ROW_ORDER's keys.
        keys = [by[k][keep] for k in reversed(ROW_ORDER[upward])]
        rows = keep[np.lexsort((*keys, near[keep]))]
        rows = rows.astype(self._row_dtype)  # positions: 4 bytes per row is enough
        counts = np.bincount(np.searchsorted(ids, near[rows]), minlength=len(ids))
        ptr = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        return _Adjacency(ptr=ptr, nbr=far[rows], rows=rows)

    # --- the protocol -----------------------------------------------------------------------
    def contains(self, asset_id: int, user_id: int | None) -> bool:
        return _index(self._scope(user_id).ids, asset_id) >= 0

    def neighbours(
        self, frontier: Sequence[int], upward: bool, user_id: int | None, budget: int
    ) -> Iterator[tuple[int, int]]:
        scope = self._scope(user_id)
        adj = scope.up if upward else scope.down
        chunk = max(2 * budget, 16)  # a hub's 100,000 children are sliced, not all converted
        for node in frontier:
            i = _index(scope.ids, node)
            lo, hi = int(adj.ptr[i]), int(adj.ptr[i + 1])
            for start in range(lo, hi, chunk):
                for nbr in adj.nbr[start : min(hi, start + chunk)].tolist():
                    yield node, nbr

    def describe(self, ids: Sequence[int], user_id: int | None, count_limit: int) -> Described:
        scope = self._scope(user_id)
        wanted = np.fromiter(ids, dtype=np.int64, count=len(ids))
        at = np.searchsorted(scope.ids, wanted)  # every described id is in scope
        rows = self._a_pos[np.searchsorted(self._a_sorted, wanted)]
        parents = scope.up.ptr[at + 1] - scope.up.ptr[at]
        children = scope.down.ptr[at + 1] - scope.down.ptr[at]
        return _Described(self._a_cols, wanted, rows, parents, children, self._a_json)

    def edges_among(self, ids: Sequence[int], user_id: int | None) -> Sequence[Mapping[str, Any]]:
        scope = self._scope(user_id)
        wanted = np.unique(np.fromiter(ids, dtype=np.int64, count=len(ids)))
        at = np.searchsorted(scope.ids, wanted)
        # Every parent row of each wanted child (children in id order, rows in edge order),
        # gathered with one vectorised range expansion, then kept when the parent is wanted.
        lo, hi = scope.up.ptr[at], scope.up.ptr[at + 1]
        spans = hi - lo
        offsets = np.repeat(lo - np.cumsum(spans) + spans, spans) + np.arange(spans.sum())
        keep = in_sorted(wanted, scope.up.nbr[offsets])
        return _Rows(self._l_cols, scope.up.rows[offsets[keep]])

    # --- catalog (FrameCatalog) ------------------------------------------------------------
    def tables(self) -> Tables:
        return self._tables

    def catalog_assets(self, user_id: int | None) -> pd.DataFrame:
        if self._catalog_assets is None:
            self._catalog_assets = normalise_frame(self._tables.assets, schema.assets)
        df = self._catalog_assets
        return df if user_id is None else df[df["user_id"] == user_id]

    def made_by(self, user_id: int | None) -> pd.DataFrame:
        frame = self._made_by.get(user_id)
        if frame is None:
            rows = self._scope(user_id).up.rows  # every in-scope row, once
            ops = _gather({"operation_type": self._l_cols["operation_type"]}, rows)
            frame = made_by_frame(self._child[rows].tolist(), (r["operation_type"] for r in ops))
            self._made_by[user_id] = frame
        return frame


def _index(sorted_ids: np.ndarray, value: int) -> int:
    """Position of ``value`` in ``sorted_ids``, or -1."""
    i = int(sorted_ids.searchsorted(value))
    if i < len(sorted_ids) and sorted_ids[i] == value:
        return i
    return -1
