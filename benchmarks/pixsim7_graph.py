"""pixsim7's lineage graph endpoint, rebuilt for the comparison: its algorithm and its reads.

What ``GET /api/v1/lineage/graph/{asset_id}?depth=N`` does in pixsim7
(``pixsim7/backend/main/api/v1/lineage.py``, commit 3d20eed; read for this
benchmark, not copied), done here the same way
over the same tables, through the SQLAlchemy ORM as pixsim7 does, with a
session per request:

1. load the root asset (every column) and check its owner;
2. children first: ``depth`` times, load every lineage row (every column) whose
   parent is in the frontier with one ``IN`` list, keep each new child for
   the next frontier, make an edge record of each row;
3. the same upward through rows whose child is in the frontier;
4. load every reached asset (every column) with one ``IN`` list and make its
   node record (media type in value form, thumbnail and preview from the
   storage keys or else the remote URL, duration);
5. de-duplicate the edges on (parent, child, relation, sequence order).

No node cap, no order, no scope on assets other than the root, no degree counts.
(Nor a limit on the ``IN`` lists: a frontier of more than 65,535 ids, such as the
children of a 100,000-child hub, exceeds what the protocol can bind, there as here.)
The ORM classes are reflected from the database, so each row carries every
column the table has, as pixsim7's models do. pixsim7 runs on asyncpg; this runs
on the same psycopg driver as the kit, which favours neither.

Examples
--------
>>> graph = Pixsim7Graph("postgresql+psycopg://postgres@127.0.0.1/bench")  # doctest: +SKIP
>>> len(graph.graph(123, owner=24, depth=2)["nodes"])  # doctest: +SKIP
9
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.automap import automap_base
from sqlalchemy.orm import Session

__all__ = ["Pixsim7Graph"]


def _media_url(key: str | None) -> str | None:
    """pixsim7's ``storage_key_to_url``: a media route for a stored key."""
    return f"/api/v1/media/{key}" if key else None


class Pixsim7Graph:
    """The graph endpoint's logic over one database (a SQLAlchemy URL)."""

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url)
        base = automap_base()
        base.prepare(
            autoload_with=self.engine, reflection_options={"only": ["assets", "asset_lineage"]}
        )
        self.Asset = base.classes.assets
        self.Lineage = base.classes.asset_lineage

    def close(self) -> None:
        self.engine.dispose()

    def graph(self, asset_id: int, *, owner: int, depth: int = 2) -> dict[str, Any]:
        """The endpoint's answer: ``{root_asset_id, depth, nodes, edges}``."""
        with Session(self.engine) as db:
            asset = db.get(self.Asset, asset_id)
            if asset is None or asset.user_id != owner:
                raise LookupError(f"Asset not found: {asset_id}")
            down_nodes, down_edges = self._walk(db, asset_id, depth, downward=True)
            up_nodes, up_edges = self._walk(db, asset_id, depth, downward=False)
            ids = sorted(down_nodes | up_nodes)
            rows = db.scalars(sa.select(self.Asset).where(self.Asset.id.in_(ids))).all()
            nodes = [
                {
                    "id": n.id,
                    "media_type": str(n.media_type).lower(),
                    "provider_id": n.provider_id,
                    "thumbnail_url": _media_url(n.thumbnail_key) or n.remote_url,
                    "preview_url": _media_url(n.preview_key) or n.remote_url,
                    "duration_sec": n.duration_sec,
                }
                for n in rows
            ]
        seen: set[tuple[Any, ...]] = set()
        edges = []
        for edge in down_edges + up_edges:
            key = (edge["source"], edge["target"], edge["relation_type"], edge["sequence_order"])
            if key not in seen:
                seen.add(key)
                edges.append(edge)
        return {"root_asset_id": asset_id, "depth": depth, "nodes": nodes, "edges": edges}

    def _walk(
        self, db: Session, root: int, depth: int, *, downward: bool
    ) -> tuple[set[int], list[dict[str, Any]]]:
        lin = self.Lineage
        near, far = (
            ("parent_asset_id", "child_asset_id")
            if downward
            else (
                "child_asset_id",
                "parent_asset_id",
            )
        )
        reached = {root}
        edges: list[dict[str, Any]] = []
        frontier = [root]
        for _ in range(depth):
            if not frontier:
                break
            rows = db.scalars(sa.select(lin).where(getattr(lin, near).in_(frontier))).all()
            frontier = []
            for row in rows:
                other = getattr(row, far)
                if other not in reached:
                    reached.add(other)
                    frontier.append(other)
                edges.append(_edge(row))
        return reached, edges


def _edge(row: Any) -> dict[str, Any]:
    edge: dict[str, Any] = {
        "source": row.parent_asset_id,
        "target": row.child_asset_id,
        "relation_type": row.relation_type,
        "operation_type": str(row.operation_type).lower() if row.operation_type else None,
        "sequence_order": row.sequence_order,
    }
    if row.parent_start_time is not None or row.parent_end_time is not None:
        edge["time"] = {}
        if row.parent_start_time is not None:
            edge["time"]["start"] = row.parent_start_time
        if row.parent_end_time is not None:
            edge["time"]["end"] = row.parent_end_time
    if row.parent_frame is not None:
        edge["frame"] = row.parent_frame
    return edge
