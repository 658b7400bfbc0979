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


def test_the_page_address_picks_the_clip_and_its_owner() -> None:
    import lineage_kit as lk
    from lineage_kit.widgets.demo import demo_url, opened_at

    assert opened_at("asset=910&user=2", asset_id=310, user_id=1) == (910, 2)
    assert opened_at("asset=pixverse%3A374351749764234", asset_id=310, user_id=1) == (
        "pixverse:374351749764234",
        1,
    )
    assert opened_at("", asset_id=310, user_id=1) == (310, 1)
    for bad in ("user=me", "user=-1", f"user={2**70}"):
        try:
            opened_at(bad, asset_id=310, user_id=1)
        except lk.InvalidArgument as exc:
            assert "user" in str(exc)
        else:
            raise AssertionError(bad)
    assert demo_url("http://127.0.0.1:8866/", "a b", None) == "http://127.0.0.1:8866/?asset=a+b"


def test_demo_takes_the_asset_and_owner_to_open_at() -> None:
    from lineage_kit.cli.parser import build_parser

    args = build_parser().parse_args(["demo", "--asset", "910", "--user", "2"])
    assert (args.asset, args.user) == ("910", 2)
    args = build_parser().parse_args(["demo"])
    assert (args.asset, args.user) == (None, None)
