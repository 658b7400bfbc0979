"""The token file of ``lineage-kit serve`` is read safely, and no message shows a token.

Each trap is set up for real: a line with two tokens, bytes that are not UTF-8, a
FIFO (which would block an ordinary open), a link to ``/dev/zero`` (which would be
read forever), a byte-order mark, a file others may read. The class of "errors
without tokens" is fuzzed: whatever a file holds, a refusal names a line, never
what is on it.
"""

from __future__ import annotations

import os
import threading
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lineage_kit as lk
from lineage_kit.api.tokens import MAX_TOKEN_FILE_BYTES, read_token_file
from tests.support.http import serve_main

T1 = "first-token-Zq8Xw2Vb7Nc4Md6K"
T2 = "second-token-Hj3Lp9Rt5Sy1Wu7E"


def _file(tmp_path: Path, data: bytes, mode: int = 0o600) -> Path:
    path = tmp_path / "tokens.txt"
    path.write_bytes(data)
    path.chmod(mode)
    return path


def _serve(path: Path) -> tuple[int, str]:
    """``lineage-kit serve --token-file PATH``, stopped after the file is read (a bad --db)."""
    return serve_main("--token-file", str(path), "--db", "mysql://nowhere/x")


def test_two_tokens_on_a_line_show_neither(tmp_path: Path) -> None:
    path = _file(tmp_path, f"{T1} {T2}\n".encode())
    with pytest.raises(lk.InvalidArgument) as err:
        read_token_file(path)
    assert str(err.value) == f"{path}, line 1: the user id must be an integer owner id"
    status, said = _serve(path)
    assert status == 2 and T1 not in said and T2 not in said and "line 1" in said


def test_bytes_that_are_not_utf8_are_one_line_naming_the_line(tmp_path: Path) -> None:
    path = _file(tmp_path, f"{T1} 1\n".encode() + b"\xff\xfe" + T2.encode() + b" 2\n")
    with pytest.raises(lk.InvalidArgument, match=r"tokens\.txt, line 2: not UTF-8 text$"):
        read_token_file(path)
    status, said = _serve(path)
    assert status == 2 and len(said.splitlines()) == 1 and "Traceback" not in said
    assert T1 not in said and T2 not in said


def _within(seconds: float, work: object) -> object:
    """``work()`` in a thread; fails the test if it has not returned in ``seconds``."""
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["value"] = work()  # type: ignore[operator]
        except BaseException as exc:
            result["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "reading the token file hung"
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result.get("value")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "tokens.fifo"
    os.mkfifo(fifo, 0o600)
    with pytest.raises(lk.InvalidArgument, match="is not a regular file"):
        _within(5, lambda: read_token_file(fifo))


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "tokens.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(lk.InvalidArgument, match="is not a regular file"):
        _within(5, lambda: read_token_file(link))
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(lk.InvalidArgument, match="is not a regular file"):
        read_token_file(folder)


def test_a_link_to_a_regular_file_is_read(tmp_path: Path) -> None:
    real = _file(tmp_path, f"{T1} 1\n".encode())
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert read_token_file(link) == {T1: 1}


def test_a_file_past_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = _file(tmp_path, f"{T1} 1\n".encode() + b"#" * MAX_TOKEN_FILE_BYTES)
    with pytest.raises(lk.InvalidArgument, match="is larger than 1,048,576 bytes"):
        read_token_file(path)


def test_a_byte_order_mark_does_not_disable_the_first_token(tmp_path: Path) -> None:
    path = _file(tmp_path, b"\xef\xbb\xbf" + f"{T1} 1\n{T2} 2\n".encode())
    assert read_token_file(path) == {T1: 1, T2: 2}
    assert lk.api.read_tokens(f"\ufeff{T1} 1\n") == {T1: 1}
    with pytest.raises(lk.InvalidArgument, match="line 2: a token must be printable ASCII"):
        lk.api.read_tokens(f"{T1} 1\n\ufeff{T2} 2\n")  # a mark inside the file is no token


@pytest.mark.parametrize(
    ("mode", "warned"),
    [(0o600, False), (0o400, False), (0o640, True), (0o604, True), (0o620, True), (0o644, True)],
)
def test_a_file_others_may_read_or_write_is_warned_about(
    tmp_path: Path, mode: int, warned: bool
) -> None:
    path = _file(tmp_path, f"{T1} 1\n".encode(), mode)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert read_token_file(path) == {T1: 1}
    got = [w for w in caught if issubclass(w.category, lk.TokenFileWarning)]
    assert len(got) == warned
    if warned:
        assert f"mode {mode:04o}" in str(got[0].message) and "chmod 600" in str(got[0].message)
        status, said = _serve(path)  # read, warned about, then stopped by the bad --db
        assert status == 2 and said.splitlines()[0].startswith("lineage-kit: warning: ")
        assert "argument --db" in said.splitlines()[1]
        assert T1 not in said


LINE_FIELD = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30
).filter(lambda f: f.strip() == f and f and not any(c.isspace() for c in f))


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.lists(LINE_FIELD, min_size=0, max_size=4), max_size=5))
def test_no_refusal_shows_anything_read_from_the_file(
    tmp_path: Path, lines: list[list[str]]
) -> None:
    text = "".join(" ".join(fields) + "\n" for fields in lines)
    path = _file(tmp_path, text.encode())
    try:
        read_token_file(path)
    except lk.InvalidArgument as exc:
        shown = str(exc).replace(str(path), "")
        for fields in lines:
            for field in fields:
                if len(field) >= 4 and field not in ("TOKEN", "USER_ID"):
                    assert field not in shown, (field, shown)
