"""``lineage_router()``: the two lineage routes, to mount in any FastAPI app.

The routes are plain (sync) functions: FastAPI runs them on its thread pool,
and the store hands each one a connection from its own pool (four on
PostgreSQL), so concurrent requests share the database without sharing a
connection.
"""

# No `from __future__ import annotations`: FastAPI reads the annotations of the
# dependencies defined inside functions below, which need their local names.

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Response

from ..errors import InvalidArgumentType
from ..model.validate import check_user_id
from .answers import ERROR_RESPONSES, FORBIDDEN, answer
from .models import FlatResponse, LineageResponse
from .params import LineageArgs, flat_args, lineage_args

__all__ = ["TRUNCATED_HEADER", "lineage_router"]

TRUNCATED_HEADER = "X-Lineage-Truncated"
"""The flat view has no ``truncated`` key of its own: this header says whether it was cut."""


def lineage_router(
    store: Any,
    current_user_id: Callable[..., Any],
    *,
    all_users: bool = False,
    tags: Sequence[str] = ("lineage",),
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
    it and what is allowed; a database timeout or failure a 503 that shows no
    driver message. The flat view says in the ``X-Lineage-Truncated`` header
    whether ``max_nodes`` cut it.

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

    async def scope(user_id: Annotated[Any, Depends(current_user_id)]) -> int | None:
        if user_id is None and not all_users:
            raise HTTPException(status_code=403, detail=FORBIDDEN)
        return check_user_id(user_id)  # anything but an int id here is the app's bug: a 500

    router = APIRouter(tags=list(tags), responses=ERROR_RESPONSES)

    @router.get(
        "/assets/{asset_id}/lineage",
        response_model=LineageResponse,
        response_model_exclude_unset=True,
        summary="The bounded lineage neighbourhood of an asset",
    )
    def asset_lineage(
        user_id: Annotated[int | None, Depends(scope)],  # first: who asks, then what
        args: Annotated[LineageArgs, Depends(lineage_args)],
    ) -> Any:
        """Assets admitted level by level (parents up, children down), with every
        lineage row between them: ``Lineage.to_dict()``."""
        return answer(store, args, user_id).to_dict()

    @router.get(
        "/assets/{asset_id}/lineage/flat",
        response_model=FlatResponse,
        response_model_exclude_unset=True,
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
    def asset_lineage_flat(
        user_id: Annotated[int | None, Depends(scope)],
        args: Annotated[LineageArgs, Depends(flat_args)],
        response: Response,
    ) -> Any:
        """Each neighbour's summary plus its row's relation, operation, sequence order and
        temporal fields: ``Lineage.flat()``."""
        res = answer(store, args, user_id)
        response.headers[TRUNCATED_HEADER] = "true" if res.truncated else "false"
        return res.flat()

    return router
