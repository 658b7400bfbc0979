"""Which of the kit's recommended indexes a database lacks, read from its catalog.

A query reads each node's rows in :data:`~lineage_kit.sources.base.ROW_ORDER`:
children by row id, parents by ``(sequence_order, id)``, at most ``max_nodes + 1``
of them. An index whose leading columns are the node's column and then that
order hands the server those rows in order, so it stops after them; without
one the server reads and sorts all of a node's rows first, which on a hub with
100,000 children costs about 12 milliseconds instead of 2. pixsim7 creates
single-column indexes on both columns only.

The kit never creates an index (it is read-only): :func:`missing_indexes`
reports what is missing with the statement a database owner can run.

An index serves an advice when it is a plain ordered index (a PostgreSQL
btree; any SQLite index) on the table, not partial, whose key columns begin
with the advised columns, those after the first all ascending or all
descending (the first is fixed to one value by the query). On SQLite an index
ends with the row id implicitly, so an index on ``parent_asset_id`` alone
serves ``(parent_asset_id, id)`` when ``id`` is the table's ``INTEGER PRIMARY
KEY`` (the row id itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

__all__ = ["RECOMMENDED_INDEXES", "IndexAdvice", "missing_indexes"]


@dataclass(frozen=True)
class IndexAdvice:
    """An index the kit recommends: its table, its columns, why, and how to create it.

    >>> advice = RECOMMENDED_INDEXES[0]
    >>> advice.columns
    ('parent_asset_id', 'id')
    >>> advice.statement("sqlite")
    'CREATE INDEX IF NOT EXISTS lineage_kit_children ON asset_lineage (parent_asset_id, id)'
    """

    name: str
    """A name for it (any name serves: the kit looks at columns, not names)."""
    table: str
    columns: tuple[str, ...]
    why: str

    def statement(self, dialect: str) -> str:
        """The ``CREATE INDEX`` statement for ``dialect`` (``postgresql``: without locking
        the table against pixsim7's writers; it cannot run inside a transaction)."""
        how = "CONCURRENTLY IF NOT EXISTS" if dialect == "postgresql" else "IF NOT EXISTS"
        return f"CREATE INDEX {how} {self.name} ON {self.table} ({', '.join(self.columns)})"


RECOMMENDED_INDEXES = (
    IndexAdvice(
        "lineage_kit_children",
        "asset_lineage",
        ("parent_asset_id", "id"),
        "a node's children in creation order, the first max_nodes + 1 read in order "
        "instead of all of them read and sorted (hubs)",
    ),
    IndexAdvice(
        "lineage_kit_parents",
        "asset_lineage",
        ("child_asset_id", "sequence_order", "id"),
        "a node's parents in (sequence_order, id) order, the first max_nodes + 1 read in "
        "order instead of all of them read and sorted (assets made from many inputs)",
    ),
)
"""What :func:`missing_indexes` checks, in order of benefit."""


def missing_indexes(engine: sa.Engine) -> list[IndexAdvice]:
    """The :data:`RECOMMENDED_INDEXES` that no index of the database serves (read each call).

    >>> import lineage_kit as lk
    >>> missing_indexes(lk.connect().engine)  # the sample has what it needs
    []
    """
    insp = sa.inspect(engine)
    sqlite = engine.dialect.name == "sqlite"
    out = []
    for advice in RECOMMENDED_INDEXES:
        suffix = _implicit_suffix(insp, advice.table) if sqlite else ()
        keys = [_ordered_keys(ix, sqlite) for ix in insp.get_indexes(advice.table)]
        if not any(k is not None and _serves(k + suffix, advice.columns) for k in keys):
            out.append(advice)
    return out


def _serves(keys: tuple[tuple[str, str], ...], columns: tuple[str, ...]) -> bool:
    """Keys ``(column, direction)`` begin with ``columns``, and past the first (which the
    query fixes to one value) in one direction: a forward or a backward scan."""
    head = keys[: len(columns)]
    return tuple(c for c, _ in head) == columns and len({d for _, d in head[1:]}) <= 1


def _ordered_keys(ix: Mapping[str, Any], sqlite: bool) -> tuple[tuple[str, str], ...] | None:
    """An index's key columns with their direction, or None when it cannot serve an order
    (partial, not a btree, or keyed on an expression)."""
    options = ix.get("dialect_options") or {}
    if options.get("postgresql_where") or options.get("sqlite_where"):
        return None
    if not sqlite and options.get("postgresql_using", "btree") != "btree":
        return None
    names = ix.get("column_names") or []
    if not names or any(name is None for name in names):
        return None
    sorting = ix.get("column_sorting") or {}
    keys = []
    for name in names:
        flags = set(sorting.get(name, ()))
        if flags - {"desc"}:  # NULLS FIRST / LAST: not the plain order the kit asks for
            return None
        keys.append((name, "desc" if "desc" in flags else "asc"))
    return tuple(keys)


def _implicit_suffix(insp: sa.Inspector, table: str) -> tuple[tuple[str, str], ...]:
    """SQLite: every index ends with the row id, ascending; it is ``id`` when ``id`` is
    the table's ``INTEGER PRIMARY KEY``."""
    pk = insp.get_pk_constraint(table).get("constrained_columns") or []
    types = {c["name"]: str(c["type"]).upper() for c in insp.get_columns(table)}
    if pk == ["id"] and types.get("id") == "INTEGER":
        return (("id", "asc"),)
    return ()
