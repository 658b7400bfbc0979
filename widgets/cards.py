"""Asset cards, badges and thumbnails: the HTML pieces of the inspector and the gallery.

Everything here builds escaped HTML strings (descriptions and ids are user
data; ipywidgets' ``HTML`` widget inserts its value unsanitised). Thumbnails
are ``<img src=…>`` tags that the *browser* loads from the asset's URL — the
kernel never fetches them — with an inline SVG placeholder per media type when
the URL is missing, not an image URL, or fails to load (an ``onerror`` swap).
A ``local_path`` readable on the kernel's machine is shown instead, as a
``data:`` URI, when it is a small image file.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.cards import badge_html
>>> res = lk.connect().lineage(103, user_id=1)
>>> "SOURCE_VIDEO" in badge_html(res.parents_of(103)[0])
True
"""

from __future__ import annotations

import base64
import html
import mimetypes
import os
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import ipywidgets as w

import lineage_kit as lk

from .palette import colour_for

__all__ = [
    "LOCAL_IMAGE_MAX_BYTES",
    "STYLE",
    "AssetCard",
    "badge_html",
    "counts_html",
    "media_chip_html",
    "placeholder_uri",
    "sequence_label",
    "style_widget",
    "temporal_label",
    "text_colour_on",
    "thumbnail_html",
    "thumbnail_src",
]

LOCAL_IMAGE_MAX_BYTES = 256 * 1024
"""Larger local files are not inlined: a data: URI travels through the widget state."""

_esc = html.escape

# Glyphs drawn on the placeholder, per media type (SVG path data on a 64×64 canvas).
_GLYPHS = {
    "video": '<path d="M25 20 L45 32 L25 44 Z" fill="#fff"/>',
    "image": (
        '<circle cx="24" cy="24" r="5" fill="#fff"/>'
        '<path d="M12 46 L26 32 L34 40 L42 30 L52 46 Z" fill="#fff"/>'
    ),
    "audio": (
        '<rect x="18" y="28" width="5" height="12" fill="#fff"/>'
        '<rect x="27" y="20" width="5" height="28" fill="#fff"/>'
        '<rect x="36" y="24" width="5" height="20" fill="#fff"/>'
        '<rect x="45" y="30" width="5" height="8" fill="#fff"/>'
    ),
    "3d_model": (
        '<path d="M32 14 L48 23 L48 41 L32 50 L16 41 L16 23 Z" fill="none" '
        'stroke="#fff" stroke-width="3"/><path d="M16 23 L32 32 L48 23 M32 32 L32 50" '
        'fill="none" stroke="#fff" stroke-width="3"/>'
    ),
}


@lru_cache(maxsize=16)
def placeholder_uri(media_type: str | None) -> str:
    """An inline SVG placeholder (``data:`` URI) for a media type; ``?`` when unknown.

    >>> placeholder_uri("video").startswith("data:image/svg+xml;base64,")
    True
    """
    colour = colour_for("media", media_type)
    glyph = _GLYPHS.get(media_type or "")
    if glyph is None:
        glyph = (
            '<text x="32" y="42" font-size="28" text-anchor="middle" fill="#fff" '
            'font-family="sans-serif">?</text>'
        )
    label = _esc(media_type or "unknown")
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="6" fill="{colour}" opacity="0.85"/>{glyph}'
        f'<text x="32" y="60" font-size="8" text-anchor="middle" fill="#fff" '
        f'font-family="sans-serif">{label}</text></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@lru_cache(maxsize=256)
def _local_image_uri(path: str, size: int, mtime: float) -> str | None:
    # size and mtime are in the key so an edited file is read again.
    mime, _ = mimetypes.guess_type(path)
    if not mime or not mime.startswith("image/"):
        return None
    try:
        with open(path, "rb") as f:
            data = f.read(LOCAL_IMAGE_MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > LOCAL_IMAGE_MAX_BYTES:
        return None
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def _local_uri(path: str | None) -> str | None:
    if not path:
        return None
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    if not os.path.isfile(path) or st.st_size > LOCAL_IMAGE_MAX_BYTES:
        return None
    return _local_image_uri(path, st.st_size, st.st_mtime)


def _is_image_url(url: str) -> bool:
    low = url.strip().lower()
    return low.startswith(("http://", "https://", "data:image/"))


def thumbnail_src(asset: lk.Asset) -> tuple[str, bool]:
    """The ``src`` to show for an asset, and whether it is the placeholder.

    A readable small local image wins (it needs no network), then the
    thumbnail URL when it is an ``http(s)`` or ``data:image/`` URL, then the
    media-type placeholder.

    >>> import lineage_kit as lk
    >>> a = lk.Asset(id=1, media_type="video", provider_id="p", provider_asset_id="x")
    >>> thumbnail_src(a)[1]
    True
    """
    local = _local_uri(asset.local_path)
    if local:
        return local, False
    url = asset.thumbnail_url
    if url and _is_image_url(url):
        return url.strip(), False
    return placeholder_uri(asset.media_type), True


def thumbnail_html(asset: lk.Asset, size: int = 64) -> str:
    """An ``<img>`` for the asset, swapping to the placeholder if the URL fails to load.

    >>> import lineage_kit as lk
    >>> a = lk.Asset(id=7, media_type="image", provider_id="p", provider_asset_id="x",
    ...              thumbnail_url="https://example.invalid/7.png")
    >>> "onerror" in thumbnail_html(a)
    True
    """
    src, is_placeholder = thumbnail_src(asset)
    fallback = placeholder_uri(asset.media_type)
    classes = "lk-thumb lk-thumb-placeholder" if is_placeholder else "lk-thumb"
    # The placeholder URI is base64 (no quotes), so it can sit inside the handler's quotes.
    onerror = (
        ""
        if is_placeholder
        else f" onerror=\"this.onerror=null;this.src='{fallback}';"
        "this.classList.add('lk-thumb-placeholder')\""
    )
    alt = f"{asset.media_type or 'asset'} {asset.id}"
    return (
        f'<img class="{classes}" src="{_esc(src, quote=True)}" alt="{_esc(alt, quote=True)}" '
        f'width="{size}" height="{size}" loading="lazy" referrerpolicy="no-referrer" '
        f'data-asset-id="{asset.id}"{onerror}>'
    )


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on a ``#rrggbb`` background.

    >>> text_colour_on("#f59e0b"), text_colour_on("#1d4ed8")
    ('#111827', '#ffffff')
    """
    r, g, b = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    # Contrast against white is (1.05)/(lum+0.05); against near-black (lum+0.05)/0.06.
    return "#111827" if (lum + 0.05) / 0.06 > 1.05 / (lum + 0.05) else "#ffffff"


def _chip(kind: str, value: str | None, css: str) -> str:
    bg = colour_for(kind, value)
    return (
        f'<span class="{css}" style="background:{bg};color:{text_colour_on(bg)}">'
        f"{_esc(value or '?')}</span>"
    )


def badge_html(edge: lk.Edge) -> str:
    """The relation · operation badge of a lineage row, coloured by the shared palette.

    >>> import lineage_kit as lk
    >>> e = lk.Edge(id=1, parent_asset_id=1, child_asset_id=2, relation_type="SOURCE_VIDEO",
    ...             operation_type="video_extend", sequence_order=0)
    >>> "SOURCE_VIDEO" in badge_html(e) and "video_extend" in badge_html(e)
    True
    """
    rel_bg = colour_for("relation", edge.relation_type)
    op_bg = colour_for("operation", edge.operation_type)
    title = f"relation {edge.relation_type}, operation {edge.operation_type or '?'}"
    return (
        f'<span class="lk-badge" title="{_esc(title, quote=True)}">'
        f'<span class="lk-badge-rel" style="background:{rel_bg};color:{text_colour_on(rel_bg)}">'
        f"{_esc(edge.relation_type)}</span>"
        f'<span class="lk-badge-sep"> · </span>'
        f'<span class="lk-badge-op" style="background:{op_bg};color:{text_colour_on(op_bg)}">'
        f"{_esc(edge.operation_type or '?')}</span></span>"
    )


def media_chip_html(media_type: str | None) -> str:
    """A small chip with the media type in its palette colour."""
    return _chip("media", media_type, "lk-media")


def counts_html(parent_count: int, child_count: int) -> str:
    """``2↑ / 3↓``: the asset's full in-scope degree (what lies beyond the view)."""
    return (
        f'<span class="lk-counts" title="{parent_count} parent row(s), '
        f'{child_count} child row(s)">{parent_count}↑ / {child_count}↓</span>'
    )


def _num(x: float) -> str:
    return f"{x:g}"


def temporal_label(edge: lk.Edge) -> str:
    """Frame number and time span of a lineage row in plain text ('' when none).

    >>> import lineage_kit as lk
    >>> e = lk.Edge(id=1, parent_asset_id=1, child_asset_id=2, relation_type="PAUSED_FRAME",
    ...             operation_type="frame_extraction", sequence_order=0,
    ...             parent_start_time=5.0, parent_end_time=5.0, parent_frame=120)
    >>> temporal_label(e)
    'frame 120 · at 5 s'
    """
    parts = []
    if edge.parent_frame is not None:
        parts.append(f"frame {edge.parent_frame}")
    start, end = edge.parent_start_time, edge.parent_end_time
    if start is not None and end is not None:
        parts.append(f"at {_num(start)} s" if start == end else f"{_num(start)}–{_num(end)} s")
    elif start is not None:
        parts.append(f"from {_num(start)} s")
    elif end is not None:
        parts.append(f"until {_num(end)} s")
    return " · ".join(parts)


def sequence_label(edge: lk.Edge, child_inputs: int) -> str:
    """``order 2`` when the row's position matters: a multi-input operation or a child
    with more than one input; '' otherwise."""
    if edge.operation_type in lk.schema.MULTI_INPUT_OPERATIONS or child_inputs > 1:
        return f"order {edge.sequence_order}"
    return ""


def asset_lines_html(node: lk.Node) -> str:
    """Id, media type, provider, provider asset id, counts and archived mark of a node."""
    a = node.asset
    archived = '<span class="lk-archived">archived</span>' if a.is_archived else ""
    return (
        f'<div class="lk-line"><b class="lk-id">{a.id}</b> {media_chip_html(a.media_type)} '
        f'<span class="lk-provider">{_esc(a.provider_id or "?")}</span> {archived}</div>'
        f'<div class="lk-line lk-pid" title="{_esc(a.provider_asset_id or "", quote=True)}">'
        f"{_esc(a.provider_asset_id or '')}</div>"
    )


class AssetCard(w.VBox):
    """One neighbour of the selection: thumbnail, summary, badge and an open button.

    ``edge`` is the lineage row that links it to the asset it is listed
    under (``via``); ``button.click()`` (or a click anywhere on the card in the
    browser) calls ``on_open(asset_id)``.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> res = lk.connect().lineage(103, user_id=1)
    >>> edge = res.parents_of(103)[0]
    >>> card = AssetCard(res.node(102), edge, child_inputs=1, on_open=print)
    >>> card.button.click()
    102
    """

    def __init__(
        self,
        node: lk.Node,
        edge: lk.Edge | None = None,
        *,
        child_inputs: int = 1,
        via: str = "",
        on_open: Callable[[int], Any] | None = None,
    ) -> None:
        self.node = node
        self.edge = edge
        self.asset_id = node.id
        extra = []
        if edge is not None:
            seq = sequence_label(edge, child_inputs)
            if seq:
                extra.append(f'<span class="lk-seq">{_esc(seq)}</span>')
            temporal = temporal_label(edge)
            if temporal:
                extra.append(f'<span class="lk-temporal">{_esc(temporal)}</span>')
        if via:
            extra.append(f'<span class="lk-via">{_esc(via)}</span>')
        badge = f'<div class="lk-line">{badge_html(edge)}</div>' if edge is not None else ""
        details = f'<div class="lk-line lk-details">{" · ".join(extra)}</div>' if extra else ""
        desc = node.asset.description or ""
        body = (
            # A click anywhere on the card presses its button (inline handlers run in
            # ipywidgets' HTML widget, scripts do not).
            '<div class="lk-card-body" '
            "onclick=\"var c=this.closest('.lk-card');"
            "var b=c&&c.querySelector('button.lk-card-open');if(b){b.click();}\">"
            f'<div class="lk-card-thumb">{thumbnail_html(node.asset, 64)}</div>'
            f'<div class="lk-card-text">{asset_lines_html(node)}{badge}{details}'
            f'<div class="lk-line">{counts_html(node.parent_count, node.child_count)}</div>'
            f'<div class="lk-desc" title="{_esc(desc, quote=True)}">{_esc(desc)}</div>'
            "</div></div>"
        )
        self.html = w.HTML(body).add_class("lk-card-html")
        self.button = w.Button(
            description=f"Open {node.id}",
            tooltip=f"Inspect asset {node.id}",
            layout=w.Layout(width="auto"),
        ).add_class("lk-card-open")
        self._on_open = on_open
        self.button.on_click(self._clicked)
        super().__init__([self.html, self.button], layout=w.Layout(width="auto"))
        self.add_class("lk-card")
        self.add_class(f"lk-card-{node.id}")
        if node.asset.is_archived:
            self.add_class("lk-card-archived")

    def _clicked(self, _button: w.Button) -> None:
        if self._on_open is not None:
            self._on_open(self.asset_id)


STYLE = """
.lk-root { font-size: 13px; }
.lk-root img.lk-thumb { object-fit: contain; border-radius: 4px; background: transparent;
  flex: none; display: block; }
.lk-card { border: 1px solid #d1d5db; border-radius: 8px; padding: 6px; margin: 0;
  background: #fff; box-sizing: border-box; min-width: 0; }
.lk-card:hover { border-color: #2563eb; box-shadow: 0 1px 4px rgba(37,99,235,.25); }
.lk-card-archived { background: #f9fafb; border-style: dashed; }
.lk-card .widget-html, .lk-card .widget-html-content { width: 100%; margin: 0; }
.lk-card-body { display: flex; gap: 8px; align-items: flex-start; cursor: pointer;
  line-height: 1.35; }
.lk-card-text { min-width: 0; flex: 1 1 auto; }
.lk-line { margin: 1px 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.lk-pid { font-family: monospace; font-size: 11px; color: #4b5563; }
.lk-details { font-size: 11px; color: #374151; white-space: normal; }
.lk-desc { font-size: 12px; color: #374151; white-space: normal; display: -webkit-box;
  -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.lk-badge { display: inline-flex; flex-wrap: wrap; gap: 2px; max-width: 100%;
  font-size: 10.5px; font-weight: 600; letter-spacing: .02em; line-height: 1.5; }
.lk-badge-rel, .lk-badge-op { padding: 0 5px; border-radius: 4px; overflow-wrap: anywhere; }
.lk-badge-sep { display: none; }
.lk-media { border-radius: 4px; padding: 0 5px; font-size: 11px; }
.lk-counts { font-size: 11px; color: #1f2937; background: #eef2ff; border-radius: 4px;
  padding: 0 5px; }
.lk-archived { font-size: 10.5px; color: #92400e; background: #fef3c7; border-radius: 4px;
  padding: 0 5px; font-weight: 600; text-transform: uppercase; }
.lk-card .lk-card-open { margin: 4px 0 0 0; height: 26px; font-size: 12px; }
.lk-section-title { font-weight: 600; margin: 10px 0 4px; color: #111827; }
.lk-cards { grid-gap: 8px; padding-bottom: 2px; }
.lk-section-title .lk-muted, .lk-muted { color: #6b7280; font-weight: normal; }
.lk-header-body { display: flex; gap: 14px; align-items: flex-start; }
.lk-header-body .lk-title { font-size: 16px; font-weight: 600; margin-bottom: 3px; }
.lk-header-body .lk-line { white-space: normal; overflow-wrap: anywhere; }
.lk-message { color: #991b1b; background: #fef2f2; border: 1px solid #fecaca;
  border-radius: 6px; padding: 4px 8px; }
.lk-truncated { color: #92400e; background: #fffbeb; border: 1px solid #fde68a;
  border-radius: 6px; padding: 4px 8px; }
.lk-tile { border: 1px solid #d1d5db; border-radius: 8px; padding: 6px; margin: 0;
  background: #fff; box-sizing: border-box; }
.lk-tile:hover { border-color: #2563eb; }
.lk-tile-selected { border: 2px solid #2563eb; }
.lk-tile .widget-html, .lk-tile .widget-html-content { width: 100%; margin: 0; }
.lk-tile-body { cursor: pointer; line-height: 1.35; text-align: center; }
.lk-tile-body img.lk-thumb { margin: 0 auto 3px; }
.lk-tile-body .lk-line { font-size: 12px; }
.lk-tile .lk-tile-open { width: 100%; height: 24px; font-size: 12px; margin: 3px 0 0 0; }
.lk-gallery-grid { grid-gap: 8px; }
"""
"""CSS for every ``lk-`` class, shipped once per panel in a ``<style>`` element."""


def style_widget() -> w.HTML:
    """An HTML widget that carries :data:`STYLE` (add it once to a panel)."""
    return w.HTML(f"<style>{STYLE}</style>", layout=w.Layout(display="none")).add_class("lk-style")
