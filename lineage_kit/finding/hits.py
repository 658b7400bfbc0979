"""The answer of :func:`lineage_kit.find_assets`: hits, best first, each saying what matched.

>>> import lineage_kit as lk
>>> found = lk.find_assets(lk.connect(), "374351749764234", user_id=1)
>>> found
FindResult('374351749764234': 1 hit — 101 provider_asset_id)
>>> found.hits[0].field, found.unique.id
('provider_asset_id', 101)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..model.rendering import render
from ..model.results import Asset, Node
from .policy import TEXT_FROM, rank_field

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
class FindResult:
    """Hits for a query, best first; ``truncated`` when more matched than ``limit``."""

    query: str
    user_id: int | None
    limit: int
    truncated: bool
    hits: tuple[Hit, ...]

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    @property
    def ids(self) -> list[int]:
        return [h.id for h in self.hits]

    @property
    def meant(self) -> tuple[Hit, ...]:
        """The hits the query may mean as a reference: its exact matches when there are any,
        otherwise every hit (``310`` means asset 310 even when a description mentions 310)."""
        return tuple(h for h in self.hits if h.exact) or self.hits

    @property
    def unique(self) -> Hit | None:
        """The one hit the query means (:attr:`meant` holds exactly one), or None."""
        meant = self.meant
        complete = not self.truncated or len(meant) < len(self.hits)
        return meant[0] if len(meant) == 1 and complete else None

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
