"""Frames captured from a video as ``PAUSED_FRAME``, in time order."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model.results import Edge
from ..model.schema import PAUSED_FRAME
from ..model.validate import check_asset_id, check_user_id
from .table import ask, result_frame

__all__ = ["PAUSED_FRAME_COLUMNS", "paused_frames"]


PAUSED_FRAME_COLUMNS = (
    "asset_id",
    "lineage_id",
    "parent_start_time",
    "parent_end_time",
    "parent_frame",
    "media_type",
    "description",
)


def paused_frames(source: Any, video_id: int, *, user_id: int | None) -> pd.DataFrame:
    """Assets captured from a video as ``PAUSED_FRAME``, in time order.

    Parameters
    ----------
    source
        A Store, Frames or networkx MultiDiGraph.
    video_id
        The video the frames were paused on.
    user_id
        Required keyword: the owner, or ``None`` for all owners.

    Returns
    -------
    pandas.DataFrame
        One row per ``PAUSED_FRAME`` row (relation compared case-insensitively),
        ordered by start time, then frame number, then lineage id (unknown
        times last). Columns: ``asset_id`` (the captured image);
        ``lineage_id``; ``parent_start_time``, ``parent_end_time`` (seconds into
        the video, NaN when unknown); ``parent_frame`` (frame number, nullable
        integer); ``media_type``, ``description``.

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
    """
    root = check_asset_id(video_id, "video_id")
    uid = check_user_id(user_id)
    res = ask(source, root, uid, "children", 1)
    edges = [e for e in res.children_of(root) if e.relation_type.upper() == PAUSED_FRAME]

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
                "parent_start_time": e.parent_start_time,
                "parent_end_time": e.parent_end_time,
                "parent_frame": e.parent_frame,
                "media_type": asset.media_type,
                "description": asset.description,
            }
        )
    return result_frame(rows, PAUSED_FRAME_COLUMNS, truncated=res.truncated)
