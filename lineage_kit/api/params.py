"""The routes' path and query parameters, checked by the kit's own validators.

FastAPI would check ``max_depth: int`` itself, with pydantic's wording. The
parameters arrive as text instead and go through
:mod:`lineage_kit.model.validate`, so an HTTP client reads the same message as
a Python caller (``max_depth must be an integer from 0 to 64; got 65``). The
OpenAPI schema still documents them as integers with their limits. A bad
parameter is a 422 in FastAPI's own validation shape, every bad parameter of
the request listed at once::

    {"detail": [{"type": "value_error", "loc": ["query", "max_depth"],
                 "msg": "max_depth must be an integer from 0 to 64; got 65", "input": "65"}]}

See :func:`check_lineage_args` for examples.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import HTTPException, Path, Query

from ..errors import InvalidArgument, InvalidArgumentType
from ..model.validate import (
    COUNT_LIMIT_MAX,
    DIRECTIONS,
    ID_MAX,
    MAX_NODES_LIMIT,
    bounded_int,
    check_asset_id,
    check_count_limit,
    check_direction,
    check_max_depth,
    check_max_nodes,
)
from ..query import lineage
from .headers import NO_STORE

__all__ = [
    "AssetIdPath",
    "DirectionQuery",
    "LineageArgs",
    "check_lineage_args",
    "documented_integer",
]

# The seed's defaults (both / 1 / 50) are the Python API's: read from lineage(), not repeated.
_PYTHON = inspect.signature(lineage).parameters
DEFAULT_DIRECTION: str = _PYTHON["direction"].default
DEFAULT_MAX_DEPTH: int = _PYTHON["max_depth"].default
DEFAULT_MAX_NODES: int = _PYTHON["max_nodes"].default
DEFAULT_COUNT_LIMIT: int = _PYTHON["count_limit"].default

_INTEGER = re.compile(r"[+-]?[0-9]{1,40}")


def _documented(schema: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """``json_schema_extra`` that documents a parameter as ``schema`` (FastAPI reads it as text)."""

    def extra(generated: dict[str, Any]) -> None:
        generated.pop("anyOf", None)
        generated.update(schema)

    return extra


def documented_integer(lo: int, hi: int) -> Callable[[dict[str, Any]], None]:
    """``json_schema_extra`` of a parameter read as text and documented as an integer."""
    return _documented({"type": "integer", "minimum": lo, "maximum": hi})


AssetIdPath = Annotated[
    str,
    Path(
        description="The root asset",
        json_schema_extra=_documented(
            {"type": "integer", "minimum": 0, "maximum": ID_MAX, "format": "int64"}
        ),
    ),
]
DirectionQuery = Annotated[
    str,
    Query(
        description="both, parents (ancestors only) or children (descendants only)",
        json_schema_extra=_documented({"type": "string", "enum": list(DIRECTIONS)}),
    ),
]
@dataclass(frozen=True)
class LineageArgs:
    """The validated arguments of one lineage query."""

    asset_id: int
    direction: str
    max_depth: int
    max_nodes: int
    count_limit: int = DEFAULT_COUNT_LIMIT


class _Checker:
    """Applies the kit's checks to raw parameters and collects every failure."""

    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []

    def __call__(
        self, where: str, name: str, raw: str | int, check: Callable[[Any], Any], integer: bool
    ) -> Any:
        # A parameter that reads as an integer is checked as one; any other text is handed
        # over as text, so the message says "not str '2.5'", as Python's does.
        value: Any = raw
        if integer and isinstance(raw, str) and _INTEGER.fullmatch(raw):
            value = int(raw)
        try:
            return check(value)
        except (InvalidArgument, InvalidArgumentType) as exc:
            self.errors.append(
                {"type": "value_error", "loc": [where, name], "msg": str(exc), "input": raw}
            )
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise HTTPException(status_code=422, detail=self.errors, headers=NO_STORE)


def check_lineage_args(
    asset_id: str,
    direction: str,
    max_depth: str | int,
    max_nodes: str | int,
    count_limit: str | int = DEFAULT_COUNT_LIMIT,
    *,
    max_nodes_cap: int = MAX_NODES_LIMIT,
    count_limit_cap: int = COUNT_LIMIT_MAX,
) -> LineageArgs:
    """Raw parameters as :class:`LineageArgs`, or a 422 that names each bad one.

    ``max_nodes_cap`` and ``count_limit_cap`` are a server's own limits (at most the
    library's): a larger ``max_nodes`` or ``count_limit`` is refused with them.

    >>> check_lineage_args("310", "parents", "2", "50")
    LineageArgs(asset_id=310, direction='parents', max_depth=2, max_nodes=50, count_limit=1000)
    >>> check_lineage_args("310", "up", "2.5", "50")
    Traceback (most recent call last):
    ...
    fastapi.exceptions.HTTPException: 422: [{'type': 'value_error', 'loc': ['query', 'direction'], \
'msg': "direction must be one of both, parents, children; got 'up'", 'input': 'up'}, \
{'type': 'value_error', 'loc': ['query', 'max_depth'], \
'msg': "max_depth must be an integer from 0 to 64, not str '2.5'", 'input': '2.5'}]
    """
    check = _Checker()
    args = LineageArgs(
        asset_id=check("path", "asset_id", asset_id, check_asset_id, True),
        direction=check("query", "direction", direction, check_direction, False),
        max_depth=check("query", "max_depth", max_depth, check_max_depth, True),
        max_nodes=check("query", "max_nodes", max_nodes, _capped(max_nodes_cap, 1), True),
        count_limit=check(
            "query", "count_limit", count_limit, _capped(count_limit_cap, 1, "count_limit"), True
        ),
    )
    check.raise_if_any()
    return args


def _capped(cap: int, lo: int, name: str = "max_nodes") -> Callable[[Any], int]:
    """The library's check of ``name``, then this server's cap on it."""
    library = check_max_nodes if name == "max_nodes" else check_count_limit

    def check(value: Any) -> int:
        return bounded_int(name, library(value), lo, cap)

    return check
