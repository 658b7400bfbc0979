"""A neighbour source for one query, answered from candidate rows gathered up front.

A source that pays a round trip per question (the SQL store) can gather, in
one statement, the first rows of every node the query might expand, level by
level to the query's depth (:class:`~lineage_kit.sources.Prefetching`). The
one BFS then runs over :class:`PrefetchedSource`, unchanged: a node's
neighbours come from those rows while they are known to be complete, and from
the source itself (one statement per frontier) from the first node they are
not. So the answer is the BFS's answer whatever was gathered; only the number
of round trips depends on it.

Candidate rows are ``(upward, level, node, neighbour, sequence_order, id, in_scope)``:
level 0 holds the root once per direction (``node`` is null, ``neighbour`` is the
root), level k the rows of nodes reached at level k−1, at most ``per_node`` rows
of each node in :data:`~lineage_kit.sources.base.ROW_ORDER`. Rows to assets out of
scope are kept (they count toward ``per_node``) and marked, and not expanded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .base import Described, NeighbourSource
from .order import ROW_KEY

__all__ = ["Candidate", "PrefetchedSource"]

Candidate = tuple[bool, int, int | None, int, Any, Any, Any]
"""``(upward, level, node, neighbour, sequence_order, id, in_scope)``."""


class PrefetchedSource:
    """The BFS's view of one query: prefetched lists first, ``fallback`` for the rest.

    Parameters
    ----------
    rows
        Candidate rows (see the module docstring), in the order they were produced:
        level by level.
    root
        The query's root; it is in scope exactly when level-0 rows exist.
    max_depth
        The query's depth: nodes reached at a level below it were expanded.
    per_node
        The most rows gathered for one node: a node with that many may have more.
    complete
        Whether every level was gathered; otherwise the last level seen is partial
        and ignored (the levels are produced in order).
    fallback
        The source that answers what the rows do not.

    Examples
    --------
    >>> rows = [(True, 0, None, 5, None, None, True), (True, 1, 5, 4, 0, 9, True)]
    >>> src = PrefetchedSource(rows, root=5, max_depth=1, per_node=10, complete=True,
    ...                        fallback=None)
    >>> src.contains(5, 1), list(src.neighbours([5], True, 1, budget=10))
    (True, [(5, 4)])
    """

    def __init__(
        self,
        rows: Iterable[Candidate],
        *,
        root: int,
        max_depth: int,
        per_node: int,
        complete: bool,
        fallback: Any,
    ) -> None:
        rows = list(rows)
        self.root = root
        self.fallback: NeighbourSource = fallback
        self.misses = 0
        """Frontiers (or their remainders) the fallback answered."""
        levels = max_depth + 1 if complete else max((r[1] for r in rows), default=0)
        self.root_present = any(r[1] == 0 for r in rows)
        found: dict[tuple[bool, Any], dict[Any, tuple[Any, ...]]] = {}
        expanded: set[tuple[bool, int]] = set()
        for up, level, node, nbr, seq, rid, ok in rows:
            if level >= levels:
                continue  # a partial level: its nodes may lack rows
            if ok and level < max_depth and level + 1 < levels:
                expanded.add((up, nbr))
            if level:
                key = ROW_KEY[up](seq, rid)
                found.setdefault((up, node), {})[rid] = (key, nbr, ok)
        self.lists: dict[tuple[bool, int], tuple[list[int], bool]] = {}
        """``(upward, node) -> (in-scope neighbours in row order, may have more)``."""
        for item in expanded:
            ordered = sorted(found.get(item, {}).values())
            self.lists[item] = ([nbr for _, nbr, ok in ordered if ok], len(ordered) >= per_node)

    def contains(self, asset_id: int, user_id: int | None) -> bool:
        if asset_id == self.root:
            return self.root_present
        return self.fallback.contains(asset_id, user_id)

    def neighbours(
        self, frontier: Sequence[int], upward: bool, user_id: int | None, budget: int
    ) -> Iterator[tuple[int, int]]:
        for i, node in enumerate(frontier):
            known = self.lists.get((upward, node))
            if known is None:
                self.misses += 1
                yield from self.fallback.neighbours(frontier[i:], upward, user_id, budget)
                return
            nbrs, more = known
            for nbr in nbrs:
                yield node, nbr
            if more:  # the BFS wants rows past those gathered: read on from the source
                self.misses += 1
                rest = self.fallback.neighbours(frontier[i:], upward, user_id, budget)
                yield from _after(rest, node, len(nbrs))
                return

    def describe(self, ids: Sequence[int], user_id: int | None, count_limit: int) -> Described:
        return self.fallback.describe(ids, user_id, count_limit)

    def edges_among(self, ids: Sequence[int], user_id: int | None) -> Sequence[Mapping[str, Any]]:
        return self.fallback.edges_among(ids, user_id)


def _after(pairs: Iterator[tuple[int, int]], node: int, skip: int) -> Iterator[tuple[int, int]]:
    """``pairs`` without the first ``skip`` of ``node``'s (already given, same order)."""
    for pair in pairs:
        if skip and pair[0] == node:
            skip -= 1
            continue
        yield pair
