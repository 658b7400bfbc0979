"""Gallery tiles: one asset as a thumbnail with its ``2↑ / 3↓`` counts, or a search hit.

A tile is a plain value (its node, its rendered HTML); the gallery and the inspector's
choices show many of them in one view. ``tile.click()`` does what a click on the tile in
the browser does. A search hit shows the field it matched and its value instead of the
description.

Examples
--------
>>> import lineage_kit as lk
>>> store = lk.connect()
>>> tile = GalleryTile(store.lineage(310, user_id=1).root, on_open=print)
>>> "lk-tile-310" in tile.html
True
>>> tile.click()
310
>>> [(t.asset_id, t.match_label) for t in hit_tiles(lk.find_assets(store, "ramp", user_id=1), None)]
[(102, 'description')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import lineage_kit as lk

from .cards import Clickable
from .templating import render
from .thumbnails import thumbnail

__all__ = ["GalleryTile", "hit_tiles", "match_label"]

_FIELD_LABELS = {
    "id": "id",
    "sha256": "sha256",
    "stored_key": "storage key",
    "local_path": "path",
    "description": "description",
    "prompt": "prompt",
}


def match_label(hit: lk.Hit) -> str:
    """What a tile says matched: ``pixverse id``, ``description``, ``storage key``, …"""
    if hit.field == "provider_asset_id":
        return f"{hit.asset.provider_id or 'provider'} id"
    return _FIELD_LABELS.get(hit.field, hit.field)


@dataclass
class GalleryTile(Clickable):
    """One asset of a grid; ``click()`` does what a click on the tile does."""

    node: lk.Node
    on_open: Callable[[int], Any] | None = field(default=None, repr=False)
    hit: lk.Hit | None = field(default=None, repr=False)
    html: str = field(init=False, repr=False)

    @property
    def match_label(self) -> str:
        """What matched, for a search hit ('' otherwise)."""
        return "" if self.hit is None else match_label(self.hit)

    def __post_init__(self) -> None:
        self.html = render(
            "tile.html.j2",
            node=self.node,
            thumb=thumbnail(self.node.asset, 96),
            hit=self.hit,
            match_label=self.match_label,
        )


def hit_tiles(found: lk.FindResult, on_open: Callable[[int], Any] | None) -> list[GalleryTile]:
    """One tile per hit, best first."""
    return [GalleryTile(h.node, on_open=on_open, hit=h) for h in found]
