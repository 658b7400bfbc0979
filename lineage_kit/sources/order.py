"""The two orders every source keeps, written once: a node's lineage rows, and newest first.

**Row order** (rule 3 of the query contract, ``docs/design.md``): a node's
parents (rows where it is the child) by ``(sequence_order, id)`` of the row, the
input's position in the operation; its children (rows where it is the parent) by
the row's ``id``, creation order, as pixsim7's ``/children`` lists them. A missing
``sequence_order`` counts as 0 (:data:`~lineage_kit.model.records.MISSING_ORDER`).
:data:`ROW_ORDER` names the keys (for SQL ``ORDER BY`` and array sorts);
:data:`ROW_KEY` computes them for one row in Python.

**Newest first** (the gallery's listing and the ties of a search): ``created_at``
descending with unknown dates last, then ``id`` descending; stated for SQL
(:func:`newest_first_sql`), pandas (:func:`newest_first_frame`) and Python
(:func:`newest_first_key`).

>>> rows = [(2, 9), (None, 4), (0, 7)]          # (sequence_order, id) of a node's parent rows
>>> sorted(rows, key=lambda r: ROW_KEY[True](*r))
[(None, 4), (0, 7), (2, 9)]
>>> sorted(rows, key=lambda r: ROW_KEY[False](*r))
[(None, 4), (0, 7), (2, 9)]
>>> import datetime as dt
>>> day = dt.date(2026, 1, 2)
>>> dates = [(1, None), (2, day), (3, day), (4, dt.date(2025, 5, 1))]
>>> [i for i, d in sorted(dates, key=lambda r: newest_first_key(r[1], r[0]), reverse=True)]
[3, 2, 4, 1]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import sqlalchemy as sa

from ..model.records import MISSING_ORDER

__all__ = ["ROW_KEY", "ROW_ORDER", "newest_first_frame", "newest_first_key", "newest_first_sql"]

ROW_ORDER = {True: ("sequence_order", "id"), False: ("id",)}
"""The keys of a node's lineage rows, by direction (``upward``: its parents)."""


def _parent_key(sequence_order: Any, row_id: Any) -> tuple[Any, ...]:
    return (MISSING_ORDER if sequence_order is None else sequence_order, row_id)


def _child_key(sequence_order: Any, row_id: Any) -> tuple[Any, ...]:
    return (row_id,)


ROW_KEY: dict[bool, Callable[[Any, Any], tuple[Any, ...]]] = {True: _parent_key, False: _child_key}
"""``ROW_KEY[upward](sequence_order, id)``: a row's sort key among its node's rows, the
keys of :data:`ROW_ORDER` with a missing order as 0 (a test holds the two together)."""


def newest_first_sql(table: Any, has_created_at: bool) -> list[sa.ColumnElement[Any]]:
    """``ORDER BY`` terms for newest first over ``table`` (an ``assets`` table or alias)."""
    order: list[sa.ColumnElement[Any]] = []
    if has_created_at:
        order.append(sa.nulls_last(table.c.created_at.desc()))
    order.append(table.c.id.desc())
    return order


def newest_first_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (asset rows with ``id`` and ``created_at``) sorted newest first."""
    keys = ["created_at", "id"] if df["created_at"].notna().any() else ["id"]
    return df.sort_values(keys, ascending=False, na_position="last", kind="stable")


def newest_first_key(created_at: Any, asset_id: int) -> tuple[Any, ...]:
    """A sort key that puts an asset newest first when sorted with ``reverse=True``."""
    return (created_at is not None, 0 if created_at is None else created_at, asset_id)
