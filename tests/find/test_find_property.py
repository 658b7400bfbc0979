"""Property: every source finds the same assets in the same order, for any rows and query.

Random assets (several owners, shared provider ids, hashes, keys, paths, tied
dates) whose descriptions and prompts are made of words joined by the characters
that change how PostgreSQL's parser reads text (``. / - + @ < > & ; : ~``,
non-ASCII punctuation and spaces, tags and entities), queried with their own words,
pieces and values: SQLite, bare PostgreSQL, PostgreSQL with pixsim7's full-text
and trigram indexes, Frames and networkx must agree exactly. The indexed database
proves that the full-text index never drops a prompt the policy matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lineage_kit as lk
from tests.support.pgserver import PgServer
from tests.support.pixsim_db import PixsimDB
from tests.support.search_data import SHA_1, database, frames_of

SHA_2 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
TOKENS = [
    "cat", "Cat", "CATS", "the", "a", "running", "runs", "neon", "35mm", "5", "x", "café",
    "CAFÉ", "crème", "mp4", "amp", "b", "hour", "golden", "1.5", "naïve", "happy", "it’s",
    "<b>", "</b>", "&amp;", "http", "com",
]  # fmt: skip
SEPARATORS = [
    " ", ", ", ".", "-", "/", "@", "<", ">", "&", ";", ":", "_", "'", "://", "+", "~", "  ",
    "…", "\u00a0", "—",
]  # fmt: skip
DATES = [datetime(2026, 5, 1, 9, m) for m in (0, 1, 1, 2)]


@st.composite
def texts(draw: st.DrawFn) -> str | None:
    if draw(st.integers(0, 4)) == 0:
        return None
    words = draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6))
    out = words[0]
    for w in words[1:]:
        out += draw(st.sampled_from(SEPARATORS)) + w
    return out


@st.composite
def asset_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    ids = draw(st.sets(st.integers(1, 12), min_size=1, max_size=8))
    rows = []
    for i in sorted(ids):
        rows.append(
            {
                "id": i,
                "user_id": draw(st.sampled_from([1, 1, 2])),
                "media_type": "video",
                "provider_id": draw(st.sampled_from(["pixverse", "sora"])),
                "provider_asset_id": draw(st.sampled_from(["111", "222", "5", "abc", "x.y"])),
                "sha256": draw(st.sampled_from([None, SHA_1, SHA_2])),
                "stored_key": draw(st.sampled_from([None, "k/1.mp4", "k/2.mp4"])),
                "local_path": draw(st.sampled_from([None, "/p/1.jpg"])),
                "description": draw(texts()),
                "prompt": draw(texts()),
                "created_at": draw(st.sampled_from(DATES)),
                "is_archived": False,
            }
        )
    return rows


@st.composite
def queries(draw: st.DrawFn, rows: list[dict[str, Any]]) -> str:
    kind = draw(st.integers(0, 5))
    row = draw(st.sampled_from(rows))
    if kind == 0:
        return draw(st.sampled_from(TOKENS))
    if kind == 1:
        return " ".join(draw(st.lists(st.sampled_from(TOKENS), min_size=2, max_size=3)))
    if kind == 2:
        text = row["description"] or row["prompt"] or "cat"
        start = draw(st.integers(0, len(text) - 1))
        piece = text[start : start + draw(st.integers(1, 12))]
        return piece if piece.strip() and "\x00" not in piece else "cat"
    if kind == 3:
        field = draw(st.sampled_from(["provider_asset_id", "sha256", "stored_key", "local_path"]))
        value = row[field] or "111"
        return value.upper() if draw(st.booleans()) and field == "sha256" else value
    if kind == 4:
        return draw(st.sampled_from([str(row["id"]), f"#{row['id']}", f"{row['provider_id']}:111"]))
    return draw(st.text(alphabet="abc5.:/- é", min_size=1, max_size=8).filter(str.strip))


@pytest.fixture(scope="module")
def databases(
    tmp_path_factory: pytest.TempPathFactory, pg_server: PgServer
) -> Iterator[dict[str, PixsimDB]]:
    folder = tmp_path_factory.mktemp("find-property")
    dbs = {kind: database(kind, folder, pg_server) for kind in ("sqlite", "postgresql",
                                                                 "postgresql+indexes")}  # fmt: skip
    yield dbs
    for db in dbs.values():
        db.dispose()


def agree(
    dbs: dict[str, PixsimDB], rows: list[dict[str, Any]], asks: list[Any]
) -> dict[str, list[int]]:
    """Every source's answers are equal; returns the ids found for each query."""
    found = {}
    for db in dbs.values():
        db.load(rows, [])
    frames = frames_of(rows, [])
    sources = {**{k: db.store for k, db in dbs.items()}, "frames": frames}
    sources["networkx"] = frames.to_networkx()
    for query, uid, limit in asks:
        answers = {
            k: lk.find_assets(s, query, user_id=uid, limit=limit).to_dict()
            for k, s in sources.items()
        }
        for kind, answer in answers.items():
            assert answer == answers["frames"], (kind, query, uid, limit)
        found[query] = [h["asset"]["id"] for h in answers["frames"]["hits"]]
    return found


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[Any]]:
    rows = draw(asset_rows())
    asks = [
        (draw(queries(rows)), draw(st.sampled_from([1, 2, None])), draw(st.integers(1, 6)))
        for _ in range(draw(st.integers(1, 4)))
    ]
    return rows, asks


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_every_source_finds_the_same(databases: dict[str, PixsimDB], case: Any) -> None:
    agree(databases, *case)


def test_corner_cases_agree(databases: dict[str, PixsimDB], tmp_path: Path) -> None:
    """Pinned, for prompts: compound tokens, stop words, stems, markup and non-ASCII."""
    prompts = [
        "The cats.mp4 running@x.com", "a happy.day at http://h.io/p", "<b>neon</b> &amp; -5+5",
        "it’s café—crème naïve", "the a", "running runs ran", "1.5x 35mm golden-hour",
        "x/y ~z cat:dog", "CAT\u00a0Cat",
    ]  # fmt: skip
    rows = [
        {"id": i + 1, "user_id": 1, "media_type": "video", "provider_id": "pixverse",
         "provider_asset_id": str(i), "prompt": p, "description": None,
         "created_at": DATES[i % 4], "is_archived": False}
        for i, p in enumerate(prompts)
    ]  # fmt: skip
    asks = [
        (q, 1, 10)
        for q in [
            "cats", "cat", "running", "run", "happy", "day", "http", "h", "neon", "amp", "b",
            "5", "the", "the a", "it’s", "café crème", "naïve", "1", "35mm", "golden hour",
            "y", "z", "dog", "CAT", "Cat\u00a0cat", "x.com",
        ]
    ]  # fmt: skip
    found = agree(databases, rows, asks)
    assert found["running"] == [6, 1] and found["run"] == [] and found["happy"] == [2]
    assert found["http"] == found["day"] == found["amp"] == found["b"] == []
    assert found["neon"] == [3] and found["it’s"] == [4] and found["the a"] == [5]
    assert found["Cat\u00a0cat"] == [9] and found["cats"] == [1] and found["x.com"] == [8]
