"""The asset gallery and the combined app at the Python level: paging, filters, badges, clicks."""

from __future__ import annotations

import re

import pytest

import lineage_kit as lk
from lineage_kit.widgets.gallery import AssetGallery
from lineage_kit.widgets.layout import LineageApp, lineage_app


def tile_ids(g: AssetGallery) -> list[int]:
    return [t.asset_id for t in g.tiles]


def tile(g: AssetGallery, asset_id: int):
    return next(t for t in g.tiles if t.asset_id == asset_id)


@pytest.fixture(scope="module")
def all_ids(sample_store: lk.Store) -> list[int]:
    """Owner 1's assets in the catalog's order (newest first)."""
    return [n.id for n in lk.list_assets(sample_store, user_id=1, limit=500).items]


@pytest.fixture(params=["store", "frames", "networkx"])
def source(request: pytest.FixtureRequest, sample_store: lk.Store):
    if request.param == "store":
        return sample_store
    frames = sample_store.frames(user_id=None)
    return frames if request.param == "frames" else frames.to_networkx()


def test_pages_walk_through_every_asset_once(sample_store: lk.Store, all_ids: list[int]) -> None:
    g = AssetGallery(sample_store, user_id=1, page_size=10)
    assert len(all_ids) == 41
    seen = []
    labels = []
    while True:
        seen += tile_ids(g)
        labels.append(re.sub(r"<[^>]+>", "", g.page_label))
        if not g.has_next:
            break
        g.receive({"type": "page", "step": 1})
    assert seen == all_ids
    assert labels == ["1–10 of 41", "11–20 of 41", "21–30 of 41", "31–40 of 41", "41–41 of 41"]
    assert g.has_prev
    g.receive({"type": "page", "step": -1})
    assert g.offset == 30 and tile_ids(g) == all_ids[30:40]
    for _ in range(3):
        g.receive({"type": "page", "step": -1})
    assert g.offset == 0 and not g.has_prev


def test_one_catalog_call_per_page(sample_store: lk.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = lk.list_assets

    def counting(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(lk, "list_assets", counting)
    g = AssetGallery(sample_store, user_id=1, page_size=6)
    assert len(calls) == 1 and calls[0]["limit"] == 6 and calls[0]["offset"] == 0
    g.receive({"type": "page", "step": 1})
    assert len(calls) == 2 and calls[1]["offset"] == 6
    g.set_filter("media_type", "video")
    assert len(calls) == 3 and calls[2]["media_type"] == "video" and calls[2]["offset"] == 0


def test_badges_show_full_degree(sample_store: lk.Store) -> None:
    g = AssetGallery(sample_store, user_id=1, page_size=50)
    expected = {310: "4↑ / 0↓", 501: "0↑ / 3↓", 101: "0↑ / 2↓", 202: "2↑ / 0↓", 804: "1↑ / 1↓"}
    for asset_id, badge in expected.items():
        html = tile(g, asset_id).html
        assert '<span class="lk-counts"' in html and badge in html, asset_id
    for t in g.tiles:
        n = t.node
        assert f"{n.parent_count}↑ / {n.child_count}↓" in t.html
    assert "archived" in tile(g, 104).html and "archived" not in tile(g, 101).html
    assert "data-fallback=" in tile(g, 603).html  # broken thumbnail URL → placeholder swap
    assert "lk-thumb-placeholder" in tile(g, 804).html  # no thumbnail at all


def test_filters_come_from_facets_and_narrow_the_grid(sample_store: lk.Store) -> None:
    g = AssetGallery(sample_store, user_id=1)
    facets = lk.facets(sample_store, user_id=1)
    choices = {c["key"]: c for c in g.filter_choices}
    assert (
        list(choices)
        == list(facets)
        == ["media_type", "provider_id", "operation_type", "asset_operation_type"]
    )
    for key, choice in choices.items():
        assert [v for _, v in choice["options"]] == ["", *facets[key]]
        assert "any" in choice["options"][0][0]
    assert g.filters == {}  # every filter at "any"
    g.set_filter("media_type", "image")
    assert {t.node.asset.media_type for t in g.tiles} == {"image"}
    assert g.page.total == lk.list_assets(sample_store, user_id=1, media_type="image").total
    g.set_filter("provider_id", "local")
    assert sorted(tile_ids(g)) == [502, 503, 504, 602, 603, 901, 950, 951]
    g.set_filter("media_type", "")
    g.set_filter("provider_id", "")
    g.set_filter("operation_type", "fusion")
    assert sorted(tile_ids(g)) == [410, 420, 930]
    g.set_filter("operation_type", "")
    assert g.page.total == 41


def test_both_operation_filters_read_as_pixsim7_search_names_them(sample_store: lk.Store) -> None:
    g = AssetGallery(sample_store, user_id=1)
    choices = {c["key"]: c for c in g.filter_choices}
    made_by, own = choices["operation_type"], choices["asset_operation_type"]
    assert made_by["options"][0] == ["made by (lineage): any", ""]
    assert own["options"][0] == ["asset operation: any", ""]
    assert "lineage row" in made_by["tooltip"] and "column" in own["tooltip"]
    assert ["made by: frame_extraction", "frame_extraction"] in made_by["options"]
    assert ["asset operation: text_to_image", "text_to_image"] in own["options"]
    assert "text_to_image" not in [v for _, v in made_by["options"]]  # no lineage row has it
    g.receive({"type": "filter", "key": "operation_type", "value": "video_extend"})
    assert g.filters == {"operation_type": "video_extend"}
    # 940 was synced from Pixverse: its own column is empty, its lineage row says video_extend
    assert sorted(tile_ids(g)) == [102, 103, 104, 940]
    g.set_filter("operation_type", "")
    g.set_filter("asset_operation_type", "video_extend")
    assert sorted(tile_ids(g)) == [102, 103, 104]
    g.set_filter("operation_type", "video_transition")  # both at once: none holds both
    assert g.tiles == [] and "no assets match" in g.page_label


def test_the_filters_go_to_list_assets_by_name(
    sample_store: lk.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = lk.list_assets
    monkeypatch.setattr(lk, "list_assets", lambda *a, **k: calls.append(k) or real(*a, **k))
    g = AssetGallery(sample_store, user_id=1)
    g.set_filter("asset_operation_type", "fusion")
    g.set_filter("operation_type", "image_composite")
    assert calls[-1]["asset_operation_type"] == "fusion"
    assert calls[-1]["operation_type"] == "image_composite"
    assert calls[-1]["media_type"] is None and calls[-1]["provider_id"] is None


def test_a_filter_change_goes_back_to_the_first_page(sample_store: lk.Store) -> None:
    g = AssetGallery(sample_store, user_id=1, page_size=4)
    g.receive({"type": "page", "step": 1})
    g.receive({"type": "page", "step": 1})
    assert g.offset == 8
    g.set_filter("media_type", "video")
    assert g.offset == 0 and not g.has_prev
    g.set_filter("media_type", "")
    g.set_filter("operation_type", "fusion")  # lineage operations (pixsim7 search)
    g.set_filter("provider_id", "local")
    assert g.tiles == [] and "no assets match" in g.page_label
    assert not g.has_next and not g.has_prev


def test_clicking_a_tile_sets_the_selected_trait_and_outlines_it(sample_store: lk.Store) -> None:
    chosen: list[int] = []
    g = AssetGallery(sample_store, user_id=1)
    g.observe(lambda change: chosen.append(change["new"]), "selected_id")
    tile(g, 310).click()
    assert chosen == [310] and g.selected_id == 310
    assert g.selected_id == 310  # the front end outlines data-open="310"
    g.receive({"type": "open", "asset_id": 501})  # what the front end's click message does
    assert chosen == [310, 501] and g.selected_id == 501
    g.receive({"type": "page", "step": 1})
    g.receive({"type": "page", "step": -1})
    assert g.selected_id == 501  # kept across pages
    assert 'data-open="501"' in g.grid_html and "lk-tile-501" in tile(g, 501).html


def test_gallery_scoping_and_other_owners(sample_store: lk.Store) -> None:
    g = AssetGallery(sample_store, user_id=2)
    assert tile_ids(g) == [703, 702, 701]
    everyone = AssetGallery(sample_store, user_id=None, page_size=500)
    assert len(everyone.tiles) == 44


def test_every_source_gives_the_same_gallery(source, sample_store: lk.Store) -> None:
    ref = AssetGallery(sample_store, user_id=1, page_size=8)
    g = AssetGallery(source, user_id=1, page_size=8)
    assert tile_ids(g) == tile_ids(ref)
    assert [t.html for t in g.tiles] == [t.html for t in ref.tiles]
    assert g.filter_choices == ref.filter_choices
    g.set_filter("operation_type", "frame_extraction")
    assert sorted(tile_ids(g)) == [502, 503, 504, 602, 603, 950, 951]


def test_bad_arguments_are_refused(sample_store: lk.Store) -> None:
    with pytest.raises(ValueError, match="page_size must be an integer from 1 to 500; got 0"):
        AssetGallery(sample_store, user_id=1, page_size=0)
    with pytest.raises(TypeError, match="page_size"):
        AssetGallery(sample_store, user_id=1, page_size=True)
    with pytest.raises(TypeError, match="user_id"):
        AssetGallery(sample_store, user_id="1")
    with pytest.raises(TypeError, match="source must be"):
        AssetGallery(object(), user_id=1)


def test_catalog_errors_are_inline(sample_store: lk.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    g = AssetGallery(sample_store, user_id=1, page_size=5)

    def down(*_a, **_k):
        raise lk.StoreError("query failed (server closed the connection)")

    monkeypatch.setattr(lk, "list_assets", down)
    assert g.receive({"type": "page", "step": 1}) is None and g.offset == 0
    assert g.error == (
        "Could not read the lineage database: query failed (server closed the connection)"
    )
    assert g.error != "" and len(g.tiles) == 5


# --- the combined app -------------------------------------------------------------------------
def test_gallery_click_opens_the_asset_in_the_inspector(sample_store: lk.Store) -> None:
    app = lineage_app(sample_store, user_id=1, asset_id=103, page_size=30)
    assert isinstance(app, LineageApp)
    assert app.gallery.selected_id == 103 and app.gallery.selected_id == 103
    tile(app.gallery, 310).click()
    assert app.inspector.asset_id == 310 and app.inspector.history == [103, 310]
    assert [c.asset_id for c in app.inspector.section("parents").cards] == [301, 302, 303, 301]
    # the inspector's own navigation is outlined in the gallery
    app.inspector.section("parents").cards[1].click()
    assert app.gallery.selected_id == 302
    assert app.gallery.selected_id == 302
    app.inspector.back()
    assert app.gallery.selected_id == 310 and app.gallery.selected_id == 310


def test_app_over_a_networkx_graph(sample_store: lk.Store) -> None:
    graph = sample_store.frames(user_id=1).to_networkx()
    app = lineage_app(graph, user_id=1, max_depth=2)
    assert app.inspector.asset_id is None and len(app.gallery.tiles) == 24
    tile(app.gallery, 604).click()
    assert [s.key for s in app.inspector.sections] == ["parents", "ancestors-2", "children"]
    assert [c.asset_id for c in app.inspector.section("ancestors-2").cards] == [601]


@pytest.mark.postgres
def test_gallery_on_postgresql_matches_the_embedded_sample(
    sample_pg, sample_store: lk.Store
) -> None:
    ref = AssetGallery(sample_store, user_id=1, page_size=10)
    g = AssetGallery(sample_pg.store, user_id=1, page_size=10)
    assert g.filter_choices == ref.filter_choices
    for _ in range(3):
        assert tile_ids(g) == tile_ids(ref)
        assert [t.html for t in g.tiles] == [t.html for t in ref.tiles]
        g.receive({"type": "page", "step": 1})
        ref.receive({"type": "page", "step": 1})
    g.set_filter("media_type", "video")
    g.set_filter("operation_type", "video_extend")
    assert sorted(tile_ids(g)) == [102, 103, 104, 940]
