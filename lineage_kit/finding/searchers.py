"""Sources that find assets: the :class:`Searcher` protocol, and which searcher serves a source.

The SQL store searches in SQL (:mod:`.sql`); the in-memory sources (arrays,
networkx) search their catalog's asset rows with :func:`.in_memory.rank_rows`. A
source of your own can implement :class:`Searcher` itself.

>>> import lineage_kit as lk
>>> from lineage_kit.finding.policy import SearchQuery
>>> s = as_searcher(lk.as_source(lk.connect().frames(user_id=1)))
>>> [c.asset_id for c in s.find_candidates(SearchQuery.parse("ramp"), 5, 1, True)]
[102]
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from ..errors import InvalidArgumentType
from ..sources.base import InDatabase, InMemory
from .in_memory import rank_rows
from .policy import Candidate, SearchQuery
from .sql import SqlSearch

__all__ = ["FrameSearch", "Searcher", "as_searcher"]


@runtime_checkable
class Searcher(Protocol):
    """What :func:`lineage_kit.find_assets` needs from a source."""

    def find_candidates(
        self, q: SearchQuery, limit: int, user_id: int | None, text: bool
    ) -> list[Candidate]:
        """At least the best ``limit`` in-scope candidates by the policy's order (any order),
        each with its best rank; ``text=False`` compares the exact fields only."""
        ...


class FrameSearch:
    """A :class:`Searcher` over an in-memory source's catalog rows."""

    def __init__(self, catalog: InMemory) -> None:
        self.catalog = catalog

    def find_candidates(
        self, q: SearchQuery, limit: int, user_id: int | None, text: bool
    ) -> list[Candidate]:
        return rank_rows(self.catalog.catalog_assets(user_id), q, limit, text)


def as_searcher(source: Any) -> Searcher:
    """The searcher of a source (from :func:`lineage_kit.as_source`)."""
    if isinstance(source, Searcher):
        return source
    if isinstance(source, InDatabase):
        return SqlSearch(source.db, source.counter)
    if isinstance(source, InMemory):
        return FrameSearch(source)
    raise InvalidArgumentType(
        f"{type(source).__name__} cannot find assets: give a Store, Frames or networkx graph, "
        "or a source with a find_candidates method"
    )
