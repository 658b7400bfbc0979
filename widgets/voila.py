"""Voilà on localhost, offline, for the demo and the browser tests: start, wait, stop.

Voilà serves one notebook on 127.0.0.1 through the offline template in
``widgets/voila_template/`` (the stock template's CDN links removed). Every file Jupyter,
IPython and Voilà would write (runtime and connection files, secrets, history) goes into a
folder the caller gives; the process runs in its own process group and gets SIGTERM when its
parent dies.

Examples
--------
>>> from pathlib import Path
>>> cmd = voila_command(Path("app.ipynb"), 8866, Path("/tmp/rt"))
>>> "--Voila.ip=127.0.0.1" in cmd and "--template=lineage-kit-offline" in cmd
True
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

__all__ = [
    "DEFAULT_PORT",
    "TEMPLATE_DIR",
    "TEMPLATE_NAME",
    "free_port",
    "listens",
    "port_is_free",
    "preferred_port",
    "prepare_runtime",
    "start_voila",
    "stop_voila",
    "voila_command",
    "wait_ready",
]

TEMPLATE_DIR = Path(__file__).resolve().parent / "voila_template"
TEMPLATE_NAME = "lineage-kit-offline"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


DEFAULT_PORT = 8866  # Voilà's usual port: the same bookmark works run after run


def port_is_free(port: int) -> bool:
    """Whether a server could listen on ``port`` of 127.0.0.1 now."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def preferred_port() -> int:
    """:data:`DEFAULT_PORT` when it is free on 127.0.0.1, else any free port."""
    return DEFAULT_PORT if port_is_free(DEFAULT_PORT) else free_port()


def listens(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds the listening socket of ``port`` (Linux ``/proc``).

    Readiness must be checked against the demo's own server: another program answering
    on the same port is not it. Where ``/proc`` cannot tell, the answer is True.
    """
    inodes = set()
    try:
        with open("/proc/net/tcp") as table:
            for line in table.readlines()[1:]:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and int(local.split(":")[1], 16) == port:  # 0A: LISTEN
                    inodes.add(f"socket:[{inode}]")
        links = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
    except OSError:
        return True
    return bool(inodes & links)


def prepare_runtime(root: Path) -> dict[str, str]:
    """Set up ``root`` for one Voilà run and return the environment to run it with.

    Installs the offline template where Voilà finds it (``JUPYTER_PATH``) and
    points every Jupyter/IPython directory into ``root``.
    """
    root = Path(root)
    target = root / "share" / "voila" / "templates" / TEMPLATE_NAME
    target.mkdir(parents=True, exist_ok=True)
    for name in ("conf.json", "index.html.j2"):
        shutil.copyfile(TEMPLATE_DIR / name, target / name)
    json.loads((target / "conf.json").read_text())  # a broken template fails here, not in Voilà
    for sub in ("config", "data", "runtime", "ipython"):
        (root / sub).mkdir(exist_ok=True)  # connection_dir_root must exist beforehand
    env = dict(os.environ)
    env.update(
        JUPYTER_PATH=str(root / "share"),
        JUPYTER_CONFIG_DIR=str(root / "config"),
        JUPYTER_DATA_DIR=str(root / "data"),
        JUPYTER_RUNTIME_DIR=str(root / "runtime"),
        IPYTHONDIR=str(root / "ipython"),
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def voila_command(notebook: Path, port: int, runtime: Path) -> list[str]:
    """The Voilà command line: loopback only, fixed port, offline template, no browser."""
    voila = Path(sys.executable).with_name("voila")
    exe = [str(voila)] if voila.exists() else [sys.executable, "-m", "voila"]
    return [
        *exe,
        str(notebook),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",  # fail instead of silently serving on another port
        f"--template={TEMPLATE_NAME}",
        f"--Voila.connection_dir_root={runtime}",
        # Notebook 7's JupyterLab extension (installed beside Voilà) needs JupyterLab's own
        # document registry, which Voilà's page does not provide: it only logs an error there.
        "--VoilaConfiguration.extension_denylist=@jupyter-notebook/lab-extension",
    ]


def _die_with_parent() -> None:
    # Linux: Voilà gets SIGTERM (and shuts its kernels down) if our process dies first.
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_voila(
    notebook: Path, root: Path, *, port: int | None = None, log: IO[str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start Voilà on ``notebook`` with its state under ``root``; return ``(process, url)``.

    The process runs in its own process group (so :func:`stop_voila` can reap
    its kernels) and receives SIGTERM if the caller dies.
    """
    env = prepare_runtime(root)
    port = port or preferred_port()
    proc = subprocess.Popen(
        voila_command(Path(notebook), port, Path(root) / "runtime"),
        stdout=log,  # None: Voilà logs to our terminal
        stderr=subprocess.STDOUT,
        env=env,
        cwd=root,
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    return proc, f"http://127.0.0.1:{port}/"


def wait_ready(proc: subprocess.Popen[bytes], url: str, timeout: float = 60.0) -> float:
    """Wait until *this* Voilà serves its static files; return the seconds waited.

    Polls ``voila/static/voila.js`` (``GET /`` would start a kernel), and counts an
    answer only when ``proc`` itself holds the port (see :func:`listens`).

    Raises
    ------
    RuntimeError
        Voilà exited or did not answer within ``timeout`` seconds.
    """
    t0 = time.monotonic()
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "voila/static/voila.js", timeout=1) as r:
                if r.status == 200 and listens(proc.pid, port):
                    return time.monotonic() - t0
        except OSError:
            pass
        if time.monotonic() - t0 > timeout:
            raise RuntimeError(f"voila did not answer on {url} within {timeout:.0f} s")
        time.sleep(0.1)


def stop_voila(proc: subprocess.Popen[bytes], timeout: float = 15.0) -> int:
    """SIGTERM (Voilà then shuts its kernels down); kill the process group if it hangs."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode
