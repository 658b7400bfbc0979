"""A Voilà server for browser tests: one notebook, loopback only, offline, state in a tmp dir.

Uses the same launch code as ``make demo`` (:mod:`lineage_kit.widgets.demo`): the offline
template, ``JUPYTER_*``/``IPYTHONDIR`` isolated under the given folder,
readiness by polling ``/voila/static/voila.js``, own process group plus a
parent-death signal, SIGTERM to stop (Voilà then shuts its kernels down).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lineage_kit.widgets.voila import start_voila, stop_voila, wait_ready

from .lanes import need

__all__ = ["VoilaServer", "serve_notebook", "served"]


@dataclass
class VoilaServer:
    """A running Voilà: its base ``url``, the served ``notebook`` copy and its ``log`` file."""

    url: str
    notebook: Path
    log: Path
    ready_seconds: float
    returncode: int | None = None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@contextmanager
def serve_notebook(notebook: Path, tmp: Path, *, timeout: float = 60.0) -> Iterator[VoilaServer]:
    """Copy ``notebook`` into ``tmp/app`` and serve it until the block ends.

    On exit Voilà is stopped and the app folder is checked: Voilà and the
    kernel must not have written anything beside the notebook.
    """
    need("server")
    app = tmp / "app"
    app.mkdir(parents=True)
    served = app / Path(notebook).name
    shutil.copyfile(notebook, served)
    before = _listing(app)
    log_path = tmp / "voila.log"
    with open(log_path, "w") as log:
        proc, url = start_voila(served, tmp, log=log)
        try:
            try:
                waited = wait_ready(proc, url, timeout=timeout)
            except RuntimeError as exc:
                log.flush()
                raise RuntimeError(f"{exc}\n--- voila log ---\n{log_path.read_text()}") from None
            server = VoilaServer(url=url, notebook=served, log=log_path, ready_seconds=waited)
            yield server
        finally:
            t0 = time.monotonic()
            rc = stop_voila(proc)
            if "server" in locals():
                server.returncode = rc
            print(f"voila stopped rc={rc} in {time.monotonic() - t0:.1f}s")
    after = _listing(app)
    assert after == before, f"Voilà wrote into the notebook folder: {set(after) - set(before)}"


@contextmanager
def served(notebook: Path, tmp: Path) -> Iterator[VoilaServer]:
    """:func:`serve_notebook`, and Voilà must have stopped cleanly (exit status 0)."""
    with serve_notebook(notebook, tmp) as server:
        yield server
    assert server.returncode == 0, server.log_text()
