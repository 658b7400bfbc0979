"""How much the HTTP API gives one request, and how long anything may wait: one setting.

A request may ask for an answer up to :attr:`ServeLimits.max_nodes` assets
(``lineage-kit serve --max-nodes``); a larger ``max_nodes`` is a 422 that says
this server's limit. Answers are built on worker threads, at most
:attr:`~ServeLimits.workers` at once, so the event loop (and ``/healthz``) keeps
answering while they are; a request that cannot start in time gets a 503. Every
request answers within :attr:`~ServeLimits.timeout` (the store's own timeout by
default) plus about half a second: its queries run inside
:func:`lineage_kit.deadline.within`. The connection timeouts
(:mod:`.protocol`) end clients that send a request head too slowly, leave a
connection idle, or do not take their answer.

>>> ServeLimits().max_nodes, ServeLimits(max_nodes=500).max_nodes
(2000, 500)
>>> ServeLimits(max_nodes=0)
Traceback (most recent call last):
...
lineage_kit.errors.InvalidArgument: max_nodes must be an integer from 1 to 100000; got 0
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.validate import (
    COUNT_LIMIT_DEFAULT,
    COUNT_LIMIT_MAX,
    MAX_NODES_LIMIT,
    bounded_int,
    check_seconds,
)

__all__ = ["DEFAULT_TIMEOUT", "ServeLimits"]

DEFAULT_TIMEOUT = 10.0
"""A request's time when the source has no timeout of its own (Frames, networkx)."""


@dataclass(frozen=True)
class ServeLimits:
    """The HTTP API's bounds on one request (all checked when made).

    Attributes
    ----------
    max_nodes
        The largest answer a request may ask for (``max_nodes``); 2,000 by
        default: about 12 MB of JSON at most, built in a fraction of a second.
    max_count_limit
        The largest ``count_limit`` (the cost of degree counts on hubs).
    workers
        Answers built at once, each on a worker thread; a request waits for one
        no longer than its timeout, then gets a 503.
    timeout
        Seconds a request may take (``None``: the store's ``timeout``).
    header_timeout
        Seconds a client has to send a request's head once connected or after
        its previous answer (a slow or silent client is disconnected).
    keep_alive
        Seconds an idle keep-alive connection stays open.
    send_timeout
        Seconds a client has to take an answer (a stalled reader is
        disconnected and its answer freed).
    max_connections
        Connections and requests at once; past it, new requests get a 503.
    """

    max_nodes: int = 2_000
    max_count_limit: int = 10_000
    workers: int = 8
    timeout: float | None = None
    header_timeout: float = 10.0
    keep_alive: float = 5.0
    send_timeout: float = 30.0
    max_connections: int = 128

    def __post_init__(self) -> None:
        bounded_int("max_nodes", self.max_nodes, 1, MAX_NODES_LIMIT)
        bounded_int("max_count_limit", self.max_count_limit, COUNT_LIMIT_DEFAULT, COUNT_LIMIT_MAX)
        bounded_int("workers", self.workers, 1, 64)
        bounded_int("max_connections", self.max_connections, 1, 100_000)
        if self.timeout is not None:
            object.__setattr__(self, "timeout", check_seconds("timeout", self.timeout))
        for name in ("header_timeout", "keep_alive", "send_timeout"):
            object.__setattr__(self, name, check_seconds(name, getattr(self, name), 3600))

    def request_timeout(self, source: object) -> float:
        """A request's time over ``source``: :attr:`timeout`, else the store's own."""
        if self.timeout is not None:
            return self.timeout
        own = getattr(source, "timeout", None)
        return float(own) if isinstance(own, (int, float)) else DEFAULT_TIMEOUT
