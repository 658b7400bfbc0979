"""The kit's exceptions: one root, each subclass a cause.

Bad arguments raise plain ``ValueError`` / ``TypeError`` naming the argument;
driver errors (psycopg, sqlite3) are translated into :class:`StoreError` at the
store's boundary and never reach the caller raw.
"""

from __future__ import annotations

__all__ = ["AssetNotFound", "LineageKitError", "QueryTimeout", "StoreError"]


class LineageKitError(Exception):
    """Root of every error the kit raises on purpose (other than ValueError/TypeError)."""


class AssetNotFound(LineageKitError, LookupError):
    """The asset does not exist in the query's scope (missing, or another owner's)."""

    def __init__(self, asset_id: int, user_id: int | None) -> None:
        self.asset_id = asset_id
        self.user_id = user_id
        scope = "any owner" if user_id is None else f"user_id={user_id}"
        super().__init__(f"asset {asset_id} not found for {scope}")


class StoreError(LineageKitError):
    """The database could not be opened or read (bad URL, missing table or column, driver error)."""


class QueryTimeout(StoreError):
    """A statement ran past the store's timeout and was cancelled on the server."""
