"""Refresh keeps what changed (issue 26): the header says what changed since when, new and
changed rows' cards are marked, rows that are gone are listed, ``changes`` holds the diff,
the static face shows the same; and the header names the generation that made the asset."""

from __future__ import annotations

import re
import warnings
from datetime import datetime

import pandas as pd
import pytest

import lineage_kit as lk
from lineage_kit.widgets.inspector import LineageInspector
from tests.support.pixsim_db import PixsimDB, sample_rows

SINCE = re.compile(r" since \d\d:\d\d$")


@pytest.fixture()
def frames() -> lk.Frames:
    return lk.connect().frames(user_id=1)


def _edit(frames: lk.Frames) -> None:
    """Row 12 (302 → 310) leaves the scope (its child is now an asset that does not exist)
    and a new row 303 → 310 appears, edited in place as a user would."""
    edges = frames.edges
    new = edges[edges["id"] == 10].copy()
    new["id"], new["sequence_order"] = 9999, 4
    edges.loc[edges["id"] == 12, "child_asset_id"] = 999_999
    edges.loc[edges.index.max() + 1] = new.iloc[0]


def test_a_refresh_that_finds_nothing_says_so(frames: lk.Frames) -> None:
    insp = LineageInspector(frames, user_id=1, asset_id=310)
    assert insp.changes is None and insp.header_note == ""
    assert insp.refresh()
    assert insp.changes is not None and not insp.changes
    assert insp.header_note.startswith("No change since") and SINCE.search(insp.header_note)
    assert insp.card_marks == {} and "lk-mark" not in insp.cards_html


def test_a_refresh_marks_new_rows_and_lists_the_removed_ones(frames: lk.Frames) -> None:
    insp = LineageInspector(frames, user_id=1, asset_id=310)
    _edit(frames)
    assert insp.refresh()
    d = insp.changes
    assert isinstance(d, lk.LineageDiff) and d
    assert d.added["id"].tolist() == [9999] and d.removed["id"].tolist() == [12]
    assert insp.header_note.startswith("1 row added, 1 removed") and SINCE.search(insp.header_note)
    assert insp.card_marks == {9999: "new"}
    assert [c.asset_id for c in insp.section("removed").cards] == [302]
    assert insp.section("removed").title.startswith("Removed since ")
    html = insp.cards_html
    assert re.search(r'lk-mark-new" data-mark="new"><div class="lk-card lk-card-303', html)
    assert re.search(r"lk-section-removed.*lk-mark-removed.*lk-card-302", html, re.S)
    face = insp._face_parts()["text/html"]
    assert insp.header_note in face and "(new)" in face and "(removed)" in face


def test_a_card_of_a_removed_row_opens_its_asset(frames: lk.Frames) -> None:
    insp = LineageInspector(frames, user_id=1, asset_id=310)
    _edit(frames)
    insp.refresh()
    insp.receive({"type": "open", "asset_id": 302})
    assert insp.asset_id == 302 and insp.error == ""


def test_another_asset_or_other_controls_forget_the_changes(frames: lk.Frames) -> None:
    insp = LineageInspector(frames, user_id=1, asset_id=310)
    _edit(frames)
    insp.refresh()
    insp.asset_id = 301
    assert insp.changes is None and insp.header_note == "" and insp.card_marks == {}
    assert [s.key for s in insp.sections] == ["parents", "children"]
    insp.refresh()
    assert insp.header_note.startswith("No change")
    insp.max_depth = 2  # another question: nothing to compare with
    assert insp.changes is None and insp.header_note == ""


def test_a_refresh_done_as_pixsim7_does_it_is_no_change(empty_db: PixsimDB) -> None:
    """On SQLite and PostgreSQL: the child's rows deleted, committed, written again with new
    ids and created_at, as pixsim7's lineage refresh does; Refresh marks nothing."""
    empty_db.load(*sample_rows())
    insp = LineageInspector(empty_db.store, user_id=1, asset_id=310)
    rows = [r for r in sample_rows()[1] if r["child_asset_id"] == 310]
    now = datetime(2026, 12, 7, 14, 2)
    assert (
        empty_db.refresh_child(310, [{**r, "id": 5000 + r["id"], "created_at": now} for r in rows])
        == 4
    )
    assert insp.refresh()
    assert insp.changes is not None and not insp.changes and insp.changes.rewritten == 4
    assert insp.header_note.startswith("No change since") and insp.card_marks == {}


def test_the_header_names_the_generation_that_made_the_asset() -> None:
    insp = LineageInspector(lk.connect(), user_id=1, asset_id=910)
    assert "made by generation 830 · completed · pixverse" in insp.header_html
    assert "a day at the shore" in insp.header_html  # the prompt, a click away
    assert "<details" in insp.header_html
    assert "made by generation 830" in insp._face_parts()["text/html"]
    insp.asset_id = 310  # made by no generation: no line
    assert "made by generation" not in insp.header_html


def test_without_generations_the_header_has_no_line_and_no_error(frames: lk.Frames) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        insp = LineageInspector(frames, user_id=1, asset_id=910)
    assert insp.error == "" and "made by generation" not in insp.header_html
    assert isinstance(frames.edges, pd.DataFrame)
