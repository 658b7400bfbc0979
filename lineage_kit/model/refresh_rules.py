"""What pixsim7's lineage refresh writes for one child, restated from its code.

pixsim7's refresh (``services/asset/lineage_refresh.py``, ``POST /api/v1/lineage/refresh``)
deletes every row of the child, commits, then writes rows again in two steps. In
our own words:

1. **The payload** (``services/asset/enrichment.py``, ``_extract_and_register_embedded``,
   with ``embedded_extractors/pixverse_extractor.py``), for a ``pixverse`` asset with a
   ``media_metadata`` payload. The extractor lists the inputs: for ``create_mode``
   ``extend`` (read at the payload's top level only) the source video
   (``customer_video_url``; its candidate ids ``original_video_id`` and a UUID in the
   URL), then every input image (:attr:`~.provider.PixverseMetadata.image_urls`; its
   candidate ids an ``image_id``/``id``/``media_id`` given beside the URL and a UUID in
   the URL). An input without a URL is skipped. Each is matched to an asset of the
   child's owner with the child's provider (:class:`~.payload_rules.PayloadInput`; the
   matching is the caller's) or made anew as a placeholder. Relation: ``TRANSITION_INPUT`` for a
   transition, by entry type for a fusion (``subject`` → ``COMPOSITION_MAIN_CHARACTER``,
   ``background`` → ``COMPOSITION_ENVIRONMENT``, else ``COMPOSITION_STYLE_REFERENCE``),
   ``SOURCE_VIDEO`` for the extended video; otherwise a role from the ``create_mode``
   read nested first (``i2v`` → source image, ``extend`` → source video, ``transition``
   → transition input, ``fusion`` → ``composition_reference``, which no relation maps:
   ``DERIVATION``), else ``SOURCE_IMAGE`` for an image and ``SOURCE`` for a video.
   Order: the image's index for a transition or fusion, else the input's position in
   the extractor's list. A transition input's time span is the running sum of
   ``durations``. Operation: from the ``create_mode``
   (:data:`~.payload_rules.CREATE_MODE_OPERATIONS`), else ``image_to_image`` for an
   image child and ``image_to_video`` otherwise.
2. **The generation** (``assets.source_generation_id`` → ``generations.inputs``): every
   input (a JSON object with a non-empty ``asset``) whose asset id
   (:func:`~.asset_refs.asset_ref_id`) is not already a parent after step 1; a row is
   written only for an ``asset:N`` reference (:func:`~.asset_refs.written_ref_id`),
   relation from its ``role`` (:data:`ROLE_RELATIONS`, else ``DERIVATION``), its
   ``sequence_order`` (0 when absent), ``time.start``/``time.end`` and ``frame``, the
   generation's operation.

Neither step links an asset to itself; a row that repeats another's key is dropped by
the unique index. A placeholder parent is a new asset: :attr:`ExpectedRow.parent_asset_id`
is ``None``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .asset_refs import asset_ref_id, written_ref_id
from .schema import OPERATION_ENUM_LABELS, operation_type_value

__all__ = ["ROLE_RELATIONS", "ExpectedRow", "generation_rows", "relation_for_role"]

ROLE_RELATIONS = {
    "source_image": "SOURCE_IMAGE",
    "seed_image": "SOURCE_IMAGE",
    "image": "SOURCE_IMAGE",
    "source_video": "SOURCE_VIDEO",
    "video": "SOURCE_VIDEO",
    "transition_input": "TRANSITION_INPUT",
    "from_image": "TRANSITION_INPUT",
    "to_image": "TRANSITION_INPUT",
    "paused_frame": "PAUSED_FRAME",
    "keyframe": "KEYFRAME",
    "reference_image": "REFERENCE_IMAGE",
    "reference": "REFERENCE",
    "main_character": "COMPOSITION_MAIN_CHARACTER",
    "companion": "COMPOSITION_COMPANION",
    "environment": "COMPOSITION_ENVIRONMENT",
    "prop": "COMPOSITION_PROP",
    "style_reference": "COMPOSITION_STYLE_REFERENCE",
    "effect": "COMPOSITION_EFFECT",
    "subject": "COMPOSITION_MAIN_CHARACTER",
    "background": "COMPOSITION_ENVIRONMENT",
    "fusion_character": "COMPOSITION_MAIN_CHARACTER",
    "fusion_background": "COMPOSITION_ENVIRONMENT",
    "fusion_reference": "COMPOSITION_STYLE_REFERENCE",
    "source": "SOURCE",
    "from_scene": "SOURCE_IMAGE",
    "to_scene": "TRANSITION_INPUT",
}
"""An input's role → the relation pixsim7 writes (``creation_helpers/inputs.py``); any
other role: ``DERIVATION``."""


def relation_for_role(role: Any) -> str:
    """The relation pixsim7 writes for an input's role (``DERIVATION`` when it maps none)."""
    try:
        return ROLE_RELATIONS.get(role, "DERIVATION") if role else "DERIVATION"
    except TypeError:  # an unhashable role
        return "DERIVATION"


@dataclass(frozen=True)
class ExpectedRow:
    """One input of a child as pixsim7's refresh treats it (see the module).

    ``written``: whether the refresh writes a row for it (``False``: it skips the input,
    and ``note`` says why). ``parent_asset_id``: the asset in scope it links, ``None``
    for a placeholder or an asset out of scope (``note`` says which).
    """

    child_asset_id: int
    source: str
    input: int
    reference: str
    parent_asset_id: int | None
    relation_type: str
    operation_type: str
    sequence_order: Any
    parent_start_time: Any
    parent_end_time: Any
    parent_frame: Any
    written: bool
    note: str | None

    def key(self) -> tuple[Any, ...]:
        return (self.parent_asset_id, self.relation_type, self.sequence_order)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


def generation_rows(
    child: int,
    operation: Any,
    inputs: Any,
    linked_by_payload: set[int],
    in_scope: Callable[[int], bool],
) -> list[ExpectedRow]:
    """Step 2's rows, from a generation's ``operation_type`` and ``inputs`` (JSON)."""
    if not isinstance(inputs, list):
        return []
    op = operation_type_value(operation) or ""
    out: list[ExpectedRow] = []
    seen: dict[tuple[Any, ...], int] = {}
    for position, entry in enumerate(inputs):
        if not isinstance(entry, dict) or not entry.get("asset"):
            continue  # not an asset input: pixsim7 reads nothing from it
        ref = entry["asset"]
        text = ref if isinstance(ref, str) else json.dumps(ref, default=str)
        ref_id = asset_ref_id(ref)
        written_id = written_ref_id(ref)
        time = entry.get("time", {})
        start, end = (
            (time.get("start"), time.get("end")) if isinstance(time, dict) else (None, None)
        )
        order, frame = entry.get("sequence_order", 0), entry.get("frame")
        parent = written_id if written_id is not None else ref_id
        written, note = True, None
        if ref_id is None:
            written, note = False, "names no asset pixsim7 can read"
        elif ref_id in linked_by_payload:
            written, note = False, f"asset {ref_id} is already a parent from the payload"
        elif written_id is None:
            written, note = (
                False,
                (f"written as {text!s}: pixsim7's lineage writer links only asset:N references"),
            )
        elif written_id == child:
            written, note = False, "the asset itself: pixsim7 links no asset to itself"
        elif (written_id, relation_for_role(entry.get("role")), order) in seen:
            key = (written_id, relation_for_role(entry.get("role")), order)
            written, note = False, f"repeats input {seen[key]}: the unique index keeps one row"
        if written:
            seen[(written_id, relation_for_role(entry.get("role")), order)] = position
        if parent is not None and not in_scope(parent):
            note = note or f"asset {parent} is not in scope (missing, or another owner's)"
            parent = None
        out.append(
            ExpectedRow(
                child,
                "generation",
                position,
                text,
                parent,
                relation_for_role(entry.get("role")),
                op,
                order,
                start,
                end,
                frame,
                written,
                note,
            )
        )
    batch = _batch_failure(op, [r for r in out if r.written])
    if batch:
        out = [
            ExpectedRow(**{**r.__dict__, "written": False, "note": batch}) if r.written else r
            for r in out
        ]
    return out


def _batch_failure(operation: str, rows: Sequence[ExpectedRow]) -> str | None:
    """Why pixsim7's one INSERT of a generation's rows would fail, if it would: then the
    refresh writes none of them (it logs a warning)."""
    if not rows:
        return None
    if operation not in OPERATION_ENUM_LABELS:
        return (
            f"operation {operation!r} is not a label of PostgreSQL's operationtype: "
            "the insert of this generation's rows fails"
        )
    for r in rows:
        if not (
            _is_int(r.sequence_order)
            and (r.parent_frame is None or _is_int(r.parent_frame))
            and _is_number(r.parent_start_time)
            and _is_number(r.parent_end_time)
        ):
            return (
                f"input {r.input} has a sequence_order, frame or time that is not a number: "
                "the insert of this generation's rows fails"
            )
    return None
