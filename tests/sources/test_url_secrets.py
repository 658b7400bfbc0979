"""No form of password in a database URL ever reaches an output: the class, fuzzed.

A password can stand in the user-info (percent-encoded or not), in ``?password=``,
in another libpq secret (``sslpassword``, ``oauth_client_secret``), or in a URL
that does not parse cleanly (an unencoded ``@``, ``&``, ``:`` or ``/`` in it, no
scheme at all). Each password is made of distinctive pieces joined by the
characters that break URLs; whatever the form, no piece may appear in
``repr``/``str`` of what ``lk.connect`` returns or raises, in the CLI's output
(query commands and ``serve``), or anywhere else. Here the server is a closed
port (connection refused: quick); ``test_secrets.py`` does the same against a real
PostgreSQL that checks passwords.
"""

from __future__ import annotations

import contextlib
import io
import socket
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lineage_kit as lk
from lineage_kit.cli import main
from lineage_kit.sources.sql.urls import label_of, parse_url

PIECE = st.text("BCDFGHJKLMNPQRSTVWXZ", min_size=5, max_size=5).map(lambda t: "Q" + t)
BREAKERS = st.sampled_from([*"@:/?&=#% +;'\"\\!$,~[]", "@@", "%zz", "%40", "://"])


@st.composite
def passwords(draw: st.DrawFn) -> tuple[str, list[str]]:
    pieces = draw(st.lists(PIECE, min_size=2, max_size=4, unique=True))
    out = pieces[0]
    for piece in pieces[1:]:
        out += draw(BREAKERS) + piece
    return out, pieces


FORMS = {
    "userinfo, encoded": "postgresql://reader:{enc}@127.0.0.1:{port}/db",
    "userinfo, raw": "postgresql://reader:{raw}@127.0.0.1:{port}/db",
    "postgres scheme, raw": "postgres://reader:{raw}@127.0.0.1:{port}/db",
    "query, encoded": "postgresql://reader@127.0.0.1:{port}/db?password={enc}",
    "query, raw": "postgresql://reader@127.0.0.1:{port}/db?password={raw}",
    "query among others, raw": (
        "postgresql+psycopg://reader@127.0.0.1:{port}/db?sslmode=disable&password={raw}"
        "&application_name=x"
    ),
    "sslpassword, encoded": (
        "postgresql://reader@127.0.0.1:{port}/db?sslmode=disable&sslpassword={enc}"
    ),
    "sslpassword, raw": "postgresql://reader@127.0.0.1:{port}/db?sslpassword={raw}",
    "oauth secret, raw": "postgresql://reader@127.0.0.1:{port}/db?oauth_client_secret={raw}",
    "no scheme, raw": "reader:{raw}@127.0.0.1:{port}/db",
    "both places, raw": "postgresql://reader:{raw}@127.0.0.1:{port}/db?password={raw}",
}


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    """A loopback port held by a socket that never listens: connecting is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]


def _outputs_of_connect(url: str) -> list[str]:
    out = []
    try:
        store = lk.connect(url, timeout=5)
    except lk.LineageKitError as exc:  # the only kind of error allowed
        out += [str(exc), repr(exc), str(exc.args)]
    else:  # pragma: no cover - a closed port cannot be opened
        out += [repr(store), store.label, repr(store.engine)]
        store.close()
    with contextlib.suppress(lk.LineageKitError):
        parsed = parse_url(url)
        out += [repr(parsed), parsed.label, label_of(parsed.url), repr(parsed.url)]
    return out


def _outputs_of_cli(url: str, *args: str) -> list[str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(["--db", url, *args])
        except SystemExit as exc:
            status = int(exc.code or 0)
    assert status in (1, 2), (status, err.getvalue())
    assert "Traceback" not in err.getvalue()
    return [out.getvalue(), err.getvalue()]


@pytest.mark.parametrize("form", FORMS)
@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(password=passwords())
def test_no_piece_of_a_password_is_ever_shown(
    monkeypatch: pytest.MonkeyPatch,
    closed_port: int,
    form: str,
    password: tuple[str, list[str]],
) -> None:
    monkeypatch.setenv("PGPASSFILE", "/dev/null")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    raw, pieces = password
    url = FORMS[form].format(raw=raw, enc=quote(raw, safe=""), port=closed_port)
    shown = _outputs_of_connect(url)
    shown += _outputs_of_cli(url, "show", "310", "--user", "1")
    shown += _outputs_of_cli(url, "serve", "--all-users", "--port", "0")
    for text in shown:
        for piece in pieces:
            assert piece not in text, (form, url, text)


def test_an_encoded_password_is_moved_out_of_every_url(closed_port: int) -> None:
    parsed = parse_url(
        f"postgres://reader:a%40b@127.0.0.1:{closed_port}/db?sslpassword=k3y&sslmode=disable"
    )
    assert parsed.url.password == "a@b" and parsed.secrets == {"sslpassword": "k3y"}
    assert "k3y" not in parsed.url.render_as_string(hide_password=False)
    assert (
        parsed.label
        == f"postgresql+psycopg://reader:***@127.0.0.1:{closed_port}/db?sslmode=disable"
    )
    moved = parse_url(f"postgresql://reader@127.0.0.1:{closed_port}/db?password=s%26cret")
    assert moved.url.password == "s&cret" and dict(moved.url.query) == {}
    assert moved.label == f"postgresql+psycopg://reader:***@127.0.0.1:{closed_port}/db"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("pixsim.db", "url 'pixsim.db' is not a database URL; for a SQLite file write "
         "sqlite:///pixsim.db"),
        ("/data/pixsim.db", "write sqlite:////data/pixsim.db"),
        ("reader:pw@host/db", "url has no scheme (not shown: it may hold a password)"),
        ("postgresql://u:p@ss@h/db", "percent-encode '@' in a user name or password as %40"),
        ("postgresql://u:pa:ss@h:5x/db", "could not be read as a database URL (not shown"),
        ("postgresql://u@h/db?password=a&b=c", "not one of libpq's connection parameters"),
        ("postgresql://u@h/db?sslmode=a&sslmode=b", "'sslmode' is given more than once"),
        ("postgresql://u@h/password=x", "must not hold '='"),
        ("postgresql://u:a@h/db?password=b", "two different passwords"),
        ("mysql://u:pw@h/db", "unsupported database 'mysql'"),
    ],
)  # fmt: skip
def test_urls_the_kit_does_not_read_are_named_without_their_secrets(url: str, message: str) -> None:
    with pytest.raises(lk.InvalidArgument) as err:
        lk.connect(url)
    assert message in str(err.value)
    for secret in ("pw", "p@ss", "ss@h", "pa:ss", "5x", "b=c"):
        if secret in url and secret not in message:
            assert secret not in str(err.value), str(err.value)


def test_a_path_object_opens_a_sqlite_file(tmp_path: object) -> None:
    from lineage_kit.sources.sample import sample_database

    store = lk.connect(sample_database())
    assert store.lineage(310, user_id=1).root.id == 310
    assert repr(store) == f"Store({sample_database()})"
    store.close()
