"""Bearer tokens for ``lineage-kit serve``: a file of ``TOKEN USER_ID`` pairs, and the check.

The file holds one pair a line; blank lines and lines starting with ``#`` are
skipped. A token is at least :data:`MIN_TOKEN_LENGTH` printable ASCII
characters without spaces (``openssl rand -hex 16`` makes one); a token may not
appear twice; several tokens may name the same user.

The file is read safely (:func:`read_token_file`): a regular file only (a FIFO
or a device such as ``/dev/zero``, even behind a link, is refused without
being read), at most :data:`MAX_TOKEN_FILE_BYTES`, UTF-8 with or without a
byte-order mark. A file that group or others may read or write is served, with
a :class:`~lineage_kit.errors.TokenFileWarning`. No message ever shows a
token, or anything else read from the file: errors give the line number and
what is wrong.

>>> read_tokens("# token                          user\\n"
...             "3f9c2a7d41e0b6c8a5d2e9f1b7c4a610 1\\n")
{'3f9c2a7d41e0b6c8a5d2e9f1b7c4a610': 1}
>>> read_tokens("3f9c2a7d41e0b6c8a5d2e9f1b7c4a610 e0b6c8a5d2e9f1b7c4a6103f9c2a7d41\\n")
Traceback (most recent call last):
...
lineage_kit.errors.InvalidArgument: the token file, line 1: the user id must be an integer owner id
"""

# No `from __future__ import annotations`: FastAPI reads the annotations of the
# dependencies defined inside functions below, which need their local names.

import hmac
import os
import stat
import warnings
from collections.abc import Callable, Coroutine, Mapping
from typing import Annotated, Any

from fastapi import HTTPException, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..errors import InvalidArgument, TokenFileWarning
from ..model.validate import ID_MAX, bounded_int
from .headers import NO_STORE

__all__ = [
    "MAX_TOKEN_FILE_BYTES",
    "MIN_TOKEN_LENGTH",
    "bearer_user_id",
    "read_token_file",
    "read_tokens",
    "token_user",
]

MIN_TOKEN_LENGTH = 16
MAX_TOKEN_FILE_BYTES = 1024 * 1024
"""The largest token file read: ten thousand tokens fit in a tenth of it."""
_BOM = "\ufeff"


def read_tokens(text: str, source: str = "the token file") -> dict[str, int]:
    """Parse ``TOKEN USER_ID`` lines into ``{token: user_id}``.

    Raises
    ------
    InvalidArgument
        A line is not a token and an integer user id, a token is short, not
        printable ASCII or repeated, or the file holds no token at all. The
        message names the line, never what is on it.
    """
    tokens: dict[str, int] = {}
    for number, line in enumerate(text.removeprefix(_BOM).splitlines(), 1):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        where = f"{source}, line {number}"
        if len(fields) != 2:
            raise InvalidArgument(f"{where}: expected 'TOKEN USER_ID', got {len(fields)} field(s)")
        token, user = fields
        if not (token.isascii() and token.isprintable()):
            raise InvalidArgument(
                f"{where}: a token must be printable ASCII characters (a header carries it)"
            )
        if len(token) < MIN_TOKEN_LENGTH:
            raise InvalidArgument(
                f"{where}: a token must be at least {MIN_TOKEN_LENGTH} characters"
            )
        if token in tokens:
            raise InvalidArgument(f"{where}: this token is already on an earlier line")
        try:
            tokens[token] = bounded_int("user id", int(user), 0, ID_MAX)
        except ValueError:  # not an integer, or out of range (InvalidArgument): never echoed
            raise InvalidArgument(f"{where}: the user id must be an integer owner id") from None
    if not tokens:
        raise InvalidArgument(f"{source} holds no 'TOKEN USER_ID' line")
    return tokens


def read_token_file(path: str | os.PathLike[str]) -> dict[str, int]:
    """:func:`read_tokens` of a file, read safely (see the module's rules).

    Raises
    ------
    InvalidArgument
        Not a regular file, larger than :data:`MAX_TOKEN_FILE_BYTES`, not UTF-8
        text, or a bad line (the line's number, never its content).
    OSError
        The file cannot be opened (missing, no permission).

    Warns
    -----
    TokenFileWarning
        Group or others may read or write the file.
    """
    source = os.fspath(path)
    # O_NONBLOCK: opening a FIFO returns at once (it is refused below) instead of
    # waiting for a writer; links are followed, to a regular file only.
    fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidArgument(
                f"{source} is not a regular file (a FIFO, a device or a folder): give a file "
                "of 'TOKEN USER_ID' lines"
            )
        if info.st_size > MAX_TOKEN_FILE_BYTES:
            raise InvalidArgument(f"{source} is larger than {MAX_TOKEN_FILE_BYTES:,} bytes")
        data = _read_at_most(fd, MAX_TOKEN_FILE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_TOKEN_FILE_BYTES:  # it grew while being read
        raise InvalidArgument(f"{source} is larger than {MAX_TOKEN_FILE_BYTES:,} bytes")
    open_to = info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    if open_to & 0o066:
        warnings.warn(
            f"{source} may be read or written by group or others (mode "
            f"{stat.S_IMODE(info.st_mode):04o}): its tokens let anyone who reads them in; "
            f"chmod 600 {source}",
            TokenFileWarning,
            stacklevel=2,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidArgument(f"{source}, line {line}: not UTF-8 text") from None
    return read_tokens(text, source=source)


def _read_at_most(fd: int, size: int) -> bytes:
    """At most ``size`` bytes of a regular file (which never blocks, O_NONBLOCK or not)."""
    chunks, left = [], size
    while left > 0:
        chunk = os.read(fd, min(left, 65536))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def token_user(tokens: Mapping[str, int], given: str) -> int | None:
    """The user id of the token ``given``, or ``None`` when it is not one of ``tokens``.

    Every token is compared, each in constant time: how long the answer takes says
    nothing about how close a guess came.

    >>> tokens = {"3f9c2a7d41e0b6c8a5d2e9f1b7c4a610": 2}
    >>> token_user(tokens, "3f9c2a7d41e0b6c8a5d2e9f1b7c4a610"), token_user(tokens, "3f9c")
    (2, None)
    """
    found = None
    probe = given.encode()
    for token, uid in tokens.items():
        if hmac.compare_digest(token.encode(), probe):
            found = uid
    return found


def bearer_user_id(
    tokens: Mapping[str, int],
) -> Callable[..., Coroutine[Any, Any, int]]:
    """A FastAPI dependency: the user id of the request's ``Authorization: Bearer`` token.

    No token (or another scheme) and an unknown token both answer 401 with a
    ``WWW-Authenticate: Bearer`` header.

    Examples
    --------
    >>> from fastapi import Depends, FastAPI
    >>> caller = bearer_user_id({"3f9c2a7d41e0b6c8a5d2e9f1b7c4a610": 2})
    >>> app = FastAPI()
    >>> @app.get("/whoami")
    ... async def whoami(user_id: int = Depends(caller)) -> dict[str, int]:
    ...     return {"user_id": user_id}
    >>> list(app.openapi()["components"]["securitySchemes"])
    ['HTTPBearer']
    """
    table = dict(tokens)
    scheme = HTTPBearer(
        auto_error=False,
        description="A token from the server's --token-file; it decides whose assets exist",
    )

    async def user_id(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Security(scheme)],
    ) -> int:
        if credentials is None:
            raise HTTPException(
                status_code=401,
                detail="Not authenticated",
                headers={**NO_STORE, "WWW-Authenticate": "Bearer"},
            )
        uid = token_user(table, credentials.credentials)
        if uid is None:
            raise HTTPException(
                status_code=401,
                detail="Invalid bearer token",
                headers={**NO_STORE, "WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        return uid

    return user_id
