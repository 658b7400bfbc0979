"""The lineage HTTP API: a FastAPI router for pixsim7's app, and ``lineage-kit serve``.

Needs the ``api`` extra (``pip install 'lineage-kit[api]'``): FastAPI,
pydantic and uvicorn are imported here and nowhere else in the kit.

- :func:`lineage_router` — ``GET /assets/{asset_id}/lineage`` and
  ``GET /assets/{asset_id}/lineage/flat``, scoped to the user id your own
  dependency returns;
- :func:`create_app`, :func:`serve` — the standalone server: bearer tokens
  mapped to user ids (:func:`read_token_file`), or every owner on purpose;
- :class:`ServeLimits` — the bounds of one request: the largest answer, its time,
  the workers that build answers, the connection timeouts;
- :mod:`.models` — the pydantic response models (the JSON of
  ``Lineage.to_dict()`` and ``flat()``).

>>> import lineage_kit as lk
>>> from lineage_kit.api import lineage_router
>>> router = lineage_router(lk.connect(), current_user_id=lambda: 1)
>>> [route.path for route in router.routes]
['/assets/{asset_id}/lineage', '/assets/{asset_id}/lineage/flat']
"""

from __future__ import annotations

from ..errors import MissingExtra

try:
    import fastapi  # noqa: F401
    import pydantic  # noqa: F401
    import uvicorn  # noqa: F401
except ImportError as exc:
    raise MissingExtra("the HTTP API", "api") from exc

from .limits import ServeLimits
from .models import FlatEntry, FlatResponse, LineageResponse
from .router import TRUNCATED_HEADER, lineage_router
from .server import create_app, serve
from .tokens import bearer_user_id, read_token_file, read_tokens

__all__ = [
    "TRUNCATED_HEADER",
    "FlatEntry",
    "FlatResponse",
    "LineageResponse",
    "ServeLimits",
    "bearer_user_id",
    "create_app",
    "lineage_router",
    "read_token_file",
    "read_tokens",
    "serve",
]
