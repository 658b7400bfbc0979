"""Waiting for a server the suite started: until its own readiness probe answers and the
process listens on its port, or it exits, or the time runs out (its log in the error)."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lineage_kit.widgets.voila import listens

__all__ = ["wait_ready"]


def wait_ready(
    name: str,
    proc: subprocess.Popen[Any],
    probe_url: str,
    answered: Callable[[Any], bool],
    port: int,
    log_path: Path,
    timeout: float,
) -> None:
    """Return once ``answered(response)`` holds for ``probe_url`` and ``proc`` listens on
    ``port``; ``RuntimeError`` with the log when the process exits or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(probe_url, timeout=1) as r:
                if answered(r) and listens(proc.pid, port):
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} not ready:\n{log_path.read_text()}")
        time.sleep(0.2)
