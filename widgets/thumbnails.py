"""Thumbnails: what ``src`` an asset's picture gets, and the placeholder when there is none.

Thumbnails are ``<img src=…>`` tags that the *browser* loads from the asset's URL (the
kernel never fetches them), with an SVG placeholder per media type when the URL is missing
or not an image URL; the front end swaps to it when a URL fails to load
(``data-fallback``). A ``local_path`` readable on the kernel's machine is shown instead, as
a ``data:`` URI, when it is a small image file.

Examples
--------
>>> import lineage_kit as lk
>>> a = lk.Asset(id=1, media_type="video", provider_id="p", provider_asset_id="x")
>>> thumbnail(a, 64).placeholder
True
"""

from __future__ import annotations

import base64
import mimetypes
import os
from dataclasses import dataclass
from functools import lru_cache

import lineage_kit as lk

from .palette import colour_for
from .templating import render

__all__ = ["LOCAL_IMAGE_MAX_BYTES", "Thumbnail", "placeholder_uri", "thumbnail", "thumbnail_src"]

LOCAL_IMAGE_MAX_BYTES = 256 * 1024
"""Larger local files are not inlined: a data: URI travels through the widget state."""


@dataclass(frozen=True)
class Thumbnail:
    """What a template needs to draw an asset's picture (see ``parts.html.j2``)."""

    asset_id: int
    src: str
    fallback: str | None
    """The placeholder to swap in if ``src`` fails to load (None: a ``data:`` URI cannot)."""
    placeholder: bool
    alt: str
    size: int


@lru_cache(maxsize=16)
def placeholder_uri(media_type: str | None) -> str:
    """An SVG placeholder (``data:`` URI) for a media type; ``?`` when unknown.

    >>> placeholder_uri("video").startswith("data:image/svg+xml;base64,")
    True
    """
    svg = render(
        "placeholder.svg.j2",
        media=media_type or "",
        colour=colour_for("media", media_type),
        label=media_type or "unknown",
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


def thumbnail_src(asset: lk.Asset) -> tuple[str, bool]:
    """The ``src`` to show for an asset, and whether it is the placeholder.

    A readable small local image wins (it needs no network), then the thumbnail URL when
    it is an ``http(s)`` or ``data:image/`` URL, then the media-type placeholder.

    >>> import lineage_kit as lk
    >>> a = lk.Asset(id=7, media_type="image", provider_id="p", provider_asset_id="x",
    ...              thumbnail_url="https://example.invalid/7.png")
    >>> thumbnail_src(a)
    ('https://example.invalid/7.png', False)
    """
    local = _local_uri(asset.local_path)
    if local:
        return local, False
    url = (asset.thumbnail_url or "").strip()
    if url.lower().startswith(("http://", "https://", "data:image/")):
        return url, False
    return placeholder_uri(asset.media_type), True


def thumbnail(asset: lk.Asset, size: int) -> Thumbnail:
    """The picture of ``asset`` at ``size`` pixels, for the templates."""
    src, is_placeholder = thumbnail_src(asset)
    return Thumbnail(
        asset_id=asset.id,
        src=src,
        fallback=None if src.startswith("data:") else placeholder_uri(asset.media_type),
        placeholder=is_placeholder,
        alt=f"{asset.media_type or 'asset'} {asset.id}",
        size=size,
    )
