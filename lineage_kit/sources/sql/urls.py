"""Database URLs, read strictly: what the engine connects with, and what may be shown.

A password can sit in several parts of a URL: the user-info
(``postgresql://user:pw@host/db``), a query parameter (``?password=pw``), or
another libpq secret (``sslpassword``, ``oauth_client_secret``, the SCRAM keys:
the parameters libpq itself marks as secret or debug-only). :func:`parse_url`
takes every secret out of the text that SQLAlchemy keeps and prints: the password
goes to the URL's password field (masked wherever SQLAlchemy renders it), the
other secrets to the driver's connect arguments (in no URL at all). The
:attr:`DatabaseUrl.label` shows the rest, with paths to secret material
(``passfile``, ``sslkey``) masked too.

A URL that does not read cleanly is refused without being echoed, since a
malformed URL cannot be masked reliably: an unencoded ``@`` in a password puts
its tail in the host or the port, and an unencoded ``&`` turns its tail into a
parameter name. So: no second ``@``, no unknown parameter name, no parameter
twice, and the parse errors of SQLAlchemy (a port that is not a number) never
reach the user. A string that is no URL but looks like a file path gets the
``sqlite:///`` spelling suggested.

>>> u = parse_url("postgres://reader:pw@db:5432/pixsim7?sslpassword=k3y&sslmode=require")
>>> u.label
'postgresql+psycopg://reader:***@db:5432/pixsim7?sslmode=require'
>>> u.url.password, u.secrets
('pw', {'sslpassword': 'k3y'})
>>> parse_url("pixsim.db")
Traceback (most recent call last):
...
lineage_kit.errors.InvalidArgument: url 'pixsim.db' is not a database URL; for a SQLite file \
write sqlite:///pixsim.db (postgresql+psycopg://user@host/db for PostgreSQL)
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from ...errors import InvalidArgument, InvalidArgumentType
from ...model.validate import check_text

__all__ = [
    "MASKED_PARAMETERS",
    "DatabaseUrl",
    "label_of",
    "libpq_parameters",
    "parse_url",
    "secrets_in",
]

_EXPECTED = "expected sqlite:///path.db or postgresql+psycopg://user@host/db"
_FALLBACK_SECRETS = {
    "password",
    "sslpassword",
    "oauth_client_secret",
    "scram_client_key",
    "scram_server_key",
}


@functools.cache
def libpq_parameters() -> tuple[frozenset[str], frozenset[str]]:
    """libpq's connection parameters, and the secret ones: those libpq marks secret (``*``)
    or debug-only (``D``), such as ``password``, ``sslpassword``, ``oauth_client_secret``
    and the SCRAM keys. Read from libpq on first use (psycopg is imported then, not with
    the kit).

    >>> names, secret = libpq_parameters()
    >>> {"host", "sslmode", "password"} <= names, {"password", "sslpassword"} <= secret
    (True, True)
    """
    try:
        from psycopg import pq

        options = pq.Conninfo.get_defaults()
    except Exception:  # pragma: no cover - psycopg is a dependency; keep a sane fallback
        return frozenset(_FALLBACK_SECRETS | {"host", "port", "dbname", "user"}), frozenset(
            _FALLBACK_SECRETS
        )
    names = {o.keyword.decode() for o in options}
    secret = {o.keyword.decode() for o in options if o.dispchar in (b"*", b"D")}
    return frozenset(names), frozenset(secret | _FALLBACK_SECRETS)


MASKED_PARAMETERS = frozenset({"passfile", "sslkey", "sslkeylogfile"})
"""Parameters that name where secret material lies: kept, but shown as ``***``."""


@dataclass(frozen=True)
class DatabaseUrl:
    """A parsed database URL: what to connect with, and what may be printed."""

    url: sa.URL
    """The URL the engine uses: the password in its password field, no other secret."""
    label: str
    """The URL as it may be shown (password and secret paths as ``***``)."""
    secrets: dict[str, str] = field(default_factory=dict, repr=False)
    """Secret libpq parameters, for the driver's connect arguments."""
    hidden: tuple[str, ...] = field(default=(), repr=False)
    """Every secret value, as given and decoded: what no message may contain."""

    def __repr__(self) -> str:
        return f"DatabaseUrl({self.label!r})"


def parse_url(text: Any) -> DatabaseUrl:
    """A SQLite or PostgreSQL URL read strictly; ``postgresql://``/``postgres://`` mean psycopg 3.

    Raises
    ------
    InvalidArgument
        Not a URL the kit reads; the message never shows a URL that might hold a secret.
    """
    if not isinstance(text, str):
        raise InvalidArgumentType(f"url must be a database URL string, not {type(text).__name__}")
    check_text("url", text)
    if "://" not in text:
        raise InvalidArgument(_no_scheme(text))
    if text.count("@") > 1:
        raise InvalidArgument(
            "url holds '@' more than once: percent-encode '@' in a user name or password as "
            "%40 (the URL is not shown: it may hold a password)"
        )
    try:
        parsed = make_url(text)
    except (sa.exc.ArgumentError, ValueError):
        raise InvalidArgument(
            "url could not be read as a database URL (not shown: it may hold a password); "
            f"{_EXPECTED}; percent-encode special characters of a password"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise InvalidArgument(
                "url: an in-memory SQLite database holds no lineage; give a file path"
            )
        return DatabaseUrl(parsed, label_of(parsed), hidden=secrets_in(text))
    if backend not in ("postgresql", "postgres"):
        raise InvalidArgument(f"url: unsupported database {backend!r}; {_EXPECTED}")
    return _postgres(parsed.set(drivername="postgresql+psycopg"), text)


_SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db3")


def _no_scheme(text: str) -> str:
    """What to say of a string without ``://``: the ``sqlite:///`` spelling when it reads as
    a SQLite file's path (an existing file, or a name with a SQLite suffix and no spaces);
    otherwise nothing of it (it may hold a password: ``user:pw@host/db``)."""
    looks_like_file = "@" not in text and not any(c.isspace() for c in text)
    looks_like_file &= text.lower().endswith(_SQLITE_SUFFIXES) or os.path.isfile(text)
    if not looks_like_file:
        return f"url has no scheme (not shown: it may hold a password); {_EXPECTED}"
    return (
        f"url {text!r} is not a database URL; for a SQLite file write sqlite:///{text} "
        "(postgresql+psycopg://user@host/db for PostgreSQL)"
    )


def _postgres(parsed: sa.URL, text: str) -> DatabaseUrl:
    known, secret = libpq_parameters()
    query: dict[str, str] = {}
    for key, value in parsed.query.items():
        if key not in known:
            raise InvalidArgument(
                "url: a query parameter is not one of libpq's connection parameters "
                "(not shown: it may be part of a password; percent-encode '&' in a password "
                "as %26)"
            )
        if not isinstance(value, str):
            raise InvalidArgument(f"url: the query parameter {key!r} is given more than once")
        query[key] = value
    if "=" in (parsed.database or "") or "=" in query.get("dbname", ""):
        raise InvalidArgument(
            "url: the database name must not hold '=' (libpq would read it as a connection "
            "string; not shown: it may hold a password)"
        )
    secrets = {k: v for k, v in query.items() if k in secret}
    password = secrets.pop("password", None)
    if password is not None and parsed.password is not None and password != parsed.password:
        raise InvalidArgument("url gives two different passwords (user-info and ?password=)")
    url = parsed.set(query={k: v for k, v in query.items() if k not in secret})
    if password is not None:
        url = url.set(password=password)
    hidden = secrets_in(text) + _forms(url.password, *secrets.values())
    return DatabaseUrl(url, label_of(url), secrets, tuple(dict.fromkeys(hidden)))


def label_of(url: sa.URL) -> str:
    """``url`` as it may be shown: its password, secret parameters and paths to secret
    material as ``***``.

    >>> label_of(make_url("postgresql://u@h/db?password=pw&passfile=/home/u/.pgpass"))
    'postgresql://u@h/db?passfile=***&password=***'
    """
    secret = libpq_parameters()[1]
    base = url.set(query={}).render_as_string(hide_password=True)
    shown = []
    for key, value in sorted(url.query.items()):
        for one in (value,) if isinstance(value, str) else value:
            hide = key in secret or key in MASKED_PARAMETERS
            shown.append(f"{quote(key)}={'***' if hide else quote(one, safe='/:,')}")
    return base + ("?" + "&".join(shown) if shown else "")


@functools.cache
def _secret_query() -> re.Pattern[str]:
    names = "|".join(sorted(map(re.escape, libpq_parameters()[1])))
    return re.compile(rf"[?&](?:{names})=([^&#]*)", re.IGNORECASE)


def secrets_in(text: str) -> tuple[str, ...]:
    """Every fragment of ``text`` that may be a secret, read without trusting its form:
    the user-info after the user name (up to the last ``@``) and the values of secret
    query parameters, as written and decoded. For scrubbing messages (at least 3 characters
    each: a shorter fragment would blank out ordinary words).

    >>> secrets_in("postgresql://u:p@ss@h/db?sslpassword=k%26y")
    ('p@ss', 'p%40ss', 'k%26y', 'k&y', 'k%2526y')
    """
    found: list[str] = []
    rest = text.split("://", 1)[-1]
    if "@" in rest:
        userinfo = rest.rsplit("@", 1)[0]
        if ":" in userinfo:
            found.append(userinfo.split(":", 1)[1])
    found += _secret_query().findall(text)
    return _forms(*found)


def _forms(*values: str | None) -> tuple[str, ...]:
    """Each value as written, percent-decoded and percent-encoded (3 characters or more)."""
    from urllib.parse import unquote, unquote_plus

    out: list[str] = []
    for value in values:
        if not value:
            continue
        for form in (value, unquote(value), unquote_plus(value), quote(value, safe="")):
            if len(form) >= 3 and form not in out:
                out.append(form)
    return tuple(out)
