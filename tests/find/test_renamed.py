"""Renamed names keep working, with a DeprecationWarning that says the new name."""

from __future__ import annotations

import importlib
import sys

import pandas as pd
import pytest

import lineage_kit as lk


def test_the_old_find_module_still_answers_and_warns() -> None:
    sys.modules.pop("lineage_kit.find", None)
    with pytest.warns(DeprecationWarning, match="lineage_kit.finding"):
        old = importlib.import_module("lineage_kit.find")
    assert old.find_assets is lk.find_assets and old.resolve_asset is lk.resolve_asset


def test_frames_lineage_is_frames_edges_with_a_warning() -> None:
    frames = lk.connect().frames(user_id=1)
    with pytest.warns(DeprecationWarning, match="Frames.edges"):
        rows = frames.lineage
    assert rows is frames.edges
    with pytest.warns(DeprecationWarning, match="edges="):
        again = lk.Frames(assets=frames.assets, lineage=frames.edges)
    pd.testing.assert_frame_equal(again.edges, frames.edges)
    with pytest.raises(lk.InvalidArgument, match="once"):
        lk.Frames(frames.assets, frames.edges, lineage=frames.edges)
