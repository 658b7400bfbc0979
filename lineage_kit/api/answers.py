"""Running one lineage query for a request: the kit's errors as HTTP answers.

- :class:`~lineage_kit.AssetNotFound` → 404 with one fixed body, whether the
  asset is missing or another owner's (existence never leaks; not even the id
  is echoed);
- :class:`~lineage_kit.QueryTimeout` → 503, and any other
  :class:`~lineage_kit.StoreError` → 503 too: the body is fixed text, the
  store's message (which names the database) goes to the server's log only;
- a scope that is not an owner (the caller's dependency returned ``None``
  where all owners are not allowed) → 403, as pixsim7's own lineage routes do.

Bad parameters never get this far (:mod:`.params`); anything else is a bug
and FastAPI answers it with a bare 500.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import HTTPException

from ..errors import AssetNotFound, QueryTimeout, StoreError
from ..model.lineage import Lineage
from ..query import lineage
from .headers import NO_STORE
from .models import ErrorMessage
from .params import LineageArgs

__all__ = [
    "ERROR_RESPONSES",
    "FORBIDDEN",
    "NOT_FOUND",
    "RETRY",
    "STORE_TIMEOUT",
    "STORE_UNAVAILABLE",
    "answer",
]

log = logging.getLogger("lineage_kit.api")

NOT_FOUND = "Asset not found"
FORBIDDEN = "User-scoped principal required"
STORE_TIMEOUT = "The lineage query timed out"
STORE_UNAVAILABLE = "The lineage store could not be read"
RETRY = {**NO_STORE, "Retry-After": "1"}
"""The headers of a 503: not to be cached, worth trying again shortly."""

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorMessage, "description": "The caller is not scoped to one owner"},
    404: {
        "model": ErrorMessage,
        "description": "The asset is missing or another owner's (the same answer for both)",
    },
    503: {"model": ErrorMessage, "description": "The database timed out or could not be read"},
}
"""The error answers of the lineage routes, for the OpenAPI schema."""


def answer(source: Any, args: LineageArgs, user_id: int | None) -> Lineage:
    """Run the query; turn what the kit raises on purpose into an :class:`HTTPException`.

    >>> import lineage_kit as lk
    >>> answer(lk.connect(), LineageArgs(701, "both", 1, 50), user_id=1)  # owner 2's asset
    Traceback (most recent call last):
    ...
    fastapi.exceptions.HTTPException: 404: Asset not found
    """
    try:
        return lineage(
            source,
            args.asset_id,
            user_id=user_id,
            direction=args.direction,
            max_depth=args.max_depth,
            max_nodes=args.max_nodes,
            count_limit=args.count_limit,
        )
    except AssetNotFound:
        raise HTTPException(status_code=404, detail=NOT_FOUND, headers=NO_STORE) from None
    except QueryTimeout as exc:
        log.warning("lineage of asset %s: %s", args.asset_id, exc)
        raise HTTPException(status_code=503, detail=STORE_TIMEOUT, headers=RETRY) from None
    except StoreError as exc:
        log.error("lineage of asset %s: %s", args.asset_id, exc)
        raise HTTPException(status_code=503, detail=STORE_UNAVAILABLE, headers=RETRY) from None
