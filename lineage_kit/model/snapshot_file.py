"""A snapshot as one Parquet file: what :meth:`Snapshot.save` writes and ``load_snapshot`` reads.

Why Parquet: it is typed and columnar (a million rows of integers and a few
repeated relation names take a few megabytes and read back in a fraction of a
second, with no parsing of text), pyarrow is already a dependency of the kit,
and any tool that reads Parquet (pandas, DuckDB, Spark) can open a snapshot
without the kit.

One file holds both tables: one schema with the lineage rows' columns
(:data:`~.snapshot.ROW_COLUMNS`), the asset columns prefixed ``asset.`` and a
``part`` column (``row`` or ``asset``). The rows are written first, as their own
row groups, then the assets; each part's columns are null in the other's. A reader
reads each part's row groups and columns alone. The schema's metadata key
``lineage_kit.snapshot`` holds a JSON header: the format number
(:data:`FORMAT`), the owner, the time, the scope, the source and each part's
row count. A file without it is not a snapshot; a file of another format is
refused with the format it has.
"""

from __future__ import annotations

import contextlib
import json
import os
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InvalidArgument, InvalidArgumentType, InvalidSnapshot
from ..files import cannot_write, check_path

__all__ = ["FORMAT", "HEADER_KEY", "read_parts", "refuse", "write_parts"]

FORMAT = 1
"""The snapshot file format this kit writes and reads."""
HEADER_KEY = b"lineage_kit.snapshot"
_PREFIX = "asset."


def _target(path: Any) -> Any:
    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise InvalidArgumentType(
            f"path must be a file path (str or os.PathLike), not {type(path).__name__}"
        )
    return check_path("path", path)


def _padded(table: pa.Table, schema: pa.Schema, part: str) -> pa.Table:
    n = table.num_rows
    columns = []
    for f in schema:
        if f.name == "part":
            columns.append(pa.array([part] * n, type=f.type) if n else pa.array([], f.type))
        elif f.name in table.column_names:
            columns.append(table.column(f.name).cast(f.type))
        else:
            columns.append(pa.nulls(n, type=f.type))
    return pa.Table.from_arrays(columns, schema=schema)


def write_parts(
    path: str | os.PathLike[str], rows: Any, assets: Any, header: dict[str, Any]
) -> None:
    """Write the two tables (DataFrames) and ``header`` (JSON values) to one file at ``path``
    (a temporary file beside it, renamed into place)."""
    target = _target(path)
    row_table = pa.Table.from_pandas(rows, preserve_index=False)
    asset_table = pa.Table.from_pandas(assets, preserve_index=False)
    asset_table = asset_table.rename_columns([_PREFIX + c for c in asset_table.column_names])
    fields = [pa.field("part", pa.string()), *row_table.schema, *asset_table.schema]
    head = {
        **header,
        "format": FORMAT,
        "rows": row_table.num_rows,
        "assets": asset_table.num_rows,
    }
    schema = pa.schema(fields, metadata={HEADER_KEY: json.dumps(head).encode()})
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with pq.ParquetWriter(tmp, schema) as writer:
            writer.write_table(_padded(row_table, schema, "row"))
            writer.write_table(_padded(asset_table, schema, "asset"))
        os.replace(tmp, target)
    except OSError as exc:
        raise cannot_write(exc, target) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def refuse(path: str | os.PathLike[str], why: str) -> InvalidSnapshot:
    """The one error for a file that is not a snapshot this kit reads."""
    return InvalidSnapshot(f"path: {path} is not a lineage_kit snapshot ({why})")


def read_parts(path: str | os.PathLike[str]) -> tuple[Any, Any, dict[str, Any]]:
    """The two tables (DataFrames) and the header of a file written by :func:`write_parts`;
    one clear error for anything else."""
    target = _target(path)
    if not target.is_file():
        raise InvalidArgument(f"path: no such file: {target}")
    try:
        pf = pq.ParquetFile(target)
    except (pa.ArrowException, OSError) as exc:
        raise refuse(target, f"not a Parquet file: {exc}") from None
    meta = pf.schema_arrow.metadata or {}
    if HEADER_KEY not in meta:
        raise refuse(target, "a Parquet file without the kit's header")
    try:
        header = json.loads(meta[HEADER_KEY])
        version = header["format"]
    except (ValueError, KeyError, TypeError):
        raise refuse(target, "its header is damaged") from None
    if version != FORMAT:
        raise InvalidSnapshot(
            f"path: {target} is a lineage_kit snapshot of format {version!r}; this version "
            f"of the kit reads format {FORMAT} (take the snapshot again, or use the kit "
            "that wrote it)"
        )
    try:
        rows, assets = _parts(pf, int(header["rows"]), int(header["assets"]))
    except (pa.ArrowException, OSError, ValueError, KeyError, TypeError) as exc:
        raise refuse(target, f"damaged: {exc}") from None
    return rows, assets, header


def _parts(pf: pq.ParquetFile, n_rows: int, n_assets: int) -> tuple[Any, Any]:
    names = pf.schema_arrow.names
    row_cols = [c for c in names if c != "part" and not c.startswith(_PREFIX)]
    asset_cols = [c for c in names if c.startswith(_PREFIX)]
    groups: list[int] = []
    seen = 0
    while seen < n_rows and len(groups) < pf.num_row_groups:
        seen += pf.metadata.row_group(len(groups)).num_rows
        groups.append(len(groups))
    rest = list(range(len(groups), pf.num_row_groups))
    if seen != n_rows or sum(pf.metadata.row_group(i).num_rows for i in rest) != n_assets:
        raise ValueError("the row counts do not match the header")
    rows = pf.read_row_groups(groups, columns=row_cols) if groups else _empty(pf, row_cols)
    assets = pf.read_row_groups(rest, columns=asset_cols) if rest else _empty(pf, asset_cols)
    assets = assets.rename_columns([c[len(_PREFIX) :] for c in asset_cols])
    return rows.to_pandas(), assets.to_pandas()


def _empty(pf: pq.ParquetFile, columns: list[str]) -> pa.Table:
    schema = pa.schema([pf.schema_arrow.field(c) for c in columns])
    return schema.empty_table()
