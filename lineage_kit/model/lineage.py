"""The answer of a bounded neighbourhood query: immutable, printable, convertible."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import FrozenInstanceError
from typing import Any

import networkx as nx
import pandas as pd

from .records import collector_paused
from .rendering import render
from .results import ASSET_FIELDS, COUNT_FIELDS, EDGE_FIELDS, Dicts, Edge, Node, Parts
from .validate import COUNT_LIMIT_DEFAULT

__all__ = ["Lineage"]

_FIELDS = (
    "root_asset_id",
    "user_id",
    "direction",
    "max_depth",
    "max_nodes",
    "count_limit",
    "truncated",
)


class Lineage:
    """A bounded neighbourhood of one asset: immutable, printable, convertible.

    Nodes are in admission order (the root first); edges in
    ``(child_asset_id, sequence_order, id)`` order, duplicate rows kept. The
    query finds the answer; its :class:`Node` and :class:`Edge` values are made
    from the source's rows when first read (so a query whose answer is only
    counted or drawn in part does not pay for the rest), and :meth:`to_dict`
    called before them makes its dicts from the same values without them.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> res = lk.connect().lineage(102, user_id=1)
    >>> res.root_asset_id, [n.depth for n in res.nodes][:2]
    (102, [0, -1])
    """

    __slots__ = (*_FIELDS, "_parts", "_build", "_build_dicts", "_by_id")

    root_asset_id: int
    user_id: int | None
    direction: str
    max_depth: int
    max_nodes: int
    count_limit: int
    truncated: bool
    _parts: Parts | None
    _build: Callable[[], Parts] | None
    _build_dicts: Callable[[], Dicts] | None
    _by_id: dict[int, Node] | None

    def __init__(
        self,
        *,
        root_asset_id: int,
        user_id: int | None,
        direction: str,
        max_depth: int,
        max_nodes: int,
        truncated: bool,
        nodes: Iterable[Node] = (),
        edges: Iterable[Edge] = (),
        count_limit: int = COUNT_LIMIT_DEFAULT,
        build: Callable[[], Parts] | None = None,
        build_dicts: Callable[[], Dicts] | None = None,
    ) -> None:
        values = (root_asset_id, user_id, direction, max_depth, max_nodes, count_limit, truncated)
        for name, value in zip(_FIELDS, values, strict=True):
            object.__setattr__(self, name, value)
        parts = None if build is not None else (tuple(nodes), tuple(edges))
        object.__setattr__(self, "_parts", parts)
        object.__setattr__(self, "_build", build)
        object.__setattr__(self, "_build_dicts", build_dicts if build is not None else None)
        object.__setattr__(self, "_by_id", None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}: a Lineage is immutable")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}: a Lineage is immutable")

    def _made(self) -> Parts:
        parts: Parts | None = self._parts
        if parts is None:
            assert self._build is not None
            parts = self._build()
            object.__setattr__(self, "_parts", parts)
            object.__setattr__(self, "_build", None)
            object.__setattr__(self, "_build_dicts", None)
        return parts

    @property
    def nodes(self) -> tuple[Node, ...]:
        return self._made()[0]

    @property
    def edges(self) -> tuple[Edge, ...]:
        return self._made()[1]

    def _index(self) -> dict[int, Node]:
        by_id: dict[int, Node] | None = self._by_id
        if by_id is None:
            by_id = {n.id: n for n in self.nodes}
            object.__setattr__(self, "_by_id", by_id)
        return by_id

    def _key(self) -> tuple[Any, ...]:
        return (*(getattr(self, name) for name in _FIELDS), self.nodes, self.edges)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Lineage):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[Any, ...]:
        fields = {name: getattr(self, name) for name in _FIELDS}
        return (_restore, (fields, self.nodes, self.edges))

    # --- access -------------------------------------------------------------------------
    @property
    def root(self) -> Node:
        return self._index()[self.root_asset_id]

    def node(self, asset_id: int) -> Node:
        """The admitted node with this id (``KeyError`` when it was not admitted)."""
        return self._index()[asset_id]

    def __contains__(self, asset_id: object) -> bool:
        return asset_id in self._index()

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
        """The documented JSON shape (``docs/guide/query.md``)."""
        head = {
            "root_asset_id": self.root_asset_id,
            "direction": self.direction,
            "max_depth": self.max_depth,
            "max_nodes": self.max_nodes,
            "truncated": self.truncated,
        }
        if self._build_dicts is not None:  # nodes and edges not made: the dicts straight away
            nodes, edges = self._build_dicts()
            return {**head, "nodes": nodes, "edges": edges}
        with collector_paused():
            return {
                **head,
                "nodes": [n.to_dict() for n in self.nodes],
                "edges": [e.to_dict() for e in self.edges],
            }

    def flat(self) -> dict[str, Any]:
        """The root's direct parents and children, one entry per lineage row.

        Each entry is the neighbour's asset summary plus the row's relation,
        operation, sequence order and temporal fields (and ``lineage_id``).
        Only admitted neighbours appear: a truncated result may list fewer.
        """
        by_id = self._index()

        def entry(edge: Edge, other: int) -> dict[str, Any]:
            out = by_id[other].asset.to_dict()
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
            g.add_node(n.id, **n.asset.to_dict(), depth=n.depth, **n.counts())
        for e in self.edges:
            g.add_edge(e.parent_asset_id, e.child_asset_id, key=e.id, **e.to_dict())
        return g

    def nodes_frame(self) -> pd.DataFrame:
        """One row per admitted node: depth, counts (and whether capped), the asset summary."""
        rows = [{"depth": n.depth, **n.counts()} | n.asset.to_dict() for n in self.nodes]
        cols = ["id", "depth", *COUNT_FIELDS, *ASSET_FIELDS[1:]]
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


def _restore(fields: dict[str, Any], nodes: tuple[Node, ...], edges: tuple[Edge, ...]) -> Lineage:
    return Lineage(**fields, nodes=nodes, edges=edges)


def _extra_cols(frame: pd.DataFrame, known: Iterable[str]) -> list[str]:
    known = set(known)
    return [c for c in frame.columns if c not in known]
