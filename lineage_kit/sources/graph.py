"""networkx as a neighbour source: a MultiDiGraph parent → child.

Nodes are asset ids carrying at least ``user_id`` (for scoped queries) and the
summary attributes; edges carry the lineage row (``id``, ``relation_type``,
``operation_type``, ``sequence_order``, temporal fields). The edge key stands
in for a missing ``id``. :meth:`lineage_kit.Frames.to_networkx` builds such a graph.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import networkx as nx
import pandas as pd

from ..model import schema
from ..model.records import normalise_frame, order_or_zero
from .base import Described, FrameCatalog, Tables, made_by_frame
from .media import media_settings
from .order import ROW_KEY

__all__ = ["GraphSource", "graph_tables"]


class GraphSource(FrameCatalog):
    """A :class:`~lineage_kit.sources.CatalogSource` over a ``networkx.MultiDiGraph``."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        # A graph made by Frames.to_networkx carries the media settings it was made with.
        self.media = media_settings(graph.graph.get("pixsim7_url"), graph.graph.get("media_dir"))

    def contains(self, asset_id: int, user_id: int | None) -> bool:
        attrs = self.graph.nodes.get(asset_id)
        return attrs is not None and _owned(attrs, user_id)

    def _rows(
        self, node: int, upward: bool, user_id: int | None
    ) -> list[tuple[int, dict[str, Any]]]:
        """In-scope rows of ``node`` as ``(other end, row)``, in :data:`.base.ROW_ORDER`."""
        if upward:
            items = [
                (u, _row(u, node, k, d))
                for u, _, k, d in self.graph.in_edges(node, keys=True, data=True)
            ]
        else:
            items = [
                (v, _row(node, v, k, d))
                for _, v, k, d in self.graph.out_edges(node, keys=True, data=True)
            ]
        items = [(o, r) for o, r in items if self.contains(o, user_id)]
        key = ROW_KEY[upward]
        items.sort(key=lambda item: key(order_of(item[1]), item[1]["id"]))
        return items

    def neighbours(
        self, frontier: Sequence[int], upward: bool, user_id: int | None, budget: int
    ) -> Iterator[tuple[int, int]]:
        for node in frontier:
            for other, _ in self._rows(node, upward, user_id):
                yield node, other

    def describe(self, ids: Sequence[int], user_id: int | None, count_limit: int) -> Described:
        out = {}
        for asset_id in ids:
            rec = {**self.graph.nodes[asset_id], "id": asset_id}
            parents = self._degree(asset_id, True, user_id, count_limit + 1)
            children = self._degree(asset_id, False, user_id, count_limit + 1)
            out[asset_id] = (rec, parents, children)
        return out

    def _degree(self, node: int, upward: bool, user_id: int | None, stop: int) -> int:
        """In-scope rows of ``node`` in one direction, counted up to ``stop``."""
        ends = self.graph.predecessors(node) if upward else self.graph.successors(node)
        adjacency = self.graph.pred[node] if upward else self.graph.succ[node]
        n = 0
        for other in ends:
            if self.contains(other, user_id):
                n += len(adjacency[other])
                if n >= stop:
                    return stop
        return n

    def edges_among(self, ids: Sequence[int], user_id: int | None) -> list[Mapping[str, Any]]:
        wanted = set(ids)
        return [
            row
            for child in wanted
            for parent, row in self._rows(child, True, user_id)
            if parent in wanted
        ]

    # --- catalog (FrameCatalog) ------------------------------------------------------------
    def tables(self) -> Tables:
        return graph_tables(self.graph)

    def catalog_assets(self, user_id: int | None) -> pd.DataFrame:
        rows = [
            {**attrs, "id": n}
            for n, attrs in self.graph.nodes(data=True)
            if _owned(attrs, user_id)
        ]
        return normalise_frame(pd.DataFrame(rows, columns=None if rows else ["id"]), schema.assets)

    def made_by(self, user_id: int | None) -> pd.DataFrame:
        rows = [
            (v, d.get("operation_type"))
            for u, v, d in self.graph.edges(data=True)
            if self.contains(u, user_id) and self.contains(v, user_id)
        ]
        return made_by_frame((v for v, _ in rows), (op for _, op in rows))


def _owned(attrs: Mapping[str, Any], user_id: int | None) -> bool:
    """The owner scope over a node's attributes (every node for ``None``)."""
    return user_id is None or attrs.get("user_id") == user_id


def graph_tables(graph: nx.MultiDiGraph) -> Tables:
    """The tables behind a MultiDiGraph parent → child: node attributes become asset
    columns, edge attributes lineage columns; an edge without an ``id`` gets its key."""
    assets = pd.DataFrame([{**attrs, "id": n} for n, attrs in graph.nodes(data=True)])
    rows = [
        {**attrs, "id": attrs.get("id", key), "parent_asset_id": u, "child_asset_id": v}
        for u, v, key, attrs in graph.edges(keys=True, data=True)
    ]
    lineage = pd.DataFrame(rows, columns=None if rows else list(schema.LINEAGE_REQUIRED))
    if assets.empty:
        assets = pd.DataFrame(columns=list(schema.ASSETS_REQUIRED))
    return Tables(assets, lineage)


def order_of(row: Mapping[str, Any]) -> int:
    """A row's ``sequence_order`` as a number (graphs may hold NaN or nothing for it)."""
    return order_or_zero(row.get("sequence_order"))


def _row(parent: int, child: int, key: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    row = dict(data)
    row["parent_asset_id"] = parent
    row["child_asset_id"] = child
    row.setdefault("id", key)
    return row
