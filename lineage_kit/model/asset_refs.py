"""Asset references as pixsim7 reads them in ``generations.inputs``.

A generation's inputs name their assets in several forms over pixsim7's history.
Its ``shared/asset_refs.py`` (``extract_asset_id``, over ``shared/entity_refs.py``)
accepts them all; its lineage writer (``asset_factory.create_lineage_links_with_metadata``)
writes a row only for the form it writes today. Restated here in our own words:

- :func:`asset_ref_id` — the id pixsim7 reads from any accepted form: an integer;
  ``"asset:123"``, ``"asset_123"`` or ``"asset:anything:123"`` (an entity reference
  ``type:id`` whose type is ``asset``; another type names no asset); a string of
  digits; ``{"type": "asset", "id": 123}``; ``{"asset_id": 123}``,
  ``{"assetId": 123}``, ``{"id": 123}`` or ``{"asset": <any of these>}``. Ids are
  read the way Python's ``int()`` reads them (surrounding spaces, ``+``, ``-``,
  digit separators ``_``, and ``int()`` of a number in a dict truncates it).
  URLs (``http://``, ``https://``) and anything else name no asset;
- :func:`written_ref_id` — the id the lineage writer links: only a text that
  starts with ``asset:`` followed by an integer. Every other form is skipped, so
  a refresh links an input written as ``123`` or ``{"type": "asset", "id": 123}``
  to nothing, although it reads its id (to skip parents already linked).

>>> [asset_ref_id(v) for v in (12, "asset:12", "asset_12", " 12 ", {"type": "asset", "id": "12"},
...                            {"assetId": 12}, {"asset": "asset:12"}, "scene:game:12",
...                            "https://x/assets/12", 12.0)]
[12, 12, 12, 12, 12, 12, 12, None, None, None]
>>> written_ref_id("asset:12"), written_ref_id(12), written_ref_id("asset_12")
(12, None, None)
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["asset_ref_id", "written_ref_id"]

_REF = re.compile(r"^(?:asset[_:])(?P<id>\d+)$")


def _int(value: Any) -> int | None:
    """An integer the way pixsim7 coerces one (``_coerce_int``): ints as they are, digit
    strings, then whatever Python's ``int()`` accepts."""
    if value is None:
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        try:
            return int(value.strip())
        except ValueError:  # a digit that int() does not read (superscripts)
            return None
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _entity_ref(value: Any) -> tuple[str, int] | None:
    """``(type, id)`` when ``value`` parses as an entity reference, else ``None``."""
    candidate = value
    if isinstance(value, str):
        raw = value.strip()
        if raw.startswith("asset_"):
            candidate = "asset:" + raw.split("_", 1)[1]
    elif isinstance(value, dict) and value.get("type") is None:
        if value.get("asset_id") is not None:
            candidate = {"type": "asset", "id": value.get("asset_id")}
        elif value.get("assetId") is not None:
            candidate = {"type": "asset", "id": value.get("assetId")}
    if isinstance(candidate, str):
        if ":" not in candidate:
            return None
        parts = candidate.split(":")
        if len(parts) == 3 and parts[0] == "scene" and parts[1] in ("game", "content"):
            number = _strict_int(parts[2])
            return None if number is None else ("scene", number)
        number = _strict_int(parts[-1])
        return None if number is None else (parts[0], number)
    if isinstance(candidate, dict):
        kind = candidate.get("type") or candidate.get("entity_type")
        ident = candidate.get("id")
        meta = candidate.get("meta")
        if kind is None or ident is None or not isinstance(kind, str):
            return None
        if meta is not None and not isinstance(meta, dict):
            return None
        number = _strict_int(ident)
        return None if number is None else (kind, number)
    return None


def _strict_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def asset_ref_id(value: Any) -> int | None:
    """The asset id pixsim7 reads from one input's ``asset`` value (any accepted form)."""
    if value is None:
        return None
    if isinstance(value, int):  # a JSON true is an int to Python, as to pixsim7
        return int(value)
    parsed = _entity_ref(value)
    if parsed is not None:
        return parsed[1] if parsed[0] == "asset" else None
    if isinstance(value, dict):
        if "asset" in value:
            return asset_ref_id(value.get("asset"))
        if value.get("type") == "asset" and value.get("id") is not None:
            return _int(value.get("id"))
        for key in ("asset_id", "assetId", "id"):
            if key in value:
                return _int(value.get(key))
        return None
    if isinstance(value, str):
        raw = value.strip()
        if not raw or raw.startswith(("http://", "https://")):
            return None
        match = _REF.match(raw)
        if match:
            return _int(match.group("id"))
        return _int(raw) if raw.isdigit() else None
    return None


def written_ref_id(value: Any) -> int | None:
    """The parent id pixsim7's lineage writer links for this ``asset`` value, or ``None``
    when it skips the input (only ``"asset:<int>"`` texts are linked)."""
    if not value or not isinstance(value, str) or not value.startswith("asset:"):
        return None
    return _strict_int(value.split(":", 1)[1])
