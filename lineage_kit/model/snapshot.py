"""A snapshot of lineage: the rows of one scope and the assets they join, at one moment.

A :class:`Snapshot` is a plain value: two DataFrames in fixed column orders
and dtypes (:data:`ROW_DTYPES`, :data:`ASSET_DTYPES`), the owner it was taken
for, when, from which source and over which part of the lineage
(:class:`Scope`). The same value comes from a database, from Frames, from a
networkx graph or from a file, so snapshots of any two of them compare.
:func:`lineage_kit.snapshot` takes one; :func:`lineage_kit.diff` compares two.

>>> import lineage_kit as lk
>>> snap = lk.snapshot(lk.connect(), user_id=2)
>>> snap
Snapshot(user_id=2, whole lineage: 1 row, 2 assets, from embedded sample)
>>> snap.rows[["parent_asset_id", "child_asset_id", "relation_type"]].values.tolist()
[[701, 702, 'SOURCE_IMAGE']]
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from .records import MISSING_ORDER, plain
from .rendering import render
from .schema import SUMMARY_COLUMNS, SUMMARY_JSON, media_type_value, operation_type_value
from .snapshot_file import read_parts, refuse, write_parts
from .validate import MAX_NODES_LIMIT

__all__ = [
    "ASSET_COLUMNS",
    "ASSET_DTYPES",
    "KEY",
    "ROW_COLUMNS",
    "ROW_DTYPES",
    "VALUES",
    "Scope",
    "Snapshot",
    "canonical_assets",
    "canonical_rows",
    "read_snapshot",
]

KEY = ("parent_asset_id", "child_asset_id", "relation_type", "sequence_order")
"""What identifies a row across a refresh: pixsim7 rewrites a child's rows with new ids and
``created_at`` but the same parent, relation and order (its unique index, ``uq_asset_lineage_edge``,
is on these four columns)."""
VALUES = ("operation_type", "parent_start_time", "parent_end_time", "parent_frame")
"""What a row with the same :data:`KEY` may have changed."""

ROW_DTYPES: dict[str, Any] = {
    "id": "int64",
    "parent_asset_id": "int64",
    "child_asset_id": "int64",
    "relation_type": "str",
    "operation_type": "str",
    "sequence_order": "int64",
    "parent_start_time": "float64",
    "parent_end_time": "float64",
    "parent_frame": "Int64",
    "created_at": "datetime64[us]",
}
"""The rows' columns (every ``asset_lineage`` column the kit reads) and dtypes."""
ROW_COLUMNS = tuple(ROW_DTYPES)

ASSET_COLUMNS = (*SUMMARY_COLUMNS, *SUMMARY_JSON)
"""What a snapshot keeps of each asset: the columns every source reads for a summary."""
ASSET_DTYPES: dict[str, Any] = {
    name: {"id": "int64", "user_id": "Int64", "is_archived": "boolean"}.get(name, "str")
    for name in ASSET_COLUMNS
}


@dataclass(frozen=True)
class Scope:
    """Which part of an owner's lineage a snapshot holds.

    ``roots=None``: all of it (every row whose two ends are the owner's). Otherwise
    the neighbourhoods of ``roots``: for each, the answer of
    ``lk.lineage(root, direction=…, max_depth=…, max_nodes=…)`` (its admitted assets
    and the rows between them), merged. Two snapshots compare only over the same scope.

    >>> Scope((310,), max_depth=2).describe()
    'neighbourhood of 310 (both, depth 2)'
    """

    roots: tuple[int, ...] | None = None
    direction: str = "both"
    max_depth: int = 1
    max_nodes: int = MAX_NODES_LIMIT

    def describe(self) -> str:
        if self.roots is None:
            return "whole lineage"
        ids = ", ".join(map(str, self.roots))
        cap = "" if self.max_nodes == MAX_NODES_LIMIT else f", up to {self.max_nodes} assets"
        plural = "s" if len(self.roots) > 1 else ""
        return f"neighbourhood{plural} of {ids} ({self.direction}, depth {self.max_depth}{cap})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "roots": None if self.roots is None else list(self.roots),
            "direction": self.direction,
            "max_depth": self.max_depth,
            "max_nodes": self.max_nodes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scope:
        roots = data.get("roots")
        return cls(
            roots=None if roots is None else tuple(int(r) for r in roots),
            direction=str(data.get("direction", "both")),
            max_depth=int(data.get("max_depth", 1)),
            max_nodes=int(data.get("max_nodes", MAX_NODES_LIMIT)),
        )


def _text(series: pd.Series) -> pd.Series:
    """Text (pandas' ``str`` dtype): numbers as their text, nulls as missing."""
    return series if str(series.dtype) == "str" else series.astype("str")


def _value_form(series: pd.Series, form: Any) -> pd.Series:
    """Labels in value form, converted once per distinct label (a column holds a handful)."""
    codes, labels = pd.factorize(series)
    forms = [form(v) for v in labels]
    if forms == list(labels):
        return series
    mapped = pd.array(forms, dtype="str").take(codes, allow_fill=True)
    return pd.Series(mapped, index=series.index, name=series.name)


def _ints(series: pd.Series, fill: int | None = None) -> pd.Series:
    """Integers: ``int64`` with nulls as ``fill``, or nullable ``Int64`` without a fill."""
    target = "int64" if fill is not None else "Int64"
    if str(series.dtype) == target:
        return series
    if series.dtype.kind in "iu":
        return series.astype("int64") if fill is not None else series.astype("Int64")
    numbers = pd.to_numeric(series, errors="coerce")
    if fill is not None:
        return numbers.fillna(fill).astype("int64")
    return numbers.astype("Int64")


def _moments(series: pd.Series) -> pd.Series:
    """Naive UTC moments (pixsim7 stores ``timestamp without time zone`` in UTC)."""
    if series.dtype == "datetime64[us]":
        return series
    if series.dtype.kind == "M":  # naive, another unit
        return series.astype("datetime64[us]")
    if series.isna().all():
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[us]")
    moments = pd.to_datetime(series, errors="coerce", utc=True)
    return moments.dt.tz_localize(None).astype("datetime64[us]")


def canonical_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Lineage rows in :data:`ROW_COLUMNS` order and dtypes, operations in value form, a
    missing ``sequence_order`` read as 0 (as pixsim7 writes it); absent columns are null."""
    out: dict[str, pd.Series] = {}
    n = len(df)
    for name, dtype in ROW_DTYPES.items():
        col = df[name] if name in df.columns else pd.Series([None] * n, index=df.index)
        if name == "operation_type":
            col = _value_form(_text(col), operation_type_value)
        elif dtype == "str":
            col = _text(col)
        elif name == "sequence_order":
            col = _ints(col, fill=MISSING_ORDER)
        elif name == "parent_frame":
            col = _ints(col)
        elif dtype == "int64":
            col = _ints(col, fill=-1) if col.isna().any() else _ints(col, fill=0)
        elif dtype == "float64":
            col = pd.to_numeric(col, errors="coerce").astype("float64")
        else:
            col = _moments(col)
        out[name] = col
    return pd.DataFrame(out, columns=list(ROW_COLUMNS)).reset_index(drop=True)


def canonical_assets(df: pd.DataFrame) -> pd.DataFrame:
    """Asset summaries in :data:`ASSET_COLUMNS` order and dtypes (media types in value form)."""
    out: dict[str, pd.Series] = {}
    n = len(df)
    for name, dtype in ASSET_DTYPES.items():
        col = df[name] if name in df.columns else pd.Series([None] * n, index=df.index)
        if name == "media_type":
            col = _value_form(_text(col), media_type_value)
        elif dtype == "str":
            col = _text(col)
        elif dtype == "boolean":
            col = col.astype(object).where(col.notna(), None).astype("boolean")
        else:
            col = _ints(col) if dtype == "Int64" else _ints(col, fill=0)
        out[name] = col
    return pd.DataFrame(out, columns=list(ASSET_COLUMNS)).reset_index(drop=True)


def _in_edge_order(rows: pd.DataFrame) -> bool:
    """Whether the rows are in ``(child_asset_id, sequence_order, id)`` order (no sort)."""
    if len(rows) < 2:
        return True
    keys = [rows[c].to_numpy() for c in ("child_asset_id", "sequence_order", "id")]
    later = np.zeros(len(rows) - 1, dtype=bool)  # row i+1 sorts strictly after row i
    tied = np.ones(len(rows) - 1, dtype=bool)
    for k in keys:
        later |= tied & (k[1:] > k[:-1])
        tied &= k[1:] == k[:-1]
    return bool((later | tied).all())


@dataclass(frozen=True, eq=False)  # holds DataFrames: compare with equals()
class Snapshot:
    """Lineage rows of one scope and the assets they join, as they were at ``taken_at``.

    Parameters
    ----------
    rows
        The in-scope ``asset_lineage`` rows (both ends the owner's), in
        ``(child_asset_id, sequence_order, id)`` order, columns :data:`ROW_COLUMNS`.
    assets
        The summaries of the assets those rows join (and of the scope's roots), by id,
        columns :data:`ASSET_COLUMNS`.
    user_id
        The owner it was taken for (``None``: every owner).
    taken_at
        When the rows were read (UTC), or ``None`` when unknown (a snapshot made
        from a :class:`~lineage_kit.Lineage` answer).
    scope
        The part of the lineage it covers (:class:`Scope`).
    source
        What it was read from (a database's label, ``Frames(…)``, ``networkx``).
    truncated
        A neighbourhood met its ``max_nodes`` cap: rows past the cap are not in it.
    """

    rows: pd.DataFrame
    assets: pd.DataFrame
    user_id: int | None
    taken_at: datetime | None
    scope: Scope = field(default_factory=Scope)
    source: str = ""
    truncated: bool = False

    def __post_init__(self) -> None:
        rows = self.rows
        if list(rows.columns) != list(ROW_COLUMNS) or any(
            str(rows[c].dtype) != str(d) for c, d in ROW_DTYPES.items()
        ):
            rows = canonical_rows(rows)
        if not _in_edge_order(rows):
            rows = rows.sort_values(["child_asset_id", "sequence_order", "id"], kind="stable")
            rows = rows.reset_index(drop=True)
        object.__setattr__(self, "rows", rows)
        assets = self.assets
        if list(assets.columns) != list(ASSET_COLUMNS) or any(
            str(assets[c].dtype) != str(d) for c, d in ASSET_DTYPES.items()
        ):
            assets = canonical_assets(assets)
        ids = assets["id"].to_numpy()
        if len(ids) > 1 and not (ids[1:] > ids[:-1]).all():
            assets = assets.drop_duplicates("id").sort_values("id", kind="stable")
            assets = assets.reset_index(drop=True)
        object.__setattr__(self, "assets", assets)
        if self.taken_at is not None and self.taken_at.tzinfo is None:
            object.__setattr__(self, "taken_at", self.taken_at.replace(tzinfo=UTC))

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def scope_text(self) -> str:
        return self.scope.describe() + (" — truncated" if self.truncated else "")

    def when(self) -> str:
        """``taken_at`` as shown: ``2026-12-07 14:02:11 UTC``, or ``unknown time``."""
        if self.taken_at is None:
            return "unknown time"
        return self.taken_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

    def equals(self, other: Snapshot) -> bool:
        """Same rows, assets, owner, scope and time (a file read back equals what was saved)."""
        return (
            isinstance(other, Snapshot)
            and self.user_id == other.user_id
            and self.taken_at == other.taken_at
            and self.scope == other.scope
            and self.truncated == other.truncated
            and self.rows.equals(other.rows)
            and self.assets.equals(other.assets)
        )

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the snapshot to one Parquet file (see :func:`lineage_kit.load_snapshot`).

        The file is written beside ``path`` and renamed into place, so a reader never
        sees half a snapshot; an existing file is replaced.
        """
        header = {
            "user_id": self.user_id,
            "taken_at": None if self.taken_at is None else self.taken_at.isoformat(),
            "scope": self.scope.to_dict(),
            "source": self.source,
            "truncated": self.truncated,
        }
        write_parts(path, self.rows, self.assets, header)

    def __repr__(self) -> str:
        rows, assets = len(self.rows), len(self.assets)
        owner = "all owners" if self.user_id is None else f"user_id={self.user_id}"
        return (
            f"Snapshot({owner}, {self.scope_text}: {rows} row{'s' * (rows != 1)}, "
            f"{assets} asset{'s' * (assets != 1)}, from {self.source or 'unknown source'})"
        )

    def _repr_html_(self) -> str:
        head = self.rows.head(20)
        records = [{k: plain(v) for k, v in rec.items()} for rec in head.to_dict("records")]
        return render("snapshot.html.j2", snap=self, rows=records, shown=len(head))


def read_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """The snapshot in a file written by :meth:`Snapshot.save` (see :mod:`.snapshot_file`)."""
    rows, assets, header = read_parts(path)
    lacking = [c for c in ROW_COLUMNS if c not in rows.columns]
    lacking += [f"asset.{c}" for c in ASSET_COLUMNS if c not in assets.columns]
    if lacking:
        raise refuse(path, f"damaged: column(s) {', '.join(lacking)} missing")
    try:
        taken = header.get("taken_at")
        return Snapshot(
            rows=rows,
            assets=assets,
            user_id=header["user_id"],
            taken_at=None if taken is None else datetime.fromisoformat(taken),
            scope=Scope.from_dict(header["scope"]),
            source=str(header.get("source", "")),
            truncated=bool(header.get("truncated", False)),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise refuse(path, f"damaged: {exc}") from None
