"""The images a fusion was made from, with the name and role Pixverse gave each."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..catalog import asset_details
from ..model.provider import FusionEntry, pixverse_metadata
from ..model.records import json_value
from ..model.schema import FUSION
from ..model.validate import check_asset_id, check_user_id
from .table import ask, result_frame

__all__ = ["FUSION_INPUT_COLUMNS", "fusion_inputs"]


FUSION_INPUT_COLUMNS = (
    "sequence_order",
    "asset_id",
    "lineage_id",
    "relation_type",
    "fusion_name",
    "fusion_type",
    "media_type",
    "description",
)


def fusion_inputs(source: Any, asset_id: int, *, user_id: int | None) -> pd.DataFrame:
    """The images a fusion was made from, in sequence order, with their Pixverse roles.

    One row per ``fusion`` lineage row of the asset (its parents), ordered by
    ``(sequence_order, lineage id)``. Each input's name and type come from the
    fusion's own Pixverse payload (``fusion_name_list`` / ``fusion_type_list``,
    ``customer_paths`` first, as pixsim7's extractor reads them), at the row's
    ``sequence_order``. Where the payload has no entry, the input's own
    ``pixverse_fusion`` block (written by pixsim7 when it created that image
    during the sync) is used, when it names this fusion or no video: an image
    reused by a later fusion keeps the block of the first.

    Parameters
    ----------
    source
        A Store, Frames or networkx MultiDiGraph.
    asset_id
        The fusion video.
    user_id
        Required keyword: the owner, or ``None`` for all owners.

    Returns
    -------
    pandas.DataFrame
        Columns: ``sequence_order``; ``asset_id`` (the input image);
        ``lineage_id``; ``relation_type`` (as stored: today's
        ``COMPOSITION_*`` or retired ``FUSION_*``); ``fusion_name`` and
        ``fusion_type`` (``subject``, ``background``, ...; None when unknown);
        ``media_type``, ``description`` of the input.
        ``attrs["original_prompt"]`` is the fusion's prompt (None when absent).

    Raises
    ------
    AssetNotFound
        The asset is missing or belongs to another owner.
    ValueError, TypeError
        A bad argument, named in the message.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> df = fusion_inputs(lk.connect(), 420, user_id=1)
    >>> df[["asset_id", "relation_type", "fusion_type"]].values.tolist()[:2]
    [[401, 'COMPOSITION_MAIN_CHARACTER', 'subject'], [402, 'COMPOSITION_ENVIRONMENT', 'background']]
    """
    root = check_asset_id(asset_id)
    uid = check_user_id(user_id)
    res = ask(source, root, uid, "parents", 1)
    edges = [e for e in res.parents_of(root) if e.operation_type == FUSION]
    details = asset_details(source, [root, *(e.parent_asset_id for e in edges)], user_id=uid)
    payload = pixverse_metadata(details[root].get("media_metadata"))
    video = res.root.asset.provider_asset_id
    rows = []
    for e in edges:
        entry = payload.fusion_entry(e.sequence_order)
        if entry == FusionEntry(None, None):
            entry = _own_block(details[e.parent_asset_id].get("media_metadata"), video)
        parent = res.node(e.parent_asset_id).asset
        rows.append(
            {
                "sequence_order": e.sequence_order,
                "asset_id": e.parent_asset_id,
                "lineage_id": e.id,
                "relation_type": e.relation_type,
                "fusion_name": entry.name,
                "fusion_type": entry.type,
                "media_type": parent.media_type,
                "description": parent.description,
            }
        )
    return result_frame(
        rows,
        FUSION_INPUT_COLUMNS,
        original_prompt=payload.original_prompt,
        truncated=res.truncated,
    )


def _own_block(media_metadata: Any, video: str | None) -> FusionEntry:
    """The input image's ``pixverse_fusion`` block, when it belongs to this video (or none)."""
    block = json_value(media_metadata, "pixverse_fusion")
    if not isinstance(block, dict):
        return FusionEntry(None, None)
    owner = block.get("source_video_id")
    if owner is not None and str(owner) != video:
        return FusionEntry(None, None)
    name, kind = block.get("fusion_name"), block.get("fusion_entry_type")
    return FusionEntry(None if name is None else str(name), None if kind is None else str(kind))
