"""Argument checks, done once at the public entry points before any query runs.

One bounded-integer check (:func:`bounded_int`) serves every integer argument;
the named checks below are that check with each argument's name and limits.
Errors are :class:`~lineage_kit.InvalidArgument` (a ``ValueError``) or
:class:`~lineage_kit.InvalidArgumentType` (a ``TypeError``) and say what is allowed.

>>> bounded_int("max_depth", 3, 0, 64)
3
>>> bounded_int("max_depth", True, 0, 64)
Traceback (most recent call last):
...
lineage_kit.errors.InvalidArgumentType: max_depth must be an integer from 0 to 64, not bool True
"""

from __future__ import annotations

import numbers
from typing import Any

from ..errors import InvalidArgument, InvalidArgumentType

__all__ = [
    "COUNT_LIMIT_DEFAULT",
    "COUNT_LIMIT_MAX",
    "DIRECTIONS",
    "ID_MAX",
    "MAX_DEPTH_LIMIT",
    "MAX_NODES_LIMIT",
    "QUESTION_MAX_NODES",
    "bounded_int",
    "check_asset_id",
    "check_choice",
    "check_count_limit",
    "check_direction",
    "check_flag",
    "check_max_depth",
    "check_max_nodes",
    "check_seconds",
    "check_text",
    "check_user_id",
]

DIRECTIONS = ("both", "parents", "children")
MAX_DEPTH_LIMIT = 64
MAX_NODES_LIMIT = 100_000
"""The largest ``max_nodes``: a safety limit. An answer costs time in proportion to its
size (benchmarks/RESULTS.md, "Large answers"), so the limit guards against a slip only."""
QUESTION_MAX_NODES = 10_000
"""How many assets a provenance question admits unless told otherwise."""
COUNT_LIMIT_DEFAULT = 1_000
"""Degree counts are exact up to this many rows by default (a hub reads ``1000+``)."""
COUNT_LIMIT_MAX = 1_000_000
ID_MAX = 2**63 - 1
"""Ids are compared as 64-bit integers in both databases."""


def bounded_int(name: str, value: Any, lo: int, hi: int, what: str = "an integer") -> int:
    """``value`` as an int in ``lo … hi``, or an error naming ``name`` and the range.

    ``bool`` is refused although it is an ``int``: ``True`` as an id or a depth
    is always a mistake. numpy integers are accepted.
    """
    allowed = f"{what} from {lo} to {hi}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgumentType(f"{name} must be {allowed}, not {type(value).__name__} {value!r}")
    v = int(value)
    if not lo <= v <= hi:
        raise InvalidArgument(f"{name} must be {allowed}; got {v}")
    return v


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """``value`` when it is one of ``choices``; an error listing them otherwise.

    >>> check_choice("direction", "up", DIRECTIONS)
    Traceback (most recent call last):
    ...
    lineage_kit.errors.InvalidArgument: direction must be one of both, parents, children; got 'up'
    """
    if not isinstance(value, str) or value not in choices:
        raise InvalidArgument(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


def check_asset_id(value: Any, name: str = "asset_id") -> int:
    """Return ``value`` as an int id, or raise naming ``name``.

    >>> check_asset_id(12)
    12
    """
    return bounded_int(name, value, 0, ID_MAX, "an integer asset id")


def check_user_id(value: Any) -> int | None:
    """``None`` (all owners, on purpose) or an integer owner id."""
    if value is None:
        return None
    return bounded_int("user_id", value, 0, ID_MAX, "None (all owners) or an integer owner id")


def check_flag(name: str, value: Any) -> bool:
    """``True`` or ``False``, nothing else (``0``, ``"no"`` or ``None`` are mistakes).

    >>> check_flag("captured_only", 1)
    Traceback (most recent call last):
    ...
    lineage_kit.errors.InvalidArgumentType: captured_only must be True or False, not int 1
    """
    if not isinstance(value, bool):
        raise InvalidArgumentType(
            f"{name} must be True or False, not {type(value).__name__} {value!r}"
        )
    return value


def check_direction(value: Any) -> str:
    return check_choice("direction", value, DIRECTIONS)


def check_max_depth(value: Any) -> int:
    return bounded_int("max_depth", value, 0, MAX_DEPTH_LIMIT)


def check_max_nodes(value: Any) -> int:
    return bounded_int("max_nodes", value, 1, MAX_NODES_LIMIT)


def check_count_limit(value: Any) -> int:
    """The ``count_limit`` of a query: degree counts are exact up to it.

    >>> check_count_limit(1000)
    1000
    """
    return bounded_int("count_limit", value, 1, COUNT_LIMIT_MAX)


def check_seconds(name: str, value: Any, hi: float = 86_400) -> float:
    """A positive number of seconds up to ``hi`` (timeouts).

    >>> check_seconds("timeout", 2)
    2.0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidArgumentType(f"{name} must be a number of seconds, not {type(value).__name__}")
    if not 0 < float(value) <= hi:
        raise InvalidArgument(f"{name} must be more than 0 and at most {hi:g} seconds; got {value}")
    return float(value)


def check_text(name: str, value: Any) -> str:
    """``value`` when it is text a database and a UTF-8 output can hold; an error otherwise.

    Refused: a ``str`` with an unpaired surrogate (how Python reads bytes that are not
    UTF-8: a command-line argument, a file name) or a NUL character (which PostgreSQL's
    text cannot hold). The message shows where, never the raw character.

    >>> check_text("query", "cat")
    'cat'
    >>> check_text("query", "cat\\udcff")
    Traceback (most recent call last):
    ...
    lineage_kit.errors.InvalidArgument: query is not valid text: character 4 (U+DCFF) is half \
of a UTF-16 surrogate pair, which is how Python reads bytes that are not UTF-8; give UTF-8 text
    """
    if not isinstance(value, str):
        raise InvalidArgumentType(f"{name} must be text, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        raise InvalidArgument(
            f"{name} is not valid text: character {exc.start + 1} (U+{code:04X}) is half of a "
            "UTF-16 surrogate pair, which is how Python reads bytes that are not UTF-8; "
            "give UTF-8 text"
        ) from None
    if "\x00" in value:
        raise InvalidArgument(
            f"{name} is not valid text: character {value.index(chr(0)) + 1} is NUL (U+0000), "
            "which a database's text cannot hold"
        )
    return value
