"""The SQL database as a neighbour source: the frontier, describe and edge statements.

All of the query's SQL lives here, written with SQLAlchemy Core and bound
parameters, for SQLite and PostgreSQL alike. A bounded query costs one
statement for the root, one per frontier and direction, then one for the
asset summaries with their degree counts and one for the edges: at most
``2 * max_depth + 3`` statements, whatever the table size.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from ...model import schema
from ..base import ROW_ORDER, Described
from .database import Database, big

__all__ = ["PAGE_MIN", "SqlSource"]

PAGE_MIN = 16
"""The smallest page a frontier statement reads."""


class SqlSource:
    """The database as a :class:`~lineage_kit.sources.NeighbourSource`.

    Used as a context manager by the BFS, it holds one pooled connection for
    the whole query (one checkout and pre-ping, not one per statement).
    """

    def __init__(self, db: Database, counter: list[int] | None = None) -> None:
        self.db = db
        self.page_min = PAGE_MIN
        self.counter = counter if counter is not None else [0]
        """``counter[0]`` grows by the lineage rows the frontier statements read."""
        self._held: Any = None
        self._conn: sa.Connection | None = None

    def __enter__(self) -> SqlSource:
        self._held = self.db.connection()
        self._conn = self._held.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        held, self._held, self._conn = self._held, None, None
        if held is not None:
            held.__exit__(*exc)

    def _rows(
        self, stmt: sa.Executable, params: Mapping[str, Any] | None = None
    ) -> list[sa.Row[Any]]:
        if self._conn is None:
            with self.db.connection() as conn:
                return list(conn.execute(stmt, params))
        try:
            return list(self._conn.execute(stmt, params))
        except sa.exc.SQLAlchemyError as exc:
            raise self.db.translate(exc) from None

    def _scalar(self, stmt: sa.Executable) -> Any:
        rows = self._rows(stmt)
        return rows[0][0] if rows else None

    def contains(self, asset_id: int, user_id: int | None) -> bool:
        a = schema.assets
        q = sa.select(a.c.id).where(a.c.id == big(asset_id))
        if user_id is not None:
            q = q.where(a.c.user_id == big(user_id))
        return self._scalar(q) is not None

    def neighbours(
        self, frontier: Sequence[int], upward: bool, user_id: int | None, budget: int
    ) -> Iterator[tuple[int, int]]:
        # Read about as many rows as the caller can still admit; rows that lead to
        # already-admitted nodes may need a continuation page, keyed on the sort order.
        page = max(2 * budget, self.page_min)
        params: dict[str, Any] = {"frontier": self._id_list(frontier), "page": page}
        if user_id is not None:
            params["uid"] = user_id
        keys = ROW_ORDER[upward]
        after: tuple[int, ...] | None = None
        while True:
            shape = (upward, user_id is not None, after is not None)
            stmt = self.db.statement(
                ("neighbours", *shape), functools.partial(self._neighbour_page, *shape)
            )
            if after is not None:
                params.update(zip(("a_pos", *(f"a_{k}" for k in keys)), after, strict=True))
            rows = self._rows(stmt, params)
            self.counter[0] += len(rows)
            for row in rows:
                yield row.node, row.nbr
                after = (row.pos, *(getattr(row, k) for k in keys))
            if len(rows) < page:
                return

    def _id_list(self, ids: Sequence[int]) -> Any:
        """A list of ids as one parameter: an array (PostgreSQL) or a JSON text (SQLite)."""
        if self.db.dialect == "postgresql":
            return list(ids)
        return json.dumps(list(ids))

    def _ids_param(self, col: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
        """``col`` is in the ``ids`` parameter (see :meth:`_id_list`)."""
        if self.db.dialect == "postgresql":
            return col == sa.any_(sa.bindparam("ids", type_=ARRAY(sa.BigInteger)))
        each = sa.func.json_each(sa.bindparam("ids", type_=sa.String)).table_valued("value")
        return col.in_(sa.select(each.c.value))

    def _neighbour_page(self, upward: bool, scoped: bool, continued: bool) -> sa.Select[Any]:
        """One page of ``(pos, node, nbr, sequence_order, id)`` in frontier, then row order.

        Built once per shape and cached: parameters ``frontier``, ``page``, ``uid``
        (scoped) and ``a_pos`` plus ``a_<key>`` for each key of the row order (the
        keyset of a continuation page).
        """
        lin = schema.asset_lineage.alias("l")
        other = schema.assets.alias("n")
        near, far = (
            (lin.c.child_asset_id, lin.c.parent_asset_id)
            if upward
            else (lin.c.parent_asset_id, lin.c.child_asset_id)
        )
        f = self._frontier()
        on_other = other.c.id == far
        if scoped:
            on_other = sa.and_(
                on_other, other.c.user_id == sa.bindparam("uid", type_=sa.BigInteger)
            )
        cols = (near.label("node"), far.label("nbr"), lin.c.sequence_order, lin.c.id)
        order = [lin.c[k] for k in ROW_ORDER[upward]]
        page = sa.bindparam("page", type_=sa.Integer)
        a_pos = sa.bindparam("a_pos", type_=sa.Integer)
        a_keys = [sa.bindparam(f"a_{k}", type_=sa.Integer) for k in ROW_ORDER[upward]]
        if self.db.dialect == "postgresql":
            # LATERAL: each frontier node reads at most `page` of its rows, in index
            # order where an index on (near, <row order>) exists, so a hub with
            # 100,000 children costs about a page, not a sort of all its rows.
            inner = sa.select(*cols).select_from(lin.join(other, on_other)).where(near == f.c.node)
            outer_where = []
            if continued:
                inner = inner.where(sa.or_(f.c.pos > a_pos, sa.tuple_(*order) > sa.tuple_(*a_keys)))
                outer_where.append(f.c.pos >= a_pos)
            x = inner.order_by(*order).limit(page).lateral("x")
            return (
                sa.select(f.c.pos, x.c.node, x.c.nbr, x.c.sequence_order, x.c.id)
                .select_from(f.join(x, sa.true()))
                .where(*outer_where)
                .order_by(f.c.pos, *(x.c[k] for k in ROW_ORDER[upward]))
                .limit(page)
            )
        q = (
            sa.select(f.c.pos, *cols)
            .select_from(lin.join(f, f.c.node == near).join(other, on_other))
            .order_by(f.c.pos, *order)
        )
        if continued:
            q = q.where(sa.tuple_(f.c.pos, *order) > sa.tuple_(a_pos, *a_keys))
        return q.limit(page)

    def _frontier(self) -> sa.FromClause:
        """The ``frontier`` parameter as a relation ``(node, pos)``."""
        if self.db.dialect == "postgresql":
            arr = sa.bindparam("frontier", type_=ARRAY(sa.BigInteger))
            return (
                sa.func.unnest(arr)
                .table_valued(sa.column("node", sa.BigInteger), with_ordinality="pos")
                .render_derived(name="f", with_types=False)
            )
        # SQLite: json_each over a JSON array gives (key = position, value = id).
        fn = sa.func.json_each(sa.bindparam("frontier", type_=sa.String))
        tv = fn.table_valued(sa.column("key", sa.Integer), sa.column("value", sa.Integer))
        return sa.select(tv.c.value.label("node"), tv.c.key.label("pos")).subquery("f")

    def describe(self, ids: Sequence[int], user_id: int | None) -> Described:
        stmt = self.db.statement(
            ("describe", user_id is not None), lambda: self._describe(user_id is not None)
        )
        params: dict[str, Any] = {"ids": self._id_list(ids)}
        if user_id is not None:
            params["uid"] = user_id
        out: Described = {}
        for row in self._rows(stmt, params):
            rec = dict(row._mapping)
            out[int(rec["id"])] = (rec, int(rec["parent_count"]), int(rec["child_count"]))
        return out

    def _describe(self, scoped: bool) -> sa.Select[Any]:
        """Summaries of the ``ids`` with their full in-scope degree (correlated counts)."""
        a = schema.assets.alias("a")
        lin = schema.asset_lineage.alias("dl")
        o = schema.assets.alias("o")

        def degree(near: sa.ColumnElement[Any], far: sa.ColumnElement[Any]) -> Any:
            on = o.c.id == far
            if scoped:
                on = sa.and_(on, o.c.user_id == sa.bindparam("uid", type_=sa.BigInteger))
            return (
                sa.select(sa.func.count())
                .select_from(lin.join(o, on))
                .where(near == a.c.id)
                .scalar_subquery()
            )

        cols = [self.db.column(a, name) for name in schema.SUMMARY_COLUMNS]
        cols += [self.db.json_value(a, *at).label(n) for n, at in schema.SUMMARY_JSON.items()]
        return sa.select(
            *cols,
            degree(lin.c.child_asset_id, lin.c.parent_asset_id).label("parent_count"),
            degree(lin.c.parent_asset_id, lin.c.child_asset_id).label("child_count"),
        ).where(self._ids_param(a.c.id))

    def edges_among(self, ids: Sequence[int], user_id: int | None) -> list[Mapping[str, Any]]:
        stmt = self.db.statement(("edges",), self._edges)
        return [dict(r._mapping) for r in self._rows(stmt, {"ids": self._id_list(ids)})]

    def _edges(self) -> sa.Select[Any]:
        """Rows whose two ends are both in the ``ids`` (admitted nodes are in scope)."""
        lin = schema.asset_lineage
        cols = [self.db.column(lin, c.name) for c in lin.c]
        return (
            sa.select(*cols)
            .where(self._ids_param(lin.c.child_asset_id), self._ids_param(lin.c.parent_asset_id))
            .order_by(lin.c.child_asset_id, lin.c.sequence_order, lin.c.id)
        )
