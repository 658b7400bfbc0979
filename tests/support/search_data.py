"""Assets worth searching, and the five places a search can run on them.

The sample does not carry prompts, hashes or storage keys yet, so the search
tests build their own rows. :func:`search_sources` loads the same rows into the
kit's SQLite (a pixsim7-shaped file), a bare PostgreSQL database (no pg_trgm, no
search indexes), a PostgreSQL database with pixsim7's search indexes, Frames and
a networkx graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

import lineage_kit as lk

from .pixsim_db import PixsimDB

SHA_1 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
KINDS = ("sqlite", "postgresql", "postgresql+indexes", "frames", "networkx")


def _at(minute: int | None) -> datetime | None:
    return None if minute is None else datetime(2026, 5, 1, 9, minute)


def _asset(i: int, user: int, pid: str, when: int | None, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": i,
        "user_id": user,
        "media_type": "video",
        "provider_id": "pixverse",
        "provider_asset_id": pid,
        "created_at": _at(when),
        "is_archived": False,
    }
    row.update(extra)
    return row


ASSETS = [
    _asset(
        1, 1, "374351749764234", 0,
        sha256=SHA_1,
        stored_key="u1/clips/1.mp4",
        description="Base clip: a cat rides a skateboard",
        prompt="A ginger cat rides a skateboard down a neon street, golden-hour light, 35mm",
    ),
    _asset(
        2, 1, "374351749764301", 10,
        description="Extended: the cat jumps a ramp",
        prompt="the cat jumps a ramp, slow motion, Neon rain",
    ),
    _asset(3, 1, "374351749764234", 5, provider_id="sora", description="Storyboard sketch",
           media_type="image"),
    _asset(
        4, 1, "local_4", 2,
        provider_id="local",
        media_type="image",
        local_path="/data/media/u1/4.jpg",
        description="CAT SKATEBOARD poster",
        prompt="poster of a cat.mp4 render, <b>bold</b> type &amp; -5 stops",
    ),
    _asset(5, 1, "55", 30, description="cat"),
    _asset(6, 1, "66", 30, description="Cat on a skateboard at dusk",
           prompt="Dusk; a CAT, skating"),
    _asset(55, 1, "p55", 20, description="Café crème at dusk", prompt="crème brûlée, café au lait"),
    _asset(7, 2, "374351749764234", 40, description="a cat rides a skateboard (owner 2)",
           prompt="a cat rides a skateboard", stored_key="u1/clips/1.mp4"),
]  # fmt: skip

LINEAGE = [
    {"id": 1, "parent_asset_id": 1, "child_asset_id": 2, "relation_type": "SOURCE_VIDEO",
     "operation_type": "video_extend", "sequence_order": 0},
    {"id": 2, "parent_asset_id": 4, "child_asset_id": 1, "relation_type": "SOURCE_IMAGE",
     "operation_type": "image_to_video", "sequence_order": 0},
]  # fmt: skip


def frames_of(
    assets: Iterable[Mapping[str, Any]], lineage: Iterable[Mapping[str, Any]]
) -> lk.Frames:
    """Frames holding exactly these rows (every searched column present)."""
    cols = [c.name for c in lk.schema.assets.c]
    a = pd.DataFrame([{c: r.get(c) for c in cols} for r in assets], columns=cols)
    lcols = [c.name for c in lk.schema.asset_lineage.c]
    rows = [{c: r.get(c) for c in lcols} for r in lineage]
    return lk.Frames(a, pd.DataFrame(rows, columns=lcols))


def database(kind: str, folder: Path, server: Any) -> PixsimDB:
    """An empty pixsim7-shaped database of ``kind`` with every column the search reads."""
    if kind == "sqlite":
        db = PixsimDB.sqlite(folder)
        with db.writer.begin() as conn:
            have = {c["name"] for c in sa.inspect(conn).get_columns("assets")}
            for name in ("stored_key", "sha256", "prompt", "description", "local_path"):
                if name not in have:
                    conn.exec_driver_sql(f"ALTER TABLE assets ADD COLUMN {name} TEXT")
        return db
    return PixsimDB.postgresql(server, search_indexes=kind == "postgresql+indexes")


def search_sources(
    folder: Path,
    server: Any,
    assets: list[dict[str, Any]] | None = None,
    lineage: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The rows loaded into each of :data:`KINDS`: ``{kind: source}``."""
    assets = ASSETS if assets is None else assets
    lineage = LINEAGE if lineage is None else lineage
    out: dict[str, Any] = {}
    for kind in KINDS[:3]:
        db = database(kind, folder, server)
        db.load(assets, lineage)
        out[kind] = db.store
    frames = frames_of(assets, lineage)
    out["frames"] = frames
    out["networkx"] = frames.to_networkx()
    return out
