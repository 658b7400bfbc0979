"""The audit's checks as set-based SQL, run inside the database (SQLite and PostgreSQL).

Each check is one SQLAlchemy Core statement over ``assets`` and
``asset_lineage`` that returns only the offending rows, so the cost of
reading the answer grows with the findings, never with the tables; the
tables are never pulled into Python. One exception, bounded: for cycles the
database peels the rows that cannot be on a cycle and returns only the
remaining candidates' ``(id, parent, child)``; their strongly connected
components are computed in Python (networkx). On a lineage forest the
candidates are little more than the cycles; on one big tangle they can be
most rows. A recursive CTE keeps everything in SQL, but its cost grows with
the number of paths, not rows: one seeded from rows that point to a smaller
id took about five minutes on an 80,000-row graph with ids in random order,
where this takes about a second. Only required columns are read, so the
statements work on pixsim7's full schema and on the embedded sample alike.
Driver errors are translated into :class:`~lineage_kit.StoreError` by the
database's connection context. The two refresh checks read their facts with the
statements of :mod:`lineage_kit.sources.sql.generations` (candidate children and
their generations, the lookups of payload inputs, the rows in scope) and read the
JSON payloads and inputs in Python (:mod:`.refresh_checks`).

The rules (which rows concern an owner, what counts as a cycle) are stated
once in :mod:`lineage_kit.audit`; the pandas implementation
(:mod:`.rules_pandas`) must give the same facts for the same tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from ..model import schema
from ..refresh.facts import SqlFacts
from ..sources.sql import Database
from ..sources.sql.scope import scope_to, scoped_join
from .cycles import cycle_facts
from .refresh_checks import REFRESH_CHECKS, refresh_facts

__all__ = ["TRIM_ROUNDS", "sql_facts"]


def _op(col: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    # PostgreSQL stores the operation as a native enum: compare its label as text.
    return sa.func.lower(sa.cast(col, sa.String))


_INPUT_LISTS = (
    ("customer_paths", "customer_img_urls"),
    ("customer_img_urls",),
    ("customer_paths", "customer_img_paths"),
    ("customer_img_paths",),
)
"""Where a Pixverse payload lists its input images (pixsim7's extractor reads these)."""


class _Query:
    """Statement builders for one scope (``uid``; ``None`` for every owner)."""

    def __init__(self, uid: int | None, db: Database) -> None:
        self.uid = uid
        self.db = db
        self.lin = schema.asset_lineage.alias("lin")
        self.p = schema.assets.alias("p")
        self.c = schema.assets.alias("c")

    def _owned(self) -> sa.Select[Any]:
        a = schema.assets.alias("owned")
        return scope_to(sa.select(a.c.id), a, self.uid)

    def concerns(self, lin: Any) -> sa.ColumnElement[bool]:
        """A row concerns the scope when either end is an asset of ``uid``."""
        if self.uid is None:
            return sa.true()
        return sa.or_(
            lin.c.parent_asset_id.in_(self._owned()), lin.c.child_asset_id.in_(self._owned())
        )

    def _ends(self) -> sa.FromClause:
        lin, p, c = self.lin, self.p, self.c
        return lin.outerjoin(p, p.c.id == lin.c.parent_asset_id).outerjoin(
            c, c.c.id == lin.c.child_asset_id
        )

    def _in_scope(self, end: Any) -> sa.ColumnElement[Any]:
        """The end's id when it is an asset in scope, else NULL: with ``uid`` set, a missing
        asset and another owner's are one case (existence never leaks)."""
        if self.uid is None:
            return end.c.id
        return sa.case((end.c.user_id == sa.literal(self.uid, sa.BigInteger), end.c.id))

    def dangling(self) -> sa.Select[Any]:
        lin, p, c = self.lin, self.p, self.c
        p_in, c_in = self._in_scope(p), self._in_scope(c)
        return (
            sa.select(
                lin.c.id,
                lin.c.parent_asset_id,
                lin.c.child_asset_id,
                p_in.label("p"),
                c_in.label("c"),
            )
            .select_from(self._ends())
            .where(sa.or_(p_in.is_(None), c_in.is_(None)), self.concerns(lin))
        )

    def self_loops(self) -> sa.Select[Any]:
        lin = self.lin
        return sa.select(
            lin.c.id, lin.c.parent_asset_id, lin.c.relation_type, _op(lin.c.operation_type)
        ).where(lin.c.parent_asset_id == lin.c.child_asset_id, self.concerns(lin))

    def duplicates(self) -> sa.Select[Any]:
        lin = self.lin
        g = schema.asset_lineage.alias("g")
        key = (g.c.parent_asset_id, g.c.child_asset_id, g.c.relation_type, g.c.sequence_order)
        groups = (
            sa.select(*key, sa.func.min(g.c.id).label("keep"))
            .group_by(*key)
            .having(sa.func.count() > 1)
            .subquery("dup")
        )
        on = sa.and_(
            groups.c.parent_asset_id == lin.c.parent_asset_id,
            groups.c.child_asset_id == lin.c.child_asset_id,
            groups.c.relation_type == lin.c.relation_type,
            groups.c.sequence_order == lin.c.sequence_order,
            lin.c.id > groups.c.keep,
        )
        return (
            sa.select(lin.c.id, lin.c.parent_asset_id, lin.c.child_asset_id, groups.c.keep)
            .select_from(lin.join(groups, on))
            .where(self.concerns(lin))
        )

    def cross_owner(self) -> sa.Select[Any]:
        """Every owner only: with ``uid`` set, the other end of such a row is outside the
        scope, and :meth:`dangling` reports it as it reports a missing one."""
        lin, p, c = self.lin, self.p, self.c
        q = (
            sa.select(
                lin.c.id, lin.c.parent_asset_id, lin.c.child_asset_id, p.c.user_id, c.c.user_id
            )
            .select_from(
                lin.join(p, p.c.id == lin.c.parent_asset_id).join(c, c.c.id == lin.c.child_asset_id)
            )
            .where(p.c.user_id != c.c.user_id)
        )
        return q if self.uid is None else q.where(sa.false())

    def unknown_values(self) -> sa.Select[Any]:
        lin = self.lin
        return sa.select(
            lin.c.id,
            lin.c.parent_asset_id,
            lin.c.child_asset_id,
            lin.c.relation_type,
            lin.c.operation_type,
        ).where(
            sa.or_(
                lin.c.relation_type.not_in(schema.RELATION_TYPES),
                _op(lin.c.operation_type).not_in(schema.OPERATION_TYPES),
            ),
            self.concerns(lin),
        )

    def legacy_labels(self) -> sa.Select[Any]:
        lin = self.lin
        text = sa.cast(lin.c.operation_type, sa.String)
        return sa.select(
            lin.c.id, lin.c.parent_asset_id, lin.c.child_asset_id, text.label("operation")
        ).where(
            text != sa.func.lower(text),
            sa.func.lower(text).in_(schema.OPERATION_TYPES),
            self.concerns(lin),
        )

    def repeated_inputs(self) -> sa.Select[Any]:
        """Assets of the scope whose payload lists two or more input images: the payload
        is read in Python for those only (the findings decide which repeat an image)."""
        a = schema.assets.alias("ra")
        listed = [self.db.json_array_length(a, "media_metadata", *path) for path in _INPUT_LISTS]
        q = sa.select(a.c.id, self.db.column(a, "media_metadata", text=True)).where(
            sa.or_(*(n > 1 for n in listed))
        )
        return scope_to(q, a, self.uid)

    def sequence_gaps(self) -> sa.Select[Any]:
        lin = self.lin
        g = schema.asset_lineage.alias("g")
        op = _op(g.c.operation_type)
        n = sa.func.count()
        groups = sa.select(g.c.child_asset_id, op.label("op")).where(
            op.in_(schema.MULTI_INPUT_OPERATIONS)
        )
        if self.uid is not None:
            groups = groups.where(g.c.child_asset_id.in_(self._owned()))
        flagged = (
            groups.group_by(g.c.child_asset_id, op)
            .having(
                sa.or_(
                    sa.func.min(g.c.sequence_order) != 0,
                    sa.func.max(g.c.sequence_order) != n - 1,
                    sa.func.count(sa.distinct(g.c.sequence_order)) != n,
                )
            )
            .subquery("flagged")
        )
        on = sa.and_(
            flagged.c.child_asset_id == lin.c.child_asset_id,
            flagged.c.op == _op(lin.c.operation_type),
        )
        return sa.select(
            lin.c.child_asset_id, flagged.c.op, lin.c.sequence_order, lin.c.id
        ).select_from(lin.join(flagged, on))

    def cycle_candidates(self) -> sa.Select[Any]:
        """In-scope rows that may lie on a cycle: ``(id, parent, child)``.

        In-scope rows (both ends exist, and belong to ``uid``), self-loops
        aside. An asset on a cycle has a parent and a child on it, so rows
        are kept only while both ends have both; repeated
        :data:`TRIM_ROUNDS` times, this peels chains and trees from both
        ends. What is left (in a lineage forest, little more than the cycles
        themselves) is the only input the strongly connected components
        need.
        """
        lin = schema.asset_lineage.alias("el")
        p = schema.assets.alias("ep")
        c = schema.assets.alias("ec")
        on_p = scoped_join(p, lin.c.parent_asset_id, self.uid)
        on_c = scoped_join(c, lin.c.child_asset_id, self.uid)
        rows = (
            sa.select(
                lin.c.id, lin.c.parent_asset_id.label("src"), lin.c.child_asset_id.label("dst")
            )
            .select_from(lin.join(p, on_p).join(c, on_c))
            .where(lin.c.parent_asset_id != lin.c.child_asset_id)
            .cte("e0")
        )
        for k in range(1, TRIM_ROUNDS + 1):
            both = sa.intersect(sa.select(rows.c.src), sa.select(rows.c.dst)).cte(f"both{k}")
            rows = (
                sa.select(rows.c.id, rows.c.src, rows.c.dst)
                .where(rows.c.src.in_(sa.select(both.c.src)), rows.c.dst.in_(sa.select(both.c.src)))
                .cte(f"e{k}")
            )
        return sa.select(rows.c.id, rows.c.src, rows.c.dst)


TRIM_ROUNDS = 6
"""Rounds of peeling before the candidate rows are read (see :meth:`_Query.cycle_candidates`)."""


def sql_facts(
    db: Database, uid: int | None, checks: Iterable[str]
) -> dict[str, list[tuple[Any, ...]]]:
    """Run the named checks in the database; return each check's raw fact rows."""
    q = _Query(uid, db)
    out: dict[str, list[tuple[Any, ...]]] = {}
    checks = list(checks)
    # Whole-table checks run under the store's bulk limit, not the per-query one.
    with db.session(timeout=db.bulk_timeout) as session:
        for name in checks:
            if name == "cycles":
                out[name] = cycle_facts(session.rows(q.cycle_candidates()))
            elif name not in REFRESH_CHECKS:
                out[name] = [tuple(row) for row in session.rows(getattr(q, name)())]
    out.update(refresh_facts(SqlFacts(db, db.bulk_timeout), uid, checks))
    return out
