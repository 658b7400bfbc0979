"""uvicorn's HTTP/1.1 protocol with the timeouts it lacks: a client that stalls is let go.

uvicorn bounds only the idle time between requests (``timeout_keep_alive``),
and resets that on every byte received; nothing bounds a request head sent one
byte at a time, a connection that never sends anything, or an answer the client
never reads (whose bytes then stay in memory for as long as the connection
lives, and a plain ``close()`` waits for them to be flushed). This subclass of
its h11 protocol adds three timers, each ending the connection with ``abort()``
(no flush, the buffer freed):

- the request head must arrive within ``header_timeout`` of the connection
  opening, and of the previous answer on a kept-alive connection;
- while the transport's write buffer is above its high-water mark (the client
  is not reading), it must drain within ``send_timeout``;
- once an answer is complete, whatever of it is still buffered must be taken
  within ``send_timeout`` (and an idle keep-alive connection whose buffer is
  not empty is aborted, not closed).

It relies on uvicorn's h11 implementation (``H11Protocol``: ``cycle``,
``transport``, ``on_response_complete``, ``timeout_keep_alive_handler``);
``tests/api/test_slow_clients.py`` holds it to these rules against a real
server, so a uvicorn release that changes them fails there.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["guarded_protocol"]


class _Guarded(H11Protocol):
    header_timeout: float = 10.0
    send_timeout: float = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._send_timer: asyncio.TimerHandle | None = None
        self._seen_cycle: object = None

    # --- the request head --------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def _await_head(self) -> None:
        self._cancel("_head_timer")
        self._head_timer = self.loop.call_later(self.header_timeout, self._abort)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and self.cycle is not self._seen_cycle:
            self._seen_cycle = self.cycle  # a whole request head arrived: it is being served
            self._cancel("_head_timer")

    # --- the answer ----------------------------------------------------------------------
    def pause_writing(self) -> None:
        super().pause_writing()
        self._cancel("_send_timer")
        self._send_timer = self.loop.call_later(self.send_timeout, self._abort)

    def resume_writing(self) -> None:
        super().resume_writing()
        self._cancel("_send_timer")

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.transport.get_write_buffer_size() and self._send_timer is None:
            # what is still buffered must be taken in time
            self._send_timer = self.loop.call_later(self.send_timeout, self._abort_if_buffered)
        if self.transport.is_closing():
            return
        if self.cycle is not self._seen_cycle:  # a pipelined request is already being served
            self._seen_cycle = self.cycle
            return
        self._await_head()  # the next request on this connection

    def timeout_keep_alive_handler(self) -> None:
        if not self.transport.is_closing() and self.transport.get_write_buffer_size():
            self._abort()  # close() would wait for a reader that does not read
            return
        super().timeout_keep_alive_handler()

    # --- the end -------------------------------------------------------------------------
    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel("_head_timer")
        self._cancel("_send_timer")
        super().connection_lost(exc)

    def _abort_if_buffered(self) -> None:
        self._send_timer = None
        if self.transport.get_write_buffer_size():
            self._abort()

    def _abort(self) -> None:
        self._head_timer = self._send_timer = None
        if self.transport is not None:
            self.transport.abort()

    def _cancel(self, name: str) -> None:
        timer = getattr(self, name)
        if timer is not None:
            timer.cancel()
            setattr(self, name, None)


def guarded_protocol(header_timeout: float, send_timeout: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with these timeouts (give it as ``uvicorn.Config(http=...)``)."""
    return type(
        "GuardedH11Protocol",
        (_Guarded,),
        {"header_timeout": header_timeout, "send_timeout": send_timeout},
    )
