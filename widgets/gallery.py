"""The asset gallery: a paginated grid of thumbnails with ``2↑ / 3↓`` degree badges.

One :func:`lineage_kit.list_assets` call per page (newest first), filters by
media type, provider and operation type whose options come from
:func:`lineage_kit.facets`; clicking a tile calls the ``on_select`` callbacks
(the combined layout opens the asset in the inspector). Works over every
source the core accepts; reads only.

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
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

import lineage_kit as lk

from .cards import counts_html, media_chip_html, style_widget, thumbnail_html

__all__ = ["AssetGallery", "GalleryTile"]

_esc = html.escape
PAGE_SIZE_LIMIT = 500

_FILTERS = (
    ("media_type", "Media", "any media type"),
    ("provider_id", "Provider", "any provider"),
    ("operation_type", "Operation", "any operation"),
)


class GalleryTile(w.VBox):
    """One asset of the grid: thumbnail, id, media type, provider, degree badge, open button.

    >>> import lineage_kit as lk
    >>> page = lk.list_assets(lk.connect(), user_id=2, limit=1)
    >>> GalleryTile(page.items[0], on_open=print).button.click()
    703
    """

    def __init__(self, node: lk.Node, *, on_open: Callable[[int], Any] | None = None) -> None:
        self.node = node
        self.asset_id = node.id
        a = node.asset
        archived = ' <span class="lk-archived">archived</span>' if a.is_archived else ""
        desc = a.description or ""
        body = (
            '<div class="lk-tile-body" '
            "onclick=\"var t=this.closest('.lk-tile');"
            "var b=t&&t.querySelector('button.lk-tile-open');if(b){b.click();}\">"
            f"{thumbnail_html(a, 96)}"
            f'<div class="lk-line"><b class="lk-id">{a.id}</b> {media_chip_html(a.media_type)}'
            f"{archived}</div>"
            f'<div class="lk-line">{counts_html(node.parent_count, node.child_count)} '
            f'<span class="lk-provider">{_esc(a.provider_id or "?")}</span></div>'
            f'<div class="lk-desc" title="{_esc(desc, quote=True)}">{_esc(desc)}</div>'
            "</div>"
        )
        self.html = w.HTML(body).add_class("lk-tile-html")
        self.button = w.Button(
            description=f"Open {a.id}", tooltip=f"Inspect asset {a.id}"
        ).add_class("lk-tile-open")
        self._on_open = on_open
        self.button.on_click(lambda _b: self._on_open(self.asset_id) if self._on_open else None)
        super().__init__([self.html, self.button], layout=w.Layout(min_width="0"))
        self.add_class("lk-tile")
        self.add_class(f"lk-tile-{a.id}")


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
    on_select
        Optional ``callback(asset_id)`` for a clicked tile (more via :meth:`on_select`).

    Attributes
    ----------
    page : lineage_kit.AssetPage or None
        The page shown. ``tiles`` are its tiles; ``selected_id`` the last clicked asset.
    media_type, provider_id, operation_type : ipywidgets.Dropdown
        The filters (``""`` means any).

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
    """

    def __init__(
        self,
        source: Any,
        *,
        user_id: int | None,
        page_size: int = 24,
        on_select: Callable[[int], Any] | None = None,
    ) -> None:
        if isinstance(page_size, bool) or not isinstance(page_size, int):
            raise TypeError(f"page_size must be an integer from 1 to {PAGE_SIZE_LIMIT}")
        if not 1 <= page_size <= PAGE_SIZE_LIMIT:
            raise ValueError(
                f"page_size must be an integer from 1 to {PAGE_SIZE_LIMIT}; got {page_size}"
            )
        self.source = source
        self.user_id = lk.validate.check_user_id(user_id)
        self.page_size = page_size
        self.offset = 0
        self.page: lk.AssetPage | None = None
        self.tiles: list[GalleryTile] = []
        self.selected_id: int | None = None
        self.error = ""
        self._callbacks: list[Callable[[int], Any]] = [on_select] if on_select else []

        facets = lk.facets(source, user_id=self.user_id)  # also rejects an unusable source
        self.filters: dict[str, w.Dropdown] = {}
        for key, label, anything in _FILTERS:
            dd = w.Dropdown(
                # "" stands for "any": a Dropdown's None value means "nothing selected".
                options=[(anything, "")] + [(v, v) for v in facets.get(key, [])],
                value="",
                tooltip=f"Filter by {label.lower()}",
                layout=w.Layout(width="auto", min_width="0", flex="1 1 120px"),
            ).add_class(f"lk-filter-{key.replace('_', '-')}")
            dd.observe(self._filter_changed, names="value")
            self.filters[key] = dd
        self.media_type = self.filters["media_type"]
        self.provider_id = self.filters["provider_id"]
        self.operation_type = self.filters["operation_type"]

        self.prev_button = w.Button(
            description="◀ Prev", tooltip="Previous page", layout=w.Layout(width="auto")
        ).add_class("lk-prev")
        self.next_button = w.Button(
            description="Next ▶", tooltip="Next page", layout=w.Layout(width="auto")
        ).add_class("lk-next")
        self.page_label = w.HTML().add_class("lk-page-label")
        self.message = w.HTML(layout=w.Layout(display="none")).add_class("lk-message")
        self.grid = w.GridBox(
            layout=w.Layout(
                grid_template_columns="repeat(auto-fill, minmax(132px, 1fr))",
                width="100%",
            )
        ).add_class("lk-gallery-grid")
        self.prev_button.on_click(lambda _b: self.show_page(self.offset - self.page_size))
        self.next_button.on_click(lambda _b: self.show_page(self.offset + self.page_size))

        filters_row = w.HBox(
            list(self.filters.values()), layout=w.Layout(flex_flow="row wrap", width="100%")
        ).add_class("lk-filters")
        pager = w.HBox(
            [self.prev_button, self.page_label, self.next_button],
            layout=w.Layout(align_items="center", justify_content="space-between", width="100%"),
        ).add_class("lk-pager")
        super().__init__(
            [style_widget(), filters_row, self.message, pager, self.grid],
            layout=w.Layout(min_width="0", padding="4px"),
        )
        self.add_class("lk-root")
        self.add_class("lk-gallery")
        self.show_page(0)

    # --- public -------------------------------------------------------------------------
    def on_select(self, callback: Callable[[int], Any]) -> None:
        """Call ``callback(asset_id)`` when a tile is clicked."""
        self._callbacks.append(callback)

    def select(self, asset_id: int) -> None:
        """Mark ``asset_id`` as chosen and tell the callbacks (what a tile click does)."""
        self.highlight(asset_id)
        for callback in self._callbacks:
            callback(asset_id)

    def highlight(self, asset_id: int | None) -> None:
        """Outline the tile of ``asset_id`` (when on this page); no callbacks."""
        self.selected_id = asset_id
        for tile in self.tiles:
            if tile.asset_id == asset_id:
                tile.add_class("lk-tile-selected")
            else:
                tile.remove_class("lk-tile-selected")

    def show_page(self, offset: int) -> bool:
        """Load the page starting at ``offset`` (clamped to ≥ 0) with the current filters."""
        try:
            page = lk.list_assets(
                self.source,
                user_id=self.user_id,
                offset=max(0, int(offset)),
                limit=self.page_size,
                **{k: dd.value or None for k, dd in self.filters.items()},
            )
        except Exception as exc:  # shown inline: the gallery stays usable
            self._set_message(_message(exc))
            return False
        self._set_message("")
        self.page = page
        self.offset = page.offset
        self.tiles = [GalleryTile(n, on_open=self.select) for n in page.items]
        self.grid.children = self.tiles
        self.highlight(self.selected_id)
        if page.total:
            first, last = page.offset + 1, page.offset + len(page.items)
            text = f"{first}–{last} of {page.total}"
        else:
            text = "no assets match these filters"
        self.page_label.value = f'<span class="lk-muted">{_esc(text)}</span>'
        self.prev_button.disabled = page.offset == 0
        self.next_button.disabled = not page.has_next
        return True

    def refresh(self) -> bool:
        """Reload the current page (new assets may have arrived)."""
        return self.show_page(self.offset)

    # --- internals ----------------------------------------------------------------------
    def _filter_changed(self, _change: dict[str, Any]) -> None:
        self.show_page(0)

    def _set_message(self, text: str) -> None:
        self.error = text
        self.message.value = _esc(text)
        self.message.layout.display = "" if text else "none"


def _message(exc: BaseException) -> str:
    if isinstance(exc, (ValueError, TypeError)):
        return f"Invalid input: {exc}"
    if isinstance(exc, lk.StoreError):
        return f"Could not read the lineage database: {exc}"
    return f"Unexpected error ({type(exc).__name__}): {exc}"
