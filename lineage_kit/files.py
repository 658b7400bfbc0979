"""Writing a file the user asked for: every way it can fail is one :class:`~lineage_kit.WriteError`.

The kit writes nothing unless asked (``lk.export(..., path)``, ``lineage-kit
export -o PATH``); when asked, the file is written here, and an operating
system error (a missing folder, a folder in the file's place, no permission, a
loop of symbolic links, a name too long, a full disk) becomes a
:class:`~lineage_kit.WriteError` that names the path and the reason, instead of
a raw ``FileNotFoundError`` or ``IsADirectoryError``.

>>> write_text("/nonexistent/x.dot", "digraph {}")
Traceback (most recent call last):
...
lineage_kit.errors.WriteError: cannot write '/nonexistent/x.dot': no such folder '/nonexistent'
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .errors import InvalidArgument, InvalidArgumentType, WriteError

__all__ = ["cannot_write", "check_path", "write_text"]

_REASONS = {
    errno.ENOENT: "no such folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "not permitted",
    errno.ELOOP: "a loop of symbolic links",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "no space left on the device",
}


def check_path(name: str, path: object) -> Path:
    """``path`` as a :class:`~pathlib.Path`: a ``str`` or ``os.PathLike`` without NUL."""
    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise InvalidArgumentType(f"{name} must be a file path or None, not {type(path).__name__}")
    text = os.fspath(path)
    if not isinstance(text, str):
        raise InvalidArgumentType(f"{name} must be a text path, not {type(text).__name__}")
    if "\x00" in text or not text:
        raise InvalidArgument(f"{name} must be a file path; got {text!r}")
    return Path(text)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``, replacing a file that is there.

    Raises
    ------
    WriteError
        The file could not be written; the message names ``path`` and why.
    """
    target = check_path("path", path)
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise cannot_write(exc, target) from None


def cannot_write(exc: OSError, target: Path) -> WriteError:
    """The :class:`~lineage_kit.WriteError` for a failed write of ``target``."""
    return WriteError(f"cannot write {str(target)!r}: {_reason(exc, target)}")


def _reason(exc: OSError, target: Path) -> str:
    reason = _REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__
    if exc.errno == errno.ENOENT:
        return f"{reason} {str(target.parent)!r}"
    return reason
