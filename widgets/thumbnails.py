"""Thumbnails: what ``src`` an asset's picture gets, and the placeholder when there is none.

Thumbnails are ``<img src=…>`` tags that the *browser* loads from the asset's
``thumbnail_url`` (the kernel never fetches them), with an SVG placeholder per media type
when the URL is missing or not an image URL; the front end swaps to it when a URL fails to
load (``data-fallback``).

The UI reads no file. ``asset.local_path`` names pixsim7's original media file (often a
large video) and is never opened here: pictures from pixsim7's storage folder come from the
kit itself, which reads them strictly inside that folder when the store is given it
(``lk.connect(url, media_dir=...)`` or ``$LINEAGE_KIT_MEDIA_DIR``) and hands them over as
``data:`` URIs in ``thumbnail_url``. A server path such as ``/api/v1/media/…`` means nothing
to the browser without pixsim7's address: it shows the placeholder, whose tooltip says to
pass ``pixsim7_url=``.

Examples
--------
>>> import lineage_kit as lk
>>> a = lk.Asset(id=1, media_type="video", provider_id="p", provider_asset_id="x")
>>> thumbnail(a, 64).placeholder
True
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache

import lineage_kit as lk

from .palette import colour_for
from .templating import render

__all__ = ["NEEDS_ORIGIN", "Thumbnail", "placeholder_uri", "thumbnail", "thumbnail_src"]

NEEDS_ORIGIN = (
    "pixsim7 serves this thumbnail at {url}: pass pixsim7_url= to lk.connect "
    "(or set LINEAGE_KIT_PIXSIM7_URL) to show it"
)
"""The tooltip of a placeholder that stands for a URL relative to the pixsim7 server."""


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
    hint: str = ""
    """A tooltip saying why the placeholder shows, when something can be done about it."""


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


def _server_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def thumbnail_src(asset: lk.Asset) -> tuple[str, bool]:
    """The ``src`` to show for an asset, and whether it is the placeholder.

    ``asset.thumbnail_url`` when it is an ``http(s)`` or ``data:image/`` URL, else the
    media-type placeholder. Nothing is read from disk: ``asset.local_path`` is ignored.

    >>> import lineage_kit as lk
    >>> a = lk.Asset(id=7, media_type="image", provider_id="p", provider_asset_id="x",
    ...              thumbnail_url="https://example.invalid/7.png", local_path="/etc/passwd")
    >>> thumbnail_src(a)
    ('https://example.invalid/7.png', False)
    >>> b = lk.Asset(id=8, media_type="image", provider_id="p", provider_asset_id="y",
    ...              thumbnail_url="/api/v1/media/u/1/thumbnails/8.jpg")
    >>> thumbnail_src(b) == (placeholder_uri("image"), True)
    True
    """
    url = (asset.thumbnail_url or "").strip()
    if url.lower().startswith(("http://", "https://", "data:image/")):
        return url, False
    return placeholder_uri(asset.media_type), True


def _hint(asset: lk.Asset, url: str, is_placeholder: bool) -> str:
    if is_placeholder:
        return NEEDS_ORIGIN.format(url=url) if _server_path(url) else ""
    # The sample's pictures from storage carry a "key" tag; say where such a picture is from.
    return "picture from pixsim7's storage (thumbnail_key)" if asset.thumbnail_key else ""


def thumbnail(asset: lk.Asset, size: int) -> Thumbnail:
    """The picture of ``asset`` at ``size`` pixels, for the templates.

    >>> import lineage_kit as lk
    >>> a = lk.Asset(id=9, media_type="image", provider_id="p", provider_asset_id="z",
    ...              thumbnail_url="/api/v1/media/u/1/thumbnails/9.jpg")
    >>> t = thumbnail(a, 64)
    >>> t.placeholder, "pass pixsim7_url= to lk.connect" in t.hint
    (True, True)
    """
    src, is_placeholder = thumbnail_src(asset)
    url = (asset.thumbnail_url or "").strip()
    return Thumbnail(
        asset_id=asset.id,
        src=src,
        fallback=None if src.startswith("data:") else placeholder_uri(asset.media_type),
        placeholder=is_placeholder,
        alt=f"{asset.media_type or 'asset'} {asset.id}",
        size=size,
        hint=_hint(asset, url, is_placeholder),
    )
