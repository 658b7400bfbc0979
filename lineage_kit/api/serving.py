"""Answering a request off the event loop and within its time: the :class:`Gate`.

A large answer takes a while to query and to turn into JSON; done on the event
loop it would hold every other request back (``/healthz`` included). The gate
runs the work on a worker thread, at most ``workers`` at once, inside the
request's deadline (:func:`lineage_kit.deadline.within`), and gives up with a 503
if no worker comes free before the deadline.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread
from fastapi import HTTPException

from .. import deadline
from .answers import RETRY, STORE_TIMEOUT

__all__ = ["Gate"]

T = TypeVar("T")


class Gate:
    """At most ``workers`` answers built at once, each within ``timeout`` of its arrival."""

    def __init__(self, workers: int, timeout: float) -> None:
        self.workers = workers
        self.timeout = timeout
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        if self._limiter is None:  # made in the event loop that serves
            self._limiter = anyio.CapacityLimiter(self.workers)
        return self._limiter

    async def run(self, work: Callable[[], T], arrived: float) -> T:
        """``work()`` on a worker thread, within the request's time (503 when none is left)."""
        ends = arrived + self.timeout
        limiter = self.limiter
        acquired = False
        with anyio.move_on_after(max(ends - time.monotonic(), 0.0)):
            await limiter.acquire()
            acquired = True
        if not acquired:
            raise HTTPException(status_code=503, detail=STORE_TIMEOUT, headers=RETRY)
        try:
            return await anyio.to_thread.run_sync(_within, ends, work)
        finally:
            limiter.release()


def _within(ends: float, work: Callable[[], T]) -> T:
    left = ends - time.monotonic()
    if left <= 0:
        raise HTTPException(status_code=503, detail=STORE_TIMEOUT, headers=RETRY)
    with deadline.within(left):
        return work()
