"""``Frames``: the two tables as pandas DataFrames, and their graph forms."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from . import schema

if TYPE_CHECKING:
    from .array_source import ArraySource

__all__ = ["Frames", "normalise_assets", "normalise_lineage"]


def _map_unique(series: pd.Series, fn: Any) -> pd.Series:
    """Apply ``fn`` once per distinct value (enum-like columns have a handful)."""
    values = series.dropna().unique()
    mapping = {v: fn(v) for v in values}
    return series.map(mapping).astype(object).where(series.notna(), None)


def normalise_assets(df: pd.DataFrame) -> pd.DataFrame:
    """Add absent optional columns as null; ``media_type`` and ``operation_type`` in value form."""
    df = df.copy()
    for name in schema.ASSETS_OPTIONAL:
        if name not in df.columns:
            df[name] = None
    df["media_type"] = _map_unique(df["media_type"], schema.media_type_value)
    df["operation_type"] = _map_unique(df["operation_type"], schema.operation_type_value)
    return df


def normalise_lineage(df: pd.DataFrame) -> pd.DataFrame:
    """Add absent optional columns as null; ``operation_type`` in lower-case value form."""
    df = df.copy()
    for name in schema.LINEAGE_OPTIONAL:
        if name not in df.columns:
            df[name] = None
    df["operation_type"] = _map_unique(df["operation_type"], schema.operation_type_value)
    return df


@dataclass(frozen=True)
class Frames:
    """The ``assets`` and ``asset_lineage`` tables (or a scoped part) as DataFrames.

    ``assets`` needs the columns ``id, user_id, media_type, provider_id,
    provider_asset_id``; ``lineage`` needs ``id, parent_asset_id,
    child_asset_id, relation_type, operation_type, sequence_order``. Other
    columns are kept and carried as attributes. Rows that point at an asset not
    in ``assets`` are kept here but never returned by a query.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> frames = lk.connect().frames(user_id=1)
    >>> g = frames.to_networkx()
    >>> g.number_of_edges(301, 310)   # image 301 is used twice by the transition
    2
    """

    assets: pd.DataFrame
    lineage: pd.DataFrame
    _source: list[ArraySource] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, df, need in (
            ("assets", self.assets, schema.ASSETS_REQUIRED),
            ("lineage", self.lineage, schema.LINEAGE_REQUIRED),
        ):
            if not isinstance(df, pd.DataFrame):
                raise TypeError(
                    f"Frames.{name} must be a pandas DataFrame, not {type(df).__name__}"
                )
            lacking = [c for c in need if c not in df.columns]
            if lacking:
                raise ValueError(
                    f"Frames.{name} lacks column(s) {', '.join(lacking)}; "
                    f"required: {', '.join(need)}"
                )
        if self.assets["id"].duplicated().any():
            dup = self.assets.loc[self.assets["id"].duplicated(), "id"].iloc[0]
            raise ValueError(f"Frames.assets has duplicate id {dup}: ids must be unique")

    def __repr__(self) -> str:
        return f"Frames(assets={len(self.assets)} rows, lineage={len(self.lineage)} rows)"

    def neighbour_source(self) -> ArraySource:
        """The in-memory neighbour source (built once, then reused)."""
        if not self._source:
            from .array_source import ArraySource

            self._source.append(ArraySource(self))
        return self._source[0]

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph: a MultiDiGraph parent → child keyed by lineage row id.

        Nodes carry every ``assets`` column; edges carry every ``lineage``
        column. Rows with an end missing from ``assets`` are left out.
        """
        g = nx.MultiDiGraph()
        assets = normalise_assets(self.assets)
        lineage = normalise_lineage(self.lineage)
        g.add_nodes_from((rec["id"], rec) for rec in _records(assets))
        known = set(g.nodes)
        g.add_edges_from(
            (rec["parent_asset_id"], rec["child_asset_id"], rec["id"], rec)
            for rec in _records(lineage)
            if rec["parent_asset_id"] in known and rec["child_asset_id"] in known
        )
        return g


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values, NaN as None."""
    from .result import _plain

    cols = list(df.columns)
    return [
        {c: _plain(v) for c, v in zip(cols, row, strict=True)}
        for row in df.itertuples(index=False, name=None)
    ]
