"""What every export format draws: node attributes by id, edges in contract order, graph facts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InvalidArgumentType
from ..model.lineage import Lineage
from ..model.results import Edge
from ..sources import as_source
from ..sources.base import InMemory, media_of
from ..sources.frames import Frames

__all__ = ["DrawModel", "draw_model"]


@dataclass(frozen=True)
class DrawModel:
    """What every format draws: node attributes by id, edges in contract order, graph facts."""

    nodes: dict[int, dict[str, Any]]
    edges: list[Edge]
    meta: dict[str, Any]
    root: int | None


def draw_model(obj: Any) -> DrawModel:
    if isinstance(obj, Lineage):
        nodes = {n.id: {**n.asset.to_dict(), "depth": n.depth, **n.counts()} for n in obj.nodes}
        meta = {k: v for k, v in obj.to_dict().items() if k not in ("nodes", "edges")}
        return DrawModel(nodes, list(obj.edges), meta, obj.root_asset_id)
    try:
        src = as_source(obj)
    except InvalidArgumentType:
        src = None
    if isinstance(src, InMemory):
        graph = Frames(*src.tables(), media=media_of(src)).to_networkx()
        summary = media_of(src).asset
        nodes = {
            int(i): {
                **summary({**attrs, "id": i}).to_dict(),
                "parent_count": graph.in_degree(i),
                "child_count": graph.out_degree(i),
                "parent_count_capped": False,  # a whole graph's degrees are exact
                "child_count_capped": False,
            }
            for i, attrs in sorted(graph.nodes(data=True))
        }
        edges = sorted(
            (Edge.from_record(d) for _, _, d in graph.edges(data=True)), key=lambda e: e.sort_key
        )
        return DrawModel(nodes, edges, {"root_asset_id": None, "truncated": False}, None)
    raise InvalidArgumentType(
        "obj must be a lineage_kit.Lineage, lineage_kit.Frames or a networkx.MultiDiGraph, "
        f"not {type(obj).__name__}"
    )
