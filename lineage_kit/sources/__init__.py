"""Neighbour sources: the SQL database, DataFrames (as arrays) and networkx graphs.

:func:`as_source` turns whatever a user passes to a query into a
:class:`CatalogSource`; every source answers the same questions with the same
rules (:mod:`.base`).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..errors import InvalidArgumentType
from .base import CatalogSource, Filters, NeighbourSource, SourceProvider
from .graph import GraphSource

__all__ = [
    "CatalogSource",
    "Filters",
    "NeighbourSource",
    "SourceProvider",
    "as_catalog",
    "as_source",
]


def as_source(obj: Any) -> NeighbourSource:
    """Adapt a Store, Frames, networkx MultiDiGraph or ready source to a :class:`NeighbourSource`.

    >>> import lineage_kit as lk
    >>> isinstance(as_source(lk.connect()), CatalogSource)
    True
    """
    kind = _KINDS.get(type(obj))
    if kind is None:
        kind = _kind(obj)
        if kind:
            _KINDS[type(obj)] = kind  # the protocol checks look at the class: once per class
    if kind == "provider":
        return obj.neighbour_source()
    if kind == "graph":
        return GraphSource(obj)
    if kind == "source":
        return obj
    raise InvalidArgumentType(
        "source must be a lineage_kit Store, lineage_kit.Frames, a networkx.MultiDiGraph "
        f"or a NeighbourSource; got {type(obj).__name__}"
    )


_KINDS: dict[type, str] = {}


def _kind(obj: Any) -> str:
    if isinstance(obj, SourceProvider):
        return "provider"
    if isinstance(obj, nx.MultiDiGraph):
        return "graph"
    if isinstance(obj, NeighbourSource):
        return "source"
    return ""


def as_catalog(obj: Any) -> CatalogSource:
    """:func:`as_source`, for the callers that list assets too (every built-in source can)."""
    src = as_source(obj)
    if not isinstance(src, CatalogSource):
        raise InvalidArgumentType(f"{type(obj).__name__} cannot list assets (no catalog support)")
    return src
