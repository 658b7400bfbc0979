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
(12, 3)
>>> lk.facets(store, user_id=2)["media_type"]
['image', 'video']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .bfs import as_source
from .result import Asset, Node, _plain
from .validate import check_asset_id, check_user_id

__all__ = ["AssetPage", "Filters", "asset_details", "facets", "list_assets"]

FACET_COLUMNS = ("media_type", "provider_id", "operation_type")
MAX_PAGE = 500
MAX_OFFSET = 2**31 - 1  # SQL OFFSET is bound as a 32-bit integer


@dataclass(frozen=True)
class Filters:
    """Equality filters on the asset's own columns (value form: ``video``, ``fusion``)."""

    media_type: str | None = None
    provider_id: str | None = None
    operation_type: str | None = None

    def items(self) -> list[tuple[str, str]]:
        return [(k, v) for k in FACET_COLUMNS if (v := getattr(self, k)) is not None]


class CatalogSource(Protocol):
    def list_ids(
        self, filters: Filters, offset: int, limit: int, user_id: int | None
    ) -> tuple[list[int], int]:
        """Ids of one page (newest first: ``created_at`` desc, then ``id`` desc) and the total."""
        ...

    def facet_values(self, user_id: int | None) -> dict[str, list[str]]: ...

    def details(self, ids: Iterable[int], user_id: int | None) -> dict[int, dict[str, Any]]: ...

    def describe(
        self, ids: list[int], user_id: int | None
    ) -> dict[int, tuple[Mapping[str, Any], int, int]]: ...


@dataclass(frozen=True)
class AssetPage:
    """One page of assets, newest first, each with its full in-scope degree."""

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
        raise TypeError(f"{name} must be a non-empty string or None, not {value!r}")
    return value


def _check_page(offset: Any, limit: Any) -> tuple[int, int]:
    for name, value in (("offset", offset), ("limit", limit)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an integer, not {type(value).__name__} {value!r}")
    if not 0 <= offset <= MAX_OFFSET:
        raise ValueError(f"offset must be an integer from 0 to {MAX_OFFSET}; got {offset}")
    if not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"limit must be an integer from 1 to {MAX_PAGE}; got {limit}")
    return offset, limit


def _catalog(source: Any) -> CatalogSource:
    src = as_source(source)
    if not hasattr(src, "list_ids"):
        raise TypeError(f"{type(source).__name__} cannot list assets (no catalog support)")
    return src  # type: ignore[return-value]


def list_assets(
    source: Any,
    *,
    user_id: int | None,
    media_type: str | None = None,
    provider_id: str | None = None,
    operation_type: str | None = None,
    offset: int = 0,
    limit: int = 24,
) -> AssetPage:
    """A page of the scope's assets, newest first, with parent/child counts.

    Parameters
    ----------
    source
        A Store, Frames or networkx MultiDiGraph.
    user_id
        Required keyword: the owner, or ``None`` for all owners.
    media_type, provider_id, operation_type
        Optional equality filters (value form, e.g. ``"video"``, ``"fusion"``).
    offset, limit
        The page: ``limit`` from 1 to 500.

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
    )
    offset, limit = _check_page(offset, limit)
    src = _catalog(source)
    ids, total = src.list_ids(filters, offset, limit, uid)
    described = src.describe(ids, uid) if ids else {}
    items = tuple(
        Node(Asset.from_record(described[i][0]), 0, described[i][1], described[i][2]) for i in ids
    )
    return AssetPage(items=items, total=total, offset=offset, limit=limit)


def facets(source: Any, *, user_id: int | None) -> dict[str, list[str]]:
    """Distinct ``media_type``, ``provider_id`` and ``operation_type`` values in scope, sorted."""
    uid = check_user_id(user_id)
    return _catalog(source).facet_values(uid)


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
        raise TypeError(f"ids must be an iterable of asset ids, not {type(ids).__name__}")
    checked = list(dict.fromkeys(check_asset_id(i, "ids") for i in ids))
    if not checked:
        return {}
    return _catalog(source).details(checked, uid)


def normalise_details(rec: Mapping[str, Any]) -> dict[str, Any]:
    """Plain Python values, value-form enums, JSON text decoded: the same from every source."""
    import contextlib
    import json

    from .schema import media_type_value, operation_type_value

    out = {k: _plain(v) for k, v in rec.items()}
    out["id"] = int(out["id"])
    if out.get("user_id") is not None:
        out["user_id"] = int(out["user_id"])
    out["media_type"] = media_type_value(out.get("media_type"))
    out["operation_type"] = operation_type_value(out.get("operation_type"))
    meta = out.get("media_metadata")
    if isinstance(meta, str):
        with contextlib.suppress(ValueError):  # not JSON: keep the text as stored
            out["media_metadata"] = json.loads(meta)
    if out.get("is_archived") is not None:
        out["is_archived"] = bool(out["is_archived"])
    if hasattr(out.get("created_at"), "to_pydatetime"):
        out["created_at"] = out["created_at"].to_pydatetime()
    return out
