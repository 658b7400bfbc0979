"""What the UI says (issue 27): counts are lineage rows, deeper cards say what they hang
from, a picture from pixsim7's storage says so (the sample's pictures carry a "key" tag)."""

from __future__ import annotations

import re

import lineage_kit as lk
from lineage_kit.widgets.inspector import LineageInspector
from lineage_kit.widgets.thumbnails import placeholder_uri, thumbnail


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_counts_say_they_are_lineage_rows(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=301)
    # two assets were made from 301 (310 twice, 320 once): three rows
    assert "0↑ / 3↓ rows (lineage rows: an asset used twice counts twice)" in _text(
        insp.header_html
    )
    assert 'title="0 parent rows, 3 child rows"' in insp.header_html
    assert {c.asset_id for c in insp.section("children").cards} == {310, 320}


def test_deeper_cards_say_what_they_hang_from(sample_store: lk.Store) -> None:
    up = LineageInspector(sample_store, user_id=1, asset_id=103, max_depth=2)
    assert "input of 102" in _text(up.section("ancestors-2").cards[0].html)
    down = LineageInspector(sample_store, user_id=1, asset_id=101, max_depth=2)
    assert "made from 102" in _text(down.section("descendants-2").cards[0].html)
    assert "→" not in _text(down.cards_html).replace("↑", "").replace("↓", "")


def test_a_picture_from_storage_says_so(sample_store: lk.Store) -> None:
    stored = sample_store.lineage(902, user_id=1).root.asset
    assert stored.thumbnail_key and thumbnail(stored, 64).hint == (
        "picture from pixsim7's storage (thumbnail_key)"
    )
    plain = sample_store.lineage(310, user_id=1).root.asset
    assert not plain.thumbnail_key and thumbnail(plain, 64).hint == ""


def test_placeholders_are_as_tall_as_the_pictures() -> None:
    import base64

    svg = base64.b64decode(placeholder_uri("video").split(",", 1)[1]).decode()
    assert 'width="64" height="48" viewBox="0 0 64 48"' in svg  # 4:3, as the pictures
    from lineage_kit.widgets.tiles import GalleryTile

    a = lk.Asset(id=1, media_type="video", provider_id="p", provider_asset_id="x")
    tile = GalleryTile(lk.Node(asset=a, depth=0, parent_count=0, child_count=0))
    assert 'width="96" height="72"' in tile.html
