"""The per-level statement: one page of a whole frontier's lineage rows.

The batched path of the query (and the fallback of the candidate path,
:mod:`.candidates`): the rows of every node of one frontier, in frontier
order then :data:`~lineage_kit.sources.base.ROW_ORDER`, scoped, in pages
keyed on that order.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ...model import schema
from ..order import ROW_ORDER
from .database import Database
from .scope import owner_param, scoped_join

__all__ = ["PAGE_COLUMNS", "frontier_page"]

PAGE_COLUMNS = ("pos", "node", "nbr", "sequence_order", "id")
"""The columns of a page's rows, in order."""


def frontier_page(db: Database, upward: bool, scoped: bool, continued: bool) -> sa.Select[Any]:
    """One page of :data:`PAGE_COLUMNS` rows in frontier, then row order.

    Parameters: ``frontier`` (the ids), ``page``, ``uid`` (scoped) and, on a
    continuation page, ``a_pos`` plus ``a_<key>`` for each key of the row order
    (the keyset of the last row read).
    """
    lin = schema.asset_lineage.alias("l")
    other = schema.assets.alias("n")
    near, far = schema.lineage_ends(lin, upward)
    f = db.ids_table("frontier")
    on_other = scoped_join(other, far, owner_param() if scoped else None)
    cols = (near.label("node"), far.label("nbr"), lin.c.sequence_order, lin.c.id)
    order = [lin.c[k] for k in ROW_ORDER[upward]]
    page = sa.bindparam("page", type_=sa.Integer)
    a_pos = sa.bindparam("a_pos", type_=sa.Integer)
    a_keys = [sa.bindparam(f"a_{k}", type_=sa.Integer) for k in ROW_ORDER[upward]]
    if db.dialect == "postgresql":
        # LATERAL: each frontier node reads at most `page` of its rows, in index
        # order where an index on (near, <row order>) exists, so a hub with
        # 100,000 children costs about a page, not a sort of all its rows.
        inner = sa.select(*cols).select_from(lin.join(other, on_other)).where(near == f.c.id)
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
        .select_from(lin.join(f, f.c.id == near).join(other, on_other))
        .order_by(f.c.pos, *order)
    )
    if continued:
        q = q.where(sa.tuple_(f.c.pos, *order) > sa.tuple_(a_pos, *a_keys))
    return q.limit(page)
