"""The answer of :func:`lineage_kit.find_assets`: hits, best first, each saying what matched.

>>> import lineage_kit as lk
>>> found = lk.find_assets(lk.connect(), "374351749764234", user_id=1)
>>> found
FindResult('374351749764234': 1 hit — 101 provider_asset_id)
>>> found[0].field, found.unique.id, len(found)
('provider_asset_id', 101, 1)
>>> lk.find_assets(lk.connect(), "harbour", user_id=1).unique  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
lineage_kit.errors.AmbiguousAsset: 'harbour' names no asset by id, key or path for user_id=1; \
by its words it matches 310 (description contains the query), ...; give one of them as id:N
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import pandas as pd

from ..errors import AmbiguousAsset, AssetNotFound
from ..model.rendering import render
from ..model.results import Asset, Node
from .policy import TEXT_FROM, SearchQuery, rank_field

__all__ = ["FindResult", "Hit"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One asset found: its summary with degree counts, and what it matched.

    ``field`` is one of :data:`~lineage_kit.finding.policy.FIELDS`; ``value`` is that
    field's value (the description or prompt for a text match); ``rank`` orders hits
    (see :data:`~lineage_kit.finding.policy.RANKS`).
    """

    node: Node
    field: str
    rank: int
    value: str | None

    @property
    def id(self) -> int:
        return self.node.id

    @property
    def asset(self) -> Asset:
        return self.node.asset

    @property
    def exact(self) -> bool:
        """Whether a whole field equals the query (an id, a key, a path), not a text match."""
        return self.rank < TEXT_FROM

    @property
    def how(self) -> str:
        """In words: ``provider asset id``, ``contains the query``, ``has every word``, …"""
        return rank_field(self.rank)[1]

    @property
    def said(self) -> str:
        """What matched, for a list of choices: ``pixverse asset 374351749764234``,
        ``database id``, ``description contains the query``."""
        if self.field == "provider_asset_id":
            return f"{self.asset.provider_id} asset {self.asset.provider_asset_id}"
        if self.exact:
            return self.how
        return f"{self.field} {self.how}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "asset": self.asset.to_dict(),
            "parent_count": self.node.parent_count,
            "child_count": self.node.child_count,
            "field": self.field,
            "match": self.how,
            "exact": self.exact,
            "value": self.value,
        }


@dataclass(frozen=True)
class FindResult(Sequence[Hit]):
    """Hits for a query, best first; ``truncated`` when more matched than ``limit``.

    A sequence of :class:`Hit`: ``len(found)``, ``found[0]``, ``found[:3]`` (a
    tuple of hits), ``for hit in found``. :attr:`unique` is the one asset the
    query names, or an error saying why there is none.
    """

    query: str
    user_id: int | None
    limit: int
    truncated: bool
    hits: tuple[Hit, ...]

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Hit, ...]: ...

    def __getitem__(self, index: int | slice) -> Hit | tuple[Hit, ...]:
        return self.hits[index]

    @property
    def ids(self) -> list[int]:
        return [h.id for h in self.hits]

    @property
    def meant(self) -> tuple[Hit, ...]:
        """The hits the query may mean as a reference: its exact matches when there are any,
        otherwise every hit (``310`` means asset 310 even when a description mentions 310)."""
        return tuple(h for h in self.hits if h.exact) or self.hits

    @property
    def unique(self) -> Hit:
        """The one hit the query names: exactly one exact match, or with no exact match at
        all, exactly one text match among every hit there is.

        Raises
        ------
        lineage_kit.AssetNotFound
            Nothing in scope matches (the same whether missing or another owner's).
        lineage_kit.AmbiguousAsset
            Several assets match, or more matched than ``limit`` kept; the error
            lists them.
        """
        meant = self.meant
        complete = not self.truncated or len(meant) < len(self.hits)
        if len(meant) == 1 and complete:
            return meant[0]
        if not self.hits:
            q = SearchQuery.parse(self.query)
            raise AssetNotFound(q.text if q.asset_id is None else q.asset_id, self.user_id)
        raise self.ambiguous()

    def ambiguous(self, *, by_words: bool | None = None) -> AmbiguousAsset:
        """The error that lists what the query may mean (:attr:`meant`, the first few).

        ``by_words``: say that the hits match only by the words of a description or
        prompt (by default, when none of them is an exact match).
        """
        meant = self.meant
        if by_words is None:
            by_words = not meant[0].exact if meant else False
        return AmbiguousAsset(
            self.query, self.user_id, tuple((h.id, h.said) for h in meant), by_words
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "limit": self.limit,
            "truncated": self.truncated,
            "hits": [h.to_dict() for h in self.hits],
        }

    def frame(self) -> pd.DataFrame:
        """One row per hit: id, what matched, degree counts and the asset summary."""
        cols = ["id", "field", "match", "value", "parent_count", "child_count"]
        rows = [
            {"id": h.id, "field": h.field, "match": h.how, "value": h.value}
            | {"parent_count": h.node.parent_count, "child_count": h.node.child_count}
            | {k: v for k, v in h.asset.to_dict().items() if k != "id"}
            for h in self.hits
        ]
        return pd.DataFrame(rows, columns=None if rows else cols)

    def __repr__(self) -> str:
        n = len(self.hits)
        head = f"FindResult({self.query!r}: {n}{'+' if self.truncated else ''} hit{'s' * (n != 1)}"
        shown = ", ".join(f"{h.id} {h.field}" for h in self.hits[:5])
        more = ", …" if n > 5 else ""
        return head + (f" — {shown}{more})" if n else ")")

    def _repr_html_(self) -> str:
        return render("found.html.j2", found=self)
