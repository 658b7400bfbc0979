"""Cycles among lineage rows: the strongly connected groups of a set of rows (networkx)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

__all__ = ["cycle_facts"]


def cycle_facts(candidates: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``(group key, id, parent, child)`` of the rows whose two ends share a cycle.

    The group key is the largest asset id of the strongly connected group.
    """
    rows = [(int(i), int(s), int(d)) for i, s, d in candidates]
    graph = nx.DiGraph()
    graph.add_edges_from((s, d) for _, s, d in rows)
    comp = {
        node: max(group)
        for group in nx.strongly_connected_components(graph)
        if len(group) > 1
        for node in group
    }
    return [(comp[s], i, s, d) for i, s, d in rows if s in comp and comp[s] == comp.get(d)]
