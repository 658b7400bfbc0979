"""A deadline for a piece of work: everything the kit runs inside it ends by then.

``with within(seconds):`` sets a deadline for the current context (a thread, or
the task and the worker threads it starts through anyio, which copy the
context). Every database session the kit opens inside it finishes its work
(waiting for a connection, connecting, each statement) before the deadline, or
raises :class:`~lineage_kit.QueryTimeout`; nested deadlines keep the earlier.
The HTTP API runs each request inside one, so a request answers within the
server's timeout even when the database stops answering.

>>> with within(2.0):
...     0 < remaining() <= 2.0
True
>>> remaining() is None
True
"""

from __future__ import annotations

import contextvars
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .model.validate import check_seconds

__all__ = ["current", "remaining", "within"]

_DEADLINE: contextvars.ContextVar[float] = contextvars.ContextVar(
    "lineage_kit_deadline", default=math.inf
)


def current() -> float:
    """The context's deadline on :func:`time.monotonic`'s clock (``inf``: none)."""
    return _DEADLINE.get()


def remaining() -> float | None:
    """Seconds left before the context's deadline (``None``: no deadline; may be negative)."""
    deadline = _DEADLINE.get()
    return None if math.isinf(deadline) else deadline - time.monotonic()


@contextmanager
def within(seconds: float) -> Iterator[float]:
    """Run a block with a deadline ``seconds`` from now (or the enclosing one, if earlier);
    yields the deadline (monotonic clock)."""
    seconds = check_seconds("seconds", seconds)
    deadline = min(time.monotonic() + seconds, _DEADLINE.get())
    token = _DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)
