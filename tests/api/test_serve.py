"""``lineage-kit serve``: a real process on loopback; tokens, scope, health and one-line errors."""

from __future__ import annotations

import contextlib
import io
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import lineage_kit as lk
from lineage_kit.cli import main
from tests.support.cli import SECRET, run
from tests.support.http import (
    TOKENS,
    ServeProcess,
    client,
    serve_main,
    token_of,
    write_token_file,
)
from tests.support.pixsim_db import PixsimDB

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def token_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    tokens = write_token_file(tmp_path_factory.mktemp("serve") / "tokens.txt")
    with ServeProcess("--token-file", str(tokens)) as server:
        yield server
    assert server.proc.returncode == 0, server.stderr  # SIGTERM stops it cleanly


def test_it_serves_the_embedded_sample_on_loopback(token_server: ServeProcess) -> None:
    assert token_server.url.startswith("http://127.0.0.1:")
    assert (
        "embedded sample" in token_server.banner
        and "2 token(s) of 2 user(s)" in token_server.banner
    )
    assert not any(token in token_server.banner for token in TOKENS)


def test_each_token_sees_its_owners_assets(
    token_server: ServeProcess, sample_store: lk.Store
) -> None:
    with token_server.client(1) as one, token_server.client(2) as two:
        assert (
            one.get("/assets/310/lineage").json() == sample_store.lineage(310, user_id=1).to_dict()
        )
        assert (
            two.get("/assets/702/lineage/flat").json()
            == sample_store.lineage(702, user_id=2).flat()
        )
        assert one.get("/assets/701/lineage").status_code == 404
        assert two.get("/assets/310/lineage").status_code == 404


@pytest.mark.parametrize(
    ("authorization", "challenge"),
    [
        (None, "Bearer"),
        ("Basic b3duZXI6cGFzcw==", "Bearer"),
        ("Bearer", "Bearer"),
        ("Bearer not-a-token-of-this-server", 'Bearer error="invalid_token"'),
        ("Bearer " + token_of(1).upper(), 'Bearer error="invalid_token"'),
        ("Bearer " + token_of(1)[:-1], 'Bearer error="invalid_token"'),
    ],
)
def test_no_token_or_an_unknown_one_is_a_401(
    token_server: ServeProcess, authorization: str | None, challenge: str
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    for path in ("/assets/310/lineage", "/assets/310/lineage/flat", "/assets/70100/lineage"):
        resp = httpx.get(token_server.url + path, headers=headers)
        assert resp.status_code == 401
        assert resp.headers["WWW-Authenticate"] == challenge
        assert "310" not in resp.text


def test_health_needs_no_token_and_the_schema_does(token_server: ServeProcess) -> None:
    with client(token_server.url) as c:
        assert c.get("/healthz").json() == {"status": "ok"}
        assert c.get("/openapi.json").status_code == 401
        assert c.get("/docs").status_code == 401
    with token_server.client(1) as c:
        assert "HTTPBearer" in c.get("/openapi.json").json()["components"]["securitySchemes"]


@pytest.mark.postgres
def test_all_users_on_postgresql_from_the_environment(
    sample_pg: PixsimDB, sample_store: lk.Store
) -> None:
    with ServeProcess("--all-users", env={"LINEAGE_KIT_DB": sample_pg.url}) as server:
        assert "every owner, without authentication" in server.banner
        assert "postgresql+psycopg://" in server.banner
        with server.client() as c:
            flat = c.get("/assets/103/lineage/flat").json()
            assert [x["id"] for x in flat["children"]] == [703]  # the cross-owner row
            got = c.get("/assets/801/lineage", params={"max_depth": 3}).json()
            assert got == sample_store.lineage(801, user_id=None, max_depth=3).to_dict()
    assert server.proc.returncode == 0


def test_a_busy_port_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, err = serve_main("--all-users", "--port", str(port))
    assert status == 1
    assert err == f"lineage-kit: cannot listen on 127.0.0.1:{port}: the port is busy\n"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ((), "serve needs exactly one of --token-file PATH and --all-users"),
        (
            ("--all-users", "--token-file", "t.txt"),
            "exactly one of --token-file PATH and --all-users",
        ),
        (("--host", "0.0.0.0", "--all-users"), "only on a loopback host, not 0.0.0.0"),
        (("--port", "70000", "--all-users"), "argument --port: --port must be a port number"),
        (("--token-file", "missing.txt"), "argument --token-file: cannot read missing.txt"),
    ],
)
def test_bad_options_are_one_line_with_status_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], says: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text(f"{token_of(1)} 1\n")
    status, err = serve_main(*args)
    assert status == 2, err
    assert len(err.splitlines()) == 1 and says in err, err


def test_user_is_not_a_serve_option() -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exit_:
        main(["--user", "1", "serve", "--all-users"])
    assert exit_.value.code == 2
    assert "argument --user: not allowed with serve" in err.getvalue()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "holds no 'TOKEN USER_ID' line"),
        ("# only a comment\n\n", "holds no 'TOKEN USER_ID' line"),
        ("justonefield-0123456789\n", "line 1: expected 'TOKEN USER_ID', got 1 field(s)"),
        ("short 1\n", "line 1: a token must be at least 16 characters"),
        ("# who\ntok-0123456789abcdef one\n", "line 2: the user id must be an integer owner id"),
        ("tok-0123456789abcdef -3\n", "line 1: the user id must be an integer owner id"),
        ("tok-0123456789abcdef 1\ntok-0123456789abcdef 2\n", "line 2: this token is already"),
    ],
)
def test_a_bad_token_file_is_one_line_without_the_token(
    tmp_path: Path, text: str, says: str
) -> None:
    (tmp_path / "tokens.txt").write_text(text)
    status, err = serve_main("--token-file", str(tmp_path / "tokens.txt"))
    assert status == 2 and len(err.splitlines()) == 1, err
    assert says in err and "0123456789abcdef" not in err


def test_an_unreadable_database_is_one_line_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql://reader:{SECRET}@127.0.0.1:1/pixsim7"
    cp = run("serve", "--all-users", "--db", url, cwd=tmp_path)
    assert cp.returncode == 1 and len(cp.stderr.splitlines()) == 1, cp.stderr
    assert SECRET not in cp.stderr and "opening the database failed" in cp.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.server
def test_the_bounds_are_options_of_serve() -> None:
    with ServeProcess("--all-users", "--timeout", "3", "--max-nodes", "100", "--no-docs") as s:
        assert "answers up to 100 assets within 3s" in s.banner
        with s.client() as c:
            assert c.get("/assets/310/lineage", params={"max_nodes": 100}).status_code == 200
            too_big = c.get("/assets/310/lineage", params={"max_nodes": 101})
            assert too_big.status_code == 422 and "from 1 to 100" in too_big.text
            assert c.get("/openapi.json").status_code == 404
            assert c.get("/assets/310/lineage").headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--timeout", "0"), "argument --timeout: --timeout must be more than 0"),
        (("--timeout", "soon"), "argument --timeout: expected seconds, got 'soon'"),
        (("--max-nodes", "0"), "argument --max-nodes"),
    ],
)
def test_bad_bounds_are_one_line(args: tuple[str, ...], says: str) -> None:
    status, err = serve_main("--all-users", *args)
    assert status == 2 and len(err.splitlines()) == 1 and says in err, err
