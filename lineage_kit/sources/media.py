"""pixsim7's media for the asset summaries: its server's address and its storage folder.

A summary's ``thumbnail_url`` is the one pixsim7's API reports
(:mod:`lineage_kit.model.thumbnails`). Two settings make it usable where the
notebook runs:

- the pixsim7 server's origin (``lk.connect(url, pixsim7_url="http://host:port")``
  or ``$LINEAGE_KIT_PIXSIM7_URL``) is put in front of the URLs it serves
  (``/api/v1/media/<key>``), so a browser can fetch them;
- pixsim7's local storage folder (its media root, ``$PIXSIM_HOME/media``:
  ``lk.connect(url, media_dir=...)`` or ``$LINEAGE_KIT_MEDIA_DIR``), when the
  notebook runs beside pixsim7: the file under an asset's ``thumbnail_key`` is
  read and inlined as a small ``data:`` URI, so no server is needed. Only the
  thumbnail is read, never the original (``stored_key``).

Reading is strict (:class:`MediaFolder`): a key must stay inside the folder
after every symbolic link is followed (no ``..``, no absolute path, no link
out), must name a regular image file (JPEG, PNG, WebP or GIF, checked by its
first bytes) and must be at most ``max_bytes`` long. A key that breaks a rule
reads nothing: :meth:`MediaFolder.data_uri` raises
:class:`~lineage_kit.MediaRefused`, and a summary keeps pixsim7's URL and
warns once per key (:class:`~lineage_kit.MediaWarning`). A missing file is not
an error (the summary keeps the URL).

>>> media = media_settings(pixsim7_url="http://pixsim.local:8000")
>>> media.thumbnail({"id": 5, "media_type": "IMAGE", "thumbnail_key": "u/1/thumbnails/5.jpg"})
'http://pixsim.local:8000/api/v1/media/u/1/thumbnails/5.jpg'
"""

from __future__ import annotations

import base64
import errno
import functools
import os
import stat
import warnings
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from threading import Lock
from typing import Any
from urllib.parse import urlsplit

from ..errors import InvalidArgument, InvalidArgumentType, MediaRefused, MediaWarning
from ..model.records import opt_str, plain
from ..model.results import Asset
from ..model.thumbnails import absolute, thumbnail_url

__all__ = [
    "ENV_MEDIA_DIR",
    "ENV_PIXSIM7_URL",
    "IMAGE_SUFFIXES",
    "THUMBNAIL_MAX_BYTES",
    "MediaFolder",
    "Pixsim7Media",
    "check_origin",
    "media_settings",
]

ENV_PIXSIM7_URL = "LINEAGE_KIT_PIXSIM7_URL"
ENV_MEDIA_DIR = "LINEAGE_KIT_MEDIA_DIR"
THUMBNAIL_MAX_BYTES = 256 * 1024
"""pixsim7's thumbnails are 320-pixel JPEGs of a few tens of kilobytes."""

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_CACHE_SIZE = 1024


def _sniff(head: bytes) -> str | None:
    """The image type of a file from its first bytes (SVG, which may hold script, never)."""
    for magic, mime in _SIGNATURES:
        if head.startswith(magic):
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


class MediaFolder:
    """pixsim7's local storage folder, read strictly: small image files inside it, nothing else.

    Parameters
    ----------
    root
        The folder pixsim7 stores its media in (keys are paths below it).
    max_bytes
        The largest file read, 1 byte to 16 MiB (default 256 KiB).

    Examples
    --------
    >>> import tempfile
    >>> folder = MediaFolder(tempfile.mkdtemp())
    >>> folder.data_uri("u/1/thumbnails/missing.jpg") is None
    True
    >>> folder.data_uri("../../etc/passwd")
    Traceback (most recent call last):
    ...
    lineage_kit.errors.MediaRefused: key '../../etc/passwd' is refused: it goes up out of the folder
    """

    def __init__(self, root: str | os.PathLike[str], *, max_bytes: int = THUMBNAIL_MAX_BYTES):
        if isinstance(root, bool) or not isinstance(root, (str, os.PathLike)):
            raise InvalidArgumentType(
                f"media_dir must be a folder path (str or os.PathLike), not {type(root).__name__}"
            )
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
            raise InvalidArgumentType(f"max_bytes must be an integer, not {max_bytes!r}")
        if not 1 <= max_bytes <= 16 * 1024 * 1024:
            raise InvalidArgument(f"max_bytes must be from 1 to 16777216; got {max_bytes}")
        path = Path(root).expanduser()
        if not path.is_dir():
            raise InvalidArgument(f"media_dir must be an existing folder; {str(path)!r} is not")
        self.root = path.resolve()
        self.max_bytes = max_bytes
        self._cache: OrderedDict[tuple[Any, ...], str] = OrderedDict()
        self._warned: set[str] = set()
        self._lock = Lock()

    def __repr__(self) -> str:
        return f"MediaFolder({str(self.root)!r}, max_bytes={self.max_bytes})"

    def path_of(self, key: str) -> Path:
        """The file a key names, fully resolved, or :class:`MediaRefused` saying why not.

        Nothing is read; the file need not exist.
        """
        if not isinstance(key, str) or not key:
            raise MediaRefused(f"key {key!r} is refused: a key is a non-empty text")
        if "\x00" in key:
            raise MediaRefused(f"key {key!r} is refused: it holds a NUL character")
        posix, windows = PurePosixPath(key), PureWindowsPath(key)
        if posix.is_absolute() or windows.is_absolute() or windows.drive or key.startswith("\\"):
            raise MediaRefused(f"key {key!r} is refused: it is an absolute path")
        if ".." in posix.parts or ".." in windows.parts:
            raise MediaRefused(f"key {key!r} is refused: it goes up out of the folder")
        if posix.suffix.lower() not in IMAGE_SUFFIXES:
            raise MediaRefused(
                f"key {key!r} is refused: not an image file ({', '.join(IMAGE_SUFFIXES)})"
            )
        path = self._resolved(key, self.root / posix)
        if not path.is_relative_to(self.root):
            raise MediaRefused(
                f"key {key!r} is refused: a symbolic link leads outside {str(self.root)!r}"
            )
        return path

    @staticmethod
    def _resolved(key: str, path: Path) -> Path:
        """``path`` with every symbolic link followed, or :class:`MediaRefused`.

        Every way resolving can fail is a refusal: a loop of links (``RuntimeError`` on
        Python 3.11 and 3.12, ``OSError`` later), a name the file system cannot encode
        (``UnicodeEncodeError``), a path too long, a permission error.
        """
        try:
            return path.resolve()
        except (OSError, RuntimeError, ValueError) as exc:
            why = _why(exc)
        raise MediaRefused(f"key {key!r} is refused: its path cannot be resolved ({why})")

    def data_uri(self, key: str) -> str | None:
        """The image under ``key`` as a ``data:`` URI; None when there is no such file.

        Raises
        ------
        MediaRefused
            The key leads outside the folder, or the file is not a regular
            image file (by its first bytes) of at most ``max_bytes``.
        """
        path = self.path_of(key)
        fd = self._open(key, path)
        if fd is None:
            return None
        try:
            info = self._check(key, fd)
            if info is None:  # a folder named like an image
                return None
            token = (str(path), info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size)
            with self._lock:
                cached = self._cache.get(token)
                if cached is not None:
                    self._cache.move_to_end(token)
                    return cached
            data = self._read(fd)
        finally:
            os.close(fd)
        if len(data) > self.max_bytes:  # grew while being read
            raise MediaRefused(f"key {key!r} is refused: more than max_bytes={self.max_bytes}")
        mime = _sniff(data[:16])
        if mime is None:
            raise MediaRefused(
                f"key {key!r} is refused: its content is not a JPEG, PNG, WebP or GIF"
            )
        uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        with self._lock:
            self._cache[token] = uri
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return uri

    def _open(self, key: str, path: Path) -> int | None:
        """A read-only descriptor that never follows a final link and never blocks (FIFOs)."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            return os.open(path, flags)
        except FileNotFoundError:
            return None
        except ValueError as exc:  # a name the file system cannot encode
            raise MediaRefused(f"key {key!r} is refused: cannot open it ({_why(exc)})") from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a link put in place after the path was resolved
                raise MediaRefused(f"key {key!r} is refused: it became a symbolic link") from None
            if exc.errno in (errno.EISDIR, errno.ENOTDIR):
                return None
            raise MediaRefused(f"key {key!r} is refused: cannot open it ({exc.strerror})") from None

    def _check(self, key: str, fd: int) -> os.stat_result | None:
        """The open file's status when it may be read; None for a folder; refused otherwise."""
        self._check_opened(key, fd)
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return None
        if not stat.S_ISREG(info.st_mode):
            raise MediaRefused(f"key {key!r} is refused: not a regular file")
        if info.st_size > self.max_bytes:
            raise MediaRefused(
                f"key {key!r} is refused: {info.st_size} bytes, more than "
                f"max_bytes={self.max_bytes}"
            )
        return info

    def _read(self, fd: int) -> bytes:
        """At most ``max_bytes + 1`` bytes (one more tells a file that grew)."""
        chunks, left = [], self.max_bytes + 1
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def _check_opened(self, key: str, fd: int) -> None:
        """Where the file descriptor really points (Linux): a folder swapped for a link after
        the path was resolved is caught here."""
        try:
            real = Path(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:  # no /proc: the resolved path and O_NOFOLLOW are the guard
            return
        if not real.is_relative_to(self.root):
            raise MediaRefused(f"key {key!r} is refused: it leads outside {str(self.root)!r}")

    def thumbnail(self, key: str, asset_id: int) -> str | None:
        """:meth:`data_uri`, warning once per key instead of raising (for summaries)."""
        try:
            return self.data_uri(key)
        except MediaRefused as exc:
            with self._lock:
                new = key not in self._warned
                self._warned.add(key)
            if new:
                warnings.warn(
                    f"asset {asset_id}: thumbnail not read from the media folder: {exc}",
                    MediaWarning,
                    stacklevel=2,
                )
            return None


def _why(exc: BaseException) -> str:
    """A short reason for a path that failed: the OS's words, or the error's kind."""
    if isinstance(exc, OSError) and exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    if isinstance(exc, RuntimeError):  # pathlib's own symlink-loop error (Python < 3.13)
        return "a loop of symbolic links"
    if isinstance(exc, UnicodeError):
        return "a name the file system cannot encode"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return type(exc).__name__


@dataclass(frozen=True)
class Pixsim7Media:
    """How summaries report thumbnails: pixsim7's URL rules, its origin, its storage folder.

    Make one with :func:`media_settings`.
    """

    origin: str | None = None
    folder: MediaFolder | None = field(default=None, compare=False)
    folder_path: str | None = None

    def thumbnail(self, rec: Mapping[str, Any]) -> str | None:
        """The thumbnail a summary shows: a data URI read from the folder, else pixsim7's URL."""
        key = opt_str(rec.get("thumbnail_key"))
        if self.folder is not None and key:
            uri = self.folder.thumbnail(key, int(plain(rec["id"])))
            if uri is not None:
                return uri
        return absolute(thumbnail_url(rec), self.origin)

    def asset(self, rec: Mapping[str, Any]) -> Asset:
        """The :class:`~lineage_kit.Asset` summary of a raw asset row."""
        return Asset.from_record(rec, thumbnail=self.thumbnail)

    def graph_attrs(self) -> dict[str, str]:
        """What a networkx graph carries to give the same summaries (only the settings given)."""
        out = {}
        if self.origin is not None:
            out["pixsim7_url"] = self.origin
        if self.folder_path is not None:
            out["media_dir"] = self.folder_path
        return out


def check_origin(value: Any, name: str = "pixsim7_url") -> str | None:
    """The pixsim7 server's origin (``http(s)://host[:port][/path]``), without a trailing ``/``.

    >>> check_origin("http://localhost:8000/")
    'http://localhost:8000'
    >>> check_origin("localhost:8000")
    Traceback (most recent call last):
    ...
    lineage_kit.errors.InvalidArgument: pixsim7_url must be the pixsim7 server's address \
such as http://localhost:8000 (http or https, a host, an optional port and path, no query, \
no user name); got 'localhost:8000'
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidArgumentType(
            f"{name} must be the pixsim7 server's address as text, not {type(value).__name__}"
        )
    text = value.strip()
    problem = False
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises on a malformed port
    except ValueError:
        problem = True
    else:
        problem = (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or bool(parts.query or parts.fragment or parts.username or parts.password)
        )
    if problem:
        raise InvalidArgument(
            f"{name} must be the pixsim7 server's address such as http://localhost:8000 "
            "(http or https, a host, an optional port and path, no query, no user name); "
            f"got {value!r}"
        )
    return text.rstrip("/")


def media_settings(
    pixsim7_url: str | None = None, media_dir: str | os.PathLike[str] | None = None
) -> Pixsim7Media:
    """The media settings: the arguments, else ``$LINEAGE_KIT_PIXSIM7_URL`` and
    ``$LINEAGE_KIT_MEDIA_DIR``, else none (relative URLs, nothing read).

    >>> media_settings(pixsim7_url="https://pixsim.example/").origin
    'https://pixsim.example'
    """
    if pixsim7_url is not None:
        origin = check_origin(pixsim7_url)
    else:
        origin = check_origin(os.environ.get(ENV_PIXSIM7_URL) or None, ENV_PIXSIM7_URL)
    if media_dir is None:
        from_env = os.environ.get(ENV_MEDIA_DIR) or None
        try:
            return _settings(origin, from_env)
        except InvalidArgument as exc:
            raise InvalidArgument(f"${ENV_MEDIA_DIR}: {exc}") from None
    if isinstance(media_dir, bool) or not isinstance(media_dir, (str, os.PathLike)):
        raise InvalidArgumentType(
            f"media_dir must be a folder path (str or os.PathLike), not {type(media_dir).__name__}"
        )
    return _settings(origin, os.fspath(media_dir))


@functools.lru_cache(maxsize=32)
def _settings(origin: str | None, folder: str | None) -> Pixsim7Media:
    """One settings object (and one folder cache) per distinct pair."""
    if folder is None:
        return Pixsim7Media(origin=origin)
    media_folder = MediaFolder(folder)
    return Pixsim7Media(origin=origin, folder=media_folder, folder_path=str(media_folder.root))
