"""The standalone server of ``lineage-kit serve``: an app around the router, run by uvicorn.

:func:`create_app` wraps :func:`~.router.lineage_router` in a FastAPI app whose
callers are either bearer tokens mapped to user ids (``--token-file``) or,
asked for on purpose, every owner without authentication (``--all-users``,
loopback hosts only). ``/healthz`` answers from memory. The schema
(``/openapi.json``) and its page (``/docs``) answer only callers the API
answers (a valid token), and can be left out (``docs=False``, ``serve
--no-docs``). Every answer carries ``Cache-Control: no-store``. :func:`serve`
binds the socket itself, so a busy port is one clear error before uvicorn
starts, and runs uvicorn with the bounds of :class:`~.limits.ServeLimits`:
answers off the event loop and within the timeout, connections and requests at
once, and clients that stall let go (:mod:`.protocol`).
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
from collections.abc import Callable, Mapping
from typing import Any

import uvicorn
from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from ..errors import InvalidArgument, ListenError
from .headers import NO_STORE
from .limits import ServeLimits
from .models import HealthResponse
from .protocol import guarded_protocol
from .router import lineage_router
from .tokens import bearer_user_id

SWITCH_INTERVAL = 0.001
"""Seconds a thread holds the GIL before another may run, in ``lineage-kit serve``."""

__all__ = [
    "SWITCH_INTERVAL",
    "NoStore",
    "bind",
    "create_app",
    "is_loopback",
    "serve",
    "uvicorn_config",
]


async def _every_owner() -> None:
    return None


class NoStore:
    """ASGI middleware: every answer without a ``Cache-Control`` header gets ``no-store``
    (FastAPI's own 404s and 405s, the schema, ``/healthz``)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)


def create_app(
    store: Any,
    *,
    tokens: Mapping[str, int] | None = None,
    all_users: bool = False,
    limits: ServeLimits | None = None,
    docs: bool = True,
) -> FastAPI:
    """A FastAPI app serving the lineage routes of ``store`` and ``/healthz``.

    Parameters
    ----------
    store
        A :class:`~lineage_kit.Store` (or any source :func:`lineage_kit.lineage` takes).
    tokens
        ``{bearer token: user id}``: each caller sees only the assets of its
        token's user (see :func:`~.tokens.read_token_file`).
    all_users
        Instead of ``tokens``: serve every owner's assets to anyone who can
        reach the server.
    limits
        The largest answer, the workers and a request's time
        (:class:`~.limits.ServeLimits`, its defaults when ``None``).
    docs
        Serve ``/openapi.json`` and ``/docs`` (to the callers the API answers).

    Raises
    ------
    InvalidArgument
        Not exactly one of ``tokens`` and ``all_users`` was given.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> app = create_app(lk.connect(), tokens={"3f9c2a7d41e0b6c8a5d2e9f1b7c4a610": 1})
    >>> sorted(app.openapi()["components"]["securitySchemes"])
    ['HTTPBearer']
    >>> sorted(p for r in app.routes if "lineage" not in (p := getattr(r, "path", "lineage")))
    ['/docs', '/healthz', '/openapi.json']
    """
    if (tokens is None) == (not all_users):
        raise InvalidArgument("give either tokens or all_users=True (exactly one of them)")
    from .. import __version__

    app = FastAPI(
        title="lineage_kit",
        version=__version__,
        description="Where did this asset come from, and what was made from it? "
        "The bounded lineage neighbourhood of pixsim7 assets, read-only.",
        # The schema and its page are served below, to the callers the API answers.
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    caller: Callable[..., Any]
    if all_users:
        caller = _every_owner
        router = lineage_router(store, caller, all_users=True, limits=limits)
    else:
        assert tokens is not None
        caller = bearer_user_id(tokens)
        router = lineage_router(store, caller, limits=limits)
    app.include_router(router)
    app.add_middleware(NoStore)

    @app.get("/healthz", response_model=HealthResponse, tags=["health"])
    async def healthz() -> dict[str, str]:
        """The server is up. Answers from memory: no database round trip."""
        return {"status": "ok"}

    if docs:
        # (The dependency as a default value: this module's annotations are strings, and
        # FastAPI could not resolve the local ``caller`` in one.)
        asked_by = Depends(caller)

        @app.get("/openapi.json", include_in_schema=False)
        async def openapi(_: Any = asked_by) -> JSONResponse:
            return JSONResponse(app.openapi(), headers=NO_STORE)

        @app.get("/docs", include_in_schema=False)
        async def swagger(_: Any = asked_by) -> HTMLResponse:
            return get_swagger_ui_html(openapi_url="/openapi.json", title="lineage_kit")

    return app


def uvicorn_config(app: Any, limits: ServeLimits, log_level: str = "warning") -> uvicorn.Config:
    """uvicorn's settings for ``app`` under ``limits``: the guarded protocol (a head in time,
    an answer taken in time), the idle keep-alive, connections and requests at once."""
    return uvicorn.Config(
        app,
        log_level=log_level,
        timeout_graceful_shutdown=5,
        server_header=False,
        http=guarded_protocol(limits.header_timeout, limits.send_timeout),
        timeout_keep_alive=max(1, round(limits.keep_alive)),
        limit_concurrency=limits.max_connections,
    )


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` resolves to is a loopback address.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: any free port).

    Raises
    ------
    OSError
        The address cannot be used (a busy port, an unknown host), with a one-line message.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        reason = f"unknown host ({exc.strerror})"
        raise ListenError(f"cannot listen on {host}:{port}: {reason}") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # no wait after a restart
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        reason = "the port is busy" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
        raise ListenError(f"cannot listen on {host}:{port}: {reason}") from None
    return sock


def serve(
    store: Any,
    *,
    port: int,
    host: str = "127.0.0.1",
    tokens: Mapping[str, int] | None = None,
    all_users: bool = False,
    log_level: str = "warning",
    ready: Callable[[str], None] | None = None,
    limits: ServeLimits | None = None,
    docs: bool = True,
) -> None:
    """Serve ``create_app(store, ...)`` with uvicorn on ``host:port`` until Ctrl-C or SIGTERM.

    ``ready`` is called with the server's URL once the socket listens. ``limits``
    bounds each request and each connection (:class:`~.limits.ServeLimits`).

    Raises
    ------
    InvalidArgument
        ``all_users`` on a host that is not loopback: every owner's assets
        without authentication stay on this machine.
    ListenError
        The port is busy or the host unknown (an ``OSError`` too).

    Examples
    --------
    >>> import socket
    >>> import lineage_kit as lk
    >>> with socket.socket() as taken:
    ...     taken.bind(("127.0.0.1", 0))
    ...     taken.listen()
    ...     serve(lk.connect(), port=taken.getsockname()[1], all_users=True)
    Traceback (most recent call last):
    ...
    lineage_kit.errors.ListenError: cannot listen on 127.0.0.1:...: the port is busy
    """
    if all_users and not is_loopback(host):
        raise InvalidArgument(
            f"--all-users serves every owner without authentication: only on a loopback host, "
            f"not {host} (give --token-file to serve other machines)"
        )
    limits = limits or ServeLimits()
    app = create_app(store, tokens=tokens, all_users=all_users, limits=limits, docs=docs)
    # Workers building large answers hold the GIL in turns of the switch interval (5 ms by
    # default); the event loop waits for each turn. Shorter turns keep it answering
    # (/healthz) while they work. The process is the server's own: the setting is too.
    sys.setswitchinterval(SWITCH_INTERVAL)
    sock = bind(host, port)
    with sock:
        bound = sock.getsockname()
        shown = f"[{bound[0]}]" if sock.family == socket.AF_INET6 else bound[0]
        if ready is not None:
            ready(f"http://{shown}:{bound[1]}/")
        uvicorn.Server(uvicorn_config(app, limits, log_level)).run(sockets=[sock])
