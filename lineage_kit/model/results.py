"""The answer of a bounded neighbourhood query: immutable, printable, convertible.

Every source hands the BFS raw values (numpy scalars, NaN, enum labels); the
constructors here turn them into plain Python values in one place, so the three
sources give equal results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from . import thumbnails
from .records import opt_bool, opt_float, opt_int, opt_str, order_or_zero, plain
from .rendering import render
from .schema import SUMMARY_COLUMNS, THUMBNAIL_INPUTS, media_type_value, operation_type_value

__all__ = ["ASSET_FIELDS", "EDGE_FIELDS", "Asset", "Edge", "Lineage", "Node"]

ASSET_EXTRAS = ("local_path", "is_archived")
"""Reported only when the source has them (DESIGN.md "Reading a real pixsim7 database")."""
ASSET_FIELDS = tuple(
    c for c in SUMMARY_COLUMNS if c != "user_id" and c not in (*ASSET_EXTRAS, *THUMBNAIL_INPUTS)
)
"""What every asset summary holds: :data:`~.schema.SUMMARY_COLUMNS` but the owner, the
extras and the columns read only to find the thumbnail."""
EDGE_FIELDS = (
    "id",
    "parent_asset_id",
    "child_asset_id",
    "relation_type",
    "operation_type",
    "sequence_order",
    "parent_start_time",
    "parent_end_time",
    "parent_frame",
)
"""What every edge holds: one ``asset_lineage`` row."""


@dataclass(frozen=True, slots=True)
class Asset:
    """An asset's summary, as a UI shows it.

    ``thumbnail_url`` is the one pixsim7's API reports for the asset
    (:mod:`lineage_kit.model.thumbnails`: from ``thumbnail_key``, the
    provider's thumbnail, the legacy column or, for images, the file), made
    absolute or read as a ``data:`` URI by the store's media settings;
    ``thumbnail_key`` is the storage key behind it, if any. ``remote_url`` is
    reported as pixsim7 does (Pixverse URLs normalised).
    """

    id: int
    media_type: str | None
    provider_id: str | None
    provider_asset_id: str | None
    thumbnail_url: str | None = None
    remote_url: str | None = None
    description: str | None = None
    local_path: str | None = None
    is_archived: bool | None = None
    thumbnail_key: str | None = None

    @classmethod
    def from_record(
        cls,
        rec: Mapping[str, Any],
        thumbnail: Callable[[Mapping[str, Any]], str | None] = thumbnails.thumbnail_url,
    ) -> Asset:
        """Build from a raw row (dict-like); absent keys read as null.

        ``thumbnail`` computes the thumbnail URL from the row (by default
        pixsim7's rule, relative to its server).

        >>> Asset.from_record({"id": 3, "media_type": "VIDEO", "thumbnail_key": "u/1/t/3.jpg"})
        ... # doctest: +NORMALIZE_WHITESPACE
        Asset(id=3, media_type='video', provider_id=None, provider_asset_id=None,
              thumbnail_url='/api/v1/media/u/1/t/3.jpg', remote_url=None, description=None,
              local_path=None, is_archived=None, thumbnail_key='u/1/t/3.jpg')
        """
        return cls(
            id=int(plain(rec["id"])),
            media_type=media_type_value(opt_str(rec.get("media_type"))),
            provider_id=opt_str(rec.get("provider_id")),
            provider_asset_id=opt_str(rec.get("provider_asset_id")),
            thumbnail_url=thumbnail(rec),
            thumbnail_key=opt_str(rec.get("thumbnail_key")),
            remote_url=thumbnails.remote_url(rec),
            description=opt_str(rec.get("description")),
            local_path=opt_str(rec.get("local_path")),
            is_archived=opt_bool(rec.get("is_archived")),
        )

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in ASSET_FIELDS}
        for name in ASSET_EXTRAS:
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out


@dataclass(frozen=True, slots=True)
class Edge:
    """One ``asset_lineage`` row: parent → child."""

    id: int
    parent_asset_id: int
    child_asset_id: int
    relation_type: str
    operation_type: str | None
    sequence_order: int
    parent_start_time: float | None = None
    parent_end_time: float | None = None
    parent_frame: int | None = None

    @classmethod
    def from_record(cls, rec: Mapping[str, Any]) -> Edge:
        return cls(
            id=int(plain(rec["id"])),
            parent_asset_id=int(plain(rec["parent_asset_id"])),
            child_asset_id=int(plain(rec["child_asset_id"])),
            relation_type=str(plain(rec["relation_type"])),
            operation_type=operation_type_value(opt_str(rec.get("operation_type"))),
            sequence_order=order_or_zero(rec.get("sequence_order")),
            parent_start_time=opt_float(rec.get("parent_start_time")),
            parent_end_time=opt_float(rec.get("parent_end_time")),
            parent_frame=opt_int(rec.get("parent_frame")),
        )

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in EDGE_FIELDS}

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """The contract's edge order: ``(child_asset_id, sequence_order, id)``."""
        return (self.child_asset_id, self.sequence_order, self.id)


@dataclass(frozen=True, slots=True)
class Node:
    """An admitted asset with its depth (ancestors < 0 < descendants) and full in-scope degree."""

    asset: Asset
    depth: int
    parent_count: int
    child_count: int

    @property
    def id(self) -> int:
        return self.asset.id

    def to_dict(self) -> dict[str, Any]:
        return {
            "asset": self.asset.to_dict(),
            "depth": self.depth,
            "parent_count": self.parent_count,
            "child_count": self.child_count,
        }


@dataclass(frozen=True)
class Lineage:
    """A bounded neighbourhood of one asset.

    Nodes are in admission order (the root first); edges in
    ``(child_asset_id, sequence_order, id)`` order, duplicate rows kept.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> res = lk.connect().lineage(102, user_id=1)
    >>> res.root_asset_id, [n.depth for n in res.nodes][:2]
    (102, [0, -1])
    """

    root_asset_id: int
    user_id: int | None
    direction: str
    max_depth: int
    max_nodes: int
    truncated: bool
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    _by_id: dict[int, Node] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {n.id: n for n in self.nodes})

    # --- access -------------------------------------------------------------------------
    @property
    def root(self) -> Node:
        return self._by_id[self.root_asset_id]

    def node(self, asset_id: int) -> Node:
        """The admitted node with this id (``KeyError`` when it was not admitted)."""
        return self._by_id[asset_id]

    def __contains__(self, asset_id: object) -> bool:
        return asset_id in self._by_id

    def __len__(self) -> int:
        return len(self.nodes)

    def parents_of(self, asset_id: int) -> list[Edge]:
        """Admitted rows where ``asset_id`` is the child, by ``(sequence_order, id)``."""
        return [e for e in self.edges if e.child_asset_id == asset_id]

    def children_of(self, asset_id: int) -> list[Edge]:
        """Admitted rows where ``asset_id`` is the parent, by ``id`` (creation order)."""
        rows = [e for e in self.edges if e.parent_asset_id == asset_id]
        return sorted(rows, key=lambda e: e.id)

    # --- conversions --------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (DESIGN.md "Result shape")."""
        return {
            "root_asset_id": self.root_asset_id,
            "direction": self.direction,
            "max_depth": self.max_depth,
            "max_nodes": self.max_nodes,
            "truncated": self.truncated,
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
        }

    def flat(self) -> dict[str, Any]:
        """The root's direct parents and children, one entry per lineage row.

        Each entry is the neighbour's asset summary plus the row's relation,
        operation, sequence order and temporal fields (and ``lineage_id``).
        Only admitted neighbours appear: a truncated result may list fewer.
        """

        def entry(edge: Edge, other: int) -> dict[str, Any]:
            out = self._by_id[other].asset.to_dict()
            out.update(
                lineage_id=edge.id,
                relation_type=edge.relation_type,
                operation_type=edge.operation_type,
                sequence_order=edge.sequence_order,
                parent_start_time=edge.parent_start_time,
                parent_end_time=edge.parent_end_time,
                parent_frame=edge.parent_frame,
            )
            return out

        root = self.root_asset_id
        return {
            "asset_id": root,
            "parents": [entry(e, e.parent_asset_id) for e in self.parents_of(root)],
            "children": [entry(e, e.child_asset_id) for e in self.children_of(root)],
        }

    def to_networkx(self) -> nx.MultiDiGraph:
        """A MultiDiGraph parent → child, keyed by lineage row id, attributes kept."""
        g = nx.MultiDiGraph(root_asset_id=self.root_asset_id, truncated=self.truncated)
        for n in self.nodes:
            g.add_node(
                n.id,
                **n.asset.to_dict(),
                depth=n.depth,
                parent_count=n.parent_count,
                child_count=n.child_count,
            )
        for e in self.edges:
            g.add_edge(e.parent_asset_id, e.child_asset_id, key=e.id, **e.to_dict())
        return g

    def nodes_frame(self) -> pd.DataFrame:
        """One row per admitted node: depth, counts and the asset summary."""
        rows = [
            {"depth": n.depth, "parent_count": n.parent_count, "child_count": n.child_count}
            | n.asset.to_dict()
            for n in self.nodes
        ]
        cols = ["id", "depth", "parent_count", "child_count", *ASSET_FIELDS[1:]]
        frame = pd.DataFrame(rows, columns=None if rows else cols)
        return frame[[c for c in cols if c in frame.columns] + _extra_cols(frame, cols)]

    def edges_frame(self) -> pd.DataFrame:
        """One row per admitted lineage row, in the contract's edge order."""
        return pd.DataFrame([e.to_dict() for e in self.edges], columns=list(EDGE_FIELDS))

    # --- display ------------------------------------------------------------------------
    def __repr__(self) -> str:
        return (
            f"Lineage(root={self.root_asset_id}, nodes={len(self.nodes)}, "
            f"edges={len(self.edges)}, direction={self.direction!r}, "
            f"max_depth={self.max_depth}, truncated={self.truncated})"
        )

    def _repr_html_(self) -> str:
        rows = [n for _, n in sorted(enumerate(self.nodes), key=lambda p: (p[1].depth, p[0]))]
        return render("lineage.html.j2", res=self, rows=rows)


def _extra_cols(frame: pd.DataFrame, known: Iterable[str]) -> list[str]:
    known = set(known)
    return [c for c in frame.columns if c not in known]
