"""Small hand-made lineage graphs, and the three ways of asking the same question of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

import lineage_kit as lk
from lineage_kit.model.schema import asset_lineage, assets

from .pixsim_db import PixsimDB


@dataclass
class Graph:
    """Assets ``{id: user_id}`` and rows ``(id, parent, child, sequence_order[, relation])``."""

    owners: dict[int, int]
    rows: list[tuple[Any, ...]]
    extra: dict[str, Any] = field(default_factory=dict)

    def asset_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "id": i,
                "user_id": u,
                "media_type": "video" if i % 2 else "image",
                "provider_id": "pixverse",
                "provider_asset_id": f"p{i}",
                "description": f"asset {i}",
                "thumbnail_url": None,
                "is_archived": False,
            }
            for i, u in sorted(self.owners.items())
        ]

    def lineage_rows(self) -> list[dict[str, Any]]:
        out = []
        for r in self.rows:
            rid, parent, child, seq = r[:4]
            relation = r[4] if len(r) > 4 else "SOURCE_IMAGE"
            out.append(
                {
                    "id": rid,
                    "parent_asset_id": parent,
                    "child_asset_id": child,
                    "relation_type": relation,
                    "operation_type": "image_to_video",
                    "sequence_order": seq,
                    "parent_frame": None,
                    "parent_start_time": None,
                    "parent_end_time": None,
                }
            )
        return out

    def frames(self) -> lk.Frames:
        """The raw tables (dangling rows included), with a column the kit does not know."""
        a = pd.DataFrame(
            self.asset_rows(), columns=[c.name for c in assets.c if c.name != "media_metadata"]
        )
        a["unknown_extra"] = "x"
        lcols = [c.name for c in asset_lineage.c if c.name != "created_at"]
        lin = pd.DataFrame(self.lineage_rows(), columns=lcols)
        lin["influence_weight"] = 0.5
        return lk.Frames(a, lin)


def answers(
    db: PixsimDB, graph: Graph, root: int, sizes: tuple[int, int] | None = None, **kw: Any
) -> list[Any]:
    """The same query over the SQL store, Frames and networkx: results or exception types.

    The store answers twice: on its candidate path, and with candidates too few
    to use (``sizes``, default one row per node and one in all), so the BFS reads
    through the batched per-level path. Each answer's ``to_dict()`` made before its
    nodes and edges equals the one made from them.
    """
    db.load(graph.asset_rows(), graph.lineage_rows())
    frames = graph.frames()
    batched = db.store.neighbour_source()
    batched.sizes = sizes or (1, 1)
    out = []
    for source in (db.store, batched, frames, frames.to_networkx()):
        try:
            res = lk.lineage(source, root, **kw)
            direct = res.to_dict()  # made straight from the source's values
            assert res.nodes is not None and res.to_dict() == direct  # and from the objects
            out.append(direct)
        except lk.AssetNotFound as exc:
            out.append(("AssetNotFound", str(exc)))
    return out


def hub_rows(n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Asset 1, an image reused by ``n`` children (assets 2 … n+1): a hub."""
    assets = [
        {
            "id": i,
            "user_id": 1,
            "media_type": "image",
            "provider_id": "p",
            "provider_asset_id": str(i),
        }
        for i in range(1, n + 2)
    ]
    rows = [
        {
            "id": i,
            "parent_asset_id": 1,
            "child_asset_id": i + 1,
            "relation_type": "SOURCE_IMAGE",
            "operation_type": "image_to_video",
            "sequence_order": 0,
        }
        for i in range(1, n + 1)
    ]
    return assets, rows
