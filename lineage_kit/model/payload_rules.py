"""Step 1 of pixsim7's lineage refresh: the inputs a Pixverse payload lists, and their rows.

See :mod:`.refresh_rules` for the whole refresh. The extractor's rules are
restated from ``embedded_extractors/pixverse_extractor.py`` and
``services/asset/enrichment.py`` (``_extract_and_register_embedded``): which inputs
a payload lists, how each is looked up among the owner's assets
(:class:`PayloadInput`), which relation, order, time span and operation its row gets.

>>> meta = {"create_mode": "transition", "customer_paths": {"customer_img_urls": [
...     "upload/a.jpg", "upload/b.jpg"], "durations": [2, 3]}}
>>> [(i.url, i.relation_type, i.sequence_order, i.parent_end_time)
...  for i in payload_inputs(meta)[0]]
[('https://media.pixverse.ai/upload/a.jpg', 'TRANSITION_INPUT', 0, 2.0), \
('https://media.pixverse.ai/upload/b.jpg', 'TRANSITION_INPUT', 1, 5.0)]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlparse

from .provider import pixverse_metadata
from .records import json_document
from .refresh_rules import ExpectedRow, relation_for_role
from .schema import media_type_value
from .thumbnails import normalise_pixverse_url

__all__ = [
    "CREATE_MODE_OPERATIONS",
    "PLACEHOLDER",
    "PayloadInput",
    "payload_inputs",
    "payload_operation",
    "payload_rows",
]

_MODE_ROLES = {
    "i2v": "source_image",
    "extend": "source_video",
    "transition": "transition_input",
    "fusion": "composition_reference",
}
CREATE_MODE_OPERATIONS = {
    "i2v": "image_to_video",
    "t2v": "text_to_video",
    "i2i": "image_to_image",
    "t2i": "text_to_image",
    "text_to_image": "text_to_image",
    "image_to_image": "image_to_image",
    "extend": "video_extend",
    "transition": "video_transition",
    "fusion": "fusion",
}
"""A payload's ``create_mode`` → the operation of the rows enrichment writes."""

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_URL_KEYS = ("customer_img_url", "customer_img_urls", "customer_img_path", "customer_img_paths")


def _uuid(url: Any) -> str | None:
    if not url:
        return None
    match = _UUID.search(unquote(str(url)))
    return match.group(0) if match else None


@dataclass(frozen=True)
class PayloadInput:
    """One input a Pixverse payload lists, and how pixsim7 looks its asset up.

    It takes the first match: an asset of the child's owner and provider whose
    ``provider_asset_id`` is one of ``candidate_ids`` (the lowest id when several), else
    whose ``remote_url`` equals ``url`` normalised, else (an identifier of 8 characters
    or more) whose ``remote_url`` contains ``url_token`` (SQL ``ILIKE '%token%'``, where
    ``_`` and ``%`` in the token are wildcards).
    """

    position: int
    url: str
    candidate_ids: tuple[str, ...]
    relation_type: str
    sequence_order: int
    parent_start_time: float | None
    parent_end_time: float | None

    @property
    def url_token(self) -> str | None:
        """The URL's last path segment without its extension, when 8 characters or more."""
        try:
            parts = [p for p in urlparse(self.url).path.split("/") if p]
        except ValueError:
            return None
        if not parts:
            return None
        token = parts[-1].rsplit(".", 1)[0] if "." in parts[-1] else parts[-1]
        return token if len(token) >= 8 else None


def _url_ids(meta: Mapping[str, Any], nested: Mapping[str, Any]) -> dict[str, str]:
    """An id given beside an input's URL (``{"url": …, "image_id": …}`` entries)."""
    out: dict[str, str] = {}

    def ingest(value: Any) -> None:
        if isinstance(value, list):
            for entry in value:
                ingest(entry)
        elif isinstance(value, dict):
            url = normalise_pixverse_url(
                _text(value.get("url") or value.get("image_url") or value.get("path"))
                or _text(value.get("image_path"))
            )
            ident = value.get("image_id") or value.get("id") or value.get("media_id")
            if url and ident is not None:
                out[url] = str(ident)

    for source in (meta, nested):
        for key in (*_URL_KEYS, "image_url"):
            ingest(source.get(key))
    return out


def _text(value: Any) -> str | None:
    return None if not value else str(value)


def _numbers(values: Sequence[Any]) -> list[float] | None:
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
        return None
    return [float(v) for v in values]


def _mapping(value: Any) -> Mapping[str, Any]:
    value = json_document(value)
    return value if isinstance(value, Mapping) else {}


def payload_inputs(media_metadata: Any) -> tuple[list[PayloadInput], Any]:
    """The inputs a payload lists, in the extractor's order, and the ``create_mode`` that
    decides their operation (nested first, ``i2v`` when the payload names none)."""
    meta = _mapping(media_metadata)
    if not meta:
        return [], None
    nested = _mapping(meta.get("customer_paths"))
    mode = nested.get("create_mode") or meta.get("create_mode", "i2v")
    top_mode = meta.get("create_mode")  # the extractor's relations read the top level only
    flat = dict(meta)  # the extractor's view: nested inputs copied to the top level
    for key in _URL_KEYS:
        if nested.get(key) and (key.endswith("s") or not flat.get(key)):
            flat[key] = nested[key]
    ids = _url_ids(flat, nested)
    out: list[PayloadInput] = []
    offset = 0
    if top_mode == "extend":
        video_url = nested.get("customer_video_url") or meta.get("customer_video_url")
        original = meta.get("original_video_id") or nested.get("original_video_id")
        if video_url or original:
            offset = 1  # the source video is the extractor's first item, URL or not
        if video_url:  # an input without a URL is skipped
            candidates = [str(original)] if original else []
            uuid = _uuid(video_url)
            if uuid and uuid not in candidates:
                candidates.append(uuid)
            url = normalise_pixverse_url(str(video_url)) or ""
            out.append(PayloadInput(0, url, tuple(candidates), "SOURCE_VIDEO", 0, None, None))
    durations = nested.get("durations") or meta.get("durations") or []
    types = nested.get("fusion_type_list") or meta.get("fusion_type_list") or []
    for idx, url in enumerate(pixverse_metadata(meta).image_urls):
        position = idx + offset
        candidates = [ids[url]] if url in ids else []
        uuid = _uuid(url)
        if uuid and uuid not in candidates:
            candidates.append(uuid)
        start = end = None
        if top_mode == "transition":
            relation, order = "TRANSITION_INPUT", idx
            if isinstance(durations, list) and position < len(durations):
                spans = _numbers(durations[: position + 1])
                if spans is not None:
                    start, end = sum(spans[:-1]), sum(spans)
        elif top_mode == "fusion":
            kind = types[idx] if isinstance(types, list) and idx < len(types) else None
            relation = _FUSION.get(kind if isinstance(kind, str) else "", _STYLE)
            order = idx
        else:  # no relation from the extractor: the role of the create_mode, else an image's
            try:
                role = _MODE_ROLES.get(mode, "source_image")
            except TypeError:
                role = "source_image"
            relation, order = relation_for_role(role), position
        out.append(PayloadInput(position, url, tuple(candidates), relation, order, start, end))
    return out, mode


_FUSION = {"subject": "COMPOSITION_MAIN_CHARACTER", "background": "COMPOSITION_ENVIRONMENT"}
_STYLE = "COMPOSITION_STYLE_REFERENCE"


PLACEHOLDER = (
    "no asset of the owner matches: pixsim7 makes a placeholder asset (unless the file "
    "behind the URL matches one by content hash, which only a download can tell)"
)


def payload_operation(mode: Any, media_type: Any) -> str:
    """The operation of the rows enrichment writes for a payload."""
    try:
        op = CREATE_MODE_OPERATIONS.get(mode)
    except TypeError:
        op = None
    if op is not None:
        return op
    return "image_to_image" if media_type_value(media_type) == "image" else "image_to_video"


def payload_rows(
    child: int,
    media_type: Any,
    inputs: Sequence[PayloadInput],
    mode: Any,
    found: Sequence[tuple[int | None, str | None]],
) -> list[ExpectedRow]:
    """Step 1's rows: ``found[i]`` is the asset ``inputs[i]`` matched (or ``None``) and a
    note (an ambiguous match, …)."""
    operation = payload_operation(mode, media_type)
    out: list[ExpectedRow] = []
    seen: dict[tuple[Any, ...], int] = {}
    for item, (parent, why) in zip(inputs, found, strict=True):
        written, note = True, why or (PLACEHOLDER if parent is None else None)
        key = (parent, item.relation_type, item.sequence_order)
        if parent is not None and parent == child:
            written, note = False, "the asset itself: pixsim7 links no asset to itself"
        elif parent is not None and key in seen:
            written, note = False, f"repeats input {seen[key]}: the unique index keeps one row"
        elif parent is not None:
            seen[key] = item.position
        out.append(
            ExpectedRow(
                child,
                "payload",
                item.position,
                item.url,
                parent,
                item.relation_type,
                operation,
                item.sequence_order,
                item.parent_start_time,
                item.parent_end_time,
                None,
                written,
                note,
            )
        )
    return out
