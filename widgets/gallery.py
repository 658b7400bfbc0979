"""The asset gallery: a paginated grid of thumbnails with ``2↑ / 3↓`` degree badges.

One anywidget. One :func:`lineage_kit.list_assets` call per page (newest first), filters by
media type, provider and operation whose options come from :func:`lineage_kit.facets`. The
operation filters are pixsim7's search filters: *made by (lineage)* (``operation_type``: the
asset is the child of a lineage row with that operation, as assets synced from Pixverse
are) and *asset operation* (``asset_operation_type``: the asset's own column). The search
box finds assets with :func:`lineage_kit.find_assets` (a database id, a Pixverse id, a key
or path, words of a description or prompt): its hits replace the page, best first, each
tile saying which field matched; clearing the box brings the pages back. A click on a tile
sets the gallery's ``selected_id`` trait; the app links that trait to the inspector's
``asset_id``. The grid has a bounded height and scrolls on its own. Reads only.

Examples
--------
>>> import lineage_kit as lk
>>> g = AssetGallery(lk.connect(), user_id=1, page_size=5)
>>> len(g.tiles), g.page.total > 5
(5, True)
>>> g.next_page()
True
>>> g.offset
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

from typing import Any

import traitlets

import lineage_kit as lk

from .filters import FILTERS, filter_choices
from .messages import error_message
from .templating import render, static_text
from .tiles import GalleryTile, hit_tiles
from .view import ViewWidget

__all__ = ["AssetGallery"]

PAGE_SIZE_LIMIT = 500


class AssetGallery(ViewWidget):
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
        Trait: the chosen asset (a tile click sets it; ``observe`` or ``link`` it).
    filters : dict of str to str
        Trait: the filter values by ``lk.list_assets`` keyword (``""`` means any);
        ``operation_type`` is *made by (lineage)*, ``asset_operation_type`` the asset's own
        column. Assigning it shows the first page with those filters.
    query : str
        Trait: the search on show ('' while the pages are shown).
    page : lineage_kit.AssetPage or None
        The page shown; ``tiles`` are its tiles (or the search's).
    found : lineage_kit.FindResult or None
        The search on show (None while the pages are shown).
    error : str
        Trait: the inline error on show ('' when none).

    Raises
    ------
    TypeError, ValueError
        An unusable source, ``user_id`` or ``page_size``.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> g = AssetGallery(lk.connect(), user_id=1)
    >>> g.set_filter("media_type", "image")
    >>> {t.node.asset.media_type for t in g.tiles}
    {'image'}
    >>> g.filters = {"operation_type": "video_extend"}        # made by (lineage)
    >>> sorted(t.asset_id for t in g.tiles)
    [102, 103, 104, 940]
    >>> g.filters = {"asset_operation_type": "video_extend"}  # 940, synced, has no column
    >>> sorted(t.asset_id for t in g.tiles)
    [102, 103, 104]
    >>> g.filters = {}
    >>> g.receive({"type": "search", "text": "the cat"})   # what the browser sends on Enter
    >>> [(t.asset_id, t.match_label) for t in g.tiles]
    [(104, 'description'), (103, 'description'), (102, 'description')]
    >>> g.clear()
    >>> g.found is None and len(g.tiles) > 3
    True
    """

    _esm = static_text("live.js") + static_text("common.js") + static_text("gallery.js")
    _css = static_text("view.css") + static_text("assets.css")

    selected_id = traitlets.Int(None, allow_none=True).tag(sync=True)
    filters = traitlets.Dict(value_trait=traitlets.Unicode()).tag(sync=True)
    filter_choices: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    query = traitlets.Unicode("").tag(sync=True)
    offset = traitlets.Int(0).tag(sync=True)
    grid_html = traitlets.Unicode("").tag(sync=True)
    page_label = traitlets.Unicode("").tag(sync=True)
    has_prev = traitlets.Bool(False).tag(sync=True)
    has_next = traitlets.Bool(False).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)

    def __init__(self, source: Any, *, user_id: int | None, page_size: int = 24) -> None:
        self.page_size = lk.validate.bounded_int("page_size", page_size, 1, PAGE_SIZE_LIMIT)
        self.source = source
        self.user_id = lk.validate.check_user_id(user_id)
        self.page: lk.AssetPage | None = None
        self.found: lk.FindResult | None = None
        self.tiles: list[GalleryTile] = []
        facets = lk.facets(source, user_id=self.user_id)  # also rejects an unusable source
        super().__init__(filter_choices=filter_choices(facets))
        self.show_page(0)

    # --- public actions -------------------------------------------------------------------
    def select(self, asset_id: int) -> None:
        """Choose ``asset_id`` (what a tile click does): sets :attr:`selected_id`."""
        self.selected_id = asset_id

    def set_filter(self, key: str, value: str) -> None:
        """Set one filter (``""``: any) and show the first page."""
        if key not in FILTERS:
            raise lk.InvalidArgument(f"filter must be one of {', '.join(FILTERS)}; got {key!r}")
        self.filters = {**self.filters, key: value}

    def search(self, query: str) -> bool:
        """Show the assets that match ``query``, best first (an empty query shows the pages).

        Up to ``page_size`` hits; the label says when more match. The kit's errors (a query
        too long) are shown inline and leave the grid as it was.
        """
        if not str(query).strip():
            self.query = ""
            return True if self.found is None else self.show_page(0)
        try:
            found = lk.find_assets(self.source, query, user_id=self.user_id, limit=self.page_size)
        except lk.LineageKitError as exc:
            self.error = error_message(exc, self.user_id)
            return False
        self.found = found
        self.tiles = hit_tiles(found, self.select)
        n = len(found)
        empty = f"nothing matches “{found.query}”"
        text = f"{n}{'+' if found.truncated else ''} match{'es' * (n != 1)} for “{found.query}”"
        if found.truncated:
            text += f" (the best {n}: refine the words)"
        with self.hold_sync():
            self.error = ""
            self.query = str(query)
            self.grid_html = render("gallery.html.j2", tiles=self.tiles, empty=empty)
            self.page_label = text if n else empty
            self.has_prev = self.has_next = False  # the pages are the listing's
        return True

    def clear(self) -> None:
        """Back to the pages (what *Clear* does)."""
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
        except lk.LineageKitError as exc:
            self.error = error_message(exc, self.user_id)
            return False
        self.found = None
        self.page = page
        self.tiles = [GalleryTile(n, on_open=self.select) for n in page.items]
        text = "no assets match these filters"
        if page.total:
            text = f"{page.offset + 1}–{page.offset + len(page.items)} of {page.total}"
        with self.hold_sync():
            self.error = ""
            self.query = ""
            self.offset = page.offset
            self.grid_html = render(
                "gallery.html.j2", tiles=self.tiles, empty="no assets match these filters"
            )
            self.page_label = text
            self.has_prev = page.offset > 0
            self.has_next = page.has_next
        return True

    def next_page(self) -> bool:
        """The next page (what *Next* does)."""
        return self.has_next and self.show_page(self.offset + self.page_size)

    def prev_page(self) -> bool:
        """The previous page (what *Prev* does)."""
        return self.has_prev and self.show_page(self.offset - self.page_size)

    def refresh(self) -> bool:
        """Reload the current page or search (new assets may have arrived)."""
        if self.found is not None:
            return self.search(self.found.query)
        return self.show_page(self.offset)

    # --- what the front end sends -----------------------------------------------------------
    def on_open(self, content: dict[str, Any]) -> None:
        asset_id = content.get("asset_id")
        if isinstance(asset_id, int) and not isinstance(asset_id, bool):
            self.select(asset_id)

    def on_search(self, content: dict[str, Any]) -> None:
        self.search(str(content.get("text", "")))

    def on_clear(self, _content: dict[str, Any]) -> None:
        self.clear()

    def on_page(self, content: dict[str, Any]) -> None:
        if content.get("step") == 1:
            self.next_page()
        elif content.get("step") == -1:
            self.prev_page()

    def on_filter(self, content: dict[str, Any]) -> None:
        key, value = content.get("key"), content.get("value")
        if key in FILTERS and isinstance(value, str):
            self.set_filter(key, value)

    # --- internals ----------------------------------------------------------------------
    @traitlets.validate("filters")
    def _known_filters(self, proposal: dict[str, Any]) -> dict[str, str]:
        unknown = set(proposal["value"]) - set(FILTERS)
        if unknown:
            raise traitlets.TraitError(f"unknown filters {sorted(unknown)}; known: {FILTERS}")
        return dict(proposal["value"])

    @traitlets.observe("filters")
    def _filters_changed(self, _change: dict[str, Any]) -> None:
        self.show_page(0)

    def _filter_values(self) -> dict[str, Any]:
        """The filters as ``lk.list_assets`` keywords ("" means any)."""
        return {k: self.filters.get(k) or None for k in FILTERS}
