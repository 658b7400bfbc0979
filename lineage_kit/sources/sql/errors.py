"""The one place where driver errors become the kit's: a table, and a context manager.

Every call site that talks to a driver runs inside :func:`translating`, which
names the work (``"a statement"``, ``"the bulk read"``, ``"opening the
database"``) and lets :func:`translate` pick the kit's error from
:data:`TRANSLATIONS`, the way httpx maps transport errors in one place.

psycopg (through SQLAlchemy), sqlite3 and ADBC each report a cancelled
statement their own way: PostgreSQL's SQLSTATE ``57014`` (``query_canceled``:
a ``statement_timeout`` or a cancel request) and SQLite's ``SQLITE_INTERRUPT``
(raised by the progress handler that enforces the store's deadline). A server
that stops answering reports nothing: the kit's own client-side deadline
(:mod:`.watchdog`) ends the wait and raises :class:`DeadlineExceeded` in the
driver's place. Those become :class:`~lineage_kit.QueryTimeout`; every other
driver error a
:class:`~lineage_kit.StoreError` naming the database (password hidden) and the
driver's first line. Nothing here reads message text to decide.

>>> import sqlite3
>>> exc = sqlite3.OperationalError("interrupted")
>>> exc.sqlite_errorcode = sqlite3.SQLITE_INTERRUPT
>>> type(translate(exc, "db", "a statement")).__name__
'QueryTimeout'
>>> with translating("db", "a statement"):
...     raise sqlite3.OperationalError("no such table: assets")
Traceback (most recent call last):
lineage_kit.errors.StoreError: db: a statement failed (no such table: assets)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from ...errors import QueryTimeout, StoreError

__all__ = [
    "DRIVER_ERRORS",
    "TRANSLATIONS",
    "DeadlineExceeded",
    "is_disconnect",
    "is_timeout",
    "reason",
    "translate",
    "translating",
]

_PG_QUERY_CANCELED = "57014"


class DeadlineExceeded(Exception):
    """The kit's client-side deadline ended a wait on the database (a statement, a
    connection): raised in place of the driver's error, translated into QueryTimeout."""


def _driver_errors() -> tuple[type[BaseException], ...]:
    out: list[type[BaseException]] = [sa.exc.SQLAlchemyError, sqlite3.Error, DeadlineExceeded]
    try:
        import adbc_driver_manager

        out.append(adbc_driver_manager.Error)
    except ImportError:  # pragma: no cover - a dependency, but keep the store usable
        pass
    return tuple(out)


DRIVER_ERRORS = _driver_errors()

try:
    from adbc_driver_manager import AdbcStatusCode

    _ADBC_IO: Any = AdbcStatusCode.IO
except ImportError:  # pragma: no cover - a dependency
    _ADBC_IO = None
"""Exception types that come from a database driver (what :func:`translate` accepts)."""


def _origin(exc: BaseException) -> BaseException:
    """The driver's own exception behind a SQLAlchemy wrapper."""
    orig = getattr(exc, "orig", None) if isinstance(exc, sa.exc.DBAPIError) else None
    return orig if isinstance(orig, BaseException) else exc


def is_timeout(exc: BaseException) -> bool:
    """Whether the statement was cancelled (the server's timeout, a cancel request) or the
    kit's own deadline ended the wait."""
    orig = _origin(exc)
    if isinstance(orig, DeadlineExceeded):
        return True
    if isinstance(orig, sqlite3.Error):
        return getattr(orig, "sqlite_errorcode", None) == sqlite3.SQLITE_INTERRUPT
    return getattr(orig, "sqlstate", None) == _PG_QUERY_CANCELED


def is_disconnect(exc: BaseException) -> bool:
    """Whether the driver says the connection itself is gone (a server restart, a killed
    backend): SQLAlchemy's verdict on its connections, ADBC's I/O status on its own."""
    if isinstance(exc, sa.exc.DBAPIError):
        return bool(exc.connection_invalidated)
    return _ADBC_IO is not None and getattr(exc, "status_code", None) == _ADBC_IO


def reason(exc: BaseException) -> str:
    """The driver's message, first line only (never a traceback or a connection string)."""
    orig = _origin(exc)
    text = str(orig).strip()
    return text.splitlines()[0] if text else type(orig).__name__


def _always(exc: BaseException) -> bool:
    return True


TRANSLATIONS: tuple[tuple[Callable[[BaseException], bool], type[StoreError], str], ...] = (
    (is_timeout, QueryTimeout, "{label}: {what} exceeded {limit} and was cancelled"),
    (_always, StoreError, "{label}: {what} failed ({reason})"),
)
"""``(test, the kit's error, message)`` in order; the first whose test holds wins.

The message's fields: ``label`` (the database, password hidden), ``what`` (the
work), ``limit`` (the setting a timeout ran into) and ``reason`` (the driver's
first line, :func:`reason`)."""


def translate(
    exc: BaseException, label: str, what: str, limit: str = "", hidden: Sequence[str] = ()
) -> StoreError:
    """A driver error as the kit's own (:data:`TRANSLATIONS`).

    ``label`` names the database (password hidden), ``what`` the work that
    failed ("a statement", "the bulk read"), ``limit`` the setting a timeout
    ran into, with the hint to raise it. ``hidden``: secret values (the URL's
    password) that the driver's words must not show; each is replaced by ``***``.
    """
    for test, error, message in TRANSLATIONS:
        if test(exc):
            text = message.format(
                label=label, what=what, limit=limit or "its time limit", reason=reason(exc)
            )
            for secret in sorted(hidden, key=len, reverse=True):
                text = text.replace(secret, "***")
            return error(text)
    raise AssertionError("unreachable: the last translation takes every error")


@contextmanager
def translating(
    label: str, what: str, limit: str = "", hidden: Sequence[str] = ()
) -> Iterator[None]:
    """Run a block that talks to a driver; its driver errors leave as the kit's.

    The driver's exception is not chained (``from None``): its text may hold a
    connection string, and the kit's message already carries its first line.
    """
    try:
        yield
    except DRIVER_ERRORS as exc:
        raise translate(exc, label, what, limit, hidden) from None
