"""What was made from a paused moment of a video (``PAUSED_FRAME`` rows), in time order."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model.results import Edge
from ..model.schema import FRAME_EXTRACTION, PAUSED_FRAME
from ..model.validate import check_asset_id, check_flag, check_user_id
from .table import ask, result_frame

__all__ = ["PAUSED_FRAME_COLUMNS", "paused_frames"]


PAUSED_FRAME_COLUMNS = (
    "asset_id",
    "lineage_id",
    "relation_type",
    "operation_type",
    "parent_start_time",
    "parent_end_time",
    "parent_frame",
    "media_type",
    "description",
)


def paused_frames(
    source: Any, video_id: int, *, user_id: int | None, captured_only: bool = False
) -> pd.DataFrame:
    """What was made from a paused moment of a video, in time order.

    The rows that count are the video's in-scope ``PAUSED_FRAME`` lineage
    rows (relation compared case-insensitively), where the video is the
    parent. pixsim7 writes two kinds, told apart by ``operation_type``:

    - ``frame_extraction``: an image captured from the video at that moment
      (pixsim7's capture writer, upload method ``video_capture``);
    - the generation's operation (e.g. ``image_to_video``): something
      generated from the video paused at that moment (an input of role
      ``paused_frame``).

    ``CROPPED_REGION`` rows (crops, also ``frame_extraction``) and keyframes
    (``KEYFRAME``) are not paused frames.

    Parameters
    ----------
    source
        A Store, Frames or networkx MultiDiGraph.
    video_id
        The video the frames were paused on.
    user_id
        Required keyword: the owner, or ``None`` for all owners.
    captured_only
        ``True`` keeps the captured frames only (``frame_extraction`` rows).

    Returns
    -------
    pandas.DataFrame
        One row per ``PAUSED_FRAME`` row, ordered by start time, then frame
        number, then lineage id (unknown times last). Columns: ``asset_id``
        (what was made: the captured image or the generated asset);
        ``lineage_id``; ``relation_type`` (as stored) and ``operation_type``
        (value form) of the row; ``parent_start_time``, ``parent_end_time``
        (seconds into the video, NaN when unknown: a capture records its
        moment as the start time only); ``parent_frame`` (frame number,
        nullable integer); ``media_type``, ``description``.

    Raises
    ------
    AssetNotFound
        ``video_id`` is not one of the scope's assets (missing or another owner's).
    InvalidArgument, InvalidArgumentType
        ``video_id`` or ``user_id`` is not allowed (named in the message).

    Examples
    --------
    >>> import lineage_kit as lk
    >>> df = paused_frames(lk.connect(), 501, user_id=1)
    >>> df[["asset_id", "parent_start_time", "parent_frame"]].to_dict("split")["data"]
    [[502, 2.0, 48], [503, 5.0, 120], [504, 8.75, 210]]
    >>> df["operation_type"].unique().tolist()
    ['frame_extraction']
    """
    root = check_asset_id(video_id, "video_id")
    uid = check_user_id(user_id)
    captured_only = check_flag("captured_only", captured_only)
    res = ask(source, root, uid, "children", 1)
    edges = [e for e in res.children_of(root) if e.relation_type.upper() == PAUSED_FRAME]
    if captured_only:
        edges = [e for e in edges if e.operation_type == FRAME_EXTRACTION]

    def when(e: Edge) -> tuple[Any, ...]:
        start, frame = e.parent_start_time, e.parent_frame
        return (start is None, start or 0.0, frame is None, frame or 0, e.id)

    rows = []
    for e in sorted(edges, key=when):
        asset = res.node(e.child_asset_id).asset
        rows.append(
            {
                "asset_id": e.child_asset_id,
                "lineage_id": e.id,
                "relation_type": e.relation_type,
                "operation_type": e.operation_type,
                "parent_start_time": e.parent_start_time,
                "parent_end_time": e.parent_end_time,
                "parent_frame": e.parent_frame,
                "media_type": asset.media_type,
                "description": asset.description,
            }
        )
    return result_frame(rows, PAUSED_FRAME_COLUMNS, truncated=res.truncated)
