"""What a source answers, and the catalog vocabulary every source shares.

A *neighbour source* answers the four questions the one BFS asks
(:class:`NeighbourSource`); a *catalog source* also lists assets for a gallery
(:class:`CatalogSource`). Stores and :class:`~lineage_kit.Frames` hand out their
source through :class:`SourceProvider`. A source whose every question costs a
round trip may also gather a query's candidates at once (:class:`Prefetching`)
and answer the summaries and edges together (:class:`Summarising`).

What else a source can do is an *ability*, a protocol found on the source that
:func:`lineage_kit.as_source` returns, never by asking which class it is:
:class:`InDatabase` (it reads a SQL database, so whole-graph work such as the audit
and the search can run inside it as set-based SQL) and :class:`InMemory` (it holds
the two tables as DataFrames, so the same work runs in pandas).

The catalog's policy lives here, once: which filters exist and what they
mean (:class:`Filters`: pixsim7's search names and meanings, values compared
in value form, case-folded), which values the facets offer, and the listing
order (newest first, :mod:`.order`). The in-memory sources apply it through
:class:`FrameCatalog`; the SQL source states the same rules in SQL.

>>> Filters(media_type="VIDEO", operation_type="Video_Extend").items()
[('media_type', 'video'), ('operation_type', 'video_extend')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, runtime_checkable

import numpy as np
import pandas as pd

from ..model.records import normalise_details
from ..model.schema import media_type_value, operation_type_value
from .media import Pixsim7Media, media_settings
from .order import ROW_ORDER, newest_first_frame

__all__ = [
    "ASSET_FILTER_COLUMNS",
    "FACET_COLUMNS",
    "LINEAGE_FILTERS",
    "ROW_ORDER",
    "CatalogSource",
    "Described",
    "Filters",
    "FrameCatalog",
    "InDatabase",
    "InMemory",
    "NeighbourSource",
    "Prefetching",
    "SourceProvider",
    "Summarising",
    "Tables",
    "facet_list",
    "in_sorted",
    "made_by_frame",
    "media_of",
]

FACET_COLUMNS = ("media_type", "provider_id", "operation_type", "asset_operation_type")
"""The catalog's filters, which are also the facets' names (pixsim7's search names)."""

ASSET_FILTER_COLUMNS = {
    "media_type": "media_type",
    "provider_id": "provider_id",
    "asset_operation_type": "operation_type",
}
"""Filters on a column of the asset itself: filter name → ``assets`` column."""

LINEAGE_FILTERS = ("operation_type",)
"""Filters on the asset's lineage: ``operation_type`` asks whether an in-scope lineage row
with that operation has the asset as its child (pixsim7's ``operation_type`` search filter,
an EXISTS on ``asset_lineage``). Its column twin is ``asset_operation_type``."""

Described = Mapping[int, tuple[Mapping[str, Any], int, int]]
"""``{asset_id: (raw asset record, parent_count, child_count)}``.

A count is exact up to ``count_limit + 1`` at least (a source may stop counting
there); :func:`lineage_kit.model.results.capped` turns it into what a node reports.
"""


@runtime_checkable
class NeighbourSource(Protocol):
    """What the BFS needs from a graph. Every method honours the scope ``user_id``."""

    def contains(self, asset_id: int, user_id: int | None) -> bool:
        """Whether the asset exists in scope."""
        ...

    def neighbours(
        self, frontier: Sequence[int], upward: bool, user_id: int | None, budget: int
    ) -> Iterator[tuple[int, int]]:
        """Yield ``(frontier_node, neighbour)`` once per in-scope lineage row.

        Upward yields parents (rows where the frontier node is the child),
        otherwise children. Order: frontier order, then :data:`ROW_ORDER`.
        ``budget`` is how many *new* nodes the caller can still take plus one;
        a source may read lazily, since the caller stops iterating as soon as
        the answer is complete.
        """
        ...

    def describe(self, ids: Sequence[int], user_id: int | None, count_limit: int) -> Described:
        """For each id: ``(raw asset record, parent_count, child_count)``, the in-scope
        degree counted up to ``count_limit + 1`` at least (see :data:`Described`)."""
        ...

    def edges_among(self, ids: Sequence[int], user_id: int | None) -> Sequence[Mapping[str, Any]]:
        """Raw lineage rows whose parent and child are both in ``ids``."""
        ...


@runtime_checkable
class Prefetching(Protocol):
    """A source that gathers the candidates of a whole query in one go (optional)."""

    def prefetch(
        self,
        root: int,
        user_id: int | None,
        direction: str,
        max_depth: int,
        max_nodes: int,
        count_limit: int,
    ) -> NeighbourSource:
        """A source for this query's BFS: :meth:`NeighbourSource.contains` and
        :meth:`NeighbourSource.neighbours` answered from rows gathered up front,
        the same answers as ``self`` gives (it asks ``self`` for what it lacks).
        ``count_limit`` is the query's, for a source that summarises a guess at
        the answer at the same time."""
        ...


@runtime_checkable
class Summarising(Protocol):
    """A source that answers :meth:`~NeighbourSource.describe` and
    :meth:`~NeighbourSource.edges_among` of the same ids at once (optional)."""

    def summarise(
        self, ids: Sequence[int], user_id: int | None, count_limit: int
    ) -> tuple[Described, Sequence[Mapping[str, Any]]]: ...


@runtime_checkable
class CatalogSource(NeighbourSource, Protocol):
    """A neighbour source that can also list, facet and detail the scope's assets."""

    def list_ids(
        self, filters: Filters, offset: int, limit: int, user_id: int | None
    ) -> tuple[list[int], int]:
        """Ids of one page, newest first, and the total that match."""
        ...

    def facet_values(self, user_id: int | None) -> dict[str, list[str]]:
        """Distinct values of each of :data:`FACET_COLUMNS` in scope (see :func:`facet_list`)."""
        ...

    def details(self, ids: Iterable[int], user_id: int | None) -> dict[int, dict[str, Any]]:
        """Every column the kit reads for the in-scope ones of ``ids``, as plain values."""
        ...


class Tables(NamedTuple):
    """The two tables as a source holds them: ``assets`` and ``lineage`` rows, every owner."""

    assets: pd.DataFrame
    lineage: pd.DataFrame


@runtime_checkable
class InDatabase(Protocol):
    """Ability: the source reads a SQL database (:class:`~.sql.Database`), so whole-graph
    work (the audit, the search, bulk reads) can run inside it rather than in Python."""

    @property
    def db(self) -> Any:
        """The :class:`~lineage_kit.sources.sql.Database` it reads."""
        ...

    @property
    def counter(self) -> list[int]:
        """``counter[0]`` grows by the candidate rows its statements read."""
        ...


@runtime_checkable
class InMemory(Protocol):
    """Ability: the source holds the two tables as DataFrames (arrays, networkx), so
    whole-graph work runs over them in pandas."""

    def tables(self) -> Tables:
        """The tables as held: every owner's assets and every row (dangling ones too), so
        an audit can see what a scoped query never shows."""
        ...

    def catalog_assets(self, user_id: int | None) -> pd.DataFrame:
        """The scope's asset rows, normalised (see :class:`FrameCatalog`)."""
        ...


@runtime_checkable
class SourceProvider(Protocol):
    """An object that answers through a source of its own (a Store, Frames)."""

    def neighbour_source(self) -> CatalogSource: ...


def media_of(source: Any) -> Pixsim7Media:
    """How a source's summaries report thumbnails: its own ``media`` settings when it has
    them (a store's, a Frames' or a graph's), else the environment's."""
    media = getattr(source, "media", None)
    return media if isinstance(media, Pixsim7Media) else media_settings()


def _value_form(name: str, value: str) -> str:
    if name == "media_type":
        return str(media_type_value(value))
    if name in ("operation_type", "asset_operation_type"):
        return str(operation_type_value(value))
    return value


@dataclass(frozen=True)
class Filters:
    """The gallery's filters, named and meant as in pixsim7's asset search, in value form.

    ``media_type``, ``provider_id`` and ``asset_operation_type`` compare the
    asset's own columns (``asset_operation_type`` is ``assets.operation_type``,
    null for assets synced from a provider); ``operation_type`` asks whether an
    in-scope lineage row with that operation has the asset as its child (rows
    to another owner's or a missing parent do not count, as everywhere in the
    kit). Media and operation types compare case-insensitively (databases store
    enum labels such as ``VIDEO`` or legacy ``VIDEO_EXTEND``); providers
    compare as given.
    """

    media_type: str | None = None
    provider_id: str | None = None
    operation_type: str | None = None
    asset_operation_type: str | None = None

    def __post_init__(self) -> None:
        for name in FACET_COLUMNS:
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _value_form(name, value))

    def items(self) -> list[tuple[str, str]]:
        """The filters that are set, as ``(name, value)``."""
        return [(k, v) for k in FACET_COLUMNS if (v := getattr(self, k)) is not None]


def facet_list(name: str, values: Iterable[Any]) -> list[str]:
    """Distinct values of one facet in value form, sorted (nulls left out)."""
    return sorted({_value_form(name, str(v)) for v in values if v is not None})


class FrameCatalog:
    """The catalog of an in-memory source, from two views the source provides.

    A source gives :meth:`catalog_assets` (its normalised asset rows in scope)
    and :meth:`made_by` (its in-scope lineage rows' child and operation);
    listing, facets and details follow this module's rules the same way for
    the arrays and networkx.
    """

    def catalog_assets(self, user_id: int | None) -> pd.DataFrame:
        """The scope's asset rows, normalised (value-form enums, every column present)."""
        raise NotImplementedError

    def made_by(self, user_id: int | None) -> pd.DataFrame:
        """The scope's lineage rows as ``child_asset_id`` and ``operation_type`` (value form)."""
        raise NotImplementedError

    def tables(self) -> Tables:
        """The tables as held (:class:`InMemory`)."""
        raise NotImplementedError

    def list_ids(
        self, filters: Filters, offset: int, limit: int, user_id: int | None
    ) -> tuple[list[int], int]:
        df = self.catalog_assets(user_id)
        for name, value in filters.items():
            if name in LINEAGE_FILTERS:
                rows = self.made_by(user_id)
                made = rows.loc[rows["operation_type"] == value, "child_asset_id"]
                df = df[df["id"].isin(made)]
                continue
            column = df[ASSET_FILTER_COLUMNS[name]]
            stored = column.dropna().unique()  # compare each distinct spelling once
            df = df[column.isin([v for v in stored if _value_form(name, str(v)) == value])]
        df = newest_first_frame(df)
        return [int(i) for i in df["id"].iloc[offset : offset + limit]], len(df)

    def facet_values(self, user_id: int | None) -> dict[str, list[str]]:
        df = self.catalog_assets(user_id)
        out = {}
        for name in FACET_COLUMNS:
            if name in LINEAGE_FILTERS:
                values = self.made_by(user_id)["operation_type"]
            else:
                values = df[ASSET_FILTER_COLUMNS[name]]
            out[name] = facet_list(name, values.dropna().unique())
        return out

    def details(self, ids: Iterable[int], user_id: int | None) -> dict[int, dict[str, Any]]:
        df = self.catalog_assets(user_id)
        records: list[dict[str, Any]] = df[df["id"].isin(list(ids))].to_dict("records")  # type: ignore[assignment]
        return {int(r["id"]): normalise_details(r) for r in records}


def in_sorted(sorted_ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Vectorised ``values in sorted_ids`` (a boolean array like ``values``).

    >>> in_sorted(np.array([2, 5, 9]), np.array([5, 1, 9, 10])).tolist()
    [True, False, True, False]
    """
    if len(sorted_ids) == 0:
        return np.zeros(len(values), dtype=bool)
    pos = np.searchsorted(sorted_ids, values)
    pos[pos == len(sorted_ids)] = 0
    return np.asarray(sorted_ids[pos] == values)


def made_by_frame(children: Iterable[Any], operations: Iterable[Any]) -> pd.DataFrame:
    """The rows of :meth:`FrameCatalog.made_by`, operations put in value form."""
    frame = pd.DataFrame(
        {"child_asset_id": list(children), "operation_type": list(operations)},
        columns=["child_asset_id", "operation_type"],
    )
    ops = frame["operation_type"]
    mapping = {v: operation_type_value(str(v)) for v in ops.dropna().unique()}
    frame["operation_type"] = ops.map(mapping).astype(object).where(ops.notna(), None)
    return frame
