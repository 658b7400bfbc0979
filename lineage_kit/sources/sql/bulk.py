"""Whole-table reads: the scoped tables as DataFrames.

On PostgreSQL through ADBC (binary COPY under the hood) into Arrow, then
pandas: several times faster than ``pd.read_sql`` and a fraction of its
memory on a million rows, with no Python object built per row
(benchmarks/RESULTS.md compares it with draining the same COPY's bytes). The
ADBC session is read-only and time-bounded from the start and named
``lineage_kit``, like every session the kit opens; the store keeps one
(:class:`BulkReader`). SQLite reads through pandas.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from ... import deadline
from ...model import schema
from ..base import in_sorted
from .database import Database
from .engines import APPLICATION_NAME, GRACE, KEEPALIVES
from .errors import DRIVER_ERRORS, DeadlineExceeded, is_disconnect
from .scope import scope_to, scoped_join

__all__ = [
    "EDGE_ORDER",
    "ID_LIST_MAX",
    "BulkReader",
    "adbc_uri",
    "progress_enabled",
    "read_frames",
    "scoped_lineage",
    "table_selects",
]

EDGE_ORDER = ("child_asset_id", "sequence_order", "id")
ID_LIST_MAX = 100_000
"""Up to this many assets, one owner's lineage rows are read by listing their ids."""


def progress_enabled(progress: bool | None) -> bool:
    """``None`` means automatic: on in a notebook kernel or an interactive terminal.

    >>> progress_enabled(False)
    False
    """
    if progress is not None:
        return bool(progress)
    if os.environ.get("LINEAGE_KIT_PROGRESS", "").lower() in ("0", "false", "no", "off"):
        return False
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if type(shell).__name__ == "ZMQInteractiveShell":  # a notebook kernel
        return True
    return sys.stderr.isatty()


def adbc_uri(
    url: sa.URL, timeout: float | None = None, secrets: Mapping[str, str] | None = None
) -> str:
    """A plain libpq URI (what ADBC wants), read-only (and time-bounded) from the start.

    It holds the password and the other ``secrets``: it is handed to ADBC and never shown.
    """
    url = url.set(drivername="postgresql").update_query_dict(
        {
            **(secrets or {}),
            **{k: str(v) for k, v in KEEPALIVES.items()},
            "connect_timeout": str(max(2, math.ceil(timeout or 0))),
            "application_name": APPLICATION_NAME,
        }
    )
    base = url.render_as_string(hide_password=False)
    # No parallel workers: one owner's rows are a few thousand index lookups, which
    # starting workers would slow down; a whole table is one scan streamed to the client.
    settings = "-c default_transaction_read_only=on -c max_parallel_workers_per_gather=0"
    if timeout is not None:
        settings += f" -c statement_timeout={int(timeout * 1000)}"
    # libpq does not read '+' as a space, so quote by hand rather than form-encode.
    options = "options=" + quote(settings, safe="")
    return base + ("&" if "?" in base else "?") + options


class BulkReader:
    """The store's one ADBC connection for whole-table reads.

    Opened on first use and kept (opening one costs tens of milliseconds, more
    than reading one owner's rows): read-only and time-bounded from the start,
    named ``lineage_kit``, in autocommit (a failed read leaves nothing to roll
    back). A read that finds the kept connection dead reconnects once. The read
    runs in a worker thread: ADBC blocks in C, where Ctrl-C (a kernel interrupt)
    cannot reach it; the calling thread waits interruptibly and, on
    KeyboardInterrupt, cancels the statement on the server, drops the
    connection and re-raises. One read at a time per store.
    """

    def __init__(
        self, url: sa.URL, timeout: float | None, secrets: Mapping[str, str] | None = None
    ) -> None:
        self._uri = adbc_uri(url, timeout, secrets)
        self._timeout = timeout
        self._conn: Any = None
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the connection (the next read opens another)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def table(self, sql: str, *, progress: bool | None, desc: str) -> pa.Table:
        """Run one SELECT; its rows as an Arrow table (progress bar in rows, optional)."""
        import adbc_driver_postgresql.dbapi as adbc

        with self._lock:
            for attempt in (0, 1):
                fresh = self._conn is None
                if fresh:
                    self._conn = adbc.connect(self._uri, autocommit=True)
                try:
                    return self._read(sql, progress_enabled(progress), desc)
                except DRIVER_ERRORS as exc:
                    if fresh or attempt or not is_disconnect(exc):
                        raise
                    self.close()  # a kept connection died (server restart): once more
        raise AssertionError("unreachable")

    def _abandon(self, cur: Any, worker: threading.Thread) -> None:
        """Leave a read that gets no answer: its connection is dropped, closed in the
        background once the worker thread has let go of it (it ends when the server
        answers, or the cancel or a dead connection ends the read)."""
        conn, self._conn = self._conn, None
        threading.Thread(target=_forget, args=(conn, cur, worker), daemon=True).start()

    def _read(self, sql: str, show: bool, desc: str) -> pa.Table:
        bar: Any = None
        if show:
            from tqdm.auto import tqdm

            bar = tqdm(desc=desc, unit=" rows", unit_scale=True, leave=False)
        outcome: dict[str, Any] = {}
        cur = self._conn.cursor()

        def work() -> None:
            try:
                cur.execute(sql)
                reader = cur.fetch_record_batch()
                batches: list[pa.RecordBatch] = []
                for batch in reader:
                    batches.append(batch)
                    if bar is not None:
                        bar.update(batch.num_rows)
                outcome["table"] = pa.Table.from_batches(batches, schema=reader.schema)
            except BaseException as exc:  # handed to the calling thread
                outcome["error"] = exc

        worker = threading.Thread(target=work, name="lineage_kit-bulk-read", daemon=True)
        worker.start()
        # The server's statement_timeout ends a slow read; a server that stops answering
        # ends nothing, so the caller stops waiting shortly after it would have.
        limit = math.inf if self._timeout is None else self._timeout + GRACE
        give_up = min(time.monotonic() + limit, deadline.current() + GRACE)
        abandoned = False
        try:
            while worker.is_alive():
                worker.join(min(0.1, max(give_up - time.monotonic(), 0.0)))
                if worker.is_alive() and time.monotonic() >= give_up:
                    abandoned = True  # the cursor is the background's to close now
                    self._abandon(cur, worker)
                    raise DeadlineExceeded("the bulk read got no answer before its deadline")
        except KeyboardInterrupt:
            with contextlib.suppress(Exception):
                cur.adbc_cancel()
            worker.join(10)
            if worker.is_alive():  # still inside the driver: never close under it
                abandoned = True
                self._abandon(cur, worker)
            else:
                self.close()
            raise
        finally:
            if bar is not None:
                bar.close()
            if not abandoned:
                with contextlib.suppress(Exception):
                    cur.close()
        if "error" in outcome:
            raise outcome["error"]
        table: pa.Table = outcome["table"]
        return table


def _forget(conn: Any, cur: Any, worker: threading.Thread) -> None:
    """Cancel, then close once ``worker`` has left the driver: closing a cursor or a
    connection that a read is still using frees memory under it (a crash of the whole
    process, seen with a frozen server). In the background: a server that does not answer
    may hold the read for as long as it is frozen."""
    with contextlib.suppress(Exception):
        cur.adbc_cancel()
    worker.join()
    for step in (cur.close, conn.close):
        with contextlib.suppress(Exception):
            step()


def scoped_lineage(db: Database, uid: int | None, *, text: bool = False) -> sa.Select[Any]:
    """In-scope lineage rows: both ends exist (and belong to ``uid``)."""
    lin = schema.asset_lineage.alias("l")
    p = schema.assets.alias("p")
    c = schema.assets.alias("c")
    on_p = scoped_join(p, lin.c.parent_asset_id, uid)
    on_c = scoped_join(c, lin.c.child_asset_id, uid)
    cols = [db.column(lin, col.name, text=text) for col in schema.asset_lineage.c]
    return sa.select(*cols).select_from(lin.join(p, on_p).join(c, on_c))


def table_selects(
    db: Database, asset_columns: Sequence[str] | None = None
) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """The columns the kit reads of ``assets`` and ``asset_lineage``, whole tables.

    Enum and JSON columns come as text: JSON as the database prints it (one
    Arrow string column, not a dict per row); ``lk.asset_details`` and the
    catalog decode it. Integers come as ``bigint``, as every other path gives
    them (pixsim7's are ``int4``, which Arrow would keep as int32).
    ``asset_columns`` names fewer asset columns (``assets`` columns, or keys of
    :data:`~lineage_kit.model.schema.SUMMARY_JSON`, read inside their JSON column).
    """
    a, lin = schema.assets, schema.asset_lineage
    names = [c.name for c in a.c] if asset_columns is None else list(asset_columns)
    aq = sa.select(*(_asset_column(db, name) for name in names))
    return aq, sa.select(*(_read_as(db, lin, c.name) for c in lin.c))


def _asset_column(db: Database, name: str) -> sa.ColumnElement[Any]:
    if name in schema.SUMMARY_JSON:
        column, key = schema.SUMMARY_JSON[name]
        value: sa.ColumnElement[Any] = sa.cast(db.json_value(schema.assets, column, key), sa.Text)
        unless = schema.SUMMARY_JSON_UNLESS.get(name)
        if unless is not None and db.has("assets", unless):  # read only while it matters
            stored = schema.assets.c[unless]
            value = sa.case((sa.or_(stored.is_(None), stored == ""), value))
        return value.label(name)
    return _read_as(db, schema.assets, name)


def _read_as(db: Database, table: sa.Table, name: str) -> sa.ColumnElement[Any]:
    col = db.column(table, name, text=True)
    if isinstance(table.c[name].type, sa.Integer):
        inner = col.element if isinstance(col, sa.Label) else col
        return sa.cast(inner, sa.BigInteger).label(name)
    return col


def read_frames(
    db: Database,
    uid: int | None,
    progress: bool | None,
    reader: BulkReader | None = None,
    *,
    asset_columns: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The scoped ``assets`` (in the database's order) and lineage rows (in edge order)
    as raw DataFrames.

    On PostgreSQL through ``reader``. One owner: their assets, then the lineage
    rows whose child is among the ids just read (index lookups on the child's end,
    a few times fewer pages than joining both ends to ``assets``; an owner of more
    than :data:`ID_LIST_MAX` assets: the whole table). Every owner: the whole
    lineage table, ordered while the assets are read. Rows are kept where both
    ends exist. Each goes straight into Arrow, is filtered and
    ordered there, and handed to pandas once. The assets are not reordered: moving a million rows of
    URLs and JSON text into id order cost a third of reading them. ``asset_columns``: see
    :func:`table_selects` (``id`` and ``user_id`` must be among them).
    """
    a = schema.assets
    aq, lq = table_selects(db, asset_columns)
    if db.dialect != "postgresql":
        aq = scope_to(aq, a, uid)
        lq = scoped_lineage(db, uid)
        with db.session(timeout=db.bulk_timeout) as session:
            assets, lineage = session.run(
                lambda conn: (pd.read_sql(aq, conn), pd.read_sql(lq, conn))
            )
        lineage = lineage.sort_values(list(EDGE_ORDER), kind="stable", ignore_index=True)
        return assets, lineage
    reader = reader or db.bulk_reader or BulkReader(db.engine.url, db.bulk_timeout)

    def read(q: sa.Select[Any], desc: str) -> pa.Table:
        return reader.table(db.literal(q), progress=progress, desc=desc)

    with db.translating("the bulk read", f"bulk_timeout={db.bulk_timeout:g}s"):
        if uid is None:
            # The whole lineage table first: it is put in edge order while the assets
            # stream in (Arrow and ADBC both work outside the GIL).
            ltab = read(lq, "asset_lineage")
            with ThreadPoolExecutor(1, thread_name_prefix="lineage_kit-order") as pool:
                ordering = pool.submit(_ordered, ltab, EDGE_ORDER)
                atab = read(aq, "assets")
                ltab = ordering.result()
            ids = np.sort(atab.column("id").to_numpy())
        else:
            atab = read(scope_to(aq, a, uid), "assets")
            ids = np.sort(atab.column("id").to_numpy())
            lin = schema.asset_lineage
            if len(ids) <= ID_LIST_MAX:
                listed = _id_array(ids)
                # The child's index alone (asking for both ends makes PostgreSQL AND two
                # bitmaps of every id: half again the time); the parent is checked below.
                lq = lq.where(lin.c.child_asset_id == listed)
            ltab = _ordered(read(lq, "asset_lineage"), EDGE_ORDER)
    ends = [ltab.column(name).to_numpy() for name in ("parent_asset_id", "child_asset_id")]
    kept = in_sorted(ids, ends[0]) & in_sorted(ids, ends[1])
    if not kept.all():  # (a copy of every column: only when some row points at nothing)
        ltab = ltab.filter(pa.array(kept))
    return atab.to_pandas(), ltab.to_pandas()


def _id_array(ids: np.ndarray) -> Any:
    """``ANY('{1,2,…}'::bigint[])``: one literal for the ids just read (rendering each id
    as its own literal costs more than the read of a few thousand rows)."""
    text = "{" + ",".join(map(str, ids.tolist())) + "}"
    return sa.any_(sa.cast(sa.literal(text, sa.Text), ARRAY(sa.BigInteger)))


def _bar(progress: bool | None, desc: str) -> dict[str, Any]:
    return {"progress": progress, "desc": desc}


def _ordered(table: pa.Table, keys: tuple[str, ...]) -> pa.Table:
    """The rows sorted by ``keys`` (integer columns, nulls as 0), stably; as given when
    they already are. Columns are reordered two at a time (Arrow works outside the GIL)."""
    columns = [pc.fill_null(table.column(k), 0).to_numpy() for k in keys]
    order = np.lexsort(columns[::-1])
    if np.array_equal(order, np.arange(len(order))):
        return table
    positions = pa.array(order)
    with ThreadPoolExecutor(2, thread_name_prefix="lineage_kit-reorder") as pool:
        moved = list(pool.map(lambda column: column.take(positions), table.columns))
    return pa.Table.from_arrays(moved, schema=table.schema)
