"""The Lineage Inspector at the Python level: selection, sections, badges, history, errors.

The widgets are driven the way the front end drives them (``Button.click()``,
setting a control's ``value``); the browser test checks the rendering.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import anywidget
import networkx as nx
import pandas as pd
import pytest
import traitlets

import lineage_kit as lk
from lineage_kit.sources.sample import sample_database
from lineage_kit.widgets.gallery import AssetGallery
from lineage_kit.widgets.inspector import LineageInspector
from lineage_kit.widgets.messages import parse_asset_id
from lineage_kit.widgets.palette import colour_for
from lineage_kit.widgets.thumbnails import placeholder_uri

NOT_FOUND = "not found for user 1: it does not exist or belongs to another owner."


def ids(insp: LineageInspector, key: str) -> list[int]:
    return [c.asset_id for c in insp.section(key).cards]


def card(insp: LineageInspector, key: str, asset_id: int, nth: int = 0):
    return [c for c in insp.section(key).cards if c.asset_id == asset_id][nth]


@pytest.fixture(scope="module")
def frames(sample_store: lk.Store) -> lk.Frames:
    return sample_store.frames(user_id=1)


@pytest.fixture(params=["store", "frames", "networkx"])
def source(request: pytest.FixtureRequest, sample_store: lk.Store, frames: lk.Frames):
    """Every kind of source the core accepts, over owner 1's part of the sample."""
    if request.param == "store":
        return sample_store
    if request.param == "frames":
        return frames
    return frames.to_networkx()


# --- the header -------------------------------------------------------------------------------
def test_header_shows_the_selected_asset(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=103)
    head = insp.header_html
    assert insp.asset_id == 103 and insp.result.root_asset_id == 103
    assert "Asset 103" in head
    for text in ("video", "pixverse", "374351749764377", "Extended again: the cat lands"):
        assert text in head
    assert "1↑ / 0↓" in head  # 703 (owner 2) is out of scope: no child for owner 1
    assert 'src="data:image/svg+xml;base64,' in head  # the sample's inlined thumbnail
    assert insp.error == ""
    assert isinstance(insp, anywidget.AnyWidget)  # one model: display(inspector) shows it


def test_archived_assets_are_marked(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=104)
    assert "archived" in insp.header_html
    insp.select(101)
    archived = card(insp, "children", 104)
    assert "lk-card-archived" in archived.html and "archived" in _text(archived.html)
    assert "archived" not in card(insp, "children", 102).html


def test_no_selection_shows_a_hint(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1)
    assert insp.asset_id is None and insp.result is None and insp.sections == []
    assert "Type an asset id" in insp.header_html


# --- sections and cards -------------------------------------------------------------------
def test_parents_and_children_sections(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=101)
    assert [s.key for s in insp.sections] == ["parents", "children"]
    assert ids(insp, "parents") == [] and ids(insp, "children") == [102, 104]
    insp.select(102)
    assert ids(insp, "parents") == [101] and ids(insp, "children") == [103]
    c = card(insp, "parents", 101)
    assert c.edge.id == 1 and "1001" not in c.html
    for text in ("pixverse", "374351749764234", "video", "0↑ / 2↓", "Base clip"):
        assert text in c.html
    assert 'data-open="101"' in c.html and 'title="Inspect asset 101"' in c.html


def test_badge_shows_relation_and_operation_in_palette_colours(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=103)
    html = card(insp, "parents", 102).html
    badge = re.search(r'<span class="lk-badge".*?</span></span>', html).group(0)
    assert re.sub(r"<[^>]+>", "", badge) == "SOURCE_VIDEO · video_extend"  # legacy label lowered
    assert colour_for("relation", "SOURCE_VIDEO") in badge
    assert colour_for("operation", "video_extend") in badge


def test_multi_input_cards_show_sequence_order_and_times(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=310)
    parents = insp.section("parents").cards
    # one card per lineage row: image 301 is used twice (first and last)
    rows = [(c.asset_id, c.edge.id) for c in parents]
    assert rows == [(301, 11), (302, 12), (303, 10), (301, 13)]
    texts = [c.html for c in parents]
    for i, html in enumerate(texts):
        assert f"order {i}" in html and "TRANSITION_INPUT · video_transition" in _text(html)
    assert "0–2 s" in texts[0] and "7–9 s" in texts[3]
    # the gap in sequence_order stays visible (0 then 2)
    insp.select(320)
    gap = [_text(c.html) for c in insp.section("parents").cards]
    assert "order 0" in gap[0] and "order 2" in gap[1] and "order 1" not in "".join(gap)
    # a single-input operation has no order to show
    insp.select(103)
    assert "order" not in _text(card(insp, "parents", 102).html)


def test_children_of_a_multi_input_operation_show_their_order(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=301)
    assert [(c.asset_id, c.edge.sequence_order) for c in insp.section("children").cards] == [
        (310, 0),
        (310, 3),
        (320, 0),
    ]
    assert "order 3" in _text(insp.section("children").cards[1].html)


def test_paused_frame_details(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=501)
    assert ids(insp, "children") == [503, 502, 504]  # (sequence_order, row id) order
    texts = [_text(c.html) for c in insp.section("children").cards]
    assert "frame 120 · at 5 s" in texts[0]
    assert "frame 48 · at 2 s" in texts[1]
    assert "frame 210 · at 8.75 s" in texts[2]
    assert "PAUSED_FRAME · frame_extraction" in texts[0]
    insp.select(601)
    keyframes = [_text(c.html) for c in insp.section("children").cards]
    assert "frame 0 · at 0 s" in keyframes[0] and "frame 96 · at 4 s" in keyframes[1]
    insp.select(902)  # pixsim7's capture writer: a start time, no end time
    captured = {c.asset_id: _text(c.html) for c in insp.section("children").cards}
    assert "frame 36 · at 1.5 s" in captured[950] and "frame 36 · at 1.5 s" in captured[952]


def test_cycles_duplicates_and_self_loops(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=801)
    assert ids(insp, "parents") == [803]
    assert [c.edge.id for c in insp.section("children").cards] == [70, 73]  # duplicate row kept
    insp.select(804)
    assert ids(insp, "parents") == [804] and ids(insp, "children") == [804]
    card(insp, "parents", 804).click()  # selecting itself just refreshes
    assert insp.history == [801, 804] and insp.error == ""


def test_deeper_levels_are_grouped_by_depth(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=103, max_depth=3)
    assert [(s.key, s.title) for s in insp.sections] == [
        ("parents", "Parents"),
        ("ancestors-2", "Ancestors, depth −2"),
        ("children", "Children"),
    ]
    assert ids(insp, "ancestors-2") == [101]
    assert "input of 102" in card(insp, "ancestors-2", 101).html
    insp.select(101)
    assert [s.key for s in insp.sections] == ["parents", "children", "descendants-2"]
    assert ids(insp, "descendants-2") == [103]
    assert insp.section("descendants-2").title == "Descendants, depth +2"
    shown = _text(insp.cards_html)
    assert shown.index("Children") < shown.index("Descendants, depth +2 (1)")


def test_direction_and_depth_controls_requery(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=102)
    insp.direction = "parents"
    assert [s.key for s in insp.sections] == ["parents"] and insp.result.direction == "parents"
    insp.direction = "children"
    assert [s.key for s in insp.sections] == ["children"]
    insp.direction = "both"
    insp.receive({"type": "control", "name": "max_depth", "value": str(0)})
    assert len(insp.result.nodes) == 1
    assert insp.section("parents").note == "1 more not shown"
    insp.receive({"type": "control", "name": "max_depth", "value": str(2)})
    assert [s.key for s in insp.sections] == ["parents", "children"]  # nothing at depth 2
    assert insp.history == [102]  # controls re-query, they do not navigate


def test_refresh_requeries_the_source(sample_store: lk.Store) -> None:
    frames = sample_store.frames(user_id=1)
    insp = LineageInspector(frames, user_id=1, asset_id=103)
    first = insp.result
    insp.receive({"type": "refresh"})
    assert insp.result is not first and insp.result == first
    assert insp.asset_id == 103 and insp.history == [103]


# --- truncation ---------------------------------------------------------------------------
def test_truncated_notice_and_counts(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=310)
    assert not insp.result.truncated and insp.notice == ""
    insp.receive({"type": "control", "name": "max_nodes", "value": str(2)})
    assert insp.result.truncated and insp.max_nodes == 2
    assert insp.notice != "" and "Truncated" in insp.notice
    assert "2 assets" in insp.notice
    rows = [(c.asset_id, c.edge.id) for c in insp.section("parents").cards]
    assert rows == [(301, 11), (301, 13)]
    assert insp.section("parents").note == "2 more not shown"
    assert "4↑ / 0↓" in insp.header_html  # the full degree, beyond the view
    assert "0↑ / 3↓" in card(insp, "parents", 301).html  # 301 feeds 310 twice and 320
    insp.receive({"type": "control", "name": "max_nodes", "value": str(50)})
    assert insp.notice == "" and len(insp.section("parents").cards) == 4


# --- navigation ---------------------------------------------------------------------------
def test_clicking_a_card_selects_it_and_history_goes_back_and_forward(
    sample_store: lk.Store,
) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=103)
    assert insp.history_index <= 0 and insp.history_index >= len(insp.history) - 1
    card(insp, "parents", 102).click()
    assert insp.asset_id == 102 and "Asset 102" in insp.header_html
    assert insp.typed == "102"
    card(insp, "parents", 101).click()
    assert insp.history == [103, 102, 101] and insp.history_index == 2
    insp.receive({"type": "back"})
    assert insp.asset_id == 102 and insp.history_index < len(insp.history) - 1
    insp.receive({"type": "back"})
    assert insp.asset_id == 103 and insp.history_index <= 0
    assert "Asset 103" in insp.header_html and ids(insp, "parents") == [102]
    insp.receive({"type": "forward"})
    assert insp.asset_id == 102 and insp.history_index == 1
    # a new selection after going back drops the forward entries
    card(insp, "children", 103).click()
    assert insp.history == [103, 102, 103] and insp.history_index >= len(insp.history) - 1
    assert insp.back() and insp.back() and not insp.back()
    assert insp.asset_id == 103 and insp.history_index == 0


def test_asset_id_box_jumps_to_any_asset(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=103)
    insp.receive({"type": "go", "text": "310"})  # what the browser sends on Enter
    assert insp.asset_id == 310 and insp.history == [103, 310]
    insp.receive({"type": "go", "text": " #201 "})
    assert insp.asset_id == 201
    insp.receive({"type": "go", "text": "202"})
    insp.receive({"type": "back"})
    assert insp.typed == "201"
    # Open on the asset on show re-queries it without navigating
    insp.receive({"type": "go", "text": insp.typed})
    assert insp.asset_id == 201 and insp.history == [103, 310, 201, 202]
    assert insp.history_index == 2 and insp.history_index < len(insp.history) - 1


def test_the_selection_is_one_observable_trait(sample_store: lk.Store) -> None:
    seen: list[int | None] = []
    insp = LineageInspector(sample_store, user_id=1, asset_id=103)
    insp.observe(lambda change: seen.append(change["new"]), "asset_id")
    card(insp, "parents", 102).click()  # a card
    insp.select(999)  # a failed selection changes nothing
    insp.back()  # the history
    insp.receive({"type": "go", "text": "310"})  # the id box
    insp.asset_id = 501  # code
    assert seen == [102, 103, 310, 501]
    assert insp.result.root_asset_id == 501 and insp.typed == "501"
    assert "Asset 501" in insp.header_html and insp.history == [103, 310, 501]
    assert insp.history_index == 2 and insp.history_index > 0


def test_history_index_is_a_trait_too(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=103)
    insp.select(102)
    insp.select(101)
    insp.history_index = 0
    assert insp.asset_id == 103 and insp.history_index < len(insp.history) - 1
    with pytest.raises(traitlets.TraitError, match="history_index must be from 0 to 2"):
        insp.history_index = 3


def test_setting_an_unknown_asset_id_clears_the_view_and_says_why(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=103)
    insp.asset_id = 701
    assert insp.error == f"Asset 701 {NOT_FOUND}"
    assert insp.result is None and insp.sections == [] and insp.history == [103]
    insp.asset_id = 103
    assert insp.error == "" and ids(insp, "parents") == [102]


# --- errors are inline ------------------------------------------------------------------------
def test_missing_asset_is_an_inline_message(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=103)
    insp.receive({"type": "go", "text": "999999"})
    assert insp.error == f"Asset 999999 {NOT_FOUND}"
    assert insp.error != "" and "999999" in insp.error
    assert insp.asset_id == 103 and insp.history == [103]  # the view is kept
    card(insp, "parents", 102).click()
    assert insp.error == "" and insp.error == ""


def test_foreign_asset_reads_exactly_like_a_missing_one(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=103)
    assert insp.select(701) is False
    assert insp.error == f"Asset 701 {NOT_FOUND}"
    assert insp.select(999) is False
    assert insp.error == f"Asset 999 {NOT_FOUND}"  # existence never leaks
    insp2 = LineageInspector(sample_store, user_id=2, asset_id=701)
    assert insp2.asset_id == 701 and ids(insp2, "children") == [702]


NOTHING = "no asset of theirs has that id, provider asset id, key or path, or those words"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("abc", f"Nothing matches 'abc' for user 1: {NOTHING}"),
        ("12abc", "Nothing matches '12abc'"),
        ("7.25", "Nothing matches '7.25'"),
        ("-5", "Nothing matches '-5'"),
        ("99999999999999999999", "Nothing matches '99999999999999999999'"),
        ("<b>x</b>", "Nothing matches '<b>x</b>'"),
        ("x" * 501, "Invalid input: query must be at most 500 characters; got 501."),
        ("id:x", "Invalid input: query 'id:x': #N and id:N take a database id"),
        ("#sunset", "Nothing matches '#sunset'"),  # a hashtag is words, not an id
    ],
)
def test_what_matches_nothing_is_an_inline_message(
    sample_store: lk.Store, typed: str, expected: str
) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=103)
    insp.receive({"type": "go", "text": typed})
    assert insp.error.startswith(expected)
    assert insp.asset_id == 103 and insp.choice_tiles == []
    # user text reaches the browser as text (the front end sets it with textContent)


def test_empty_box_and_bad_controls_are_inline_messages(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1)
    insp.receive({"type": "go", "text": insp.typed})
    assert "type an asset id" in insp.error
    insp.select(103)
    insp.receive({"type": "control", "name": "max_depth", "value": str(-1)})
    assert "max_depth must be an integer from 0 to 64; got -1" in insp.error
    insp.receive({"type": "control", "name": "max_depth", "value": str(1)})
    assert insp.error == ""
    insp.receive({"type": "control", "name": "max_nodes", "value": str(0)})
    limit = lk.validate.MAX_NODES_LIMIT
    assert f"max_nodes must be an integer from 1 to {limit}; got 0" in insp.error
    assert insp.result.max_nodes == 50  # the last good answer stays on screen


def test_preselecting_a_foreign_asset_is_inline(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=701)
    assert insp.error == f"Asset 701 {NOT_FOUND}" and insp.asset_id is None
    insp = LineageInspector(sample_store, user_id=1, asset_id="nonsense")
    assert insp.error.startswith("Nothing matches 'nonsense' for user 1")


def test_database_errors_are_inline(sample_store: lk.Store) -> None:
    class Broken:
        """A neighbour source whose database has gone away."""

        def contains(self, asset_id: int, user_id: int | None) -> bool:
            raise lk.StoreError("cannot connect (connection refused)")

        neighbours = describe = edges_among = contains

    insp = LineageInspector(Broken(), user_id=1, asset_id=5)
    assert insp.error.startswith("Could not read the lineage database: cannot connect")


def test_programming_errors_are_raised_at_construction(sample_store: lk.Store) -> None:
    with pytest.raises(TypeError, match="source must be"):
        LineageInspector("sqlite:///x.db", user_id=1)
    with pytest.raises(TypeError, match="user_id"):
        LineageInspector(sample_store, user_id="1")
    with pytest.raises(ValueError, match="direction must be one of both, parents, children"):
        LineageInspector(sample_store, user_id=1, direction="up")
    with pytest.raises(TypeError):
        LineageInspector(sample_store)  # user_id is a required keyword


def test_parse_asset_id() -> None:
    assert parse_asset_id("  #42") == 42 and parse_asset_id(7) == 7
    with pytest.raises(TypeError, match="asset id must be an integer"):
        parse_asset_id(True)
    with pytest.raises(ValueError, match="type an asset id"):
        parse_asset_id("  ")
    with pytest.raises(ValueError, match="whole number"):
        parse_asset_id("١٢")  # non-ASCII digits are not ids


# --- sources ----------------------------------------------------------------------------------
def test_every_source_gives_the_same_inspector(source, sample_store: lk.Store) -> None:
    ref = LineageInspector(sample_store, user_id=1, asset_id=310, max_depth=2)
    insp = LineageInspector(source, user_id=1, asset_id=310, max_depth=2)
    assert insp.result == ref.result
    shape = [(s.key, [(c.asset_id, c.edge.id) for c in s.cards]) for s in insp.sections]
    assert shape == [(s.key, [(c.asset_id, c.edge.id) for c in s.cards]) for s in ref.sections]
    assert [c.html for c in insp.cards] == [c.html for c in ref.cards]
    assert insp.header_html == ref.header_html
    card(insp, "parents", 302).click()
    assert insp.asset_id == 302 and ids(insp, "children") == [310]
    insp.receive({"type": "back"})
    assert insp.asset_id == 310
    insp.select(701)
    assert insp.error == f"Asset 701 {NOT_FOUND}"


def test_the_inspector_never_modifies_its_source(sample_store: lk.Store, tmp_path: Path) -> None:
    frames = sample_store.frames(user_id=None)
    assets, lineage = frames.assets.copy(), frames.edges.copy()
    graph = frames.to_networkx()
    before = nx.to_dict_of_dicts(graph), dict(graph.nodes(data=True))
    db = sample_database()
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    for src in (sample_store, frames, graph):
        insp = LineageInspector(src, user_id=None, asset_id=103, max_depth=3)
        card(insp, "parents", 102).click()
        insp.receive({"type": "back"})
        insp.direction = "children"
        insp.refresh()
        assert ids(insp, "children") == [703]  # owner 2's extension, visible to "all owners"
    pd.testing.assert_frame_equal(frames.assets, assets)
    pd.testing.assert_frame_equal(frames.edges, lineage)
    assert (nx.to_dict_of_dicts(graph), dict(graph.nodes(data=True))) == before
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


# --- thumbnails and escaping ------------------------------------------------------------------
def _frames(assets: list[dict], lineage: list[dict]) -> lk.Frames:
    base = {"user_id": 1, "provider_id": "pixverse", "provider_asset_id": "p"}
    return lk.Frames(
        assets=pd.DataFrame([base | a for a in assets]),
        edges=pd.DataFrame(
            [
                {"relation_type": "SOURCE_IMAGE", "operation_type": "image_to_video"}
                | {"sequence_order": 0}
                | row
                for row in lineage
            ]
        ),
    )


def test_thumbnails_load_in_the_browser_with_a_placeholder(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=601)
    broken = card(insp, "children", 603).html
    assert 'src="https://thumbs.pixsim7.invalid/603-missing.png"' in broken
    assert f'data-fallback="{placeholder_uri("image")}"' in broken  # swapped in on a load error
    insp.select(804)  # no thumbnail URL at all
    assert f'class="lk-thumb lk-thumb-placeholder" src="{placeholder_uri("image")}"' in (
        insp.header_html
    )
    assert placeholder_uri("video") != placeholder_uri("image") != placeholder_uri(None)


@contextmanager
def files_opened() -> Iterator[list[str]]:
    """Every path the process opens while the block runs (Python's ``open`` audit event)."""
    opened: list[str] = []
    _OPEN_WATCHERS.append(opened)
    try:
        yield opened
    finally:
        _OPEN_WATCHERS.remove(opened)


_OPEN_WATCHERS: list[list[str]] = []


def _record_open(event: str, args: tuple) -> None:
    if event == "open" and _OPEN_WATCHERS and isinstance(args[0], (str, bytes, Path)):
        for opened in _OPEN_WATCHERS:
            opened.append(os.fsdecode(args[0]))


sys.addaudithook(_record_open)  # an audit hook cannot be removed: it records only inside the block


def test_the_ui_never_reads_local_path(tmp_path: Path) -> None:
    # local_path is pixsim7's original file; pictures come only from thumbnail_url.
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
    )
    small = tmp_path / "frame.png"
    small.write_bytes(png)
    hostile = {1: str(small), 2: "/etc/passwd", 3: f"{tmp_path}/{'../' * 8}etc/hostname"}
    frames = _frames(
        [
            {"id": 1, "media_type": "IMAGE", "local_path": hostile[1], "thumbnail_url": None},
            {"id": 2, "media_type": "IMAGE", "local_path": hostile[2], "thumbnail_url": None},
            {"id": 3, "media_type": "VIDEO", "local_path": hostile[3], "thumbnail_url": "x.png"},
        ],
        [
            {"id": 1, "parent_asset_id": 1, "child_asset_id": 3},
            {"id": 2, "parent_asset_id": 2, "child_asset_id": 3},
        ],
    )
    with files_opened() as opened:
        insp = LineageInspector(frames, user_id=1, asset_id=3)
        shown = [insp.header_html, *(c.html for s in insp.sections for c in s.cards)]
        gallery = AssetGallery(frames, user_id=1)
        shown += [t.html for t in gallery.tiles]
        shown.append(insp.static_face()["text/html"])
    assert not [p for p in opened if any(os.path.basename(h) in p for h in hostile.values())]
    assert len(shown) == 7 and all("lk-thumb-placeholder" in h for h in shown[:6])
    assert not [h for h in shown if base64.b64encode(png).decode() in h or "root:" in h]
    assert "local file: " + hostile[3] in insp.header_html  # the path is shown as text, only


def test_a_server_path_needs_the_pixsim7_origin() -> None:
    key = "u/1/thumbnails/5.jpg"
    frames = _frames(
        [
            {"id": 5, "media_type": "IMAGE", "thumbnail_url": f"/api/v1/media/{key}"},
            {"id": 6, "media_type": "VIDEO", "thumbnail_url": "https://p.invalid/6.jpg"},
        ],
        [{"id": 1, "parent_asset_id": 5, "child_asset_id": 6}],
    )
    insp = LineageInspector(frames, user_id=1, asset_id=5)
    head = insp.header_html
    assert f'class="lk-thumb lk-thumb-placeholder" src="{placeholder_uri("image")}"' in head
    assert f'title="pixsim7 serves this thumbnail at /api/v1/media/{key}: pass pixsim7_url=' in head
    child = card(insp, "children", 6).html
    assert 'src="https://p.invalid/6.jpg"' in child and "pixsim7_url" not in child


def test_user_data_is_escaped() -> None:
    evil = '<img src=x onerror="alert(1)">'
    frames = _frames(
        [
            {
                "id": 1,
                "media_type": "IMAGE",
                "description": evil,
                "provider_id": "<script>alert(2)</script>",
                "provider_asset_id": '"><b>',
                "thumbnail_url": "javascript:alert(3)",
            },
            {
                "id": 2,
                "media_type": "VIDEO",
                "description": "fine",
                "thumbnail_url": 'https://cdn.invalid/a".png" onload="alert(4)',
            },
        ],
        [{"id": 1, "parent_asset_id": 1, "child_asset_id": 2, "relation_type": "<i>R</i>"}],
    )
    insp = LineageInspector(frames, user_id=1, asset_id=2)
    html = insp.header_html + "".join(c.html for c in insp.cards)
    for raw in (evil, "<script>", '"><b>', "javascript:", 'onload="alert', "<i>R</i>"):
        assert raw not in html, raw
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "&lt;i&gt;R&lt;/i&gt;" in html


# --- the graph tab ------------------------------------------------------------------------
def test_graph_tab_is_drawn_when_opened_and_follows_the_selection(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=310)
    assert insp.tab == "cards" and insp.graph is None  # made on demand
    insp.receive({"type": "tab", "name": "graph"})
    assert sorted(n["id"] for n in insp.graph.nodes) == [301, 302, 303, 310]
    assert len(insp.graph.edges) == 4 and insp.graph.selected == 310
    card(insp, "parents", 302).click()
    assert sorted(n["id"] for n in insp.graph.nodes) == [302, 310]
    insp.graph.receive({"type": "select", "asset_id": 310})  # a click on node 310
    assert insp.asset_id == 310 and insp.history == [310, 302, 310]
    assert insp.graph.lineage.root_asset_id == 310


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.postgres
def test_inspector_on_postgresql_matches_the_embedded_sample(
    sample_pg, sample_store: lk.Store
) -> None:
    ref = LineageInspector(sample_store, user_id=1, asset_id=501, max_depth=2)
    insp = LineageInspector(sample_pg.store, user_id=1, asset_id=501, max_depth=2)
    assert insp.result == ref.result
    assert [c.html for c in insp.cards] == [c.html for c in ref.cards]
    card(insp, "children", 502).click()
    assert insp.asset_id == 502 and "frame 48 · at 2 s" in _text(card(insp, "parents", 501).html)
    insp.select(701)
    assert insp.error == f"Asset 701 {NOT_FOUND}"


def test_old_cards_are_closed_so_long_sessions_do_not_grow(sample_store: lk.Store) -> None:
    import warnings

    import ipywidgets as w

    from lineage_kit.widgets.inspector import LineageInspector

    insp = LineageInspector(sample_store, user_id=1, asset_id=310)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        before = len(w.Widget.widgets)
        for _ in range(5):
            insp.cards[0].click()
            insp.back()
        assert len(w.Widget.widgets) == before
    assert insp.asset_id == 310


def test_gallery_outline_follows_back_and_forward(sample_store: lk.Store) -> None:
    from lineage_kit.widgets.layout import lineage_app

    app = lineage_app(sample_store, user_id=1, asset_id=310)
    app.inspector.cards[0].click()
    assert app.gallery.selected_id == 301
    app.inspector.back()
    assert app.gallery.selected_id == 310
    app.inspector.forward()
    assert app.gallery.selected_id == 301


def test_capped_counts_read_as_lower_bounds(sample_store: lk.Store) -> None:
    """Past count_limit a card, the header and the notes say "2+", never a false total."""
    insp = LineageInspector(sample_store, user_id=1, asset_id=301, count_limit=2)
    assert insp.result.root.child_count_capped
    assert "0↑ / 2+↓" in insp.header_html and "2 child rows or more" in insp.header_html
    assert insp.section("children").note == "more than 2 in all: some may not be shown"
    with pytest.raises(lk.InvalidArgument, match="count_limit"):
        LineageInspector(sample_store, user_id=1, count_limit=0)
