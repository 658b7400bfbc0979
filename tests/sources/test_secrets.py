"""Passwords: libpq's PGPASSWORD / .pgpass work, and no output of the kit ever shows one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import lineage_kit as lk
from tests.support.pgserver import PgServer
from tests.support.pixsim_db import PixsimDB, sample_rows

pytestmark = pytest.mark.postgres

SECRET = "s3cret-Pw-4711"


@pytest.fixture(scope="module")
def guarded() -> Iterator[tuple[PgServer, str]]:
    """A server that checks passwords (scram-sha-256), with the sample loaded."""
    srv = PgServer.launch(password=SECRET)
    try:
        db = PixsimDB(*_writer(srv))
        db.load(*sample_rows())
        db.writer.dispose()
        yield srv, srv.url("sample")  # the URL a user writes: no password in it
    finally:
        srv.destroy()


def _writer(srv: PgServer) -> tuple[object, str]:
    import sqlalchemy as sa

    from tests.support.pixsim_db import PG_DDL

    url = srv.create_database("sample", password=SECRET)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for stmt in PG_DDL:
            conn.exec_driver_sql(stmt)
    return engine, url


def test_pgpassword_supplies_the_password(
    guarded: tuple[PgServer, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, url = guarded
    monkeypatch.setenv("PGPASSWORD", SECRET)
    store = lk.connect(url)
    assert len(store.lineage(310, user_id=1).parents_of(310)) == 4
    assert len(store.frames(user_id=1).edges) == 43  # the ADBC path reads it too
    store.close()


def test_pgpass_file_supplies_the_password(
    guarded: tuple[PgServer, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    srv, url = guarded
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{srv.port}:*:postgres:{SECRET}\n")
    pgpass.chmod(0o600)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    store = lk.connect(url)
    assert store.lineage(102, user_id=1).root.id == 102
    store.close()


def test_wrong_password_is_a_clean_error_without_the_password(
    guarded: tuple[PgServer, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srv, _ = guarded
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", os.devnull)
    with pytest.raises(lk.StoreError) as info:
        lk.connect(srv.url("sample", password="not-" + SECRET))
    assert SECRET not in str(info.value) and "not-" not in str(info.value)
    assert "password authentication failed" in str(info.value)


def test_password_in_the_url_never_printed(guarded: tuple[PgServer, str]) -> None:
    srv, _ = guarded
    url = srv.url("sample", password=SECRET)
    store = lk.connect(url)
    assert SECRET not in repr(store) and SECRET not in store.label
    store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LINEAGE_KIT_DB"] = url
    for args in (
        ["show", "310", "--user", "1"],
        ["audit", "--all-users"],
        ["show", "999999", "--user", "1"],
    ):
        out = subprocess.run(
            [sys.executable, "-m", "lineage_kit.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert SECRET not in out.stdout + out.stderr, args
    assert (
        "310"
        in subprocess.run(
            [sys.executable, "-m", "lineage_kit.cli", "show", "310", "--user", "1"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        ).stdout
    )
