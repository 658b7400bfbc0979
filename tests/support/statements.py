"""Counting the SQL statements a piece of work sends: the stable measure of its cost
(docs/design.md, "What a query costs"), asserted by the tests instead of a time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

import lineage_kit as lk


@contextmanager
def counted(store: lk.Store) -> Iterator[list[str]]:
    """The statements ``store`` sends inside the ``with`` block, in order."""
    statements: list[str] = []

    def hook(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", hook)
    try:
        yield statements
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", hook)
