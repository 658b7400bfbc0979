"""The values of an answer: asset summaries, lineage rows and admitted nodes.

Every source hands the BFS raw values (numpy scalars, NaN, enum labels); the
constructors here turn them into plain Python values in one place, so the three
sources give equal results. :class:`~lineage_kit.model.lineage.Lineage` holds them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import thumbnails
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
    "capped",
]

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
        return {"asset": self.asset.to_dict(), "depth": self.depth, **self.counts()}


COUNT_FIELDS = ("parent_count", "child_count", "parent_count_capped", "child_count_capped")
"""The degree fields of a node, in :meth:`Node.to_dict` order."""

Parts = tuple[tuple[Node, ...], tuple[Edge, ...]]


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
    summary: Callable[[Mapping[str, Any]], Asset] = Asset.from_record,
) -> Parts:
    """Nodes (admission order) and edges (contract order) from a source's raw answer.

    ``described`` maps each admitted id to its raw asset record and its parent and
    child counts, exact at least up to ``count_limit + 1``; ``summary`` makes the
    asset summary of a record (the source's thumbnail settings).
    """
    with collector_paused():
        nodes = []
        for i, depth in depth_of.items():
            rec, parents, children = described[i]
            pc, pcap = capped(parents, count_limit)
            cc, ccap = capped(children, count_limit)
            nodes.append(Node(summary(rec), depth, pc, cc, pcap, ccap))
        edges = sorted((Edge.from_record(r) for r in rows), key=lambda e: e.sort_key)
        return tuple(nodes), tuple(edges)
