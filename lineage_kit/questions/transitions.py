"""The images a transition was made from, in sequence order."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..catalog import asset_details
from ..model.provider import pixverse_metadata
from ..model.schema import VIDEO_TRANSITION
from ..model.validate import check_asset_id, check_user_id
from .table import ask, result_frame

__all__ = ["TRANSITION_INPUT_COLUMNS", "transition_inputs"]


TRANSITION_INPUT_COLUMNS = (
    "sequence_order",
    "asset_id",
    "lineage_id",
    "relation_type",
    "media_type",
    "description",
    "prompt",
    "duration",
    "parent_start_time",
    "parent_end_time",
)


def transition_inputs(source: Any, asset_id: int, *, user_id: int | None) -> pd.DataFrame:
    """The images a transition was made from, in sequence order, reused images repeated.

    One row per ``video_transition`` lineage row of the asset (its parents),
    ordered by ``(sequence_order, lineage id)``. Prompts and durations come
    from the transition's own Pixverse payload, read where pixsim7's extractor
    reads them (:func:`lineage_kit.pixverse_metadata`: ``customer_paths``
    first, then the top level): each row gets the entry at its
    ``sequence_order``, which pixsim7 sets from the image's position. A
    transition of N images often carries N−1 prompts and durations (one per
    cut); its last image then gets none, as in pixsim7.

    Parameters
    ----------
    source
        A Store, Frames or networkx MultiDiGraph.
    asset_id
        The transition video.
    user_id
        Required keyword: the owner, or ``None`` for all owners.

    Returns
    -------
    pandas.DataFrame
        Columns: ``sequence_order``; ``asset_id`` (the input image);
        ``lineage_id``; ``relation_type`` (as stored); ``media_type``,
        ``description`` of the input; ``prompt`` (str or None) and
        ``duration`` (seconds, NaN when unknown) from the transition's
        metadata; ``parent_start_time``, ``parent_end_time`` (the segment's
        position in the transition, NaN when absent). Empty when the asset has
        no ``video_transition`` parents.

    Raises
    ------
    AssetNotFound
        ``asset_id`` is not one of the scope's assets (missing or another owner's).
    InvalidArgument, InvalidArgumentType
        ``asset_id`` or ``user_id`` is not allowed (named in the message).

    Examples
    --------
    >>> import lineage_kit as lk
    >>> df = transition_inputs(lk.connect(), 310, user_id=1)
    >>> df[["sequence_order", "asset_id", "prompt"]].values.tolist()[-1]
    [3, 301, 'back to the first light']
    """
    root = check_asset_id(asset_id)
    uid = check_user_id(user_id)
    res = ask(source, root, uid, "parents", 1)
    rows_of = [e for e in res.parents_of(root) if e.operation_type == VIDEO_TRANSITION]
    payload = pixverse_metadata(
        asset_details(source, [root], user_id=uid)[root].get("media_metadata")
    )
    rows = []
    for e in rows_of:
        parent = res.node(e.parent_asset_id).asset
        segment = payload.segment(e.sequence_order)
        rows.append(
            {
                "sequence_order": e.sequence_order,
                "asset_id": e.parent_asset_id,
                "lineage_id": e.id,
                "relation_type": e.relation_type,
                "media_type": parent.media_type,
                "description": parent.description,
                "prompt": segment.prompt,
                "duration": segment.duration,
                "parent_start_time": e.parent_start_time,
                "parent_end_time": e.parent_end_time,
            }
        )
    return result_frame(rows, TRANSITION_INPUT_COLUMNS, truncated=res.truncated)
