"""``lineage_router()``: the two lineage routes, to mount in any FastAPI app.

Each request is answered off the event loop and within its time
(:mod:`.serving`): the query and the JSON are made on a worker thread, at most
:attr:`~.limits.ServeLimits.workers` at once, inside the request's deadline,
and handed to the server as bytes, so the event loop keeps answering other
requests (``/healthz``) while large answers are built. The store hands each
worker a connection from its own pool (four on PostgreSQL). Answers, errors
included, carry ``Cache-Control: no-store``: they are one owner's data.
"""

# No `from __future__ import annotations`: FastAPI reads the annotations of the
# dependencies defined inside functions below, which need their local names.

import json
import time
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from ..errors import InvalidArgumentType
from ..model.validate import MAX_DEPTH_LIMIT, check_user_id
from .answers import ERROR_RESPONSES, FORBIDDEN, answer
from .headers import NO_STORE
from .limits import ServeLimits
from .models import FlatResponse, LineageResponse
from .params import (
    DEFAULT_COUNT_LIMIT,
    DEFAULT_DIRECTION,
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_NODES,
    AssetIdPath,
    DirectionQuery,
    LineageArgs,
    check_lineage_args,
    documented_integer,
)
from .serving import Gate

__all__ = ["TRUNCATED_HEADER", "json_bytes", "lineage_router"]

TRUNCATED_HEADER = "X-Lineage-Truncated"
"""The flat view has no ``truncated`` key of its own: this header says whether it was cut."""


_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def json_bytes(value: Any) -> bytes:
    """``value`` as compact UTF-8 JSON, keys in their order (what the route answers).

    The lists of a top-level object (``nodes``, ``edges``, ``parents``) are encoded item
    by item: the JSON encoder holds the GIL for a whole call, and one call on a
    2,000-node answer would keep the event loop waiting for tens of milliseconds. A
    lone surrogate (text a source held in memory) is written as its ``\\u`` escape.

    >>> json_bytes({"id": 1, "description": "café", "nodes": [{"a": 1}, {"b": None}]})
    b'{"id":1,"description":"caf\\xc3\\xa9","nodes":[{"a":1},{"b":null}]}'
    """
    if not isinstance(value, dict):
        return _ENCODE(value).encode("utf-8", "backslashreplace")
    parts = []
    for key, item in value.items():
        if isinstance(item, list):
            inner = ",".join([_ENCODE(x) for x in item])
            parts.append(f"{_ENCODE(key)}:[{inner}]")
        else:
            parts.append(f"{_ENCODE(key)}:{_ENCODE(item)}")
    return ("{" + ",".join(parts) + "}").encode("utf-8", "backslashreplace")


async def _arrived() -> float:
    """When the request's handling began (the start of its time)."""
    return time.monotonic()


def lineage_router(
    store: Any,
    current_user_id: Callable[..., Any],
    *,
    all_users: bool = False,
    tags: Sequence[str] = ("lineage",),
    limits: ServeLimits | None = None,
) -> APIRouter:
    """A FastAPI router with ``GET /assets/{asset_id}/lineage`` and ``.../lineage/flat``.

    Parameters
    ----------
    store
        A :class:`~lineage_kit.Store` (or anything :func:`lineage_kit.lineage`
        accepts: ``Frames``, a networkx graph).
    current_user_id
        A FastAPI dependency (sync or async, with dependencies of its own)
        that returns the caller's user id: only that owner's assets exist for
        the caller's queries. pixsim7 passes one built on its
        ``get_current_user``. Returning ``None`` is answered with 403, unless
        ``all_users`` is true.
    all_users
        Let ``None`` from ``current_user_id`` mean every owner. Only for a
        deliberate choice, such as ``lineage-kit serve --all-users``.
    tags
        OpenAPI tags of the two routes.
    limits
        The largest answer a request may ask for, the workers that build answers
        and a request's time (:class:`~.limits.ServeLimits`; its defaults when
        ``None``: answers up to 2,000 assets, within the store's timeout).

    Returns
    -------
    fastapi.APIRouter
        Mount it with ``app.include_router(router, prefix=...)``.

    Raises
    ------
    lineage_kit.InvalidArgumentType
        ``current_user_id`` is not callable (also a ``TypeError``).

    Notes
    -----
    The answers are :class:`~.models.LineageResponse` (``Lineage.to_dict()``)
    and :class:`~.models.FlatResponse` (``Lineage.flat()``). A missing asset
    and another owner's asset get the same 404; a bad parameter a 422 naming
    it and what is allowed (``max_nodes`` up to this router's
    ``limits.max_nodes``); a database timeout or failure, or no worker free in
    time, a 503 that shows no driver message. The flat view says in the
    ``X-Lineage-Truncated`` header whether ``max_nodes`` cut it. Every answer
    has ``Cache-Control: no-store``.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> from fastapi import FastAPI, Header
    >>> def user_from_header(x_user_id: int = Header()) -> int:  # your own auth here
    ...     return x_user_id
    >>> app = FastAPI()
    >>> app.include_router(lineage_router(lk.connect(), user_from_header), prefix="/api/v1")
    >>> sorted(p for p in app.openapi()["paths"] if "lineage" in p)
    ['/api/v1/assets/{asset_id}/lineage', '/api/v1/assets/{asset_id}/lineage/flat']
    """
    if not callable(current_user_id):
        raise InvalidArgumentType(
            f"current_user_id must be a FastAPI dependency (a callable), "
            f"not {type(current_user_id).__name__}"
        )

    limits = limits or ServeLimits()
    gate = Gate(limits.workers, limits.request_timeout(store))
    nodes_cap = limits.max_nodes
    counts_cap = limits.max_count_limit

    async def scope(user_id: Annotated[Any, Depends(current_user_id)]) -> int | None:
        if user_id is None and not all_users:
            raise HTTPException(status_code=403, detail=FORBIDDEN, headers=NO_STORE)
        return check_user_id(user_id)  # anything but an int id here is the app's bug: a 500

    # The query parameters, documented and checked with this router's limits.
    max_depth_query = Annotated[
        str | int,
        Query(
            description="Levels to follow up and down",
            json_schema_extra=documented_integer(0, MAX_DEPTH_LIMIT),
        ),
    ]
    max_nodes_query = Annotated[
        str | int,
        Query(
            description="Cap on assets in the answer, the root included (this server's "
            f"largest answer: {nodes_cap:,})",
            json_schema_extra=documented_integer(1, nodes_cap),
        ),
    ]
    count_limit_query = Annotated[
        str | int,
        Query(
            description="Parent and child counts are exact up to this; above it they read "
            "count_limit and the node's *_count_capped flag is true",
            json_schema_extra=documented_integer(1, counts_cap),
        ),
    ]
    default_nodes = min(DEFAULT_MAX_NODES, nodes_cap)

    def checked(
        asset_id: str, direction: str, depth: Any, nodes: Any, counts: Any
    ) -> LineageArgs:
        return check_lineage_args(
            asset_id,
            direction,
            depth,
            nodes,
            counts,
            max_nodes_cap=nodes_cap,
            count_limit_cap=counts_cap,
        )

    async def lineage_args(
        asset_id: AssetIdPath,
        direction: DirectionQuery = DEFAULT_DIRECTION,
        max_depth: max_depth_query = DEFAULT_MAX_DEPTH,
        max_nodes: max_nodes_query = default_nodes,
        count_limit: count_limit_query = DEFAULT_COUNT_LIMIT,
    ) -> LineageArgs:
        return checked(asset_id, direction, max_depth, max_nodes, count_limit)

    async def flat_args(
        asset_id: AssetIdPath,
        direction: DirectionQuery = DEFAULT_DIRECTION,
        max_nodes: max_nodes_query = default_nodes,
        count_limit: count_limit_query = DEFAULT_COUNT_LIMIT,
    ) -> LineageArgs:
        return checked(asset_id, direction, DEFAULT_MAX_DEPTH, max_nodes, count_limit)

    router = APIRouter(tags=list(tags), responses=ERROR_RESPONSES)

    @router.get(
        "/assets/{asset_id}/lineage",
        response_model=LineageResponse,
        summary="The bounded lineage neighbourhood of an asset",
    )
    async def asset_lineage(
        arrived: Annotated[float, Depends(_arrived)],
        user_id: Annotated[int | None, Depends(scope)],  # first: who asks, then what
        args: Annotated[LineageArgs, Depends(lineage_args)],
    ) -> Response:
        """Assets admitted level by level (parents up, children down), with every
        lineage row between them: ``Lineage.to_dict()``."""

        def build() -> bytes:
            return json_bytes(answer(store, args, user_id).to_dict())

        body = await gate.run(build, arrived)
        return Response(body, media_type="application/json", headers=NO_STORE)

    @router.get(
        "/assets/{asset_id}/lineage/flat",
        response_model=FlatResponse,
        summary="The direct parents and children of an asset, one entry per lineage row",
        responses={
            200: {
                "headers": {
                    TRUNCATED_HEADER: {
                        "description": "true when max_nodes left neighbours out",
                        "schema": {"type": "string", "enum": ["true", "false"]},
                    }
                }
            }
        },
    )
    async def asset_lineage_flat(
        arrived: Annotated[float, Depends(_arrived)],
        user_id: Annotated[int | None, Depends(scope)],
        args: Annotated[LineageArgs, Depends(flat_args)],
    ) -> Response:
        """Each neighbour's summary plus its row's relation, operation, sequence order and
        temporal fields: ``Lineage.flat()``."""

        def build() -> tuple[bytes, bool]:
            res = answer(store, args, user_id)
            return json_bytes(res.flat()), res.truncated

        body, truncated = await gate.run(build, arrived)
        headers = {**NO_STORE, TRUNCATED_HEADER: "true" if truncated else "false"}
        return Response(body, media_type="application/json", headers=headers)

    return router
