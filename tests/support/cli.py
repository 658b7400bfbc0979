"""Running the ``lineage-kit`` console script as a user does, in a folder of the test's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("lineage-kit")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "lineage_kit.cli"]
SECRET = "Sw0rdf1sh"


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "LINEAGE_KIT_DB"}
    return subprocess.run(
        [*COMMAND, *args],
        cwd=cwd,
        env=base | (env or {}),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def ok(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    cp = run(*args, cwd=cwd, env=env)
    assert cp.returncode == 0, cp.stderr
    assert cp.stderr == "" or "wrote" in cp.stderr
    return cp.stdout
