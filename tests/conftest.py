"""Shared fixtures: the embedded sample, a real PostgreSQL server, pixsim7-shaped databases.

PostgreSQL is never optional: when the server cannot start, every test that
needs it fails (``make test`` installs it from Debian's packages).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

import lineage_kit as lk
from tests.support.pgserver import PgServer
from tests.support.pixsim_db import PixsimDB
from tests.support.pixsim_today import today_assets, today_lineage
from tests.support.shared import shared_sample, shared_server

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("LINEAGE_KIT_ARTIFACTS", ROOT / "test-artifacts"))

# No .hypothesis/ folder in the working tree; examples are regenerated each run.
settings.register_profile("lineage_kit", database=None, deadline=None)
settings.load_profile("lineage_kit")


@pytest.fixture(scope="session")
def pg_server() -> PgServer:
    """One PostgreSQL server for the session, stopped and removed at the end."""
    return shared_server()


@pytest.fixture(scope="session")
def sample_store() -> lk.Store:
    """The embedded sample, as a user gets it from ``lk.connect()``."""
    return lk.connect()


@pytest.fixture(scope="session")
def sample_pg(pg_server: PgServer) -> PixsimDB:
    """The sample loaded into pixsim7-shaped PostgreSQL tables (enums, jsonb, extra columns)."""
    return shared_sample()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest) -> lk.Store:
    """The sample on each backend: the kit's embedded SQLite, and PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sample_store")
    return request.getfixturevalue("sample_pg").store


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PixsimDB]:
    """A fresh, empty pixsim7-shaped database on each backend, for a test to fill."""
    if request.param == "sqlite":
        db = PixsimDB.sqlite(tmp_path)
    else:
        db = PixsimDB.postgresql(request.getfixturevalue("pg_server"))
    yield db
    db.dispose()


@pytest.fixture(params=["store", "frames", "networkx"])
def today(request: pytest.FixtureRequest, empty_db: PixsimDB) -> object:
    """A database written the way pixsim7 writes today, as each kind of source, each backend."""
    empty_db.load(today_assets(), today_lineage())
    if request.param == "store":
        return empty_db.store
    frames = empty_db.store.frames(user_id=None)
    return frames if request.param == "frames" else frames.to_networkx()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and other test artifacts (never the repo root)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium through Playwright (shared by the browser tests)."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()
