"""Text the kit cannot pass on (bytes that are not UTF-8, NUL): a clear InvalidArgument.

Python reads bytes that are not UTF-8 (a command-line argument, a file name) as
unpaired surrogates (``'cat\\udcff'``), which no database driver and no UTF-8
output can encode. Every entry point that takes text refuses them with an
:class:`~lineage_kit.InvalidArgument` naming the argument, on every source,
before any query runs; any other text is searched sanely. Property-tested over
arbitrary text, surrogates and NUL included.
"""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lineage_kit as lk
from lineage_kit.cli import main

# Every code point, surrogates included (st.text leaves them out by default).
ANY_CHAR = st.characters(codec=None, exclude_categories=())
TEXT = st.text(ANY_CHAR, min_size=1, max_size=12).map(lambda t: "cat" + t)
FUZZ = settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
UNENCODABLE = ["cat\udcff", "\ud800", "ab\udc80cd", "x\x00y"]


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


@pytest.fixture(params=["store", "frames", "networkx"])
def source(request: pytest.FixtureRequest, sample_store: lk.Store) -> Any:
    if request.param == "store":
        return sample_store
    frames = sample_store.frames(user_id=None)
    return frames if request.param == "frames" else frames.to_networkx()


@pytest.mark.parametrize("text", UNENCODABLE)
def test_unencodable_text_is_an_invalid_argument_naming_it(source: Any, text: str) -> None:
    with pytest.raises(lk.InvalidArgument, match=r"^query is not valid text: character \d+"):
        lk.find_assets(source, text, user_id=1)
    with pytest.raises(lk.InvalidArgument, match=r"^query is not valid text"):
        lk.resolve_asset(source, text, user_id=1)
    with pytest.raises(lk.InvalidArgument, match=r"^provider_id is not valid text"):
        lk.list_assets(source, user_id=1, provider_id=text)


@FUZZ
@given(text=TEXT)
def test_any_text_is_searched_or_refused_clearly(source: Any, text: str) -> None:
    try:
        found = lk.find_assets(source, text, user_id=1)
    except lk.InvalidArgument as exc:
        assert str(exc).startswith("query ")
        assert _encodable(text) or "not valid text" in str(exc)
    else:
        assert _encodable(text) and isinstance(found, lk.FindResult)
    try:
        lk.list_assets(source, user_id=1, media_type=text)
    except lk.InvalidArgument as exc:
        assert not _encodable(text) and "media_type is not valid text" in str(exc)


def test_postgresql_refuses_the_same_text(sample_pg: Any) -> None:
    for text in UNENCODABLE:
        with pytest.raises(lk.InvalidArgument, match="not valid text"):
            lk.find_assets(sample_pg.store, text, user_id=1)
        with pytest.raises(lk.InvalidArgument, match="not valid text"):
            lk.list_assets(sample_pg.store, user_id=1, operation_type=text)


class Terminal:
    """The CLI's standard streams as Python sets them up on a UTF-8 terminal: stdout strict,
    stderr with backslash escapes; what was written, as bytes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.out, self.err = io.BytesIO(), io.BytesIO()
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(self.out, "utf-8", "strict"))
        monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(self.err, "utf-8", "backslashreplace"))

    def run(self, *argv: str) -> tuple[int, str]:
        self.out.seek(0), self.out.truncate(), self.err.seek(0), self.err.truncate()
        try:
            status = main(list(argv))
        except SystemExit as exc:
            status = int(exc.code or 0)
        sys.stdout.flush(), sys.stderr.flush()
        return status, self.err.getvalue().decode("utf-8")


ARGV_BYTES = st.binary(min_size=1, max_size=6).map(
    lambda b: (b"cat" + b).decode("utf-8", "surrogateescape")  # as Python reads sys.argv
)


@pytest.mark.parametrize(
    "command",
    [
        ("find", "{}", "--user", "1"),
        ("show", "{}", "--user", "1"),
        ("flat", "{}", "--user", "1"),
        ("export", "{}", "--format", "json", "--user", "1"),
        ("ask", "origins", "{}", "--user", "1"),
        ("show", "310", "--direction", "{}", "--user", "1"),
    ],
)
@FUZZ
@given(arg=ARGV_BYTES)
def test_the_cli_answers_any_argument_bytes_in_one_line(
    monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...], arg: str
) -> None:
    monkeypatch.delenv("LINEAGE_KIT_DB", raising=False)
    terminal = Terminal(monkeypatch)
    status, err = terminal.run(*(arg if part == "{}" else part for part in command))
    assert status in (0, 1, 2), err
    if status:
        assert err.startswith("lineage-kit: ") and len(err.splitlines()) == 1, err
        assert "Traceback" not in err


def test_the_cli_names_undecodable_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LINEAGE_KIT_DB", raising=False)
    arg = b"cat\xff".decode("utf-8", "surrogateescape")
    status, err = Terminal(monkeypatch).run("find", arg, "--user", "1")
    assert status == 2
    assert err == (
        "lineage-kit: error: query is not valid text: character 4 (U+DCFF) is half of a "
        "UTF-16 surrogate pair, which is how Python reads bytes that are not UTF-8; "
        "give UTF-8 text\n"
    )
