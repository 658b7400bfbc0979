"""What the id box does with what a user typed: the one asset it names, or the choices.

A database id, a provider asset id, a key, a path or words are resolved in scope by
:func:`lineage_kit.resolve_asset`'s rule (exact matches first, then descriptions and
prompts); when several assets match, :class:`ChoicePanel` offers them as tiles that say
which field matched, and a click on one picks it.

Examples
--------
>>> import lineage_kit as lk
>>> resolve_typed(lk.connect(), " pixverse:374351749764301 ", user_id=1)
102
>>> found = resolve_typed(lk.connect(), "harbour", user_id=1)
>>> panel = ChoicePanel(on_open=print)
>>> panel.offer(found)
>>> [t.asset_id for t in panel.tiles], panel.layout.display
([310, 303, 302, 301], '')
>>> panel.tiles[2].click()
302
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import lineage_kit as lk

from .gallery import GalleryTile
from .messages import parse_asset_id
from .panel import HtmlPanel
from .templating import render

__all__ = ["CHOICES", "ChoicePanel", "resolve_typed"]

CHOICES = 24
"""Assets offered at most when what was typed matches several."""


def resolve_typed(source: Any, value: int | str, *, user_id: int | None) -> int | lk.FindResult:
    """The database id that ``value`` names, or the search whose several hits it may mean.

    Raises
    ------
    lineage_kit.AssetNotFound
        Nothing in scope matches.
    lineage_kit.InvalidArgument, lineage_kit.InvalidArgumentType
        Empty, oversized or unusable input (the message says what is allowed).
    """
    if not isinstance(value, str):
        return parse_asset_id(value)
    if not value.strip():
        raise lk.InvalidArgument(
            "type an asset id, a provider asset id or words of a description or prompt"
        )
    try:
        return lk.resolve_asset(source, value, user_id=user_id, text=True)
    except lk.AmbiguousAsset:
        return lk.find_assets(source, value, user_id=user_id, limit=CHOICES)


class ChoicePanel(HtmlPanel):
    """Tiles of the assets a search may mean (hidden while there are none)."""

    def __init__(self, *, on_open: Callable[[int], Any]) -> None:
        super().__init__(on_open=on_open, styled=False)
        self.tiles: list[GalleryTile] = []
        self.add_class("lk-choices")
        self.layout.display = "none"

    def offer(self, found: lk.FindResult | None) -> None:
        """Show the hits ``found`` means (:attr:`lineage_kit.FindResult.meant`); None hides."""
        meant = () if found is None else found.meant
        self.tiles = [GalleryTile(h.node, on_open=self.open_asset, hit=h) for h in meant]
        self.html = render("choices.html.j2", found=found, tiles=self.tiles) if meant else ""
        self.layout.display = "" if meant else "none"
