"""Which URL pixsim7's API reports for an asset's file and thumbnail, from its row alone.

pixsim7 no longer fills the legacy ``assets.thumbnail_url`` column: it stores
storage keys (``stored_key``, ``thumbnail_key``, ``preview_key``) and computes
URLs when it answers (``shared/schemas/asset_schemas.py``, ``compute_urls``;
``shared/storage_utils.py``, ``storage_key_to_url``). The rules, as read there:

- a storage key is served at ``/api/v1/media/<key>`` (spaces as ``%20``);
- a Pixverse asset's ``remote_url`` is first normalised
  (``services/provider/adapters/pixverse_url_resolver.py``, ``normalize_url``):
  percent-decoded, a relative ``pixverse/``, ``upload/`` or ``openapi/`` path
  put under ``https://media.pixverse.ai/``, scheme and host lower-cased, a
  trailing ``/`` and the fragment dropped;
- the file URL: ``stored_key``, else ``/api/v1/assets/<id>/file`` when the
  asset has a ``local_path``, else ``remote_url``, else ``original_source_url``
  (each URL only when it starts with ``http://`` or ``https://``);
- the thumbnail URL: ``thumbnail_key``, else the provider's own thumbnail
  (``media_metadata.provider_thumbnail_url``, an http(s) URL), else, for
  anything but a video, the file URL, ``remote_url`` or
  ``original_source_url``. A video's file is never its thumbnail.

One addition: a value in the legacy ``thumbnail_url`` column (written by older
pixsim7, which served it as the thumbnail) is kept where today's rules find no
key and no provider thumbnail. pixsim7 starts from that attribute in the same
place, so a database written by pixsim7 today (column empty) gets exactly
pixsim7's answer.

The URLs are relative to the pixsim7 server, as its API reports them;
:func:`absolute` puts its origin in front.

>>> thumbnail_url({"id": 7, "media_type": "VIDEO", "thumbnail_key": "u/1/thumbnails/a b.jpg"})
'/api/v1/media/u/1/thumbnails/a%20b.jpg'
>>> thumbnail_url({"id": 8, "media_type": "IMAGE", "provider_id": "pixverse",
...                "remote_url": "upload/cat.png"})
'https://media.pixverse.ai/upload/cat.png'
>>> absolute("/api/v1/media/u/1/x.jpg", "http://pixsim.local:8000")
'http://pixsim.local:8000/api/v1/media/u/1/x.jpg'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlparse, urlunparse

from .records import json_value, opt_str, plain
from .schema import media_type_value

__all__ = [
    "MEDIA_ROUTE",
    "PIXVERSE_MEDIA_BASE",
    "absolute",
    "file_url",
    "media_url",
    "normalise_pixverse_url",
    "remote_url",
    "thumbnail_url",
]

MEDIA_ROUTE = "/api/v1/media/"
"""Where pixsim7 serves a storage key (``storage_key_to_url``)."""
PIXVERSE_MEDIA_BASE = "https://media.pixverse.ai"
_PIXVERSE_RELATIVE = ("pixverse/", "upload/", "openapi/", "pixverse\\", "upload\\", "openapi\\")


def media_url(key: str | None) -> str | None:
    """The URL pixsim7 serves a storage key at (``None`` for no key).

    >>> media_url("u/1/content/ab/x.mp4"), media_url("")
    ('/api/v1/media/u/1/content/ab/x.mp4', None)
    """
    if not key:
        return None
    return MEDIA_ROUTE + key.replace(" ", "%20")


def _is_http(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("http://", "https://"))


_NORMAL = re.compile(
    r"https?://[a-z0-9.-]+(?:/(?:[A-Za-z0-9._~!$&'()*+,=:@/-]*[A-Za-z0-9._~!$&'()*+,=:@-])?)?"
)
"""URLs :func:`normalise_pixverse_url` returns unchanged: a lower-case scheme and host, and a
path with nothing to decode, drop or strip (no ``%``, ``#``, ``?``, ``;``, backslash, space,
or trailing ``/``). Most stored URLs are; they skip the parse."""


def normalise_pixverse_url(url: str | None) -> str | None:
    """A Pixverse media URL the way pixsim7 normalises it before answering.

    >>> normalise_pixverse_url("HTTPS://Media.Pixverse.AI/openapi/output/a%20b.mp4/#t=1")
    'https://media.pixverse.ai/openapi/output/a b.mp4'
    >>> normalise_pixverse_url("/pixverse\\\\jpg\\\\x.jpg")
    'https://media.pixverse.ai/pixverse/jpg/x.jpg'
    """
    if not url:
        return None
    if isinstance(url, str) and _NORMAL.fullmatch(url):
        return url
    return _normalised(url)


def _normalised(url: str) -> str:
    """:func:`normalise_pixverse_url` the long way (a non-empty URL)."""
    text = unquote(str(url).strip())
    if not text.startswith(("http://", "https://")):
        text = text.removeprefix("/")
        if text.startswith(_PIXVERSE_RELATIVE):
            text = f"{PIXVERSE_MEDIA_BASE}/{text.replace(chr(92), '/')}"
        elif text.startswith("media.pixverse.ai/"):
            text = "https://" + text
    try:
        parts = urlparse(text)
    except ValueError:  # e.g. an unbalanced "[" in the host: kept as stored
        return text
    if not parts.scheme or not parts.netloc:
        return text  # not a URL (an id or a path): kept as stored
    path = unquote(parts.path)
    if path != "/":
        path = path.rstrip("/")
    scheme, host = parts.scheme.lower(), parts.netloc.lower()
    return urlunparse((scheme, host, path, parts.params, parts.query, ""))


def remote_url(rec: Mapping[str, Any]) -> str | None:
    """The asset's ``remote_url`` as pixsim7 reports it (Pixverse URLs normalised)."""
    url = opt_str(rec.get("remote_url"))
    if url and opt_str(rec.get("provider_id")) == "pixverse":
        return normalise_pixverse_url(url) or url
    return url


def file_url(rec: Mapping[str, Any]) -> str | None:
    """Where pixsim7 serves the asset's file (relative to the server when local)."""
    stored = opt_str(rec.get("stored_key"))
    if stored:
        return media_url(stored)
    if opt_str(rec.get("local_path")):
        return f"/api/v1/assets/{int(plain(rec['id']))}/file"
    for url in (remote_url(rec), opt_str(rec.get("original_source_url"))):
        if _is_http(url):
            return url
    return None


def provider_thumbnail(rec: Mapping[str, Any]) -> str | None:
    """The provider's own thumbnail URL stashed in ``media_metadata``, when it is http(s).

    A source may hand over the value already read from the JSON (a
    ``provider_thumbnail_url`` key, as the SQL source does) or the whole
    ``media_metadata``.
    """
    if "provider_thumbnail_url" in rec:
        value = plain(rec["provider_thumbnail_url"])
    else:
        value = json_value(rec.get("media_metadata"), "provider_thumbnail_url")
    return value if isinstance(value, str) and _is_http(value) else None


def thumbnail_url(rec: Mapping[str, Any]) -> str | None:
    """The thumbnail URL pixsim7's API reports for an asset row (see the module's rules)."""
    key = opt_str(rec.get("thumbnail_key"))
    if key:
        return media_url(key)
    provided = provider_thumbnail(rec)
    if provided:
        return provided
    legacy = opt_str(rec.get("thumbnail_url"))
    if legacy:
        return legacy
    if media_type_value(opt_str(rec.get("media_type"))) == "video":
        return None
    # pixsim7 then tries remote_url and original_source_url, which file_url already tried.
    return file_url(rec)


def absolute(url: str | None, origin: str | None) -> str | None:
    """``url`` with the pixsim7 server's origin in front when it is a server path.

    >>> absolute("https://cdn.example/x.png", "http://h:1"), absolute("/api/v1/x", None)
    ('https://cdn.example/x.png', '/api/v1/x')
    """
    if url and origin and url.startswith("/") and not url.startswith("//"):
        return origin + url
    return url
