"""The SQL database as a neighbour source: a query in one or two statements, with a batched
fallback.

A bounded query costs at most two round trips whatever its depth:

1. the candidates of every level in one recursive statement, the root's
   scope check folded in (:mod:`.candidates`); the one BFS then runs over
   them in Python (:class:`~lineage_kit.sources.prefetched.PrefetchedSource`).
   The same statement summarises a guess at the answer: every in-scope asset
   the walk reached, when they fit in the cap;
2. unless the BFS admitted exactly the guessed assets (it truncated, say), the
   admitted assets' summaries with capped degree counts, and the rows between
   them, in one more (:mod:`.summary`).

When the candidates do not cover what the BFS asks (the statement's row
budget ran out on a dense graph, or a node had more rows than were read),
the BFS asks this source for the rest: one statement per frontier and
direction (:mod:`.frontier`), in pages keyed on the row order. The answer is
the same either way; only the number of statements differs.

All of the query's SQL is written with SQLAlchemy Core and bound parameters,
for SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from ...model import schema
from ...model.results import EDGE_FIELDS
from ..base import Described
from ..order import ROW_ORDER
from ..prefetched import PrefetchedSource
from .candidates import candidates_and_guess
from .database import Database, Session, big, json_value
from .frontier import PAGE_COLUMNS, frontier_page
from .scope import owner_params, scope_to
from .summary import NODE_COLUMNS, describe_statement, edges_statement, summary_statement

__all__ = ["PAGE_MIN", "SqlSource", "candidate_sizes"]

PAGE_MIN = 16
"""The smallest page a frontier statement reads."""


def candidate_sizes(max_nodes: int) -> tuple[int, int]:
    """``(per_node, budget)``: rows read per node and in all by the candidate statement.

    A node's first ``max_nodes`` rows are all a BFS can use when none of them
    leads back to an admitted node, so ``max_nodes + 1`` rows of each node
    cover every answer but those of nodes with many repeated rows. The budget
    stops the walk after a few times the answer's size: beyond it, the
    batched path reads what is missing.

    >>> candidate_sizes(50)
    (51, 264)
    """
    return max_nodes + 1, 4 * max_nodes + 64


class SqlSource:
    """The database as a :class:`~lineage_kit.sources.NeighbourSource` (and a
    :class:`~lineage_kit.sources.Prefetching`, :class:`~lineage_kit.sources.Summarising` one).

    Used as a context manager by the query, it holds one pooled connection for
    the whole query (see :class:`.Session`).
    """

    def __init__(self, db: Database, counter: list[int] | None = None) -> None:
        self.db = db
        self.page_min = PAGE_MIN
        self.sizes: tuple[int, int] | None = None
        """``(per_node, budget)`` of the candidate statement; ``None``: :func:`candidate_sizes`."""
        self.counter = counter if counter is not None else [0]
        """``counter[0]`` grows by the rows the candidate and frontier statements read."""
        self.guesses = [0, 0]
        """Summaries guessed by the candidate statement: ``[used, discarded]``."""
        self._session: Session | None = None
        self._guess: tuple[int | None, int, Any, Any] | None = None
        """``(user_id, count_limit, nodes, edges)`` guessed by the last :meth:`prefetch`."""

    def __enter__(self) -> SqlSource:
        self._session = self.db.session()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._guess = None
        session, self._session = self._session, None
        if session is not None:
            session.close()

    def _rows(self, stmt: Any, params: dict[str, Any] | None = None) -> list[Any]:
        if self._session is not None:
            return self._session.rows(stmt, params)
        with self.db.session() as session:
            return session.rows(stmt, params)

    def _scalar(self, stmt: sa.Executable) -> Any:
        rows = self._rows(stmt)
        return rows[0][0] if rows else None

    # --- the BFS's questions, one statement each -------------------------------------------
    def contains(self, asset_id: int, user_id: int | None) -> bool:
        a = schema.assets
        q = scope_to(sa.select(a.c.id).where(a.c.id == big(asset_id)), a, user_id)
        return self._scalar(q) is not None

    def neighbours(
        self, frontier: Sequence[int], upward: bool, user_id: int | None, budget: int
    ) -> Iterator[tuple[int, int]]:
        # Read about as many rows as the caller can still admit; rows that lead to
        # already-admitted nodes may need a continuation page, keyed on the sort order.
        page = max(2 * budget, self.page_min)
        params = owner_params({"frontier": self.db.id_list(frontier), "page": page}, user_id)
        keys = ROW_ORDER[upward]
        node, nbr = PAGE_COLUMNS.index("node"), PAGE_COLUMNS.index("nbr")
        at = [PAGE_COLUMNS.index(k) for k in ("pos", *keys)]  # the keyset of a row
        after: tuple[int, ...] | None = None
        while True:
            shape = (upward, user_id is not None, after is not None)
            stmt = self.db.statement(
                ("neighbours", *shape), functools.partial(frontier_page, self.db, *shape)
            )
            if after is not None:
                params.update(zip(("a_pos", *(f"a_{k}" for k in keys)), after, strict=True))
            rows = self._rows(stmt, params)
            self.counter[0] += len(rows)
            for row in rows:
                yield row[node], row[nbr]
            if rows:
                after = tuple(rows[-1][i] for i in at)
            if len(rows) < page:
                return

    def describe(self, ids: Sequence[int], user_id: int | None, count_limit: int) -> Described:
        scoped = user_id is not None
        stmt = self.db.statement(("describe", scoped), lambda: describe_statement(self.db, scoped))
        params = {"ids": self.db.id_list(ids), "count_to": count_limit + 1}
        return {int(row[0]): _node(row) for row in self._rows(stmt, owner_params(params, user_id))}

    def edges_among(self, ids: Sequence[int], user_id: int | None) -> list[Mapping[str, Any]]:
        stmt = self.db.statement(("edges",), lambda: edges_statement(self.db))
        rows = self._rows(stmt, {"ids": self.db.id_list(sorted(ids))})
        return [dict(zip(EDGE_FIELDS, row, strict=True)) for row in rows]

    # --- the candidate path -----------------------------------------------------------------------
    def prefetch(
        self,
        root: int,
        user_id: int | None,
        direction: str,
        max_depth: int,
        max_nodes: int,
        count_limit: int,
    ) -> PrefetchedSource:
        """The candidates of every level in one statement, with the summary of a guess at
        the answer (see the module docstring)."""
        scoped = user_id is not None
        stmt = self.db.statement(
            ("candidates", direction, scoped),
            lambda: candidates_and_guess(self.db, direction, scoped),
        )
        per_node, budget = self.sizes or candidate_sizes(max_nodes)
        params = {
            "root": root,
            "depth": max_depth,
            "per_node": per_node,
            "budget": budget,
            "max_nodes": max_nodes,
            "count_to": count_limit + 1,
        }
        ((found, nodes, edges),) = self._rows(stmt, owner_params(params, user_id))
        rows = json_value(found)
        self.counter[0] += len(rows)
        self._guess = (user_id, count_limit, nodes, edges) if nodes is not None else None
        return PrefetchedSource(
            rows,
            root=root,
            max_depth=max_depth,
            per_node=per_node,
            complete=len(rows) < budget,
            fallback=self,
        )

    def summarise(
        self, ids: Sequence[int], user_id: int | None, count_limit: int
    ) -> tuple[Described, list[Mapping[str, Any]]]:
        """:meth:`describe` and :meth:`edges_among` of the same ids, in one statement, or
        none when they are the ids whose summary :meth:`prefetch` guessed."""
        guess, self._guess = self._guess, None
        if guess is not None and guess[:2] == (user_id, count_limit):
            described = {row[0]: _node(row) for row in json_value(guess[2])}
            if described.keys() == set(ids):
                self.guesses[0] += 1
                return described, _edges(guess[3])
            self.guesses[1] += 1
        scoped = user_id is not None
        stmt = self.db.statement(("summary", scoped), lambda: summary_statement(self.db, scoped))
        params = {"ids": self.db.id_list(sorted(ids)), "count_to": count_limit + 1}
        ((nodes, edges),) = self._rows(stmt, owner_params(params, user_id))
        return {row[0]: _node(row) for row in json_value(nodes)}, _edges(edges)


def _edges(value: Any) -> list[Mapping[str, Any]]:
    """The ``edges`` JSON array of a summary as rows keyed by ``EDGE_FIELDS``."""
    return [dict(zip(EDGE_FIELDS, row, strict=True)) for row in json_value(value)]


def _node(row: Sequence[Any]) -> tuple[dict[str, Any], int, int]:
    """A describe row as ``(record, parent_count, child_count)``."""
    rec = dict(zip(NODE_COLUMNS, row, strict=True))
    return rec, int(rec["parent_count"]), int(rec["child_count"])
