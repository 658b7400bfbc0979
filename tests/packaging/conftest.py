"""The wheel, built once, and one clean venv per extra, installed side by side."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.support.wheel import Installed, build_wheel, install

EXTRAS = ("", "widgets", "api", "demo")
"""The venvs of the wheel lane: the core alone, and each extra alone."""


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel-build"))


@pytest.fixture(scope="session")
def venvs(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Installed]:
    """``{extra: venv}``, installed at once (pip mostly waits on the disk: four in parallel
    take about the time of the largest)."""
    folders = {extra: tmp_path_factory.mktemp(f"extra-{extra or 'base'}") for extra in EXTRAS}
    with ThreadPoolExecutor(len(EXTRAS)) as pool:
        made = {e: pool.submit(install, wheel, folders[e], e) for e in EXTRAS}
        return {extra: future.result() for extra, future in made.items()}
