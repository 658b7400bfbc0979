"""What the id box does with what a user typed: the one asset it names, or the choices.

A database id, a provider asset id, a key, a path or words are resolved in scope by
:func:`lineage_kit.resolve_asset`'s rule (exact matches first, then descriptions and
prompts); when several assets match, the inspector offers them as tiles that say which
field matched (:func:`choice_tiles`), and a click on one picks it.

Examples
--------
>>> import lineage_kit as lk
>>> resolve_typed(lk.connect(), " pixverse:374351749764301 ", user_id=1)
102
>>> found = resolve_typed(lk.connect(), "harbour", user_id=1)
>>> tiles = choice_tiles(found, on_open=print)
>>> [t.asset_id for t in tiles]
[310, 303, 302, 301]
>>> tiles[2].click()
302
>>> "4 assets match “harbour”: pick one" in choices_html(found, tiles)
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import lineage_kit as lk

from .messages import parse_asset_id
from .templating import render
from .tiles import GalleryTile

__all__ = ["CHOICES", "choice_tiles", "choices_html", "resolve_typed"]

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


def choice_tiles(
    found: lk.FindResult | None, on_open: Callable[[int], Any] | None
) -> list[GalleryTile]:
    """The tiles of the hits ``found`` means (:attr:`lineage_kit.FindResult.meant`)."""
    meant = () if found is None else found.meant
    return [GalleryTile(h.node, on_open=on_open, hit=h) for h in meant]


def choices_html(found: lk.FindResult | None, tiles: list[GalleryTile]) -> str:
    """The choices block ('' when there is nothing to choose)."""
    return render("choices.html.j2", found=found, tiles=tiles) if tiles else ""
