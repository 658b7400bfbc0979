"""A real JupyterLab 4 or Notebook 7 server for browser tests: loopback, no token, state in tmp.

Like the Voilà helper: every Jupyter/IPython folder points into the test's temporary folder
(so notebooks open there were never trusted), the server runs in its own process group with
a parent-death signal, readiness is its own ``/api`` answering, SIGTERM stops it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lineage_kit.widgets.voila import free_port, prepare_runtime, stop_voila

from .lanes import need
from .servers import wait_ready

__all__ = ["run_all_cells", "serve_jupyter"]


@contextmanager
def serve_jupyter(app: str, folder: Path, tmp: Path, *, timeout: float = 90.0) -> Iterator[str]:
    """Run ``jupyter lab`` or ``jupyter notebook`` (``app``) on ``folder``; yield its base URL."""
    need("server")
    env = prepare_runtime(tmp)
    port = free_port()
    log_path = tmp / f"{app}.log"
    exe = Path(sys.executable).with_name("jupyter")
    cmd = [
        str(exe),
        app,
        "--no-browser",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.allow_root=True",  # CI runs as root
        "--ServerApp.ip=127.0.0.1",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={folder}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp, start_new_session=True
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            wait_ready(
                app,
                proc,
                url + "api",
                lambda r: "version" in json.loads(r.read()),
                port,
                log_path,
                timeout,
            )
            yield url
        finally:
            stop_voila(proc)  # SIGTERM, then the whole group if it hangs


def run_all_cells(page: Any) -> None:
    """In an open JupyterLab or Notebook 7 page: pick the notebook's own kernel if asked,
    then Run → Run All Cells."""
    select = page.locator(".jp-Dialog button", has_text="Select")
    try:  # JupyterLab may ask which kernel to start: the notebook's own one
        select.wait_for(timeout=10_000)
        select.click()
    except Exception:  # no dialog: the kernel started by itself
        pass
    page.wait_for_timeout(1000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
