"""The wheel built from the repository, and clean venvs with one extra each (the wheel lane).

The wheel is built once a session from a copy of the tracked files (the checkout
stays untouched). Each venv is made without pip and filled by this interpreter's
pip (``pip --python``), which takes the dependencies from its cache (``make
install`` has just filled it): exactly the wheel and one extra, as a user
installs it. Commands run from an empty folder of their own, with the kit's
cache redirected there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .lanes import need

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Installed:
    """A clean venv holding the wheel with one extra (``""``: none)."""

    extra: str
    wheel: Path
    python: Path
    bin: Path
    workdir: Path
    env: dict[str, str]

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args),
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(str(self.bin / "lineage-kit"), *args)

    def py(self, code: str) -> subprocess.CompletedProcess[str]:
        return self.run(str(self.python), "-c", code)


def _tracked_copy(dest: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        src = ROOT / name.decode()
        if src.is_file():  # a tracked file deleted in the working tree is skipped
            target = dest / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


def build_wheel(base: Path) -> Path:
    """The wheel of the tracked files, built in ``base``."""
    need("wheel")
    src = _tracked_copy(base / "src")
    dist = base / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(dist), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = dist.glob("lineage_kit-*.whl")
    return wheel


def install(wheel: Path, base: Path, extra: str = "") -> Installed:
    """A clean venv in ``base`` with ``wheel`` and its ``extra`` (``""``: the core alone)."""
    need("wheel")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    target = f"{wheel}[{extra}]" if extra else str(wheel)
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", target],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    workdir = base / "elsewhere"
    workdir.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "LINEAGE_KIT_DB", "VIRTUAL_ENV")
    }
    env |= {
        "LINEAGE_KIT_CACHE_DIR": str(base / "cache"),
        "PATH": f"{venv / 'bin'}:{env.get('PATH', '')}",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return Installed(extra, wheel, python, venv / "bin", workdir, env)
