"""What the UI says when something a user did cannot be done: one sentence, never a traceback.

Only the kit's own errors (:class:`lineage_kit.LineageKitError`: a missing asset, a bad
argument, an unreadable database) are a user's doing and shown inline; anything else is a
bug and reaches the notebook as a traceback, so that a bug report has one.

Examples
--------
>>> import lineage_kit as lk
>>> error_message(lk.AssetNotFound(999, 1), 1)
'Asset 999 not found for user 1: it does not exist or belongs to another owner.'
"""

from __future__ import annotations

import numbers
import re
from typing import Any

import lineage_kit as lk

__all__ = ["error_message", "parse_asset_id"]

_ID_TEXT = re.compile(r"[+-]?[0-9]{1,25}")


def parse_asset_id(value: Any) -> int:
    """An asset id from an int or from what a user typed (``" 103 "``, ``"#103"``).

    Raises
    ------
    lineage_kit.InvalidArgument, lineage_kit.InvalidArgumentType
        With a message that says what was wrong and what is allowed.

    Examples
    --------
    >>> parse_asset_id(" #103 ")
    103
    >>> parse_asset_id("abc")
    Traceback (most recent call last):
    ...
    lineage_kit.errors.InvalidArgument: asset id must be a whole number such as 103; got 'abc'
    """
    if isinstance(value, str):
        text = value.strip().removeprefix("#").strip()
        if not text:
            raise lk.InvalidArgument("type an asset id (a whole number such as 103)")
        if not _ID_TEXT.fullmatch(text):
            shown = value if len(value) <= 40 else value[:40] + "…"
            raise lk.InvalidArgument(f"asset id must be a whole number such as 103; got {shown!r}")
        return lk.validate.check_asset_id(int(text), "asset id")
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return lk.validate.check_asset_id(value, "asset id")
    raise lk.InvalidArgumentType(
        f"asset id must be an integer or its text, not {type(value).__name__}"
    )


def error_message(exc: lk.LineageKitError, user_id: int | None) -> str:
    """The plain-text sentence the UI shows for one of the kit's errors.

    >>> import lineage_kit as lk
    >>> error_message(lk.InvalidArgument("Depth must be an int"), 1)
    'Invalid input: depth must be an int.'
    """
    scope = "any owner" if user_id is None else f"user {user_id}"
    if isinstance(exc, lk.AssetNotFound) and isinstance(exc.asset_id, str):
        return (
            f"Nothing matches {exc.asset_id!r} for {scope}: no asset of theirs has that id, "
            "provider asset id, key or path, or those words in its description or prompt."
        )
    if isinstance(exc, lk.AssetNotFound):
        return (
            f"Asset {exc.asset_id} not found for {scope}: "
            "it does not exist or belongs to another owner."
        )
    if isinstance(exc, lk.AmbiguousAsset):
        return f"{exc.ref!r} matches several assets for {scope}: pick one below."
    if isinstance(exc, (ValueError, TypeError)):
        text = str(exc).rstrip(".")
        return f"Invalid input: {text[:1].lower()}{text[1:]}."
    if isinstance(exc, lk.StoreError):
        return f"Could not read the lineage database: {exc}"
    return str(exc)
