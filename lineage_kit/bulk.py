"""Bulk reads from PostgreSQL: ADBC (binary COPY under the hood) into Arrow, then pandas.

About five times faster than ``pd.read_sql`` and a fraction of its memory on
a million rows (RECIPES.md part B): no Python tuple is built per row. The
session is read-only from the start, like every session the kit opens.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import Any
from urllib.parse import quote

import pandas as pd
import pyarrow as pa
import sqlalchemy as sa

__all__ = ["progress_enabled", "read_postgres"]


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


def _adbc_uri(url: sa.URL, timeout: float | None = None) -> str:
    """A plain libpq URI (what ADBC wants), read-only (and time-bounded) from the start."""
    base = url.set(drivername="postgresql").render_as_string(hide_password=False)
    settings = "-c default_transaction_read_only=on"
    if timeout is not None:
        settings += f" -c statement_timeout={int(timeout * 1000)}"
    # libpq does not read '+' as a space, so quote by hand rather than form-encode.
    options = "options=" + quote(settings, safe="")
    return base + ("&" if "?" in base else "?") + options


def read_postgres(
    url: sa.URL, sql: str, *, progress: bool | None, desc: str, timeout: float | None = None
) -> pd.DataFrame:
    """Run one SELECT through ADBC and return a DataFrame (progress bar in rows, optional).

    The read runs in a worker thread: ADBC blocks in C, where Ctrl-C (a kernel
    interrupt) cannot reach it. The calling thread waits interruptibly and, on
    KeyboardInterrupt, cancels the statement on the server before re-raising.
    """
    import adbc_driver_postgresql.dbapi as adbc

    show = progress_enabled(progress)
    with adbc.connect(_adbc_uri(url, timeout)) as conn, conn.cursor() as cur:
        bar: Any = None
        if show:
            from tqdm.auto import tqdm

            bar = tqdm(desc=desc, unit=" rows", unit_scale=True, leave=False)
        outcome: dict[str, Any] = {}

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
        try:
            while worker.is_alive():
                worker.join(0.1)
        except KeyboardInterrupt:
            with contextlib.suppress(Exception):
                cur.adbc_cancel()
            worker.join(10)
            raise
        finally:
            if bar is not None:
                bar.close()
        if "error" in outcome:
            raise outcome["error"]
        table = outcome["table"]
    df = table.to_pandas()
    for name, dtype in df.dtypes.items():
        if dtype == "int32":  # int4 stays int4 in Arrow; the other paths give int64
            df[name] = df[name].astype("int64")
    return df
