"""Provider metadata read where pixsim7 reads it: the Pixverse payload in ``media_metadata``.

pixsim7's embedded extractor
(``services/asset/embedded_extractors/pixverse_extractor.py``) and the
enrichment that uses it (``services/asset/enrichment.py``) read a synced
video's Pixverse payload with these rules, restated here in our own words:

- a field is looked for under ``customer_paths`` first, then at the top level
  (an empty value counts as absent): ``create_mode``, ``prompts``,
  ``translate_prompts``, ``durations``, ``fusion_name_list``,
  ``fusion_type_list``, ``original_prompt``, and the extend fields
  ``customer_video_url``, ``customer_video_path``, ``customer_video_duration``,
  ``customer_video_last_frame_url``; only ``original_video_id`` is looked for
  at the top level first;
- the input images are ``customer_img_url``, ``customer_img_urls``,
  ``customer_img_paths`` (and ``image_url`` unless the mode makes an image),
  top level then nested, where a nested list replaces the top-level one; each
  is normalised as a Pixverse URL and a URL seen before is dropped. So an
  image used twice by a transition becomes one input, and the images after it
  move up one position;
- the i-th input image (its ``image_index``, which becomes the lineage row's
  ``sequence_order``) gets ``prompts[i]`` and ``durations[i]`` when the lists
  are long enough: a transition of N images often carries N−1 prompts and
  durations (one per cut), and then the last image gets none. Its segment in
  the video runs from the sum of the durations before it to that sum plus its
  own;
- the i-th fusion image gets ``fusion_name_list[i]`` and
  ``fusion_type_list[i]`` (``subject``, ``background``, anything else a
  style reference).

>>> meta = pixverse_metadata({"create_mode": "transition", "prompts": ["old"],
...     "customer_paths": {"prompts": ["dawn", "noon"], "durations": [2, 3]}})
>>> meta.segment(1), meta.segment(2)
(Segment(prompt='noon', duration=3.0, start=2.0, end=5.0), Segment(prompt=None, duration=None, \
start=None, end=None))
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

from .thumbnails import normalise_pixverse_url

__all__ = ["FusionEntry", "PixverseMetadata", "Segment", "pixverse_metadata"]

_IMAGE_MODES = {"create_image", "i2i", "t2i", "text_to_image", "image_to_image"}


class Segment(NamedTuple):
    """One transition input's part: its prompt and duration, its place in the video (s)."""

    prompt: str | None
    duration: float | None
    start: float | None
    end: float | None


class FusionEntry(NamedTuple):
    """One fusion input's name and entry type (``subject``, ``background``, ...)."""

    name: str | None
    type: str | None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _text(value: Any) -> str | None:
    return None if value is None or isinstance(value, (dict, list)) else str(value)


def _items(value: Any) -> list[Any]:
    if not value:
        return []
    return list(value) if isinstance(value, list) else [value]


def _url(value: Any) -> str | None:
    if isinstance(value, dict):  # {"url": ...} or {"image_url": ...} entries
        value = (
            value.get("url")
            or value.get("image_url")
            or value.get("path")
            or value.get("image_path")
        )
    if not value:
        return None
    return normalise_pixverse_url(str(value))


@dataclass(frozen=True)
class PixverseMetadata:
    """The Pixverse payload of one asset, read as pixsim7 reads it (see the module).

    Every field is empty (``None`` or ``()``) when the payload lacks it.
    ``image_urls`` are the inputs as the extractor lists them (normalised,
    first occurrence kept); ``input_list`` is the payload's own list of input
    images (``customer_img_urls``, else ``customer_img_paths``; nested first),
    normalised, repeats kept.
    """

    create_mode: str | None = None
    prompts: tuple[Any, ...] = ()
    translate_prompts: tuple[Any, ...] = ()
    durations: tuple[Any, ...] = ()
    first_frame_url: str | None = None
    last_frame_url: str | None = None
    fusion_names: tuple[Any, ...] = ()
    fusion_types: tuple[Any, ...] = ()
    original_prompt: str | None = None
    original_video_id: str | None = None
    source_video_url: str | None = None
    source_video_path: str | None = None
    source_video_duration: float | None = None
    source_last_frame_url: str | None = None
    image_urls: tuple[str, ...] = ()
    input_list: tuple[str, ...] = ()

    @property
    def repeated_image_urls(self) -> tuple[str, ...]:
        """URLs the input list names more than once (pixsim7's extractor links each once)."""
        seen: list[str] = []
        for url in self.input_list:
            if self.input_list.count(url) > 1 and url not in seen:
                seen.append(url)
        return tuple(seen)

    def positions(self, url: str) -> list[int]:
        """Where ``url`` stands in the input list (0-based)."""
        return [i for i, u in enumerate(self.input_list) if u == url]

    def segment(self, index: int) -> Segment:
        """The ``index``-th transition input's prompt, duration and place in the video."""
        prompt = self.prompts[index] if 0 <= index < len(self.prompts) else None
        if not 0 <= index < len(self.durations):
            return Segment(_text(prompt), None, None, None)
        before = [_number(d) for d in self.durations[: index + 1]]
        duration = before[-1]
        if any(d is None for d in before):
            return Segment(_text(prompt), duration, None, None)
        start = float(sum(d for d in before[:-1] if d is not None))
        return Segment(_text(prompt), duration, start, start + (duration or 0.0))

    def fusion_entry(self, index: int) -> FusionEntry:
        """The ``index``-th fusion input's name and type (None past the lists' end)."""
        name = self.fusion_names[index] if 0 <= index < len(self.fusion_names) else None
        kind = self.fusion_types[index] if 0 <= index < len(self.fusion_types) else None
        return FusionEntry(_text(name), _text(kind))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values: tuples as lists."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def pixverse_metadata(media_metadata: Any) -> PixverseMetadata:
    """Read an asset's ``media_metadata`` (a dict or JSON text) as pixsim7 reads it.

    Anything that is not a JSON object reads as empty metadata.

    >>> pixverse_metadata('{"create_mode": "fusion", "customer_paths": '
    ...                   '{"fusion_name_list": ["pilot"], "fusion_type_list": ["subject"]}}'
    ...                   ).fusion_entry(0)
    FusionEntry(name='pilot', type='subject')
    >>> pixverse_metadata(None) == PixverseMetadata()
    True
    """
    meta = media_metadata
    if isinstance(meta, (str, bytes)):
        try:
            meta = json.loads(meta)
        except ValueError:
            meta = None
    if not isinstance(meta, Mapping):
        return PixverseMetadata()
    nested = meta.get("customer_paths")
    nested = nested if isinstance(nested, Mapping) else {}

    def first(name: str, *more: str) -> Any:
        for source, key in [(nested, name), (meta, name), *((meta, m) for m in more)]:
            value = source.get(key)
            if value:
                return value
        return None

    def listed(name: str) -> tuple[Any, ...]:
        value = first(name)
        return tuple(value) if isinstance(value, list) else ()

    create_mode = _text(first("create_mode"))
    urls, inputs = _input_images(meta, nested, create_mode)
    return PixverseMetadata(
        create_mode=create_mode,
        prompts=listed("prompts"),
        translate_prompts=listed("translate_prompts"),
        durations=listed("durations"),
        first_frame_url=_text(first("customer_first_frame_url", "first_frame")),
        last_frame_url=_text(first("customer_last_frame_url", "last_frame")),
        fusion_names=listed("fusion_name_list"),
        fusion_types=listed("fusion_type_list"),
        original_prompt=_text(first("original_prompt")),
        original_video_id=_text(meta.get("original_video_id") or nested.get("original_video_id")),
        source_video_url=_text(first("customer_video_url")),
        source_video_path=_text(first("customer_video_path")),
        source_video_duration=_number(first("customer_video_duration")),
        source_last_frame_url=_text(first("customer_video_last_frame_url")),
        image_urls=urls,
        input_list=inputs,
    )


def _input_images(
    meta: Mapping[str, Any], nested: Mapping[str, Any], create_mode: str | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The extractor's input URLs, and the payload's own input list (repeats kept)."""
    top = dict(meta)
    for single in ("customer_img_url", "customer_img_path"):
        if not top.get(single) and nested.get(single):
            top[single] = nested[single]
    for many in ("customer_img_urls", "customer_img_paths"):
        if nested.get(many):
            top[many] = nested[many]
    raw: list[Any] = []
    for source in (top, nested):
        for key in ("customer_img_url", "customer_img_urls", "customer_img_paths"):
            raw += _items(source.get(key))
        if source is top and top.get("image_url") and create_mode not in _IMAGE_MODES:
            raw.append(top["image_url"])
    urls: list[str] = []
    for url in map(_url, raw):
        if url and url not in urls:
            urls.append(url)
    # The input list itself: the image URLs, else the image paths (nested replaces top).
    listed = [u for u in map(_url, _items(top.get("customer_img_urls"))) if u]
    listed = listed or [u for u in map(_url, _items(top.get("customer_img_paths"))) if u]
    return tuple(urls), tuple(listed)
