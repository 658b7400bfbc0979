"""Passwords: libpq's PGPASSWORD / .pgpass work, and no output of the kit ever shows one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import sqlalchemy as sa

import lineage_kit as lk
from tests.support.http import ServeProcess
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


TRICKY_USER = "tricky"
TRICKY = "Pq7x@Zr&Kv/Wm?Tn#Ys%Lb:Hc"
"""A password with every character that breaks a URL; its pieces are what must never show."""
TRICKY_PIECES = ("Pq7x", "Zr", "Kv", "Wm", "Tn", "Ys", "Lb", "Hc")


@pytest.fixture(scope="module")
def tricky(guarded: tuple[PgServer, str]) -> PgServer:
    """A read-only role of the guarded server whose password needs percent-encoding."""
    import psycopg

    srv, _ = guarded
    admin = srv.url("sample", password=SECRET, driver="postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {TRICKY_USER} LOGIN PASSWORD '{TRICKY}'")
        conn.execute(f"GRANT SELECT ON assets, asset_lineage TO {TRICKY_USER}")
    return srv


def _tricky_urls(srv: PgServer) -> dict[str, str]:
    enc = quote(TRICKY, safe="")
    where = f"127.0.0.1:{srv.port}/sample"
    return {
        "userinfo": f"postgresql://{TRICKY_USER}:{enc}@{where}",
        "query": f"postgresql://{TRICKY_USER}@{where}?password={enc}",
        "query, psycopg scheme": (
            f"postgresql+psycopg://{TRICKY_USER}@{where}?sslmode=disable&password={enc}"
        ),
    }


def _no_piece(*texts: str) -> None:
    for text in texts:
        for piece in TRICKY_PIECES:
            assert piece not in text, text


@pytest.mark.parametrize("form", ["userinfo", "query", "query, psycopg scheme"])
def test_every_form_of_a_password_opens_the_store_and_never_shows(
    tricky: PgServer, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", os.devnull)
    url = _tricky_urls(tricky)[form]
    store = lk.connect(url)
    assert len(store.lineage(310, user_id=1).parents_of(310)) == 4
    assert len(store.frames(user_id=1).edges) == 43  # ADBC gets the password too
    with pytest.raises(lk.StoreError) as failed, store.db.session() as session:
        session.rows(sa.text("SELECT 1/0"))
    _no_piece(
        repr(store), store.label, repr(store.engine), str(store.engine.url), str(failed.value)
    )
    assert "***" in store.label
    store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LINEAGE_KIT_DB"] = url
    for args in (
        ["show", "310", "--user", "1"],
        ["audit", "--all-users"],
        ["show", "9", "--user", "1"],
    ):
        out = subprocess.run(
            [sys.executable, "-m", "lineage_kit.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        _no_piece(out.stdout, out.stderr)
        assert "Traceback" not in out.stderr


@pytest.mark.server
def test_serve_start_line_and_its_log_of_each_503_show_no_password(
    tricky: PgServer, tmp_path: Path
) -> None:
    """The last test of the module: it stops the server to make the store fail."""
    url = _tricky_urls(tricky)["query"]
    env = {"PGPASSFILE": os.devnull}
    with ServeProcess("--db", url, "--all-users", env=env) as served:
        # A new connection each time: stopping PostgreSQL may outlast the keep-alive.
        assert httpx.get(served.url + "/assets/310/lineage", timeout=30).status_code == 200
        tricky.stop()
        try:
            answers = [
                httpx.get(served.url + "/assets/310/lineage", timeout=30).status_code
                for _ in range(3)
            ]
        finally:
            tricky.start()
        served.stop()
    assert answers == [503, 503, 503]
    assert "lineage of asset 310" in served.stderr  # the 503s were logged ...
    _no_piece(served.banner, served.stderr)  # ... without the password
    assert "***@" in served.banner
