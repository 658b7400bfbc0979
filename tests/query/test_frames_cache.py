"""``Frames`` keeps its in-memory source while its DataFrames are unchanged, and
notices every way of editing them in place (pandas copies on write)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import lineage_kit as lk
from lineage_kit.sources import frames as frames_module

Edit = Callable[[lk.Frames], Any]


def _assets_row(f: lk.Frames, asset_id: int) -> Any:
    return f.assets.index[f.assets["id"] == asset_id][0]


def _new_row(f: lk.Frames) -> None:
    row = f.assets[f.assets["id"] == 301].iloc[0].copy()
    row["id"] = 399
    f.assets.loc[f.assets.index.max() + 1] = row


EDITS: dict[str, Edit] = {
    "a text column replaced": lambda f: f.assets.__setitem__(
        "description", f.assets["description"].where(f.assets["id"] != 310, "edited")
    ),
    "loc, one text cell": lambda f: f.assets.loc.__setitem__(
        (_assets_row(f, 310), "description"), "x"
    ),
    "loc, an owner": lambda f: f.assets.loc.__setitem__((_assets_row(f, 301), "user_id"), 2),
    "loc, a time": lambda f: f.assets.loc.__setitem__(
        (_assets_row(f, 310), "created_at"), pd.Timestamp("2030-01-01")
    ),
    "iat, an edge's child": lambda f: f.edges.iat.__setitem__(
        (0, f.edges.columns.get_loc("child_asset_id")), 999_999
    ),
    "loc, rows to nowhere": lambda f: f.edges.loc.__setitem__(
        (f.edges["child_asset_id"] == 310, "child_asset_id"), 9999
    ),
    "drop rows in place": lambda f: f.edges.drop(
        f.edges.index[f.edges["child_asset_id"] == 310], inplace=True
    ),
    "query in place": lambda f: f.edges.query("parent_asset_id != 301", inplace=True),
    "a new column": lambda f: f.assets.__setitem__("note", 1),
    "insert a column": lambda f: f.assets.insert(0, "note", "x"),
    "delete a column": lambda f: f.assets.__delitem__("description"),
    "pop a column": lambda f: f.assets.pop("description"),
    "drop a column in place": lambda f: f.assets.drop(columns=["description"], inplace=True),
    "replace a whole column": lambda f: f.assets.__setitem__("user_id", 2),
    "rename in place": lambda f: f.assets.rename(columns={"description": "text"}, inplace=True),
    "new column names": lambda f: setattr(
        f.assets, "columns", ["text" if c == "description" else c for c in f.assets.columns]
    ),
    "a new index": lambda f: setattr(f.edges, "index", f.edges.index + 100),
    "reset the index in place": lambda f: f.edges.reset_index(drop=True, inplace=True),
    "sort in place": lambda f: f.edges.sort_values("id", ascending=False, inplace=True),
    "fillna in place": lambda f: f.edges.fillna({"parent_start_time": 0.5}, inplace=True),
    "replace in place": lambda f: f.edges.replace(
        {"relation_type": {"SOURCE_IMAGE": "X"}}, inplace=True
    ),
    "mask in place": lambda f: f.edges.mask(
        f.edges.isin({"sequence_order": [0]}), 7, inplace=True
    ),
    "update": lambda f: f.assets.update(
        pd.DataFrame({"description": ["updated"]}, index=[_assets_row(f, 310)])
    ),
    "a row appended by loc": _new_row,
}


@pytest.fixture
def frames() -> lk.Frames:
    return lk.connect().frames(user_id=1)


def _answers(f: lk.Frames) -> list[Any]:
    out: list[Any] = []
    for asset_id in (101, 301, 310, 399):
        try:
            out.append(lk.lineage(f, asset_id, user_id=1, max_depth=3).to_dict())
        except lk.AssetNotFound:
            out.append(None)
    return out


@pytest.mark.filterwarnings("ignore:The inplace keyword")  # deprecated for pandas 4, works in 3
@pytest.mark.parametrize("key", ["blocks", "columns"])
@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_an_edit_in_place_is_seen(
    frames: lk.Frames, edit: str, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After each edit the source is rebuilt and answers like fresh frames of the same data;
    with the blocks' identities (the fast key) and with pandas' public API alike."""
    if key == "columns":
        monkeypatch.setattr(frames_module, "_data_key", frames_module._column_key)
    _answers(frames)  # queried before: the source is cached
    src = frames.neighbour_source()
    EDITS[edit](frames)
    assert frames.neighbour_source() is not src
    fresh = lk.Frames(frames.assets.copy(deep=True), frames.edges.copy(deep=True))
    assert _answers(frames) == _answers(fresh)


def test_an_edit_changes_some_answer(frames: lk.Frames) -> None:
    """The edits above matter to the query (so the test above cannot pass on stale answers)."""
    before = _answers(frames)
    for name in ("loc, rows to nowhere", "loc, one text cell", "loc, an owner"):
        EDITS[name](frames)
    assert _answers(frames) != before


def test_reading_leaves_the_source_cached(frames: lk.Frames) -> None:
    src = frames.neighbour_source()
    frames.assets.head()
    frames.edges["child_asset_id"].to_numpy()
    frames.assets.describe()
    frames.assets.copy()
    frames.assets.sort_values("id")
    frames.to_networkx()
    lk.lineage(frames, 310, user_id=1)
    np.asarray(frames.edges["id"]).sum()
    assert frames.neighbour_source() is src


def test_the_fast_key_is_what_frames_use() -> None:
    """pandas (3.x) still has the internals the fast key reads."""
    f = lk.connect().frames(user_id=1)
    assert frames_module._data_key(f.assets)[0] == "blocks"


@pytest.mark.parametrize("key", ["blocks", "columns"])
def test_what_the_cache_holds_makes_an_edit_change_the_key(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a copy held, pandas edits an unshared array in place, keeping its identity."""
    if key == "columns":
        monkeypatch.setattr(frames_module, "_data_key", frames_module._column_key)
    f = lk.connect().frames(user_id=1)
    before = frames_module._data_key(f.assets)
    held = frames_module._held(f.assets)
    f.assets.loc[_assets_row(f, 301), "user_id"] = 2
    assert frames_module._data_key(f.assets) != before
    del held
