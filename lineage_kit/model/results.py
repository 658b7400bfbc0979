"""The values of an answer: asset summaries, lineage rows and admitted nodes.

Every source hands the BFS raw values (numpy scalars, NaN, enum labels); the
constructors here turn them into plain Python values in one place, so the three
sources give equal results. :class:`~lineage_kit.model.lineage.Lineage` holds them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from operator import attrgetter, itemgetter
from typing import Any

from . import thumbnails
from .display import Summary, shown
from .records import (
    collector_paused,
    count_text,
    opt_bool,
    opt_float,
    opt_int,
    opt_str,
    order_or_zero,
    plain,
)
from .schema import SUMMARY_COLUMNS, THUMBNAIL_INPUTS, media_type_value, operation_type_value

__all__ = [
    "ASSET_FIELDS",
    "COUNT_FIELDS",
    "EDGE_FIELDS",
    "Asset",
    "Edge",
    "Node",
    "assemble",
    "assemble_dicts",
    "asset_dict",
    "asset_values",
    "capped",
    "edge_values",
    "node_dict",
]

ASSET_EXTRAS = ("local_path", "is_archived")
"""Reported only when the source has them (``docs/guide/connecting.md``)."""
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


@dataclass(frozen=True, slots=True, repr=False)
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
        return cls(*asset_values(rec, thumbnail))

    def to_dict(self) -> dict[str, Any]:
        return asset_dict(_ASSET_VALUES(self))

    def __repr__(self) -> str:
        shown_fields = ", ".join(f"{name}={shown(v)!r}" for name, v in _named(self))
        return f"Asset({shown_fields})"


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
        return cls(*edge_values(rec))

    def to_dict(self) -> dict[str, Any]:
        return dict(zip(EDGE_FIELDS, _EDGE_VALUES(self), strict=True))

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """The contract's edge order: ``(child_asset_id, sequence_order, id)``."""
        return (self.child_asset_id, self.sequence_order, self.id)


@dataclass(frozen=True, slots=True)
class Node:
    """An admitted asset with its depth (ancestors < 0 < descendants) and in-scope degree.

    ``parent_count`` / ``child_count`` count all the asset's in-scope lineage rows,
    exactly up to the query's ``count_limit``; past it they read ``count_limit``
    and ``parent_count_capped`` / ``child_count_capped`` is true (show ``1000+``).
    """

    asset: Asset
    depth: int
    parent_count: int
    child_count: int
    parent_count_capped: bool = False
    child_count_capped: bool = False

    @property
    def id(self) -> int:
        return self.asset.id

    @property
    def degree(self) -> str:
        """``2↑ / 3↓`` as a UI shows it, ``+`` on a count that reached ``count_limit``.

        >>> import lineage_kit as lk
        >>> lk.connect().lineage(301, user_id=1, count_limit=2).root.degree
        '0↑ / 2+↓'
        """
        up = count_text(self.parent_count, self.parent_count_capped)
        down = count_text(self.child_count, self.child_count_capped)
        return f"{up}↑ / {down}↓"

    def counts(self) -> dict[str, Any]:
        """The degree fields, as in :meth:`to_dict`."""
        return {
            "parent_count": self.parent_count,
            "child_count": self.child_count,
            "parent_count_capped": self.parent_count_capped,
            "child_count_capped": self.child_count_capped,
        }

    def to_dict(self) -> dict[str, Any]:
        return node_dict(self.asset.to_dict(), self.depth, *_COUNT_VALUES(self))


COUNT_FIELDS = ("parent_count", "child_count", "parent_count_capped", "child_count_capped")
"""The degree fields of a node, in :meth:`Node.to_dict` order."""

Parts = tuple[tuple[Node, ...], tuple[Edge, ...]]
Dicts = tuple[list[dict[str, Any]], list[dict[str, Any]]]
"""Nodes and edges as ``to_dict()`` gives them."""


def capped(count: int, limit: int) -> tuple[int, bool]:
    """A degree as reported: ``(count, False)`` up to ``limit``, else ``(limit, True)``.

    >>> capped(3, 1000), capped(1001, 1000)
    ((3, False), (1000, True))
    """
    return (count, False) if count <= limit else (limit, True)


def assemble(
    depth_of: Mapping[int, int],
    described: Mapping[int, tuple[Mapping[str, Any], int, int]],
    rows: Iterable[Mapping[str, Any]],
    count_limit: int,
    thumbnail: Callable[[Mapping[str, Any]], str | None] = thumbnails.thumbnail_url,
) -> Parts:
    """Nodes (admission order) and edges (contract order) from a source's raw answer.

    ``described`` maps each admitted id to its raw asset record and its parent and
    child counts, exact at least up to ``count_limit + 1``; ``thumbnail`` computes
    an asset's thumbnail URL from its record (the source's media settings).
    """
    nodes, edges = _assembled(depth_of, described, rows, count_limit, thumbnail, dicts=False)
    return tuple(nodes), tuple(edges)


def assemble_dicts(
    depth_of: Mapping[int, int],
    described: Mapping[int, tuple[Mapping[str, Any], int, int]],
    rows: Iterable[Mapping[str, Any]],
    count_limit: int,
    thumbnail: Callable[[Mapping[str, Any]], str | None] = thumbnails.thumbnail_url,
) -> Dicts:
    """What :func:`assemble`'s nodes and edges give as ``to_dict()``, made straight from the
    same values without the objects (a large answer turned into JSON at once).

    >>> rec = {"id": 7, "media_type": "IMAGE", "provider_id": "p", "provider_asset_id": "a"}
    >>> row = {"id": 1, "parent_asset_id": 7, "child_asset_id": 8, "relation_type": "R",
    ...        "operation_type": "FUSION", "sequence_order": 0}
    >>> args = ({7: 0}, {7: (rec, 0, 1)}, [row], 1000)
    >>> nodes, edges = assemble(*args)
    >>> assemble_dicts(*args) == ([n.to_dict() for n in nodes], [e.to_dict() for e in edges])
    True
    """
    return _assembled(depth_of, described, rows, count_limit, thumbnail, dicts=True)


def _assembled(
    depth_of: Mapping[int, int],
    described: Mapping[int, tuple[Mapping[str, Any], int, int]],
    rows: Iterable[Mapping[str, Any]],
    count_limit: int,
    thumbnail: Callable[[Mapping[str, Any]], str | None],
    *,
    dicts: bool,
) -> tuple[list[Any], list[Any]]:
    """Both: the same values made into objects, or into their ``to_dict()`` dicts."""
    with collector_paused():
        nodes: list[Any] = []
        for i, depth in depth_of.items():
            rec, parents, children = described[i]
            pc, pcap = capped(parents, count_limit)
            cc, ccap = capped(children, count_limit)
            values = asset_values(rec, thumbnail)
            if dicts:
                nodes.append(node_dict(asset_dict(values), depth, pc, cc, pcap, ccap))
            else:
                nodes.append(Node(Asset(*values), depth, pc, cc, pcap, ccap))
        rows_in_order = sorted((edge_values(r) for r in rows), key=_EDGE_ORDER)
        if dicts:
            return nodes, [dict(zip(EDGE_FIELDS, e, strict=True)) for e in rows_in_order]
        return nodes, [Edge(*e) for e in rows_in_order]


# --- the values behind both: every conversion is made here, once -------------------------------
def asset_values(
    rec: Mapping[str, Any],
    thumbnail: Callable[[Mapping[str, Any]], str | None] = thumbnails.thumbnail_url,
) -> tuple[Any, ...]:
    """An asset summary's values, in :class:`Asset`'s field order, from a raw row."""
    return (
        int(plain(rec["id"])),
        media_type_value(opt_str(rec.get("media_type"))),
        opt_str(rec.get("provider_id")),
        opt_str(rec.get("provider_asset_id")),
        thumbnail(rec),
        thumbnails.remote_url(rec),
        opt_str(rec.get("description")),
        opt_str(rec.get("local_path")),
        opt_bool(rec.get("is_archived")),
        opt_str(rec.get("thumbnail_key")),
    )


_ASSET_ORDER = tuple(f.name for f in fields(Asset))
_ASSET_VALUES = attrgetter(*_ASSET_ORDER)
_REPORTED = tuple(_ASSET_ORDER.index(name) for name in ASSET_FIELDS)
_EXTRAS = tuple((name, _ASSET_ORDER.index(name)) for name in ASSET_EXTRAS)


def _named(asset: Asset) -> zip[tuple[str, Any]]:
    return zip(_ASSET_ORDER, _ASSET_VALUES(asset), strict=True)


def asset_dict(values: tuple[Any, ...]) -> dict[str, Any]:
    """An asset summary as reported (:data:`ASSET_FIELDS`, then the extras that are set): a
    :class:`~.display.Summary`, a dict whose repr cuts a ``data:`` thumbnail."""
    out = Summary({name: values[i] for name, i in zip(ASSET_FIELDS, _REPORTED, strict=True)})
    for name, i in _EXTRAS:
        if values[i] is not None:
            out[name] = values[i]
    return out


def edge_values(rec: Mapping[str, Any]) -> tuple[Any, ...]:
    """A lineage row's values, in :data:`EDGE_FIELDS` order, from a raw row."""
    return (
        int(plain(rec["id"])),
        int(plain(rec["parent_asset_id"])),
        int(plain(rec["child_asset_id"])),
        str(plain(rec["relation_type"])),
        operation_type_value(opt_str(rec.get("operation_type"))),
        order_or_zero(rec.get("sequence_order")),
        opt_float(rec.get("parent_start_time")),
        opt_float(rec.get("parent_end_time")),
        opt_int(rec.get("parent_frame")),
    )


_EDGE_VALUES = attrgetter(*EDGE_FIELDS)
_EDGE_ORDER = itemgetter(
    *(EDGE_FIELDS.index(k) for k in ("child_asset_id", "sequence_order", "id"))
)
"""The contract's edge order over :func:`edge_values` (:attr:`Edge.sort_key`)."""
_COUNT_VALUES = attrgetter(
    "parent_count", "child_count", "parent_count_capped", "child_count_capped"
)


def node_dict(
    asset: dict[str, Any], depth: int, pc: int, cc: int, pcap: bool, ccap: bool
) -> dict[str, Any]:
    """A node as :meth:`Node.to_dict` reports it."""
    return {
        "asset": asset,
        "depth": depth,
        "parent_count": pc,
        "child_count": cc,
        "parent_count_capped": pcap,
        "child_count_capped": ccap,
    }
