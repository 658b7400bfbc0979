"""The SQL store: opening a pixsim7-shaped database read-only, and the SQL neighbour source.

All SQL of the kit lives here, written with SQLAlchemy Core and bound
parameters, and serves SQLite and PostgreSQL alike. A bounded query costs one
statement for the root, one per frontier and direction, then one for the
asset summaries with their degree counts and one for the edges: at most
``2 * max_depth + 3`` statements, whatever the table size.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import make_url

from . import schema
from .bfs import lineage as _lineage
from .catalog import FACET_COLUMNS, Filters, normalise_details
from .errors import QueryTimeout, StoreError
from .frames import Frames, normalise_assets, normalise_lineage
from .result import Lineage
from .validate import check_user_id

__all__ = ["Store", "connect"]

_PAGE_MIN = 16
_EDGE_ORDER = ("child_asset_id", "sequence_order", "id")
DEFAULT_TIMEOUT = 10.0
DEFAULT_BULK_TIMEOUT = 600.0
POOL_SIZE = 4


def connect(
    url: str | sa.Engine | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    bulk_timeout: float = DEFAULT_BULK_TIMEOUT,
) -> Store:
    """Open a pixsim7-shaped database (read-only), or the embedded sample.

    Parameters
    ----------
    url
        ``None`` for the embedded sample (built from ``data_samples/`` in the
        user cache on first use); ``sqlite:///path.db``; or
        ``postgresql+psycopg://user@host/db`` (``postgresql://`` and
        ``postgres://`` are read as psycopg 3 too). Leave the password out and
        libpq's ``PGPASSWORD`` / ``~/.pgpass`` supply it. An existing
        SQLAlchemy engine is used as given (its own settings, no timeouts added).
    timeout
        Seconds one statement of a neighbourhood query may run before it is
        cancelled on the server and :class:`~lineage_kit.QueryTimeout` is raised.
    bulk_timeout
        The same for the bulk reads of :meth:`Store.frames`.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> store = lk.connect()
    >>> store.lineage(103, user_id=1).root.asset.media_type
    'video'
    """
    timeout = _check_seconds("timeout", timeout)
    bulk_timeout = _check_seconds("bulk_timeout", bulk_timeout)
    limits = {"timeout": timeout, "bulk_timeout": bulk_timeout}
    if url is None:
        from .sample import sample_database

        return Store(_sqlite_engine(sample_database(), timeout), label="embedded sample", **limits)
    if isinstance(url, sa.Engine):
        return Store(url, label=url.url.render_as_string(hide_password=True), **limits)
    if not isinstance(url, str):
        raise TypeError(f"url must be a database URL string or None, not {type(url).__name__}")
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        raise ValueError(
            f"url is not a database URL: {_hide(url)!r}; expected sqlite:///path.db "
            "or postgresql+psycopg://user@host/db"
        ) from None
    backend = parsed.get_backend_name()
    label = parsed.render_as_string(hide_password=True)
    if backend == "sqlite":
        db = parsed.database
        if not db or db == ":memory:":
            raise ValueError("url: an in-memory SQLite database holds no lineage; give a file path")
        return Store(_sqlite_engine(Path(db), timeout), label=label, **limits)
    if backend in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
        label = parsed.render_as_string(hide_password=True)
        return Store(_postgres_engine(parsed, timeout), label=label, **limits)
    raise ValueError(
        f"url: unsupported database {backend!r}; expected sqlite:///path.db "
        "or postgresql+psycopg://user@host/db"
    )


def _hide(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparsable URL>"


def _check_seconds(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    if not 0 < value <= 86_400:
        raise ValueError(f"{name} must be between 0 and 86400 seconds; got {value}")
    return float(value)


def _sqlite_engine(path: Path, timeout: float = DEFAULT_TIMEOUT) -> sa.Engine:
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise StoreError(f"no SQLite database at {path}")
    uri = f"file:{quote(str(path))}?mode=ro"  # read-only at the driver: the kit never writes
    deadlines: dict[int, float] = {}

    def creator() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=timeout)
        key = id(conn)
        # SQLite has no statement timeout: a progress handler interrupts the
        # statement once its deadline has passed ("interrupted" -> QueryTimeout).
        conn.set_progress_handler(
            lambda: int(time.monotonic() > deadlines.get(key, math.inf)), 10_000
        )
        return conn

    engine = sa.create_engine("sqlite://", creator=creator)

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _start_clock(conn: Any, *_: Any) -> None:
        limit = conn.info.get("lk_timeout", timeout)  # _Translating(timeout=...) overrides
        deadlines[id(conn.connection.driver_connection)] = time.monotonic() + limit

    return engine


def _postgres_engine(url: sa.URL, timeout: float = DEFAULT_TIMEOUT) -> sa.Engine:
    # pre-ping: a connection dropped by a server restart is replaced, not reported.
    engine = sa.create_engine(
        url,
        pool_pre_ping=True,
        # Every statement is its own read-only transaction: no BEGIN/ROLLBACK round trips.
        isolation_level="AUTOCOMMIT",
        pool_size=POOL_SIZE,
        max_overflow=0,
        connect_args={"application_name": "lineage_kit"},  # visible to DBAs in pg_stat_activity
    )

    @sa.event.listens_for(engine, "connect")
    def _session_settings(dbapi_conn: Any, _record: Any) -> None:
        # Read-only at the database level, and bounded in time, for every session.
        with dbapi_conn.cursor() as cur:
            cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cur.execute(f"SET statement_timeout = {int(timeout * 1000)}")
        dbapi_conn.commit()

    return engine


class Store:
    """A read-only pixsim7-shaped database: ``assets`` and ``asset_lineage``.

    Use :func:`connect` to make one. The two tables are reflected once, when
    the store opens; optional columns that are absent read as null.
    """

    def __init__(
        self,
        engine: sa.Engine,
        *,
        label: str,
        timeout: float = DEFAULT_TIMEOUT,
        bulk_timeout: float = DEFAULT_BULK_TIMEOUT,
    ) -> None:
        self.engine = engine
        self.label = label
        self.timeout = timeout
        self.bulk_timeout = bulk_timeout
        self.rows_read = 0
        """Lineage rows fetched by neighbour statements since the store opened (for tests)."""
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
            self._acols = {c["name"] for c in insp.get_columns("assets")}
            self._lcols = {c["name"] for c in insp.get_columns("asset_lineage")}
        except sa.exc.SQLAlchemyError as exc:
            if _is_timeout(exc):
                raise QueryTimeout(
                    f"{label}: reading the table definitions exceeded timeout={timeout:g}s"
                ) from None
            raise StoreError(f"{label}: cannot open the database ({_reason(exc)})") from None
        for table, have, need in (
            ("assets", self._acols, schema.ASSETS_REQUIRED),
            ("asset_lineage", self._lcols, schema.LINEAGE_REQUIRED),
        ):
            lacking = [c for c in need if c not in have]
            if lacking:
                raise StoreError(f"{label}: table {table} lacks column(s) {', '.join(lacking)}")

    # --- public API -------------------------------------------------------------------------
    def lineage(
        self,
        asset_id: int,
        *,
        user_id: int | None,
        direction: str = "both",
        max_depth: int = 1,
        max_nodes: int = 50,
    ) -> Lineage:
        """The bounded neighbourhood of ``asset_id``; see :func:`lineage_kit.lineage`.

        >>> import lineage_kit as lk
        >>> res = lk.connect().lineage(310, user_id=1, direction="parents")
        >>> [e.parent_asset_id for e in res.parents_of(310)]
        [301, 302, 303, 301]
        """
        return _lineage(
            self,
            asset_id,
            user_id=user_id,
            direction=direction,
            max_depth=max_depth,
            max_nodes=max_nodes,
        )

    def frames(self, *, user_id: int | None, progress: bool | None = None) -> Frames:
        """The scoped tables as DataFrames: one owner's assets and the rows between them.

        With ``user_id=None`` every asset, and every row whose two ends exist.
        Assets come ordered by id, rows in the contract's edge order
        ``(child_asset_id, sequence_order, id)``; ``media_metadata`` is JSON text
        (:func:`lineage_kit.asset_details` decodes it).
        On PostgreSQL the tables stream through ADBC into Arrow (no per-row
        Python objects); ``progress`` shows a tqdm bar (``None``: automatic, on
        in notebooks and terminals, off otherwise).

        >>> import lineage_kit as lk
        >>> f = lk.connect().frames(user_id=2)
        >>> sorted(f.assets["id"])
        [701, 702, 703]
        """
        uid = check_user_id(user_id)
        bulk = self.dialect == "postgresql"
        a = schema.assets
        # JSON stays text as the database prints it (one Arrow string column, not a
        # dict per row); lk.asset_details and the catalog decode it.
        acols = [self._col(a, c.name, self._acols, text=True) for c in a.c]
        aq = sa.select(*acols)
        if uid is not None:
            aq = aq.where(a.c.user_id == _big(uid))
        lq = self._lineage_rows(uid, text=bulk)
        if bulk:
            from .bulk import read_postgres

            try:
                kw: dict[str, Any] = {"progress": progress, "timeout": self.bulk_timeout}
                assets_df = read_postgres(self.engine.url, self._literal(aq), desc="assets", **kw)
                lineage_df = read_postgres(
                    self.engine.url, self._literal(lq), desc="asset_lineage", **kw
                )
            except Exception as exc:  # ADBC raises its own DB-API errors
                if "statement timeout" in str(exc):
                    raise QueryTimeout(
                        f"{self.label}: bulk read exceeded bulk_timeout={self.bulk_timeout:g}s"
                    ) from None
                raise StoreError(f"{self.label}: bulk read failed ({_reason(exc)})") from None
        else:
            with self._connection() as conn:
                assets_df = pd.read_sql(aq, conn)
                lineage_df = pd.read_sql(lq, conn)
        # Sorted here rather than in SQL: cheaper than a server-side sort of every row.
        assets_df = assets_df.sort_values("id", kind="stable", ignore_index=True)
        lineage_df = lineage_df.sort_values(list(_EDGE_ORDER), kind="stable", ignore_index=True)
        return Frames(normalise_assets(assets_df), normalise_lineage(lineage_df))

    def _literal(self, stmt: sa.Select[Any]) -> str:
        """The statement with its (validated, integer) parameters inlined, for ADBC."""
        return str(
            stmt.compile(dialect=self.engine.dialect, compile_kwargs={"literal_binds": True})
        )

    def neighbour_source(self) -> _SqlCatalog:
        return _SqlCatalog(self)

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.label})"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # --- SQL building blocks ----------------------------------------------------------------
    def _statement(self, key: tuple[Any, ...], build: Callable[[], sa.Select[Any]]) -> Any:
        """Statements are built once per shape (building costs more than running them)."""
        stmt = self._statements.get(key)
        if stmt is None:
            stmt = self._statements[key] = build()
        return stmt

    @staticmethod
    def _col(
        table: sa.FromClause, name: str, have: set[str], *, text: bool = False
    ) -> sa.ColumnElement[Any]:
        """A column, or a typed NULL when the database lacks it.

        ``text=True`` casts enum-typed and JSON columns to text, for readers
        (ADBC) that do not know PostgreSQL's enum or json types.
        """
        col = table.c[name]
        if name not in have:
            return sa.cast(sa.null(), col.type).label(name)
        if text and isinstance(col.type, (sa.String, sa.JSON)):
            return sa.cast(col, sa.Text).label(name)
        return col.label(name)

    def _lineage_rows(
        self, uid: int | None, alias: str = "l", *, text: bool = False
    ) -> sa.Select[Any]:
        """In-scope lineage rows: both ends exist (and belong to ``uid``)."""
        lin = schema.asset_lineage.alias(alias)
        p = schema.assets.alias("p")
        c = schema.assets.alias("c")
        on_p = p.c.id == lin.c.parent_asset_id
        on_c = c.c.id == lin.c.child_asset_id
        if uid is not None:
            on_p = sa.and_(on_p, p.c.user_id == _big(uid))
            on_c = sa.and_(on_c, c.c.user_id == _big(uid))
        cols = [self._col(lin, col.name, self._lcols, text=text) for col in schema.asset_lineage.c]
        return sa.select(*cols).select_from(lin.join(p, on_p).join(c, on_c))

    def _connection(self, timeout: float | None = None) -> _Translating:
        """A connection whose driver errors become the kit's; ``timeout`` overrides
        the per-statement limit for this connection only (whole-table work: audit)."""
        return _Translating(self, timeout)


class _Translating:
    """A connection context that turns driver errors into :class:`StoreError`."""

    def __init__(self, store: Store, timeout: float | None = None) -> None:
        self.store = store
        self.timeout = timeout
        self.conn: sa.Connection | None = None

    def __enter__(self) -> sa.Connection:
        try:
            self.conn = self.store.engine.connect()
            if self.timeout is not None:
                self._limit(self.conn, self.timeout)
        except sa.exc.SQLAlchemyError as exc:
            if self.conn is not None:
                self.conn.close()
            raise StoreError(f"{self.store.label}: cannot connect ({_reason(exc)})") from None
        return self.conn

    def _limit(self, conn: sa.Connection, seconds: float) -> None:
        if self.store.dialect == "postgresql":
            conn.exec_driver_sql(f"SET statement_timeout = {int(seconds * 1000)}")
        else:
            conn.info["lk_timeout"] = seconds

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        assert self.conn is not None
        try:
            if self.timeout is not None and not self.conn.invalidated:
                with contextlib.suppress(sa.exc.SQLAlchemyError):  # back to the store's limit
                    self._limit(self.conn, self.store.timeout)
                self.conn.info.pop("lk_timeout", None)
        finally:
            self.conn.close()
        if isinstance(exc, sa.exc.SQLAlchemyError):
            raise _translate(self.store, exc) from None


def _big(value: int) -> sa.ColumnElement[Any]:
    """An id as a 64-bit parameter: ids are validated up to 2**63-1, and PostgreSQL would
    reject a larger value cast to the column's int4 instead of finding nothing."""
    return sa.literal(value, sa.BigInteger)


def _translate(store: Store, exc: sa.exc.SQLAlchemyError) -> StoreError:
    """A driver error as the kit's own: a timeout, or a failed query (never raw)."""
    if _is_timeout(exc):
        return QueryTimeout(
            f"{store.label}: a statement exceeded timeout={store.timeout:g}s "
            "and was cancelled (raise it with lk.connect(..., timeout=seconds))"
        )
    return StoreError(f"{store.label}: query failed ({_reason(exc)})")


def _is_timeout(exc: sa.exc.SQLAlchemyError) -> bool:
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) == "57014":  # PostgreSQL query_canceled
        return True
    return isinstance(orig, sqlite3.OperationalError) and "interrupted" in str(orig)


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


class _SqlSource:
    """The store as a :class:`~lineage_kit.bfs.NeighbourSource`.

    Used as a context manager by the BFS, it holds one pooled connection for
    the whole query (one checkout and pre-ping, not one per statement).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.page_min = _PAGE_MIN
        self._held: _Translating | None = None
        self._conn: sa.Connection | None = None

    def __enter__(self) -> _SqlSource:
        self._held = self.store._connection()
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
            with self.store._connection() as conn:
                return list(conn.execute(stmt, params))
        try:
            return list(self._conn.execute(stmt, params))
        except sa.exc.SQLAlchemyError as exc:
            raise _translate(self.store, exc) from None

    def _scalar(self, stmt: sa.Executable) -> Any:
        rows = self._rows(stmt)
        return rows[0][0] if rows else None

    def contains(self, asset_id: int, user_id: int | None) -> bool:
        a = schema.assets
        q = sa.select(a.c.id).where(a.c.id == _big(asset_id))
        if user_id is not None:
            q = q.where(a.c.user_id == _big(user_id))
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
        after: tuple[int, int, int] | None = None
        while True:
            shape = (upward, user_id is not None, after is not None)
            stmt = self.store._statement(
                ("neighbours", *shape), functools.partial(self._neighbour_page, *shape)
            )
            if after is not None:
                params.update(a_pos=after[0], a_seq=after[1], a_id=after[2])
            rows = self._rows(stmt, params)
            self.store.rows_read += len(rows)
            for row in rows:
                yield row.node, row.nbr
                after = (row.pos, row.sequence_order, row.id)
            if len(rows) < page:
                return

    def _id_list(self, ids: Sequence[int]) -> Any:
        """A list of ids as one parameter: an array (PostgreSQL) or a JSON text (SQLite)."""
        if self.store.dialect == "postgresql":
            return list(ids)
        return json.dumps(list(ids))

    def _ids_param(self, col: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
        """``col`` is in the ``ids`` parameter (see :meth:`_id_list`)."""
        if self.store.dialect == "postgresql":
            return col == sa.any_(sa.bindparam("ids", type_=ARRAY(sa.BigInteger)))
        each = sa.func.json_each(sa.bindparam("ids", type_=sa.String)).table_valued("value")
        return col.in_(sa.select(each.c.value))

    def _neighbour_page(self, upward: bool, scoped: bool, continued: bool) -> sa.Select[Any]:
        """One page of ``(pos, node, nbr, sequence_order, id)`` in frontier, then row order.

        Built once per shape and cached: parameters ``frontier``, ``page``, ``uid``
        (scoped) and ``a_pos, a_seq, a_id`` (the keyset of a continuation page).
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
        page = sa.bindparam("page", type_=sa.Integer)
        keyset = (
            sa.bindparam("a_pos", type_=sa.Integer),
            sa.bindparam("a_seq", type_=sa.Integer),
            sa.bindparam("a_id", type_=sa.Integer),
        )
        if self.store.dialect == "postgresql":
            # LATERAL: each frontier node reads at most `page` of its rows, in index
            # order where an index on (near, sequence_order, id) exists, so a hub with
            # 100,000 children costs about a page, not a sort of all its rows.
            inner = sa.select(*cols).select_from(lin.join(other, on_other)).where(near == f.c.node)
            outer_where = []
            if continued:
                inner = inner.where(
                    sa.or_(
                        f.c.pos > keyset[0],
                        sa.tuple_(lin.c.sequence_order, lin.c.id) > sa.tuple_(*keyset[1:]),
                    )
                )
                outer_where.append(f.c.pos >= keyset[0])
            x = inner.order_by(lin.c.sequence_order, lin.c.id).limit(page).lateral("x")
            return (
                sa.select(f.c.pos, x.c.node, x.c.nbr, x.c.sequence_order, x.c.id)
                .select_from(f.join(x, sa.true()))
                .where(*outer_where)
                .order_by(f.c.pos, x.c.sequence_order, x.c.id)
                .limit(page)
            )
        q = (
            sa.select(f.c.pos, *cols)
            .select_from(lin.join(f, f.c.node == near).join(other, on_other))
            .order_by(f.c.pos, lin.c.sequence_order, lin.c.id)
        )
        if continued:
            q = q.where(sa.tuple_(f.c.pos, lin.c.sequence_order, lin.c.id) > sa.tuple_(*keyset))
        return q.limit(page)

    def _frontier(self) -> sa.FromClause:
        """The ``frontier`` parameter as a relation ``(node, pos)``."""
        if self.store.dialect == "postgresql":
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

    def describe(
        self, ids: Sequence[int], user_id: int | None
    ) -> dict[int, tuple[Mapping[str, Any], int, int]]:
        stmt = self.store._statement(
            ("describe", user_id is not None), lambda: self._describe(user_id is not None)
        )
        params: dict[str, Any] = {"ids": self._id_list(ids)}
        if user_id is not None:
            params["uid"] = user_id
        out: dict[int, tuple[Mapping[str, Any], int, int]] = {}
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

        have = self.store._acols
        cols = [Store._col(a, name, have) for name in schema.SUMMARY_COLUMNS]
        return sa.select(
            *cols,
            degree(lin.c.child_asset_id, lin.c.parent_asset_id).label("parent_count"),
            degree(lin.c.parent_asset_id, lin.c.child_asset_id).label("child_count"),
        ).where(self._ids_param(a.c.id))

    def edges_among(self, ids: Sequence[int], user_id: int | None) -> list[Mapping[str, Any]]:
        stmt = self.store._statement(("edges",), self._edges)
        return [dict(r._mapping) for r in self._rows(stmt, {"ids": self._id_list(ids)})]

    def _edges(self) -> sa.Select[Any]:
        """Rows whose two ends are both in the ``ids`` (admitted nodes are in scope)."""
        lin = schema.asset_lineage
        cols = [Store._col(lin, c.name, self.store._lcols) for c in lin.c]
        return (
            sa.select(*cols)
            .where(self._ids_param(lin.c.child_asset_id), self._ids_param(lin.c.parent_asset_id))
            .order_by(lin.c.child_asset_id, lin.c.sequence_order, lin.c.id)
        )


class _SqlCatalog(_SqlSource):
    """Listing, filter values and details for :mod:`lineage_kit.catalog`."""

    def _scoped(self, q: sa.Select[Any], filters: Filters, user_id: int | None) -> sa.Select[Any]:
        a = schema.assets
        if user_id is not None:
            q = q.where(a.c.user_id == _big(user_id))
        for name, value in filters.items():
            if name not in self.store._acols:
                q = q.where(sa.false())  # the column is absent: nothing has that value
                continue
            text = sa.cast(a.c[name], sa.String)
            if name == "media_type":  # enum labels (VIDEO, MODEL_3D) or values
                q = q.where(text.in_(sorted(_media_spellings(value))))
            elif name == "operation_type":
                q = q.where(sa.func.lower(text) == value.lower())
            else:
                q = q.where(text == value)
        return q

    def list_ids(
        self, filters: Filters, offset: int, limit: int, user_id: int | None
    ) -> tuple[list[int], int]:
        a = schema.assets
        order: list[Any] = []
        if "created_at" in self.store._acols:
            order.append(sa.nulls_last(a.c.created_at.desc()))
        order.append(a.c.id.desc())
        q = self._scoped(sa.select(a.c.id, sa.func.count().over().label("total")), filters, user_id)
        rows = self._rows(q.order_by(*order).limit(limit).offset(offset))
        if rows:
            return [int(r.id) for r in rows], int(rows[0].total)
        total = self._scalar(self._scoped(sa.select(sa.func.count()), filters, user_id))
        return [], int(total or 0)

    def facet_values(self, user_id: int | None) -> dict[str, list[str]]:
        a = schema.assets
        out: dict[str, list[str]] = {}
        for name in FACET_COLUMNS:
            values: set[str] = set()
            if name in self.store._acols:
                q = sa.select(a.c[name]).distinct().where(a.c[name].is_not(None))
                if user_id is not None:
                    q = q.where(a.c.user_id == _big(user_id))
                values = {v for (v,) in self._rows(q)}
            out[name] = _facet(name, values)
        return out

    def details(self, ids: Iterable[int], user_id: int | None) -> dict[int, dict[str, Any]]:
        a = schema.assets
        cols = [Store._col(a, c.name, self.store._acols) for c in a.c]
        q = sa.select(*cols).where(self._ids_param(a.c.id))
        if user_id is not None:
            q = q.where(a.c.user_id == _big(user_id))
        rows = self._rows(q, {"ids": self._id_list(list(ids))})
        return {int(r.id): normalise_details(dict(r._mapping)) for r in rows}


def _media_spellings(value: str) -> set[str]:
    labels = {v: k for k, v in schema._MEDIA_LABELS.items()}
    return {value, value.upper(), labels.get(value.lower(), value.upper())}


def _facet(name: str, values: Iterable[Any]) -> list[str]:
    if name == "media_type":
        values = (schema.media_type_value(v) for v in values)
    elif name == "operation_type":
        values = (schema.operation_type_value(v) for v in values)
    return sorted({str(v) for v in values if v is not None})
