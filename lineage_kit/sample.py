"""The embedded sample: ``data_samples/*.csv`` built into a SQLite file in the user cache.

The file name carries a digest of the sample files, so an edited sample is
rebuilt and a stale one is never read. The working folder is never touched.

Examples
--------
>>> from lineage_kit.sample import sample_database
>>> sample_database().suffix
'.sqlite'
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs
import sqlalchemy as sa

from .errors import StoreError
from .schema import asset_lineage, assets

__all__ = ["SAMPLE_DIR", "cache_dir", "sample_database"]

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data_samples"
_FILES = ("assets.csv", "lineage.csv")
_THUMB_PREFIX = "thumbnails/"


def cache_dir() -> Path:
    """Where built databases live: ``$LINEAGE_KIT_CACHE_DIR`` or the user cache directory."""
    return Path(
        os.environ.get("LINEAGE_KIT_CACHE_DIR") or platformdirs.user_cache_dir("lineage_kit")
    )


def _digest(sample_dir: Path) -> str:
    h = hashlib.sha256()
    paths = [sample_dir / f for f in _FILES] + sorted((sample_dir / "thumbnails").glob("*"))
    for p in paths:
        h.update(p.relative_to(sample_dir).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def sample_database(sample_dir: Path | None = None) -> Path:
    """Return the path of the embedded sample database, building it when missing or stale."""
    sample_dir = Path(sample_dir or SAMPLE_DIR)
    if not (sample_dir / "assets.csv").is_file():
        raise StoreError(
            f"the bundled sample is missing ({sample_dir / 'assets.csv'}); "
            "install lineage_kit from its source tree (pip install -e .)"
        )
    target = cache_dir() / f"sample-{_digest(sample_dir)}.sqlite"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".building-", suffix=".sqlite", dir=target.parent)
    os.close(fd)
    try:
        _build(sample_dir, Path(tmp))
        os.replace(tmp, target)  # atomic: concurrent builders each produce the same file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def _thumbnail(sample_dir: Path, url: str) -> str:
    if not url.startswith(_THUMB_PREFIX):
        return url
    data = (sample_dir / url).read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode()


def _convert(table: sa.Table, row: dict[str, str], sample_dir: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, text in row.items():
        col = table.c[name]
        if text == "":
            out[name] = None
        elif name == "thumbnail_url":
            out[name] = _thumbnail(sample_dir, text)
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


def _build(sample_dir: Path, path: Path) -> None:
    engine = sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(path))
    try:
        # The sample has exactly the kit's columns; pixsim7 has no unique index on
        # (child, parent, relation, order) in old databases, so the sample keeps a duplicate.
        meta = sa.MetaData()
        tables = [t.to_metadata(meta) for t in (assets, asset_lineage)]
        with engine.begin() as conn:
            meta.create_all(conn)
            for table, fname in zip(tables, _FILES, strict=True):
                with open(sample_dir / fname, newline="", encoding="utf-8") as f:
                    rows = [_convert(table, r, sample_dir) for r in csv.DictReader(f)]
                conn.execute(table.insert(), rows)
    finally:
        engine.dispose()
