"""``Frames``: the two tables as pandas DataFrames, and their graph forms."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InvalidArgument, InvalidArgumentType
from ..model import schema
from ..model.records import normalise_frame, plain_records
from .arrays import ArraySource
from .graph import graph_tables
from .media import Pixsim7Media, media_settings

__all__ = ["Frames"]


def _column_token(series: pd.Series) -> tuple[Any, ...]:
    """What identifies a column's data: the address of its values, whatever holds them.

    Only addresses are compared: the wrapper objects pandas hands out (a datetime
    column's array, for one) are new on every access.
    """
    if isinstance(series.dtype, np.dtype):  # numbers, datetimes, objects: one numpy buffer
        data = series.to_numpy()
        return (len(data), data.__array_interface__["data"][0], data.dtype.str)
    array = series.array
    if hasattr(array, "__arrow_array__"):  # Arrow-backed text: its (immutable) Arrow data
        return (len(array), id(array.__arrow_array__()))
    asi8 = getattr(array, "asi8", None)  # zoned date-times: a new wrapper each time, one buffer
    if isinstance(asi8, np.ndarray):
        return (len(asi8), asi8.__array_interface__["data"][0], "asi8")
    return (len(array), id(array))


def _column_key(df: pd.DataFrame) -> tuple[Any, ...]:
    """The key through pandas' public API: a look at every column (~0.2 ms for twenty)."""
    return (id(df.index), tuple(df.columns), *(_column_token(s) for _, s in df.items()))


def _data_key(df: pd.DataFrame) -> tuple[Any, ...]:
    """A key that changes whenever the DataFrame's data, index or columns change.

    pandas copies on write: while the cache below holds a shallow copy of the
    DataFrame, any edit of it (``df.loc[...] = ...``, ``drop(inplace=True)``, a
    new column, new names) gives the DataFrame new arrays or axes, so the
    identities of its blocks' arrays and of its axes are the key: a microsecond,
    where :func:`_column_key` takes a look at every column. The blocks live in
    pandas' internals (``DataFrame._mgr``); a pandas without them gets the public look.
    """
    try:
        mgr = df._mgr
        return ("blocks", id(mgr), *map(id, mgr.axes), *(id(b.values) for b in mgr.blocks))
    except AttributeError:
        return ("columns", *_column_key(df))


def _held(df: pd.DataFrame) -> list[Any]:
    """What the cache holds so that the key's identities stay meaningful: a shallow copy
    (edits copy on write while it lives) and every object whose ``id`` is in the key."""
    held: list[Any] = [df.copy(deep=False), df.index, *(s for _, s in df.items())]
    mgr = getattr(df, "_mgr", None)
    if mgr is not None:
        held += [mgr, *mgr.axes, *(b.values for b in mgr.blocks)]
    return held


RENAMED = "Frames.lineage is now Frames.edges (the asset_lineage rows); lineage= is edges="


@dataclass(frozen=True, eq=False, init=False)  # holds DataFrames: compare with .equals()
class Frames:
    """The ``assets`` and ``asset_lineage`` tables (or a scoped part) as DataFrames.

    ``assets`` needs the columns ``id, user_id, media_type, provider_id,
    provider_asset_id``; ``edges`` (the ``asset_lineage`` rows) needs ``id,
    parent_asset_id, child_asset_id, relation_type, operation_type,
    sequence_order``. Other
    columns are kept and carried as attributes. Rows that point at an asset not
    in ``assets`` are kept here but never returned by a query.

    Queries answer from the DataFrames as they are at the time of the query:
    edit them in place and the next query sees the edit.

    ``media`` says how summaries report thumbnails (a store's frames carry the
    store's settings; ``None``: the environment's, see :func:`lineage_kit.connect`).

    Examples
    --------
    >>> import lineage_kit as lk
    >>> frames = lk.connect().frames(user_id=1)
    >>> g = frames.to_networkx()
    >>> g.number_of_edges(301, 310)   # image 301 is used twice by the transition
    2
    """

    assets: pd.DataFrame
    edges: pd.DataFrame
    media: Pixsim7Media | None = field(default=None, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def __init__(
        self,
        assets: pd.DataFrame,
        edges: pd.DataFrame | None = None,
        *,
        media: Pixsim7Media | None = None,
        lineage: pd.DataFrame | None = None,
    ) -> None:
        if lineage is not None:
            if edges is not None:
                raise InvalidArgument("give Frames its lineage rows once, as edges=")
            warnings.warn(RENAMED, DeprecationWarning, stacklevel=2)
            edges = lineage
        if edges is None:
            raise InvalidArgumentType("Frames needs edges: the asset_lineage rows as a DataFrame")
        object.__setattr__(self, "assets", assets)
        object.__setattr__(self, "edges", edges)
        object.__setattr__(self, "media", media)
        object.__setattr__(self, "_cache", {})
        self.__post_init__()

    @property
    def lineage(self) -> pd.DataFrame:
        """Deprecated name of :attr:`edges`."""
        warnings.warn(RENAMED, DeprecationWarning, stacklevel=2)
        return self.edges

    def __post_init__(self) -> None:
        for name, df, need in (
            ("assets", self.assets, schema.ASSETS_REQUIRED),
            ("edges", self.edges, schema.LINEAGE_REQUIRED),
        ):
            if not isinstance(df, pd.DataFrame):
                raise InvalidArgumentType(
                    f"Frames.{name} must be a pandas DataFrame, not {type(df).__name__}"
                )
            lacking = [c for c in need if c not in df.columns]
            if lacking:
                raise InvalidArgument(
                    f"Frames.{name} lacks column(s) {', '.join(lacking)}; "
                    f"required: {', '.join(need)}"
                )
        if self.media is not None and not isinstance(self.media, Pixsim7Media):
            raise InvalidArgumentType(
                "Frames.media must be None or the settings of a store (store.media), "
                f"not {type(self.media).__name__}"
            )
        if self.assets["id"].duplicated().any():
            dup = self.assets.loc[self.assets["id"].duplicated(), "id"].iloc[0]
            raise InvalidArgument(f"Frames.assets has duplicate id {dup}: ids must be unique")

    def __repr__(self) -> str:
        return f"Frames(assets={len(self.assets)} rows, edges={len(self.edges)} rows)"

    def neighbour_source(self) -> ArraySource:
        """The in-memory source for the DataFrames as they are now.

        Built on first use and kept while the DataFrames are unchanged; after an
        edit the next call builds a new one (finding out takes a few microseconds:
        the identities of the DataFrames' arrays, which pandas replaces on any
        edit while a copy is held). A loop of many queries can also take the
        source once and query it directly:

        >>> import lineage_kit as lk
        >>> frames = lk.connect().frames(user_id=1)
        >>> src = frames.neighbour_source()
        >>> [len(lk.lineage(src, i, user_id=1)) for i in (101, 310)]
        [3, 4]
        """
        key = (_data_key(self.assets), _data_key(self.edges))
        cached = self._cache.get("source")
        if cached is not None and cached[0] == key:
            source: ArraySource = cached[1]
        else:
            held = (_held(self.assets), _held(self.edges))
            source = ArraySource(self.assets, self.edges)
            self._cache["source"] = (key, source, held)
        source.media = self.media_settings()
        return source

    def media_settings(self) -> Pixsim7Media:
        """The media settings in force: the Frames' own, else the environment's."""
        return self.media if self.media is not None else media_settings()

    @classmethod
    def from_networkx(cls, graph: nx.MultiDiGraph) -> Frames:
        """The tables behind a MultiDiGraph parent → child (the inverse of :meth:`to_networkx`).

        Node attributes become asset columns, edge attributes lineage columns;
        an edge without an ``id`` gets its key.

        >>> import lineage_kit as lk
        >>> g = lk.connect().frames(user_id=2).to_networkx()
        >>> sorted(Frames.from_networkx(g).assets["id"])
        [701, 702, 703]
        """
        assets, lineage = graph_tables(graph)
        attrs = graph.graph
        media = None
        if attrs.get("pixsim7_url") is not None or attrs.get("media_dir") is not None:
            media = media_settings(attrs.get("pixsim7_url"), attrs.get("media_dir"))
        return cls(assets, lineage, media=media)

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph: a MultiDiGraph parent → child keyed by lineage row id.

        Nodes carry every ``assets`` column; edges carry every ``lineage``
        column. Rows with an end missing from ``assets`` are left out. The
        graph's attributes carry the Frames' media settings, if any
        (``pixsim7_url``, ``media_dir``), so it gives the same summaries.
        """
        g = nx.MultiDiGraph(**(self.media.graph_attrs() if self.media is not None else {}))
        assets = normalise_frame(self.assets, schema.assets)
        lineage = normalise_frame(self.edges, schema.asset_lineage)
        g.add_nodes_from((rec["id"], rec) for rec in plain_records(assets))
        known = set(g.nodes)
        g.add_edges_from(
            (rec["parent_asset_id"], rec["child_asset_id"], rec["id"], rec)
            for rec in plain_records(lineage)
            if rec["parent_asset_id"] in known and rec["child_asset_id"] in known
        )
        return g
