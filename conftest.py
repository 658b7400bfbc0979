"""Session-wide hooks (the root conftest applies to tests/, the doctests and notebooks/ alike).

Markers that follow from what a test uses are given here (see
:mod:`tests.support.lanes`): a test that asks for the PostgreSQL server, directly
or through a fixture parametrised on ``postgresql``, is ``postgres``; a test under
``tests/browser/`` is ``browser`` and ``server``; a notebook is ``notebook`` (and
``postgres`` when it reads the suite's server).
"""

from __future__ import annotations

import os

import pytest

from tests.support.lanes import SLOW_MARKERS
from tests.support.shared import shared_sample, stop_shared

POSTGRES_FIXTURES = {"pg_server", "sample_pg"}
"""Fixtures that start (or need) the suite's PostgreSQL server."""


def pytest_configure(config: pytest.Config) -> None:
    for name, what in SLOW_MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {what}")


def _uses_postgres(item: pytest.Item) -> bool:
    if POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and "postgresql" in callspec.params.values()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebook)
            if "postgresql" in item.path.name:
                item.add_marker(pytest.mark.postgres)
            continue
        if "browser" in item.path.parent.parts[-1:]:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.server)
        if _uses_postgres(item):
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # nbval starts a notebook's kernel when its first cell is set up: the
    # PostgreSQL notebook reads its URL from the environment, as a user's would.
    if item.path.suffix == ".ipynb" and "postgresql" in item.path.name:
        os.environ["LINEAGE_KIT_DB"] = shared_sample().url


def pytest_sessionfinish(session: pytest.Session) -> None:
    stop_shared()
