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
- :func:`summary_statement`: both in one statement, each as one JSON array.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ...model import schema
from ...model.results import EDGE_FIELDS
from .database import Database

__all__ = [
    "NODE_COLUMNS",
    "describe_statement",
    "edges_statement",
    "summary_statement",
]

NODE_COLUMNS = (*schema.SUMMARY_COLUMNS, *schema.SUMMARY_JSON, "parent_count", "child_count")
"""The columns of an asset row of :func:`describe_statement`, in order."""


def _by_id(db: Database, table: sa.Table, key: str, cols: Any, *where: Any) -> Any:
    """``table``'s rows whose ``key`` is each of the ``ids``, read one id at a time."""
    ids = db.ids_table("ids")
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
    on = other.c.id == far
    if scoped:
        on = sa.and_(on, other.c.user_id == sa.bindparam("uid", type_=sa.BigInteger))
    first = (
        sa.select(sa.literal_column("1").label("one"))
        .select_from(lin.join(other, on))
        .where(near == a.c.id)
        .limit(sa.bindparam("count_to", type_=sa.Integer))
        .correlate(a)
        .subquery("c")
    )
    return sa.select(sa.func.count()).select_from(first).scalar_subquery()


def _node_columns(db: Database, scoped: bool, text: bool) -> Any:
    def cols(a: Any) -> list[sa.ColumnElement[Any]]:
        summary = [db.column(a, name, text=text) for name in schema.SUMMARY_COLUMNS]
        inside = [db.json_value(a, *at).label(name) for name, at in schema.SUMMARY_JSON.items()]
        return [
            *summary,
            *inside,
            _degree(db, a, True, scoped).label("parent_count"),
            _degree(db, a, False, scoped).label("child_count"),
        ]

    return cols


def describe_statement(db: Database, scoped: bool) -> sa.Select[Any]:
    """Summaries of the ``ids`` with their capped counts (columns :data:`NODE_COLUMNS`)."""
    q: sa.Select[Any] = _by_id(db, schema.assets, "id", _node_columns(db, scoped, False))
    return q


def _edge_columns(db: Database, text: bool) -> Any:
    return lambda lin: [db.column(lin, name, text=text) for name in EDGE_FIELDS]


def edges_statement(db: Database) -> sa.Select[Any]:
    """Rows whose two ends are both in the (sorted) ``ids``, in the contract's edge order.

    Admitted assets are in scope, so these rows are too.
    """
    q = _by_id(
        db,
        schema.asset_lineage,
        "child_asset_id",
        _edge_columns(db, False),
        lambda lin: db.in_ids(lin.c.parent_asset_id),
    )
    return q.order_by(*(q.selected_columns[k] for k in ("child_asset_id", "sequence_order", "id")))


def summary_statement(db: Database, scoped: bool) -> sa.Select[Any]:
    """:func:`describe_statement` and :func:`edges_statement` as one statement.

    One row: ``nodes``, the asset rows (columns :data:`NODE_COLUMNS`), and
    ``edges``, the lineage rows (columns ``EDGE_FIELDS``), each one JSON array
    (:meth:`.Database.json_rows`; text-like columns read as text).
    """
    nodes = _by_id(db, schema.assets, "id", _node_columns(db, scoped, True)).subquery("n")
    edges = _by_id(
        db,
        schema.asset_lineage,
        "child_asset_id",
        _edge_columns(db, True),
        lambda lin: db.in_ids(lin.c.parent_asset_id),
    ).subquery("e")
    return sa.select(
        sa.select(db.json_rows(*nodes.c)).scalar_subquery().label("nodes"),
        sa.select(db.json_rows(*edges.c)).scalar_subquery().label("edges"),
    )
