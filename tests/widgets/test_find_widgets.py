"""Finding in the notebook UI: the gallery's search box and the inspector's id box."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import lineage_kit as lk
from lineage_kit.widgets.gallery import AssetGallery
from lineage_kit.widgets.inspector import LineageInspector
from lineage_kit.widgets.layout import lineage_app


@pytest.fixture(params=["store", "frames", "networkx"])
def source(request: pytest.FixtureRequest, sample_store: lk.Store) -> Any:
    """The sample as each kind of source the widgets take."""
    frames = sample_store.frames(user_id=None)
    kinds = {"store": sample_store, "frames": frames, "networkx": frames.to_networkx()}
    return kinds[request.param]


def tricky() -> lk.Frames:
    """Two assets sharing a provider id, and markup in a description."""
    assets = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "user_id": [1, 1, 1],
            "media_type": ["VIDEO", "VIDEO", "IMAGE"],
            "provider_id": ["pixverse", "sora", "pixverse"],
            "provider_asset_id": ["777", "777", "p3"],
            "description": ["first", "second", "<img src=x onerror=alert(1)> a cat"],
            "created_at": pd.to_datetime(["2026-01-01", "2026-01-02", "2026-01-03"]),
        }
    )
    return lk.Frames(assets, pd.DataFrame(columns=list(lk.schema.LINEAGE_REQUIRED)))


# --- the gallery ----------------------------------------------------------------------------
def test_search_box_shows_hits_with_the_field_that_matched(source: Any) -> None:
    g = AssetGallery(source, user_id=1)
    g.receive({"type": "search", "text": "374351749764234"})
    assert [t.asset_id for t in g.tiles] == [101]
    assert "<b>pixverse id</b> 374351749764234" in g.tiles[0].html
    assert "1 match for “374351749764234”" in g.page_label
    g.receive({"type": "search", "text": "the cat"})
    assert [(t.asset_id, t.match_label) for t in g.tiles] == [
        (104, "description"),
        (103, "description"),
        (102, "description"),
    ]
    assert "lk-match-description" in g.grid_html and g.found is not None


def test_searching_sets_the_listing_aside_and_clear_brings_it_back(source: Any) -> None:
    g = AssetGallery(source, user_id=1, page_size=5)
    first = [t.asset_id for t in g.tiles]
    g.receive({"type": "page", "step": 1})
    g.search("harbour")
    assert g.query == "harbour"  # the front end disables the filters while a search shows
    assert not g.has_prev and not g.has_next
    g.tiles[1].click()
    assert g.selected_id == g.tiles[1].asset_id
    g.receive({"type": "clear"})
    assert g.found is None and g.query == ""
    assert [t.asset_id for t in g.tiles] == first and g.has_next
    assert g.query == ""


def test_search_says_when_more_match(source: Any) -> None:
    g = AssetGallery(source, user_id=1, page_size=2)
    g.search("the")
    assert len(g.tiles) == 2 and g.found is not None and g.found.truncated
    assert "2+ matches for “the” (the best 2: refine the words)" in g.page_label
    g.search("zebra")
    assert g.tiles == [] and "nothing matches “zebra”" in g.grid_html


def test_search_errors_are_inline_and_keep_the_grid(sample_store: lk.Store) -> None:
    g = AssetGallery(sample_store, user_id=1)
    shown = g.grid_html
    assert g.search("x" * 501) is False
    assert g.error == "Invalid input: query must be at most 500 characters; got 501."
    assert g.grid_html == shown
    g.search("ramp")
    assert g.error == "" and [t.asset_id for t in g.tiles] == [102]


def test_search_is_scoped_and_escaped() -> None:
    g = AssetGallery(tricky(), user_id=1)
    g.search("cat")
    html = g.tiles[0].html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt; a cat" in html
    assert AssetGallery(tricky(), user_id=2).search("777")
    assert AssetGallery(tricky(), user_id=2).tiles == []


# --- the inspector's id box -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "opened"),
    [
        ("374351749764234", 101),  # a Pixverse id
        ("pixverse:374351749764377", 103),
        ("#310", 310),
        ("310", 310),  # a database id, though a description may mention the number
        ("/var/pixsim7/media/u1/502.png", 502),  # a local path
        ("comic timing", 104),  # words that one asset has (in its prompt)
        ("Dance rehearsal", 501),
    ],
)
def test_id_box_opens_what_names_one_asset(source: Any, typed: str, opened: int) -> None:
    insp = LineageInspector(source, user_id=1, asset_id=103 if opened != 103 else 102)
    insp.receive({"type": "go", "text": typed})
    assert insp.asset_id == opened and insp.error == "" and insp.choice_tiles == []
    assert insp.typed == str(opened)


def test_id_box_offers_the_choices_when_several_match(source: Any) -> None:
    insp = LineageInspector(source, user_id=1, asset_id=103)
    insp.receive({"type": "go", "text": "harbour"})
    assert insp.asset_id == 103 and insp.error == ""  # nothing chosen yet
    assert [t.asset_id for t in insp.choice_tiles] == [310, 303, 302, 301]
    assert "4 assets match “harbour”" in insp.choices_html
    assert "<b>description</b>" in insp.choice_tiles[0].html
    insp.receive({"type": "open", "asset_id": 302})  # a click on a tile
    assert insp.asset_id == 302 and insp.history == [103, 302]
    assert insp.choice_tiles == [] and insp.choices_html == ""


def test_exact_matches_decide_the_choices() -> None:
    insp = LineageInspector(tricky(), user_id=1, asset_id=3)
    insp.receive({"type": "go", "text": "777"})  # two providers' assets; text does not count
    assert [(t.asset_id, t.match_label) for t in insp.choice_tiles] == [
        (2, "sora id"),
        (1, "pixverse id"),
    ]
    insp.choice_tiles[1].click()
    assert insp.asset_id == 1
    insp.receive({"type": "go", "text": "sora:777"})
    assert insp.asset_id == 2


def test_app_search_opens_a_hit_in_the_inspector(sample_store: lk.Store) -> None:
    app = lineage_app(sample_store, user_id=1, asset_id=310)
    app.gallery.receive({"type": "search", "text": "knight"})
    assert [t.asset_id for t in app.gallery.tiles] == [202, 201]
    app.gallery.tiles[1].click()
    assert app.inspector.asset_id == 201
    app.inspector.receive({"type": "go", "text": "pixverse:374351750012001"})
    assert app.gallery.selected_id == 202 == app.inspector.asset_id
