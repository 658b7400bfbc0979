"""One pixsim7-shaped database: its engine, the columns it has, and connections that translate.

The two tables (and ``generations``, when the database has it) are reflected once, when
the database is opened; a column the kit reads but the database lacks reads as a typed
NULL (:meth:`Database.column`).
Every connection the kit uses is held by a :class:`~.session.Session`, which turns
driver errors into the kit's (:mod:`.errors`).

No round trip is spent checking a pooled connection before use: a read that
fails because its connection died (a server restart, ``pg_terminate_backend``)
is retried once on a fresh one (:meth:`~.session.Session.rows`). SQLAlchemy then marks
every connection of the pool older than the failure for replacement.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from ...errors import StoreError
from ...model import schema
from .compiled import Compiled
from .engines import TIMEOUT_KEY
from .errors import translate, translating
from .session import Session

__all__ = ["Compiled", "Database", "Session", "big", "json_value"]


def big(value: int) -> sa.ColumnElement[Any]:
    """An id as a 64-bit parameter: ids are validated up to 2**63-1, and PostgreSQL would
    reject a larger value cast to the column's int4 instead of finding nothing."""
    return sa.literal(value, sa.BigInteger)


def json_value(value: Any) -> list[Any]:
    """What :meth:`Database.json_rows` returned, as lists: psycopg decodes JSON itself,
    sqlite3 hands over its text.

    >>> json_value('[[1, "a"], [2, null]]'), json_value(None)
    ([[1, 'a'], [2, None]], [])
    """
    if value is None:
        return []
    rows: list[Any] = json.loads(value) if isinstance(value, str) else value
    return rows


class Database:
    """The engine and what the kit knows about the database behind it."""

    def __init__(
        self,
        engine: sa.Engine,
        *,
        label: str,
        timeout: float,
        bulk_timeout: float,
        hidden: tuple[str, ...] = (),
        slots: int | None = None,
    ):
        self.engine = engine
        self.label = label
        self.hidden = hidden
        """Secret values no message may show (the URL's password and secret parameters)."""
        self.slots = threading.BoundedSemaphore(slots) if slots else None
        """Sessions that may hold a connection at once (the pool's size): a session waits for
        one no longer than its deadline. None for an engine the caller made: its own pool
        decides, and its sessions get no time limit but a :func:`lineage_kit.deadline.within`
        around them."""
        self.timeout = timeout
        self.bulk_timeout = bulk_timeout
        self.bulk_reader: Any = None
        """The store's ADBC connection for whole-table reads (PostgreSQL), once the store that
        opened the database has set it (:class:`~.bulk.BulkReader`): kept between reads."""
        self._statements: dict[tuple[Any, ...], Any] = {}
        self._core: dict[tuple[Any, ...], Any] = {}
        with self.translating("opening the database", f"timeout={timeout:g}s"):
            insp = sa.inspect(engine)
            names = set(insp.get_table_names())
            self.columns: dict[str, set[str]] = {
                table: {c["name"] for c in insp.get_columns(table)}
                for table in ("assets", "asset_lineage", "generations")
                if table in names
            }
        missing = {"assets", "asset_lineage"} - set(self.columns)
        if missing:
            raise StoreError(
                f"{label}: not a pixsim7 database, missing table(s) {', '.join(sorted(missing))}"
            )
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
        return column in self.columns.get(table, ())

    def has_table(self, table: str) -> bool:
        """Whether the database has the table (``generations`` is optional)."""
        return table in self.columns

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

    def statement(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Compiled:
        """A statement built and compiled once per shape (both cost more than running it)."""
        stmt = self._statements.get(key)
        if stmt is None:
            stmt = self._statements[key] = Compiled(build(), self.engine.dialect)
        return stmt

    def core_statement(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        """A Core statement built once per shape and run through SQLAlchemy as it is (for
        statements whose parameters need bind processing, or that run rarely: search)."""
        stmt = self._core.get(key)
        if stmt is None:
            stmt = self._core[key] = build()
        return stmt

    def literal(self, stmt: sa.Select[Any]) -> str:
        """The statement with its (validated) parameters inlined, for ADBC."""
        return str(
            stmt.compile(dialect=self.engine.dialect, compile_kwargs={"literal_binds": True})
        )

    def translate(self, exc: BaseException, limit: str | None = None) -> StoreError:
        """A driver error from one of this database's statements, as the kit's own."""
        return translate(
            exc,
            self.label,
            "a statement",
            self.timeout_hint if limit is None else limit,
            self.hidden,
        )

    def translating(self, what: str = "a statement", limit: str | None = None) -> Any:
        """:func:`.errors.translating` for work on this database (``limit``: the setting a
        timeout ran into, the store's ``timeout`` by default)."""
        return translating(
            self.label, what, self.timeout_hint if limit is None else limit, self.hidden
        )

    @property
    def timeout_hint(self) -> str:
        """How the timeout reads in an error, with how to raise it."""
        return f"timeout={self.timeout:g}s (raise it with lk.connect(..., timeout=seconds))"

    def session(self, timeout: float | None = None) -> Session:
        """A :class:`~.session.Session` on this database (use it as a context manager)."""
        return Session(self, timeout)

    # --- lists of ids as one parameter ------------------------------------------------------
    def id_list(self, ids: Sequence[int]) -> Any:
        """A list of ids as one parameter value: an array (PostgreSQL) or JSON text (SQLite)."""
        if self.dialect == "postgresql":
            return list(ids)
        return json.dumps(list(ids))

    def id_array(self, name: str) -> sa.ColumnElement[Any]:
        """The id-list parameter ``name`` as a ``bigint[]`` value (PostgreSQL only).

        A scalar subquery, so PostgreSQL computes it once per execution: psycopg
        sends the narrowest integer array that holds the values, and in a generic
        plan (a statement prepared after its fifth use) a cast written in place
        would convert the whole array again for every row it is compared with.
        """
        param = sa.bindparam(name, type_=ARRAY(sa.BigInteger))
        return sa.select(sa.cast(param, ARRAY(sa.BigInteger))).scalar_subquery()

    def ids_table(self, name: str = "ids") -> sa.FromClause:
        """The id-list parameter ``name`` as a relation ``(id, pos)``, in list order."""
        if self.dialect == "postgresql":
            return (
                sa.func.unnest(sa.bindparam(name, type_=ARRAY(sa.BigInteger)))
                .table_valued(sa.column("id", sa.BigInteger), with_ordinality="pos")
                .render_derived(name=f"{name}_t", with_types=False)
            )
        # SQLite: json_each over a JSON array gives (key = position, value = id).
        fn = sa.func.json_each(sa.bindparam(name, type_=sa.String))
        tv = fn.table_valued(sa.column("key", sa.Integer), sa.column("value", sa.Integer))
        return sa.select(tv.c.value.label("id"), tv.c.key.label("pos")).subquery(f"{name}_t")

    def in_ids(self, col: sa.ColumnElement[Any], name: str = "ids") -> sa.ColumnElement[bool]:
        """``col`` is one of the id-list parameter ``name`` (a binary search on PostgreSQL).

        PostgreSQL: ``ids[width_bucket(col, ids)] = col`` over the sorted array, whose
        cost per row is logarithmic whatever plan the statement gets (``= ANY`` of an
        array parameter scans the array for every row in a generic plan).
        SQLite: ``col IN (SELECT value FROM json_each(...))``, which SQLite indexes.
        The list must be sorted on PostgreSQL.
        """
        if self.dialect == "postgresql":
            arr = self.id_array(name)
            bucket = sa.func.width_bucket(sa.cast(col, sa.BigInteger), arr)
            return arr[bucket] == col
        each = sa.func.json_each(sa.bindparam(name, type_=sa.String)).table_valued("value")
        return col.in_(sa.select(each.c.value))

    # --- many rows as one value -----------------------------------------------------------
    def json_rows(self, *cols: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        """An aggregate: the rows' ``cols`` as one JSON array of arrays (null when none).

        A query's statements return their rows this way, as one value: the driver and
        SQLAlchemy then handle one column of one row instead of thousands of values,
        which on a small answer costs more than PostgreSQL takes to find it.
        Read it back with :func:`json_value`.
        """
        if self.dialect == "postgresql":
            return sa.func.json_agg(sa.func.json_build_array(*cols))
        return sa.func.json_group_array(sa.func.json_array(*cols))

    def limit(self, conn: sa.Connection, seconds: float) -> None:
        """Set one connection's statement limit: the client's deadline for each statement
        (both databases) and PostgreSQL's own ``statement_timeout``."""
        conn.info[TIMEOUT_KEY] = seconds
        if self.dialect == "postgresql":
            conn.exec_driver_sql(f"SET statement_timeout = {int(seconds * 1000)}")
