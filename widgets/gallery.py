"""The asset gallery: a paginated grid of thumbnails with ``2↑ / 3↓`` degree badges.

One :func:`lineage_kit.list_assets` call per page (newest first), filters by media type,
provider and operation whose options come from :func:`lineage_kit.facets`. The operation
filters are pixsim7's search filters: *made by (lineage)* (``operation_type``: the asset is
the child of a lineage row with that operation, as assets synced from Pixverse are) and
*asset operation* (``asset_operation_type``: the asset's own column). The search
box above them finds assets with :func:`lineage_kit.find_assets` (a database id, a Pixverse
id, a key or path, words of a description or prompt): its hits replace the page, best first,
each tile saying which field matched; clearing the box brings the pages back. A click
on a tile sets the gallery's ``selected_id`` trait; the combined layout links that trait
to the inspector's ``asset_id``. The grid has a bounded height and scrolls on its own, so
whatever sits beside or above it stays in view. Works over every source the core
accepts; reads only.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.gallery import AssetGallery
>>> g = AssetGallery(lk.connect(), user_id=1, page_size=5)
>>> len(g.tiles), g.page.total > 5
(5, True)
>>> g.next_button.click()
>>> g.page.offset
5
>>> g.tiles[0].click()
>>> g.selected_id == g.tiles[0].asset_id
True
>>> g.search("374351749764234")
True
>>> [(t.asset_id, t.match_label) for t in g.tiles]
[(101, 'pixverse id')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w
import traitlets

import lineage_kit as lk

from .cards import Clickable
from .messages import MessageLine, error_message
from .panel import HtmlPanel
from .templating import render
from .thumbnails import thumbnail

__all__ = ["AssetGallery", "GalleryTile", "hit_tiles", "match_label"]

PAGE_SIZE_LIMIT = 500


@dataclass(frozen=True)
class _Filter:
    """One dropdown: the ``lk.list_assets`` keyword it sets and how it reads."""

    key: str
    anything: str
    """The label of the "any" choice."""
    tooltip: str
    prefix: str = ""
    """Put before each value's label, where the value alone does not say which filter it is."""


# The two operation filters, named and meant as pixsim7's search names and means them.
_FILTERS = (
    _Filter("media_type", "any media type", "Filter by media type"),
    _Filter("provider_id", "any provider", "Filter by provider"),
    _Filter(
        "operation_type",
        "made by (lineage): any",
        "Assets made by this operation: the child of a lineage row with it "
        "(pixsim7's operation_type filter; assets synced from a provider count too)",
        prefix="made by: ",
    ),
    _Filter(
        "asset_operation_type",
        "asset operation: any",
        "The asset's own operation_type column (pixsim7's asset_operation_type filter; "
        "empty for assets synced from a provider)",
        prefix="asset operation: ",
    ),
)


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
    """One asset of the grid; ``click()`` does what a click on the tile does.

    A search hit (``hit``) shows the field it matched and its value instead of the
    description.
    """

    node: lk.Node
    on_open: Callable[[int], Any] | None = field(default=None, repr=False)
    hit: lk.Hit | None = field(default=None, repr=False)
    html: str = field(init=False, repr=False)

    @property
    def match_label(self) -> str:
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


class AssetGallery(w.VBox):
    """A paginated, filterable grid of one owner's assets; display it in a notebook.

    Parameters
    ----------
    source
        A :class:`lineage_kit.Store`, :class:`lineage_kit.Frames` or networkx ``MultiDiGraph``.
    user_id
        Required keyword: the owner whose assets are listed, ``None`` for all owners.
    page_size
        Tiles per page, 1 to 500.

    Attributes
    ----------
    selected_id : int or None
        A trait: the chosen asset (a tile click sets it; ``observe`` or ``link`` it).
    page : lineage_kit.AssetPage or None
        The page shown; ``tiles`` are its tiles.
    media_type, provider_id, operation_type, asset_operation_type : ipywidgets.Dropdown
        The filters (``""`` means any), ``lk.list_assets``'s keywords of the same names:
        ``operation_type`` is *made by (lineage)*, ``asset_operation_type`` the asset's own
        column.
    search_box : ipywidgets.Text
        What to find (Enter or *Find* searches; *Clear* or an empty box shows the pages).
    found : lineage_kit.FindResult or None
        The search on show (None while the pages are shown).

    Raises
    ------
    TypeError, ValueError
        An unusable source, ``user_id`` or ``page_size``.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> g = AssetGallery(lk.connect(), user_id=1)
    >>> g.media_type.value = "image"
    >>> {t.node.asset.media_type for t in g.tiles}
    {'image'}
    >>> g.media_type.value = ""
    >>> g.operation_type.value = "video_extend"       # made by (lineage)
    >>> sorted(t.asset_id for t in g.tiles)
    [102, 103, 104, 940]
    >>> g.operation_type.value, g.asset_operation_type.value = "", "video_extend"
    >>> sorted(t.asset_id for t in g.tiles)           # 940, synced from Pixverse, has no column
    [102, 103, 104]
    >>> g.asset_operation_type.value = ""
    >>> g.search_box.value = "the cat"   # what the browser sends on Enter
    >>> [(t.asset_id, t.match_label) for t in g.tiles]
    [(104, 'description'), (103, 'description'), (102, 'description')]
    >>> g.clear_button.click()
    >>> g.found is None and len(g.tiles) > 3
    True
    """

    selected_id = traitlets.Int(None, allow_none=True)

    def __init__(self, source: Any, *, user_id: int | None, page_size: int = 24) -> None:
        self.page_size = lk.validate.bounded_int("page_size", page_size, 1, PAGE_SIZE_LIMIT)
        self.source = source
        self.user_id = lk.validate.check_user_id(user_id)
        self.offset = 0
        self.page: lk.AssetPage | None = None
        self.found: lk.FindResult | None = None
        self.tiles: list[GalleryTile] = []

        facets = lk.facets(source, user_id=self.user_id)  # also rejects an unusable source
        self.filters: dict[str, w.Dropdown] = {}
        for f in _FILTERS:
            values = [(f.prefix + v, v) for v in facets.get(f.key, [])]
            dd = w.Dropdown(
                # "" stands for "any": a Dropdown's None value means "nothing selected".
                options=[(f.anything, ""), *values],
                value="",
                tooltip=f.tooltip,
                # two a row: the operation filters need room to say which they are
                layout=w.Layout(width="auto", min_width="0", flex="1 1 40%"),
            ).add_class(f"lk-filter-{f.key.replace('_', '-')}")
            dd.observe(self._filter_changed, names="value")
            self.filters[f.key] = dd
        self.media_type = self.filters["media_type"]
        self.provider_id = self.filters["provider_id"]
        self.operation_type = self.filters["operation_type"]
        self.asset_operation_type = self.filters["asset_operation_type"]

        auto = w.Layout(width="auto")
        self.search_box = w.Text(
            placeholder="Find: id, Pixverse id, prompt or description words",
            continuous_update=False,
            layout=w.Layout(flex="1 1 200px", width="auto", min_width="0"),
        ).add_class("lk-search")
        self.find_button = w.Button(description="Find", tooltip="Find assets", layout=auto)
        self.clear_button = w.Button(description="Clear", tooltip="Back to all assets", layout=auto)
        self.find_button.add_class("lk-find")
        self.clear_button.add_class("lk-clear")
        self.search_box.observe(lambda change: self.search(change["new"]), names="value")
        self.find_button.on_click(lambda _b: self.search(self.search_box.value))
        self.clear_button.on_click(lambda _b: self._clear())
        self.prev_button = w.Button(description="◀ Prev", tooltip="Previous page", layout=auto)
        self.next_button = w.Button(description="Next ▶", tooltip="Next page", layout=auto)
        self.prev_button.add_class("lk-prev")
        self.next_button.add_class("lk-next")
        self.page_label = w.HTML().add_class("lk-page-label")
        self.message = MessageLine()
        self.grid = HtmlPanel(on_open=self.select).add_class("lk-gallery-panel")
        traitlets.dlink((self, "selected_id"), (self.grid, "selected"))
        self.prev_button.on_click(lambda _b: self.show_page(self.offset - self.page_size))
        self.next_button.on_click(lambda _b: self.show_page(self.offset + self.page_size))

        search_row = w.HBox(
            [self.search_box, self.find_button, self.clear_button],
            layout=w.Layout(align_items="center", width="100%"),
        ).add_class("lk-search-row")
        filters_row = w.HBox(
            list(self.filters.values()), layout=w.Layout(flex_flow="row wrap", width="100%")
        ).add_class("lk-filters")
        pager = w.HBox(
            [self.prev_button, self.page_label, self.next_button],
            layout=w.Layout(align_items="center", justify_content="space-between", width="100%"),
        ).add_class("lk-pager")
        super().__init__(
            [search_row, filters_row, self.message, pager, self.grid],
            layout=w.Layout(min_width="0", padding="4px"),
        )
        self.add_class("lk-root")
        self.add_class("lk-gallery")
        self.show_page(0)

    def select(self, asset_id: int) -> None:
        """Choose ``asset_id`` (what a tile click does): sets :attr:`selected_id`."""
        self.selected_id = asset_id

    def search(self, query: str) -> bool:
        """Show the assets that match ``query``, best first (an empty query shows the pages).

        Up to ``page_size`` hits; the label says when more match. Errors (a query too long)
        are shown inline and leave the grid as it was.
        """
        if not str(query).strip():
            if self.found is None:
                return True
            self.found = None
            return self.show_page(0)
        try:
            found = lk.find_assets(self.source, query, user_id=self.user_id, limit=self.page_size)
        except Exception as exc:  # shown inline: the gallery stays usable
            self.message.show(error_message(exc, self.user_id))
            return False
        self.message.show("")
        self.found = found
        self.tiles = hit_tiles(found, self.select)
        empty = f"nothing matches “{found.query}”"
        self.grid.html = render("gallery.html.j2", tiles=self.tiles, empty=empty)
        n = len(found)
        text = f"{n}{'+' if found.truncated else ''} match{'es' * (n != 1)} for “{found.query}”"
        if found.truncated:
            text += f" (the best {n}: refine the words)"
        self.page_label.value = render("muted.html.j2", text=text if n else empty)
        self._searching(True)
        return True

    def _searching(self, on: bool) -> None:
        for dd in self.filters.values():
            dd.disabled = on  # the filters and pages are the listing's, not the search's
        if on:
            self.prev_button.disabled = self.next_button.disabled = True

    def _clear(self) -> None:
        if self.search_box.value:
            self.search_box.value = ""  # observed: shows the pages again
        else:
            self.search("")

    def show_page(self, offset: int) -> bool:
        """Load the page starting at ``offset`` (clamped to ≥ 0) with the current filters."""
        try:
            page = lk.list_assets(
                self.source,
                user_id=self.user_id,
                offset=max(0, int(offset)),
                limit=self.page_size,
                **self._filter_values(),
            )
        except Exception as exc:  # shown inline: the gallery stays usable
            self.message.show(error_message(exc, self.user_id))
            return False
        self.message.show("")
        self.found = None
        self._searching(False)
        self.page = page
        self.offset = page.offset
        self.tiles = [GalleryTile(n, on_open=self.select) for n in page.items]
        self.grid.html = render(
            "gallery.html.j2", tiles=self.tiles, empty="no assets match these filters"
        )
        text = "no assets match these filters"
        if page.total:
            text = f"{page.offset + 1}–{page.offset + len(page.items)} of {page.total}"
        self.page_label.value = render("muted.html.j2", text=text)
        self.prev_button.disabled = page.offset == 0
        self.next_button.disabled = not page.has_next
        return True

    def refresh(self) -> bool:
        """Reload the current page or search (new assets may have arrived)."""
        if self.found is not None:
            return self.search(self.found.query)
        return self.show_page(self.offset)

    @property
    def error(self) -> str:
        """The inline error on show ('' when none)."""
        return self.message.text

    def _filter_values(self) -> dict[str, Any]:
        """The filters as ``lk.list_assets`` keywords ("" in a dropdown means any)."""
        return {k: dd.value or None for k, dd in self.filters.items()}

    def _filter_changed(self, _change: dict[str, Any]) -> None:
        self.show_page(0)
