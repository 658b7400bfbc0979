"""The kit's exceptions: one root, each subclass a cause.

Everything the kit raises on purpose derives from :class:`LineageKitError`, so
one ``except lk.LineageKitError`` catches it all. A bad argument raises
:class:`InvalidArgument` (also a ``ValueError``) or :class:`InvalidArgumentType`
(also a ``TypeError``), naming the argument and what is allowed. Driver errors
(psycopg, sqlite3, ADBC) are translated into :class:`StoreError` in one place,
:mod:`lineage_kit.sources.sql.errors`, and never reach the caller raw.

>>> import lineage_kit as lk
>>> try:
...     lk.connect().lineage(310, user_id=1, max_depth=-1)
... except lk.LineageKitError as exc:
...     print(type(exc).__name__, isinstance(exc, ValueError))
InvalidArgument True
"""

from __future__ import annotations

import warnings
from typing import Any

__all__ = [
    "AmbiguousAsset",
    "AssetNotFound",
    "InvalidArgument",
    "InvalidArgumentType",
    "InvalidSnapshot",
    "LineageKitError",
    "ListenError",
    "MediaRefused",
    "MediaWarning",
    "MissingExtra",
    "NoGenerations",
    "QueryTimeout",
    "StoreError",
    "TokenFileWarning",
    "WriteError",
    "warn_no_generations",
]


class LineageKitError(Exception):
    """Root of every error the kit raises on purpose."""


class InvalidArgument(LineageKitError, ValueError):
    """An argument has the right type but a value outside what is allowed."""


class InvalidArgumentType(LineageKitError, TypeError):
    """An argument has a type the kit does not accept."""


class InvalidSnapshot(InvalidArgument):
    """A file is not a lineage_kit snapshot, or one of a format this kit cannot read."""


class MediaRefused(InvalidArgument):
    """A storage key the kit will not read from pixsim7's media folder.

    It leads outside the folder (``..``, an absolute path, a symbolic link
    out), or names something other than a small image file.
    """


class MediaWarning(UserWarning):
    """A thumbnail was not read from the media folder (the summary keeps pixsim7's URL)."""


class NoGenerations(UserWarning):
    """A source holds no ``generations`` table: generations are not known (said once)."""


_WARNED: set[str] = set()


def warn_no_generations(reason: str) -> None:
    """Warn, once per reason, that generations cannot be read (``reason`` says why)."""
    if reason not in _WARNED:
        _WARNED.add(reason)
        warnings.warn(
            f"{reason}: generations are unknown (generation_of answers None; expected_parents "
            "reads the Pixverse payload only)",
            NoGenerations,
            stacklevel=3,
        )


class TokenFileWarning(UserWarning):
    """``lineage-kit serve``'s token file may be read or written by group or others."""


class AssetNotFound(LineageKitError, LookupError):
    """The asset does not exist in the query's scope (missing, or another owner's)."""

    def __init__(self, asset_id: int | str, user_id: int | None) -> None:
        self.asset_id = asset_id
        """The id asked for, or the reference (a provider asset id, a key) that matched none."""
        self.user_id = user_id
        if isinstance(asset_id, int):
            super().__init__(f"asset {asset_id} not found for {_scope(user_id)}")
        else:
            super().__init__(f"no asset matches {asset_id!r} for {_scope(user_id)}")

    def __reduce__(self) -> tuple[type[AssetNotFound], tuple[int | str, int | None]]:
        return (type(self), (self.asset_id, self.user_id))


class AmbiguousAsset(LineageKitError, LookupError):
    """A reference (a provider asset id, a key, words) does not name one asset in scope: it
    matches several, or matches only by the words of a description or prompt."""

    def __init__(
        self,
        ref: str,
        user_id: int | None,
        matches: tuple[tuple[int, str], ...],
        by_words: bool = False,
    ) -> None:
        self.ref = ref
        self.user_id = user_id
        self.matches = matches
        """``(asset id, what matched)`` of the assets it matches (the first few)."""
        self.by_words = by_words
        """Whether the matches are only by words (a description or prompt), not a name."""
        listed = ", ".join(f"{i} ({how})" for i, how in matches)
        if by_words:
            head = f"{ref!r} names no asset by id, key or path for {_scope(user_id)}; "
            head += f"by its words it matches {listed}"
        else:
            head = f"{ref!r} matches several assets for {_scope(user_id)}: {listed}"
        super().__init__(head + "; give one of them as id:N")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.ref, self.user_id, self.matches, self.by_words))


def _scope(user_id: int | None) -> str:
    return "any owner" if user_id is None else f"user_id={user_id}"


class StoreError(LineageKitError):
    """The database could not be opened or read (bad URL, missing table or column, driver error)."""


class QueryTimeout(StoreError):
    """A statement ran past the store's timeout and was cancelled on the server."""


class WriteError(LineageKitError, OSError):
    """A file the kit was asked to write could not be written; the message names the path
    and why (no such folder, a folder, no permission, a loop of symbolic links, ...)."""


class ListenError(LineageKitError, OSError):
    """``lineage-kit serve`` cannot listen where it was asked (a busy port, an unknown host)."""


class MissingExtra(LineageKitError, ImportError):
    """An optional part of the kit needs packages that are not installed."""

    def __init__(self, feature: str, extra: str) -> None:
        self.extra = extra
        super().__init__(f"{feature} needs the '{extra}' extra: pip install 'lineage-kit[{extra}]'")
