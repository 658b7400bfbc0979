"""One pixsim7-shaped database: its engine, the columns it has, and connections that translate.

The two tables are reflected once, when the database is opened; a column the
kit reads but the database lacks reads as a typed NULL (:meth:`Database.column`).
Every connection the kit uses comes from :meth:`Database.connection`, which
turns driver errors into the kit's (:mod:`.errors`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from ...errors import QueryTimeout, StoreError
from ...model import schema
from .engines import TIMEOUT_KEY
from .errors import DRIVER_ERRORS, is_timeout, reason, translate

__all__ = ["Database", "big"]


def big(value: int) -> sa.ColumnElement[Any]:
    """An id as a 64-bit parameter: ids are validated up to 2**63-1, and PostgreSQL would
    reject a larger value cast to the column's int4 instead of finding nothing."""
    return sa.literal(value, sa.BigInteger)


class Database:
    """The engine and what the kit knows about the database behind it."""

    def __init__(self, engine: sa.Engine, *, label: str, timeout: float, bulk_timeout: float):
        self.engine = engine
        self.label = label
        self.timeout = timeout
        self.bulk_timeout = bulk_timeout
        self._statements: dict[tuple[Any, ...], Any] = {}
        try:
            insp = sa.inspect(engine)
            names = set(insp.get_table_names())
            missing = {"assets", "asset_lineage"} - names
            if missing:
                raise StoreError(
                    f"{label}: not a pixsim7 database, "
                    f"missing table(s) {', '.join(sorted(missing))}"
                )
            self.columns = {
                "assets": {c["name"] for c in insp.get_columns("assets")},
                "asset_lineage": {c["name"] for c in insp.get_columns("asset_lineage")},
            }
        except DRIVER_ERRORS as exc:
            if is_timeout(exc):
                raise QueryTimeout(
                    f"{label}: reading the table definitions exceeded timeout={timeout:g}s"
                ) from None
            raise StoreError(f"{label}: cannot open the database ({reason(exc)})") from None
        for table, need in (
            ("assets", schema.ASSETS_REQUIRED),
            ("asset_lineage", schema.LINEAGE_REQUIRED),
        ):
            lacking = [c for c in need if c not in self.columns[table]]
            if lacking:
                raise StoreError(f"{label}: table {table} lacks column(s) {', '.join(lacking)}")

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def has(self, table: str, column: str) -> bool:
        return column in self.columns[table]

    def column(
        self, table: sa.FromClause, name: str, *, text: bool = False
    ) -> sa.ColumnElement[Any]:
        """A column of ``table`` (or an alias of it), or a typed NULL when the database lacks it.

        ``text=True`` casts enum-typed and JSON columns to text, for readers
        (ADBC) that do not know PostgreSQL's enum or json types.
        """
        col = table.c[name]
        source = str(getattr(getattr(table, "original", table), "name", ""))
        if not self.has(source, name):
            return sa.cast(sa.null(), col.type).label(name)
        if text and isinstance(col.type, (sa.String, sa.JSON)):
            return sa.cast(col, sa.Text).label(name)
        return col.label(name)

    def json_value(self, table: sa.FromClause, column: str, *keys: str) -> sa.ColumnElement[Any]:
        """The value at ``keys`` inside a JSON column: NULL when the column, the path or
        valid JSON is missing. Strings come back as text; numbers, arrays and objects as the
        database prints them (never read as a URL)."""
        source = str(getattr(getattr(table, "original", table), "name", ""))
        if not self.has(source, column):
            return sa.null()
        col = table.c[column]
        if self.dialect == "postgresql":  # json and jsonb alike
            return sa.func.jsonb_extract_path_text(sa.cast(col, JSONB), *keys)
        path = "$" + "".join(f'."{k}"' for k in keys)
        return sa.case((sa.func.json_valid(col) == 1, sa.func.json_extract(col, path)))

    def json_array_length(
        self, table: sa.FromClause, column: str, *keys: str
    ) -> sa.ColumnElement[Any]:
        """How many entries the JSON array at ``keys`` holds; NULL when it is not an array."""
        source = str(getattr(getattr(table, "original", table), "name", ""))
        if not self.has(source, column):
            return sa.null()
        col = table.c[column]
        if self.dialect == "postgresql":
            doc = sa.func.jsonb_extract_path(sa.cast(col, JSONB), *keys)
            return sa.case((sa.func.jsonb_typeof(doc) == "array", sa.func.jsonb_array_length(doc)))
        path = "$" + "".join(f'."{k}"' for k in keys)
        # Nested CASE: json_type raises on malformed JSON, and AND need not short-circuit.
        length = sa.case(
            (sa.func.json_type(col, path) == "array", sa.func.json_array_length(col, path))
        )
        return sa.case((sa.func.json_valid(col) == 1, length))

    def statement(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        """Statements are built once per shape (building costs more than running them)."""
        stmt = self._statements.get(key)
        if stmt is None:
            stmt = self._statements[key] = build()
        return stmt

    def literal(self, stmt: sa.Select[Any]) -> str:
        """The statement with its (validated) parameters inlined, for ADBC."""
        return str(
            stmt.compile(dialect=self.engine.dialect, compile_kwargs={"literal_binds": True})
        )

    def translate(self, exc: BaseException) -> StoreError:
        """A driver error from one of this database's statements, as the kit's own."""
        limit = f"timeout={self.timeout:g}s (raise it with lk.connect(..., timeout=seconds))"
        return translate(exc, self.label, "a statement", limit)

    @contextlib.contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[sa.Connection]:
        """A pooled connection whose driver errors become the kit's.

        ``timeout`` overrides the per-statement limit for this connection only
        (whole-table work such as the audit); it is reset before the
        connection goes back to the pool.
        """
        try:
            conn = self.engine.connect()
        except DRIVER_ERRORS as exc:
            raise StoreError(f"{self.label}: cannot connect ({reason(exc)})") from None
        try:
            if timeout is not None:
                self._limit(conn, timeout)
            yield conn
        except DRIVER_ERRORS as exc:
            raise self.translate(exc) from None
        finally:
            try:
                if timeout is not None and not conn.invalidated:
                    with contextlib.suppress(*DRIVER_ERRORS):  # back to the store's limit
                        self._limit(conn, self.timeout)
                    conn.info.pop(TIMEOUT_KEY, None)
            finally:
                conn.close()

    def _limit(self, conn: sa.Connection, seconds: float) -> None:
        if self.dialect == "postgresql":
            conn.exec_driver_sql(f"SET statement_timeout = {int(seconds * 1000)}")
        else:
            conn.info[TIMEOUT_KEY] = seconds
