"""The first statement of a query: the candidates of every level, the root's check folded in.

One recursive statement walks up from the root through parent rows and down
through child rows, level by level to the query's depth, reading at most
``per_node`` rows of each node in :data:`~lineage_kit.sources.base.ROW_ORDER`
(PostgreSQL: a ``LATERAL`` subquery with ``LIMIT``, which an index on the
node's column serves in order; SQLite: a correlated ``IN`` list with ``LIMIT``).
Its seed is the root itself, found only when it is in scope. Rows to assets
out of scope are returned marked, not followed. ``UNION`` drops a node's rows
when the walk meets the node again at the same level, so a diamond is read
once per level. The outer ``LIMIT budget`` stops the walk on dense graphs;
levels come out in order, so every level before the last one returned is
whole (:class:`~lineage_kit.sources.prefetched.PrefetchedSource` relies on it).

The same statement also summarises a guess at the answer
(:func:`.summary.summary_columns`): every in-scope asset the walk reached,
when the walk is whole (fewer rows than ``budget``) and they are at most
``max_nodes``. That is the answer whenever the BFS over the candidates admits
every node it meets (no truncation, no node met both as an ancestor and as a
descendant): then the query needs no second statement. The caller compares the
guess with the BFS's answer and uses it only when they are the same set of
ids, so a wrong guess costs time, never a wrong answer.

Parameters: ``root``, ``uid`` (scoped), ``depth``, ``per_node``, ``budget``,
``max_nodes``, ``count_to``. One row of three columns, each one JSON array
(:meth:`.Database.json_rows`): ``rows``, the candidate rows ``(up, lvl, node,
nbr, seq, rid, ok)`` (see :data:`.prefetched.Candidate`); ``nodes`` and
``edges``, the guess's summary (``nodes`` null when there is no guess).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ...model import schema
from ..order import ROW_ORDER
from .database import Database
from .scope import owner_param, scope_to, scoped_join
from .summary import IdSet, summary_columns

__all__ = ["candidates_and_guess"]


def _nothing(type_: Any = sa.Integer) -> sa.ColumnElement[Any]:
    return sa.cast(sa.null(), type_)


def candidates_and_guess(db: Database, direction: str, scoped: bool) -> sa.Select[Any]:
    """The candidate statement for one direction (``both``, ``parents``, ``children``),
    with the summary of its guess (see the module docstring)."""
    g = _walk(db, direction, scoped).cte("g")
    reached = sa.select(g.c.nbr.label("id")).where(g.c.ok).distinct().cte("reached")
    read = sa.select(sa.func.count()).select_from(g).scalar_subquery()
    many = sa.select(sa.func.count()).select_from(reached).scalar_subquery()
    guess = (
        sa.select(reached.c.id)
        .where(
            read < sa.bindparam("budget", type_=sa.Integer),
            many <= sa.bindparam("max_nodes", type_=sa.Integer),
        )
        .cte("guess")
    )
    ids = IdSet(guess, lambda col: col.in_(sa.select(guess.c.id)))
    rows = sa.select(db.json_rows(*g.c)).scalar_subquery().label("rows")
    return sa.select(rows, *summary_columns(db, scoped, ids))


def _walk(db: Database, direction: str, scoped: bool) -> sa.Select[Any]:
    """The candidate rows, level by level, at most ``budget`` of them."""
    uid = owner_param() if scoped else None
    root = schema.assets.alias("r")
    ups = [up for up, other in ((True, "children"), (False, "parents")) if direction != other]
    flags = [sa.select((sa.true() if up else sa.false()).label("up")) for up in ups]
    d = (sa.union_all(*flags) if len(flags) > 1 else flags[0]).subquery("d")
    seed = (
        sa.select(
            d.c.up,
            sa.literal_column("0", sa.Integer).label("lvl"),
            _nothing().label("node"),
            root.c.id.label("nbr"),
            _nothing().label("seq"),
            _nothing().label("rid"),
            sa.true().label("ok"),
        )
        .select_from(root.join(d, sa.true()))
        .where(root.c.id == sa.bindparam("root", type_=sa.BigInteger))
    )
    seed = scope_to(seed, root, uid)
    walk = seed.cte("walk", recursive=True)
    w = walk.alias("w")
    expand = _lateral_step if db.dialect == "postgresql" else _correlated_step
    step = expand(w, uid).where(
        w.c.ok, w.c.lvl < sa.bindparam("depth", type_=sa.Integer)
    )
    walk = walk.union(step)
    return sa.select(*walk.c).limit(sa.bindparam("budget", type_=sa.Integer))


def _rows_of(w: Any, upward: bool, name: str) -> sa.Select[Any]:
    """At most ``per_node`` rows of the walk row's node in one direction, in row order."""
    lin = schema.asset_lineage.alias(name)
    near, far = schema.lineage_ends(lin, upward)
    wanted = w.c.up if upward else sa.not_(w.c.up)
    return (
        sa.select(far.label("nbr"), lin.c.sequence_order.label("seq"), lin.c.id.label("rid"))
        .where(wanted, near == w.c.nbr)
        .order_by(*(lin.c[k] for k in ROW_ORDER[upward]))
        .limit(sa.bindparam("per_node", type_=sa.Integer))
        .correlate(w)
    )


def _next_level(w: Any) -> sa.ColumnElement[Any]:
    return (w.c.lvl + sa.literal_column("1", sa.Integer)).label("lvl")


def _lateral_step(w: Any, uid: Any) -> sa.Select[Any]:
    """PostgreSQL: the rows of each walk row's node through ``LATERAL``, then their scope."""
    rows = sa.union_all(_rows_of(w, True, "lu"), _rows_of(w, False, "ld")).subquery("s")
    other = schema.assets.alias("n")
    x = (
        sa.select(rows.c.nbr, rows.c.seq, rows.c.rid, other.c.id.is_not(None).label("ok"))
        .select_from(rows.outerjoin(other, scoped_join(other, rows.c.nbr, uid)))
        .lateral("x")
    )
    return sa.select(w.c.up, _next_level(w), w.c.nbr.label("node"), *x.c).select_from(
        w.join(x, sa.true())
    )


def _correlated_step(w: Any, uid: Any) -> sa.Select[Any]:
    """SQLite (no LATERAL): the row ids of each node through a correlated ``IN`` list."""
    up = _rows_of(w, True, "lu").subquery("u")
    down = _rows_of(w, False, "ld").subquery("v")
    ids = sa.union_all(sa.select(up.c.rid), sa.select(down.c.rid))
    lin = schema.asset_lineage.alias("l")
    far = sa.case((w.c.up, lin.c.parent_asset_id), else_=lin.c.child_asset_id)
    other = schema.assets.alias("n")
    ok = sa.exists(sa.select(sa.literal_column("1")).where(scoped_join(other, far, uid)))
    return sa.select(
        w.c.up,
        _next_level(w),
        w.c.nbr.label("node"),
        far.label("nbr"),
        lin.c.sequence_order.label("seq"),
        lin.c.id.label("rid"),
        ok.label("ok"),
    ).select_from(w.join(lin, lin.c.id.in_(ids)))
