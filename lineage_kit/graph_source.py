"""networkx as a neighbour source: a MultiDiGraph parent → child.

Nodes are asset ids carrying at least ``user_id`` (for scoped queries) and the
summary attributes; edges carry the lineage row (``id``, ``relation_type``,
``operation_type``, ``sequence_order``, temporal fields). The edge key stands
in for a missing ``id``. :meth:`lineage_kit.Frames.to_networkx` builds such a graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import networkx as nx

from .catalog import FACET_COLUMNS, Filters, normalise_details

__all__ = ["GraphSource"]


class GraphSource:
    """A :class:`~lineage_kit.bfs.NeighbourSource` over a ``networkx.MultiDiGraph``."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph

    def contains(self, asset_id: int, user_id: int | None) -> bool:
        attrs = self.graph.nodes.get(asset_id)
        if attrs is None:
            return False
        return user_id is None or attrs.get("user_id") == user_id

    def _rows(
        self, node: int, upward: bool, user_id: int | None
    ) -> list[tuple[int, dict[str, Any]]]:
        """In-scope rows of ``node`` as ``(other end, row)``, by ``(sequence_order, id)``."""
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
        items.sort(key=lambda item: (item[1]["sequence_order"], item[1]["id"]))
        return items

    def neighbours(
        self, frontier: Sequence[int], upward: bool, user_id: int | None, budget: int
    ) -> Iterator[tuple[int, int]]:
        for node in frontier:
            for other, _ in self._rows(node, upward, user_id):
                yield node, other

    def describe(
        self, ids: Sequence[int], user_id: int | None
    ) -> dict[int, tuple[Mapping[str, Any], int, int]]:
        out: dict[int, tuple[Mapping[str, Any], int, int]] = {}
        for asset_id in ids:
            rec = {"id": asset_id, **self.graph.nodes[asset_id]}
            rec["id"] = asset_id
            parents = len(self._rows(asset_id, True, user_id))
            children = len(self._rows(asset_id, False, user_id))
            out[asset_id] = (rec, parents, children)
        return out

    def edges_among(self, ids: Sequence[int], user_id: int | None) -> list[Mapping[str, Any]]:
        wanted = set(ids)
        return [
            row
            for child in wanted
            for parent, row in self._rows(child, True, user_id)
            if parent in wanted
        ]

    # --- catalog (lineage_kit.catalog) -----------------------------------------------------
    def _scoped(self, user_id: int | None) -> list[dict[str, Any]]:
        return [
            normalise_details({**attrs, "id": n})
            for n, attrs in self.graph.nodes(data=True)
            if user_id is None or attrs.get("user_id") == user_id
        ]

    def list_ids(
        self, filters: Filters, offset: int, limit: int, user_id: int | None
    ) -> tuple[list[int], int]:
        recs = self._scoped(user_id)
        for name, value in filters.items():
            want = value.lower() if name in ("media_type", "operation_type") else value
            recs = [r for r in recs if r.get(name) == want]
        recs.sort(key=lambda r: r["id"], reverse=True)
        dated = [r for r in recs if r.get("created_at") is not None]
        dated.sort(key=lambda r: r["created_at"], reverse=True)  # stable: id desc within ties
        ordered = dated + [r for r in recs if r.get("created_at") is None]
        return [r["id"] for r in ordered[offset : offset + limit]], len(ordered)

    def facet_values(self, user_id: int | None) -> dict[str, list[str]]:
        recs = self._scoped(user_id)
        return {n: sorted({str(r[n]) for r in recs if r.get(n) is not None}) for n in FACET_COLUMNS}

    def details(self, ids: Iterable[int], user_id: int | None) -> dict[int, dict[str, Any]]:
        out = {}
        for i in ids:
            if self.contains(i, user_id):
                out[i] = normalise_details({**self.graph.nodes[i], "id": i})
        return out


def _row(parent: int, child: int, key: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    row = dict(data)
    row["parent_asset_id"] = parent
    row["child_asset_id"] = child
    row.setdefault("id", key)
    if row.get("sequence_order") is None:
        row["sequence_order"] = 0
    return row
