"""The embedded sample: ``lineage_kit.data_samples`` built into a SQLite file in the user cache.

The sample's CSV files and thumbnails ship inside the package (the repository's
``data_samples/`` folder) and are read with :mod:`importlib.resources`, so a
plain ``pip install`` finds them. The database's file name carries a digest of
the sample files, so an edited sample is rebuilt and a stale one is never read.
The sample's assets written the way pixsim7 writes them today have storage keys
instead of a thumbnail URL; their thumbnails sit in ``media/``, laid out like
pixsim7's storage folder, which is copied beside the database
(:func:`sample_media_dir`) and read as the sample store's media folder.
The working folder is never touched.

Examples
--------
>>> from lineage_kit.sources.sample import sample_database
>>> sample_database().suffix
'.sqlite'
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tempfile
from datetime import datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import platformdirs
import sqlalchemy as sa

from ..errors import StoreError
from ..model.schema import asset_lineage, assets, generations

__all__ = [
    "SAMPLE_FILES",
    "cache_dir",
    "sample_database",
    "sample_dir",
    "sample_media_dir",
    "sample_rows",
]

SAMPLE_FILES = {
    "assets": "assets.csv",
    "asset_lineage": "lineage.csv",
    "generations": "generations.csv",
}
"""The sample's tables and the CSV file holding each."""
_THUMB_PREFIX = "thumbnails/"
_MEDIA = "media"


def sample_dir() -> Traversable:
    """The sample's folder inside the installed package."""
    return files("lineage_kit.data_samples")


def cache_dir() -> Path:
    """Where built databases live: ``$LINEAGE_KIT_CACHE_DIR`` or the user cache directory."""
    return Path(
        os.environ.get("LINEAGE_KIT_CACHE_DIR") or platformdirs.user_cache_dir("lineage_kit")
    )


def _files(folder: Traversable | Path, prefix: str) -> list[str]:
    """Relative names of the files below ``folder/prefix``, sorted (any depth)."""
    top = folder.joinpath(prefix)
    if not top.is_dir():
        return []
    out: list[str] = []
    stack: list[tuple[str, Traversable | Path]] = [(prefix, top)]
    while stack:
        name, node = stack.pop()
        for child in node.iterdir():
            path = f"{name}/{child.name}"
            if child.is_dir():
                stack.append((path, child))
            elif child.is_file():
                out.append(path)
    return sorted(out)


def _digest(folder: Traversable | Path) -> str:
    h = hashlib.sha256()
    names = list(SAMPLE_FILES.values()) + _files(folder, "thumbnails") + _files(folder, _MEDIA)
    for name in names:
        h.update(name.encode())
        h.update(folder.joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def sample_rows(folder: Traversable | Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """The sample's rows by table name, as the database holds them (thumbnails inlined).

    >>> rows = sample_rows()
    >>> sorted(rows), rows["assets"][0]["id"]
    (['asset_lineage', 'assets', 'generations'], 101)
    """
    folder = sample_dir() if folder is None else folder
    out = {}
    for table in (assets, asset_lineage, generations):
        text = folder.joinpath(SAMPLE_FILES[table.name]).read_text(encoding="utf-8")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        out[table.name] = [_convert(table, row, folder) for row in reader]
    return out


def sample_database(folder: Traversable | Path | None = None) -> Path:
    """Return the path of the embedded sample database, building it when missing or stale.

    ``folder`` is the packaged sample by default; another folder with the same
    files (a copy being edited) may be given.
    """
    folder = sample_dir() if folder is None else folder
    if not folder.joinpath(SAMPLE_FILES["assets"]).is_file():
        raise StoreError(
            f"the sample is missing ({folder}); reinstall lineage-kit (pip install lineage-kit)"
        )
    target = cache_dir() / f"sample-{_digest(folder)}.sqlite"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".building-", suffix=".sqlite", dir=target.parent)
    os.close(fd)
    try:
        _build(sample_rows(folder), Path(tmp))
        os.replace(tmp, target)  # atomic: concurrent builders each produce the same file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def sample_media_dir(folder: Traversable | Path | None = None) -> Path:
    """The sample's media folder (pixsim7's storage layout), copied beside its database.

    >>> sample_media_dir().is_dir()
    True
    """
    folder = sample_dir() if folder is None else folder
    target = cache_dir() / f"sample-{_digest(folder)}-media"
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-media-", dir=target.parent))
    try:
        for name in _files(folder, _MEDIA):
            dest = tmp.joinpath(*name.split("/")[1:])
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(folder.joinpath(name).read_bytes())
        try:
            os.replace(tmp, target)  # atomic; a concurrent builder made the same folder
        except OSError:
            if not target.is_dir():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _thumbnail(folder: Traversable | Path, url: str) -> str:
    if not url.startswith(_THUMB_PREFIX):
        return url
    data = folder.joinpath(url).read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode()


def _convert(table: sa.Table, row: dict[str, str], folder: Traversable | Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, text in row.items():
        col = table.c[name]
        if text is None or text == "":  # empty, or a short line's missing trailing fields
            out[name] = None
        elif name == "thumbnail_url":
            out[name] = _thumbnail(folder, text)
        elif isinstance(col.type, sa.Integer):
            out[name] = int(text)
        elif isinstance(col.type, sa.Float):
            out[name] = float(text)
        elif isinstance(col.type, sa.Boolean):
            out[name] = text.lower() == "true"
        elif isinstance(col.type, sa.DateTime):
            out[name] = datetime.fromisoformat(text)
        elif isinstance(col.type, sa.JSON):
            out[name] = json.loads(text)
        else:
            out[name] = text
    return out


def _build(rows: dict[str, list[dict[str, Any]]], path: Path) -> None:
    engine = sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(path))
    try:
        # The sample has exactly the kit's columns; pixsim7 has no unique index on
        # (child, parent, relation, order) in old databases, so the sample keeps a duplicate.
        meta = sa.MetaData()
        tables = [t.to_metadata(meta) for t in (assets, asset_lineage, generations)]
        with engine.begin() as conn:
            meta.create_all(conn)
            for table in tables:
                conn.execute(table.insert(), rows[table.name])
    finally:
        engine.dispose()
