"""Browsing the assets themselves: a page of assets with degree counts, filter values, details.

What a gallery needs, over any source (Store, Frames, networkx graph), scoped
like every query by a required ``user_id``. One page costs one statement for
the ids and the total, and one for the summaries with their degree counts.

Examples
--------
>>> import lineage_kit as lk
>>> store = lk.connect()
>>> page = lk.list_assets(store, user_id=1, media_type="video", limit=3)
>>> page.total, len(page.items)
(18, 3)
>>> lk.facets(store, user_id=2)["media_type"]
['image', 'video']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .errors import InvalidArgumentType
from .model.results import Node, assemble
from .model.validate import (
    COUNT_LIMIT_DEFAULT,
    bounded_int,
    check_asset_id,
    check_count_limit,
    check_text,
    check_user_id,
)
from .sources import CatalogSource, Filters, as_catalog
from .sources.base import media_of

__all__ = [
    "MAX_OFFSET",
    "MAX_PAGE",
    "AssetPage",
    "asset_details",
    "asset_nodes",
    "facets",
    "list_assets",
]

MAX_PAGE = 500
MAX_OFFSET = 2**31 - 1  # SQL OFFSET is bound as a 32-bit integer


@dataclass(frozen=True)
class AssetPage:
    """One page of assets, newest first, each with its in-scope degree (capped)."""

    items: tuple[Node, ...]
    total: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.items) < self.total

    def __repr__(self) -> str:
        if not self.items:
            return f"AssetPage(none at offset {self.offset}; {self.total} in all)"
        last = self.offset + len(self.items)
        return f"AssetPage({self.offset + 1}–{last} of {self.total})"


def _check_filter(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise InvalidArgumentType(f"{name} must be a non-empty string or None, not {value!r}")
    return check_text(name, value)


def list_assets(
    source: Any,
    *,
    user_id: int | None,
    media_type: str | None = None,
    provider_id: str | None = None,
    operation_type: str | None = None,
    asset_operation_type: str | None = None,
    offset: int = 0,
    limit: int = 24,
    count_limit: int = COUNT_LIMIT_DEFAULT,
) -> AssetPage:
    """A page of the scope's assets, newest first, with parent/child counts.

    Parameters
    ----------
    source
        A Store, Frames or networkx MultiDiGraph.
    user_id
        Required keyword: the owner, or ``None`` for all owners.
    media_type, provider_id
        Optional equality filters on the asset (value form, e.g. ``"video"``).
    operation_type
        Assets made by that operation: the child of an in-scope lineage row
        with it (pixsim7's search filter of that name). Assets synced from a
        provider qualify too, although their own ``operation_type`` column is
        null; rows from another owner's asset do not count.
    asset_operation_type
        The asset's own ``operation_type`` column (pixsim7's
        ``asset_operation_type``), null for assets that were not generated.
    offset, limit
        The page: ``limit`` from 1 to 500.
    count_limit
        Degree counts are exact up to this many rows (see :func:`lineage_kit.lineage`).

    Examples
    --------
    >>> import lineage_kit as lk
    >>> page = lk.list_assets(lk.connect(), user_id=2)
    >>> [(n.id, n.parent_count, n.child_count) for n in page.items]
    [(703, 0, 0), (702, 1, 0), (701, 0, 1)]
    """
    uid = check_user_id(user_id)
    filters = Filters(
        media_type=_check_filter("media_type", media_type),
        provider_id=_check_filter("provider_id", provider_id),
        operation_type=_check_filter("operation_type", operation_type),
        asset_operation_type=_check_filter("asset_operation_type", asset_operation_type),
    )
    offset = bounded_int("offset", offset, 0, MAX_OFFSET)
    limit = bounded_int("limit", limit, 1, MAX_PAGE)
    count_limit = check_count_limit(count_limit)
    src = as_catalog(source)
    ids, total = src.list_ids(filters, offset, limit, uid)
    items = tuple(asset_nodes(src, ids, uid, count_limit))
    return AssetPage(items=items, total=total, offset=offset, limit=limit)


def asset_nodes(
    src: CatalogSource, ids: list[int], uid: int | None, count_limit: int = COUNT_LIMIT_DEFAULT
) -> list[Node]:
    """The summaries of in-scope ``ids`` with their capped degree counts, in order: what a
    gallery page and a search show (one ``describe`` of the source)."""
    described = src.describe(ids, uid, count_limit) if ids else {}
    items, _ = assemble(dict.fromkeys(ids, 0), described, (), count_limit, media_of(src).thumbnail)
    return list(items)


def facets(source: Any, *, user_id: int | None) -> dict[str, list[str]]:
    """The values each filter of :func:`list_assets` can take in scope, sorted.

    Keys are the filters' names: ``media_type``, ``provider_id``,
    ``operation_type`` (the operations of in-scope lineage rows, e.g.
    ``frame_extraction``) and ``asset_operation_type`` (the assets' own column).

    >>> import lineage_kit as lk
    >>> lk.facets(lk.connect(), user_id=1)["operation_type"][:3]
    ['frame_extraction', 'fusion', 'image_composite']
    """
    uid = check_user_id(user_id)
    return as_catalog(source).facet_values(uid)


def asset_details(
    source: Any, ids: Iterable[int], *, user_id: int | None
) -> dict[int, dict[str, Any]]:
    """Every column the kit reads for the given assets (only those in scope).

    Includes ``user_id``, ``operation_type``, ``media_metadata`` (a dict or
    None) and ``created_at``; ``media_type``/``operation_type`` in value form.

    >>> import lineage_kit as lk
    >>> d = lk.asset_details(lk.connect(), [310, 701], user_id=1)
    >>> list(d), d[310]["media_metadata"]["durations"]
    ([310], [2, 3, 2, 2])
    """
    uid = check_user_id(user_id)
    if isinstance(ids, (str, bytes)) or not isinstance(ids, Iterable):
        raise InvalidArgumentType(f"ids must be an iterable of asset ids, not {type(ids).__name__}")
    checked = list(dict.fromkeys(check_asset_id(i, "ids") for i in ids))
    if not checked:
        return {}
    return as_catalog(source).details(checked, uid)
