"""``lk.export(..., path)`` and ``lineage-kit export -o PATH``: every way a path can fail to be
written is a :class:`~lineage_kit.WriteError` naming the path and why, in real settings
(a missing folder, a folder, a file where a folder should be, no permission, a loop of
symbolic links, a name too long); a path that is not one is an InvalidArgument."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import lineage_kit as lk
from lineage_kit.cli import main


def _missing_folder(tmp: Path) -> tuple[Path, str]:
    return tmp / "nope" / "x.dot", f"no such folder {str(tmp / 'nope')!r}"


def _a_folder(tmp: Path) -> tuple[Path, str]:
    (tmp / "d.dot").mkdir()
    return tmp / "d.dot", "it is a folder"


def _file_as_folder(tmp: Path) -> tuple[Path, str]:
    (tmp / "f").write_text("")
    return tmp / "f" / "x.dot", "a part of the path is a file, not a folder"


def _no_permission(tmp: Path) -> tuple[Path, str]:
    if os.geteuid() == 0:  # root writes through folder permissions: a file that refuses root
        target = Path("/sys/kernel/notes")
        assert target.exists(), "needs Linux sysfs"
        return target, "permission denied"
    locked = tmp / "locked"
    locked.mkdir(mode=0o500)
    return locked / "x.dot", "permission denied"


def _symlink_loop(tmp: Path) -> tuple[Path, str]:
    (tmp / "a").symlink_to(tmp / "b")
    (tmp / "b").symlink_to(tmp / "a")
    return tmp / "a" / "x.dot", "a loop of symbolic links"


def _name_too_long(tmp: Path) -> tuple[Path, str]:
    return tmp / ("x" * 300 + ".dot"), "the name is too long"


CASES: list[Callable[[Path], tuple[Path, str]]] = [
    _missing_folder,
    _a_folder,
    _file_as_folder,
    _no_permission,
    _symlink_loop,
    _name_too_long,
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__.strip("_"))
def test_every_failing_path_is_a_write_error_naming_it(
    sample_store: lk.Store, tmp_path: Path, case: Callable[[Path], tuple[Path, str]]
) -> None:
    path, reason = case(tmp_path)
    res = sample_store.lineage(310, user_id=1)
    with pytest.raises(lk.WriteError) as err:
        lk.export(res, "dot", path)
    assert str(err.value) == f"cannot write {str(path)!r}: {reason}"
    assert isinstance(err.value, OSError) and isinstance(err.value, lk.LineageKitError)
    assert err.value.__cause__ is None and err.value.__suppress_context__


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__.strip("_"))
def test_the_cli_says_it_in_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    case: Callable[[Path], tuple[Path, str]],
) -> None:
    monkeypatch.delenv("LINEAGE_KIT_DB", raising=False)
    path, reason = case(tmp_path)
    status = main(["export", "310", "--format", "dot", "--user", "1", "-o", str(path)])
    out = capsys.readouterr()
    assert (status, out.out) == (1, "")
    assert out.err == f"lineage-kit: cannot write {str(path)!r}: {reason}\n"


def test_a_path_that_is_not_one_is_an_invalid_argument(sample_store: lk.Store) -> None:
    res = sample_store.lineage(310, user_id=1)
    with pytest.raises(lk.InvalidArgument, match="path must be a file path"):
        lk.export(res, "dot", "x\x00.dot")
    with pytest.raises(lk.InvalidArgumentType, match="path must be a file path or None"):
        lk.export(res, "dot", b"x.dot")  # type: ignore[arg-type]


def test_a_writable_path_is_written(sample_store: lk.Store, tmp_path: Path) -> None:
    res = sample_store.lineage(310, user_id=1)
    text = lk.export(res, "dot", tmp_path / "x.dot")
    assert (tmp_path / "x.dot").read_text(encoding="utf-8") == text
