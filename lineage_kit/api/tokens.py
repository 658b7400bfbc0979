"""Bearer tokens for ``lineage-kit serve``: a file of ``TOKEN USER_ID`` pairs, and the check.

The file holds one pair a line; blank lines and lines starting with ``#`` are
skipped. A token is at least :data:`MIN_TOKEN_LENGTH` characters without
spaces (``openssl rand -hex 16`` makes one); a token may not appear twice;
several tokens may name the same user. Error messages give the line number,
never the token.

>>> read_tokens("# token                          user\\n"
...             "3f9c2a7d41e0b6c8a5d2e9f1b7c4a610 1\\n")
{'3f9c2a7d41e0b6c8a5d2e9f1b7c4a610': 1}
"""

# No `from __future__ import annotations`: FastAPI reads the annotations of the
# dependencies defined inside functions below, which need their local names.

import hmac
import os
from collections.abc import Callable, Coroutine, Mapping
from typing import Annotated, Any

from fastapi import HTTPException, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..errors import InvalidArgument
from ..model.validate import ID_MAX, bounded_int

__all__ = [
    "MIN_TOKEN_LENGTH",
    "bearer_user_id",
    "read_token_file",
    "read_tokens",
    "token_user",
]

MIN_TOKEN_LENGTH = 16


def read_tokens(text: str, source: str = "the token file") -> dict[str, int]:
    """Parse ``TOKEN USER_ID`` lines into ``{token: user_id}``.

    Raises
    ------
    InvalidArgument
        A line is not a token and an integer user id, a token is short or
        repeated, or the file holds no token at all.
    """
    tokens: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        where = f"{source}, line {number}"
        if len(fields) != 2:
            raise InvalidArgument(f"{where}: expected 'TOKEN USER_ID', got {len(fields)} field(s)")
        token, user = fields
        if len(token) < MIN_TOKEN_LENGTH:
            raise InvalidArgument(
                f"{where}: a token must be at least {MIN_TOKEN_LENGTH} characters"
            )
        if token in tokens:
            raise InvalidArgument(f"{where}: this token is already on an earlier line")
        try:
            tokens[token] = bounded_int("user id", int(user), 0, ID_MAX)
        except ValueError:  # not an integer, or out of range (InvalidArgument)
            raise InvalidArgument(
                f"{where}: the user id must be an integer owner id, got {user!r}"
            ) from None
    if not tokens:
        raise InvalidArgument(f"{source} holds no 'TOKEN USER_ID' line")
    return tokens


def read_token_file(path: str | os.PathLike[str]) -> dict[str, int]:
    """:func:`read_tokens` of a file (UTF-8); a file that cannot be read is an ``OSError``."""
    with open(path, encoding="utf-8") as f:
        return read_tokens(f.read(), source=os.fspath(path))


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
                headers={"WWW-Authenticate": "Bearer"},
            )
        uid = token_user(table, credentials.credentials)
        if uid is None:
            raise HTTPException(
                status_code=401,
                detail="Invalid bearer token",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        return uid

    return user_id
