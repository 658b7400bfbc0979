"""Real uvicorn servers on loopback for the API tests: in a thread, or ``lineage-kit serve``."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import uvicorn

import lineage_kit as lk
from lineage_kit.api import create_app
from lineage_kit.api.server import bind, uvicorn_config
from lineage_kit.cli import main

from .lanes import need

SCRIPT = Path(sys.executable).with_name("lineage-kit")
SERVING = re.compile(r"serving .* at (http://\S+/) ")

TOKENS = {"owner-one-token-0123456789abcdef": 1, "owner-two-token-0123456789abcdef": 2}
"""Bearer tokens of the sample's two owners."""


def token_of(user_id: int) -> str:
    return next(t for t, uid in TOKENS.items() if uid == user_id)


def client(url: str, user_id: int | None = None) -> httpx.Client:
    """A client of ``url``, with the bearer token of ``user_id`` when given."""
    headers = {} if user_id is None else {"Authorization": f"Bearer {token_of(user_id)}"}
    return httpx.Client(base_url=url, headers=headers, timeout=30)


def write_token_file(path: Path) -> Path:
    """The :data:`TOKENS` as a token file, readable by its owner only (as it should be)."""
    path.write_text("".join(f"{t} {uid}\n" for t, uid in TOKENS.items()), encoding="utf-8")
    path.chmod(0o600)
    return path


def serve_main(*args: str) -> tuple[int, str]:
    """``lineage-kit serve ARGS`` in this process, for the ones that stop before serving:
    the exit status and what it printed on stderr."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            status = main(["serve", *args])
        except SystemExit as exc:  # argparse's own exits
            status = int(exc.code or 0)
    return status, err.getvalue()


class ServerThread:
    """An ASGI app served by uvicorn in a thread of this process, on a free loopback port.

    ``limits`` (a :class:`lineage_kit.api.ServeLimits`): uvicorn configured as
    ``lineage-kit serve`` configures it, with the same connection timeouts.
    """

    def __init__(self, app: Any, limits: Any = None) -> None:
        self.sock = bind("127.0.0.1", 0)
        self.port = int(self.sock.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        config = (
            uvicorn.Config(app, log_level="warning")
            if limits is None
            else uvicorn_config(app, limits)
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()

    def client(self, user_id: int | None = None) -> httpx.Client:
        return client(self.url, user_id)


class Served:
    """A token-checking server on one backend, and the store it serves (for expected answers)."""

    def __init__(self, server: ServerThread, store: lk.Store) -> None:
        self.server, self.store = server, store
        self.clients = {uid: server.client(uid) for uid in (1, 2)}

    def get(self, path: str, user: int = 1, **params: Any) -> httpx.Response:
        return self.clients[user].get(path, params=params)

    def lineage(self, root: int, user: int = 1, **params: Any) -> dict[str, Any]:
        resp = self.get(f"/assets/{root}/lineage", user, **params)
        assert resp.status_code == 200, resp.text
        return dict(resp.json())

    def flat(self, root: int, user: int = 1, **params: Any) -> dict[str, Any]:
        resp = self.get(f"/assets/{root}/lineage/flat", user, **params)
        assert resp.status_code == 200, resp.text
        return dict(resp.json())


@contextlib.contextmanager
def serve_sample(request: Any) -> Iterator[Served]:
    """The sample on ``request.param`` ("sqlite" or "postgresql"), served with :data:`TOKENS`."""
    if request.param == "sqlite":
        store = request.getfixturevalue("sample_store")
    else:
        store = request.getfixturevalue("sample_pg").store
    with ServerThread(create_app(store, tokens=TOKENS)) as server:
        served = Served(server, store)
        try:
            yield served
        finally:
            for c in served.clients.values():
                c.close()


class ServeProcess:
    """``lineage-kit serve ... --port 0`` in its own process group; the URL it prints."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
        need("server")
        command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "lineage_kit.cli"]
        base = {k: v for k, v in os.environ.items() if k != "LINEAGE_KIT_DB"}
        # A file, not a pipe: a pipe nobody reads could fill up and stall the server.
        self.log = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.stderr = ""
        self.proc = subprocess.Popen(
            [*command, "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env=base | (env or {}),
            cwd=cwd,
            start_new_session=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # the first line says where it serves
        match = SERVING.search(line)
        if not match:
            self.stop()
            raise RuntimeError(f"lineage-kit serve did not start: {line!r} {self.stderr!r}")
        self.banner = line
        self.url = match.group(1).rstrip("/")
        deadline = time.monotonic() + 60
        while True:  # the socket listens from the banner on; wait until uvicorn answers
            try:
                if httpx.get(self.url + "/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"lineage-kit serve did not answer: {self.stderr!r}")
            time.sleep(0.05)

    def client(self, user_id: int | None = None) -> httpx.Client:
        return client(self.url, user_id)

    def stop(self) -> int:
        """SIGTERM (uvicorn shuts down gracefully); the exit status (once stopped, again)."""
        if self.log.closed:
            return self.proc.returncode
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        self.log.seek(0)
        self.stderr = self.log.read()
        self.log.close()
        return self.proc.returncode

    def __enter__(self) -> ServeProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
