"""Argument checks, done once at the public entry points before any query runs."""

from __future__ import annotations

import numbers
from typing import Any

__all__ = [
    "DIRECTIONS",
    "MAX_DEPTH_LIMIT",
    "MAX_NODES_LIMIT",
    "check_asset_id",
    "check_direction",
    "check_max_depth",
    "check_max_nodes",
    "check_user_id",
]

DIRECTIONS = ("both", "parents", "children")
MAX_DEPTH_LIMIT = 64
MAX_NODES_LIMIT = 10_000
_ID_MAX = 2**63 - 1  # ids are compared as 64-bit integers in both databases


def _int(name: str, value: Any, allowed: str) -> int:
    # bool is an int subclass; True as an id or a depth is always a mistake.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {allowed}, not {type(value).__name__} {value!r}")
    return int(value)


def check_asset_id(value: Any, name: str = "asset_id") -> int:
    """Return ``value`` as an int id, or raise naming ``name``.

    >>> check_asset_id(12)
    12
    """
    allowed = f"an integer asset id between 0 and {_ID_MAX}"
    v = _int(name, value, allowed)
    if not 0 <= v <= _ID_MAX:
        raise ValueError(f"{name} must be {allowed}, not {v}")
    return v


def check_user_id(value: Any) -> int | None:
    """``None`` (all owners, on purpose) or an integer owner id."""
    if value is None:
        return None
    allowed = f"an integer owner id between 0 and {_ID_MAX}, or None for all owners"
    v = _int("user_id", value, allowed)
    if not 0 <= v <= _ID_MAX:
        raise ValueError(f"user_id must be {allowed}, not {v}")
    return v


def check_direction(value: Any) -> str:
    if not isinstance(value, str) or value not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}; got {value!r}")
    return value


def check_max_depth(value: Any) -> int:
    allowed = f"an integer from 0 to {MAX_DEPTH_LIMIT}"
    v = _int("max_depth", value, allowed)
    if not 0 <= v <= MAX_DEPTH_LIMIT:
        raise ValueError(f"max_depth must be {allowed}; got {v}")
    return v


def check_max_nodes(value: Any) -> int:
    allowed = f"an integer from 1 to {MAX_NODES_LIMIT}"
    v = _int("max_nodes", value, allowed)
    if not 1 <= v <= MAX_NODES_LIMIT:
        raise ValueError(f"max_nodes must be {allowed}; got {v}")
    return v
