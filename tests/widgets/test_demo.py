"""``lineage-kit demo`` tells the truth about its port (the browser test runs the demo itself)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from lineage_kit.widgets.voila import listens, port_is_free

ROOT = Path(__file__).resolve().parents[2]


def test_a_busy_port_is_a_one_line_error_and_never_ready(tmp_path: Path) -> None:
    with socket.socket() as other:  # another program's server on the port
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        assert not port_is_free(port)
        out = subprocess.run(
            [sys.executable, "-m", "lineage_kit.cli", "demo", "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"lineage-kit: error: port {port} on 127.0.0.1 is busy (another program listens there); "
        "choose a free one with --port N"
    ]
    assert "ready" not in out.stdout and "http://" not in out.stdout
    assert os.listdir(tmp_path) == []


def test_readiness_is_checked_against_the_demos_own_process() -> None:
    with socket.socket() as mine:
        mine.bind(("127.0.0.1", 0))
        mine.listen()
        port = mine.getsockname()[1]
        assert listens(os.getpid(), port)
        assert not listens(os.getppid(), port)  # someone else's server is not ours
    assert port_is_free(port)
