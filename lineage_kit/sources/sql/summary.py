"""The second statement of a query: summaries, capped degree counts and edges of the admitted.

Every statement here takes the admitted ids as one list parameter ``ids``
(:meth:`.Database.ids_table`) and reads through indexes only, one id at a
time, whatever its size: on PostgreSQL each id's asset and rows are read
through a ``LATERAL`` subquery fenced with ``OFFSET 0``, so neither a custom
plan (which knows the list is long) nor a generic one (which guesses ten ids)
turns a 10,000-id answer into a scan of the table.

- :func:`describe_statement`: each asset's summary with its parent and child
  counts, each counted up to ``count_to`` rows (``count_limit + 1``), so a hub
  costs what ``count_limit`` rows cost;
- :func:`edges_statement`: the rows whose two ends are both in ``ids``;
- :func:`summary_statement`: both in one statement, each as one JSON array;
- :func:`summary_columns`: the same two arrays over any set of ids (:class:`IdSet`),
  such as one a statement computes itself (:mod:`.candidates`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import sqlalchemy as sa

from ...model import schema
from ...model.results import EDGE_FIELDS
from .database import Database
from .scope import owner_param, scoped_join

__all__ = [
    "NODE_COLUMNS",
    "IdSet",
    "describe_statement",
    "edges_statement",
    "summary_columns",
    "summary_statement",
]

NODE_COLUMNS = (*schema.SUMMARY_COLUMNS, *schema.SUMMARY_JSON, "parent_count", "child_count")
"""The columns of an asset row of :func:`describe_statement`, in order."""


class IdSet(NamedTuple):
    """The ids a summary is about: a relation with an ``id`` column, and a membership test."""

    table: sa.FromClause
    member: Callable[[sa.ColumnElement[Any]], sa.ColumnElement[bool]]


def _listed(db: Database) -> IdSet:
    """The id-list parameter ``ids`` (sorted)."""
    return IdSet(db.ids_table("ids"), db.in_ids)


def _by_id(
    db: Database, ids: sa.FromClause, table: sa.Table, key: str, cols: Any, *where: Any
) -> Any:
    """``table``'s rows whose ``key`` is each of the ``ids``, read one id at a time."""
    alias = table.alias("a" if table is schema.assets else "l")
    chosen = cols(alias)
    if db.dialect == "postgresql":
        per_id = (
            sa.select(*chosen)
            .where(alias.c[key] == ids.c.id, *(w(alias) for w in where))
            .offset(0)  # a fence: the planner keeps the per-id index lookup
            .lateral(alias.name)
        )
        return sa.select(*per_id.c).select_from(ids.join(per_id, sa.true()))
    q = sa.select(*chosen).select_from(alias.join(ids, alias.c[key] == ids.c.id))
    return q.where(*(w(alias) for w in where))


def _degree(db: Database, a: Any, upward: bool, scoped: bool) -> sa.ColumnElement[Any]:
    """The in-scope rows of asset ``a`` in one direction, counted up to ``count_to``."""
    lin = schema.asset_lineage.alias("dl")
    other = schema.assets.alias("o")
    near, far = schema.lineage_ends(lin, upward)
    on = scoped_join(other, far, owner_param() if scoped else None)
    first = (
        sa.select(sa.literal_column("1").label("one"))
        .select_from(lin.join(other, on))
        .where(near == a.c.id)
        .limit(sa.bindparam("count_to", type_=sa.Integer))
        .correlate(a)
        .subquery("c")
    )
    return sa.select(sa.func.count()).select_from(first).scalar_subquery()


def _inside(db: Database, a: Any, name: str, at: tuple[str, ...]) -> sa.ColumnElement[Any]:
    """A value inside a JSON column, read only when it can matter
    (:data:`~lineage_kit.model.schema.SUMMARY_JSON_UNLESS`)."""
    value = db.json_value(a, *at)
    unless = schema.SUMMARY_JSON_UNLESS.get(name)
    if unless is not None and db.has("assets", unless):
        col = a.c[unless]
        value = sa.case((sa.or_(col.is_(None), col == sa.literal_column("''")), value))
    return value.label(name)


def _node_columns(db: Database, scoped: bool) -> Any:
    def cols(a: Any) -> list[sa.ColumnElement[Any]]:
        summary = [db.column(a, name) for name in schema.SUMMARY_COLUMNS]
        inside = [_inside(db, a, name, at) for name, at in schema.SUMMARY_JSON.items()]
        return [
            *summary,
            *inside,
            _degree(db, a, True, scoped).label("parent_count"),
            _degree(db, a, False, scoped).label("child_count"),
        ]

    return cols


def describe_statement(db: Database, scoped: bool) -> sa.Select[Any]:
    """Summaries of the ``ids`` with their capped counts (columns :data:`NODE_COLUMNS`)."""
    cols = _node_columns(db, scoped)
    q: sa.Select[Any] = _by_id(db, db.ids_table("ids"), schema.assets, "id", cols)
    return q


def _edge_columns(db: Database) -> Any:
    return lambda lin: [db.column(lin, name) for name in EDGE_FIELDS]


def edges_statement(db: Database) -> sa.Select[Any]:
    """Rows whose two ends are both in the (sorted) ``ids``, in the contract's edge order.

    Admitted assets are in scope, so these rows are too.
    """
    q = _by_id(
        db,
        db.ids_table("ids"),
        schema.asset_lineage,
        "child_asset_id",
        _edge_columns(db),
        lambda lin: db.in_ids(lin.c.parent_asset_id),
    )
    return q.order_by(*(q.selected_columns[k] for k in ("child_asset_id", "sequence_order", "id")))


def summary_columns(db: Database, scoped: bool, ids: IdSet) -> tuple[Any, Any]:
    """``nodes`` and ``edges`` of :func:`summary_statement` over ``ids``, as two labelled
    scalar subqueries (each one JSON array, null when empty).

    Each aggregates straight over its rows, with no subquery naming the columns
    again: psycopg caches its parsing of a statement only up to 4 kB of text, and
    :func:`.candidates.candidates_and_guess` holds these two as well.
    """
    nodes = _by_id(db, ids.table, schema.assets, "id", _node_columns(db, scoped))
    edges = _by_id(
        db,
        ids.table,
        schema.asset_lineage,
        "child_asset_id",
        _edge_columns(db),
        lambda lin: ids.member(lin.c.parent_asset_id),
    )

    def aggregated(q: sa.Select[Any], name: str) -> Any:
        return q.with_only_columns(db.json_rows(*q.selected_columns)).scalar_subquery().label(name)

    return aggregated(nodes, "nodes"), aggregated(edges, "edges")


def summary_statement(db: Database, scoped: bool) -> sa.Select[Any]:
    """:func:`describe_statement` and :func:`edges_statement` as one statement.

    One row: ``nodes``, the asset rows (columns :data:`NODE_COLUMNS`), and
    ``edges``, the lineage rows (columns ``EDGE_FIELDS``), each one JSON array
    (:meth:`.Database.json_rows`), over the
    (sorted) id-list parameter ``ids``.
    """
    return sa.select(*summary_columns(db, scoped, _listed(db)))
