"""Session-wide hooks (the root conftest applies to tests/ and notebooks/ alike)."""

from __future__ import annotations

import os

import pytest

from tests.support.shared import shared_sample, stop_shared


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # nbval starts a notebook's kernel when its first cell is set up: the
    # PostgreSQL notebook reads its URL from the environment, as a user's would.
    if item.path.suffix == ".ipynb" and "postgresql" in item.path.name:
        os.environ["LINEAGE_KIT_DB"] = shared_sample().url


def pytest_sessionfinish(session: pytest.Session) -> None:
    stop_shared()
