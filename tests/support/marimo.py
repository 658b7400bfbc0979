"""A marimo server for browser tests: ``marimo run`` or ``marimo edit`` on a copy of a
notebook, loopback only, no token, its configuration and caches in the test's folder.

Like the Voilà and Jupyter helpers: its own process group with a parent-death signal,
readiness is the server answering on its port, SIGTERM stops the group.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lineage_kit.widgets.voila import free_port

from .lanes import need
from .servers import wait_ready

__all__ = ["serve_marimo"]


@contextmanager
def serve_marimo(mode: str, notebook: Path, tmp: Path, *, timeout: float = 90.0) -> Iterator[str]:
    """Run ``marimo run`` or ``marimo edit`` (``mode``) on a copy of ``notebook``; yield its URL."""
    need("server")
    if mode not in ("run", "edit"):
        raise ValueError(f"mode must be run or edit; got {mode!r}")
    app = tmp / "app"
    app.mkdir(parents=True, exist_ok=True)
    served = app / notebook.name
    shutil.copyfile(notebook, served)
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env = dict(
        os.environ,
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".state"),
        PYTHONUNBUFFERED="1",
    )
    port = free_port()
    exe = Path(sys.executable).with_name("marimo")
    cmd = [str(exe), mode, str(served), "--headless", "--port", str(port), "--no-token"]
    cmd += ["--host", "127.0.0.1"]
    log_path = tmp / f"marimo-{mode}.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=app, start_new_session=True
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            wait_ready(
                "marimo", proc, url + "health", lambda r: r.status == 200, port, log_path, timeout
            )
            yield url
        finally:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
