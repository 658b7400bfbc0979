"""The parentless ancestors an asset descends from."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model.validate import (
    MAX_DEPTH_LIMIT,
    QUESTION_MAX_NODES,
    check_asset_id,
    check_max_depth,
    check_max_nodes,
    check_user_id,
)
from .table import ask, result_frame

__all__ = ["ORIGIN_COLUMNS", "origins"]


ORIGIN_COLUMNS = (
    "asset_id",
    "depth",
    "media_type",
    "provider_id",
    "provider_asset_id",
    "description",
    "is_archived",
)


def origins(
    source: Any,
    asset_id: int,
    *,
    user_id: int | None,
    max_depth: int = MAX_DEPTH_LIMIT,
    max_nodes: int = QUESTION_MAX_NODES,
) -> pd.DataFrame:
    """The ancestors an asset descends from that have no parents in scope.

    One bounded query upward (``direction="parents"``); an origin is an
    admitted ancestor whose full in-scope parent count is zero. The asset
    itself is never its own origin (an asset without parents has none).

    Parameters
    ----------
    source
        A Store, Frames or networkx MultiDiGraph.
    asset_id
        The asset.
    user_id
        Required keyword: the owner, or ``None`` for all owners (an ancestor
        of another owner is only seen with ``None``).
    max_depth
        Levels to climb, 0 … 64.
    max_nodes
        Cap on admitted ancestors (the asset included), 1 … 100,000 (default
        10,000).

    Returns
    -------
    pandas.DataFrame
        One row per origin, in admission order (nearest first). Columns:
        ``asset_id``; ``depth`` (negative: −1 for a parent, −2 for a
        grandparent, as in :meth:`Lineage.nodes_frame`); ``media_type``,
        ``provider_id``, ``provider_asset_id``, ``description``,
        ``is_archived``. ``attrs["truncated"]`` is ``True`` when the node cap
        or the depth stopped the climb before every ancestor was seen.

    Raises
    ------
    AssetNotFound
        ``asset_id`` is not one of the scope's assets (missing or another owner's).
    InvalidArgument, InvalidArgumentType
        ``asset_id``, ``user_id``, ``max_depth`` or ``max_nodes`` is not allowed (named).

    Examples
    --------
    >>> import lineage_kit as lk
    >>> origins(lk.connect(), 604, user_id=1)["asset_id"].tolist()
    [403]
    """
    root = check_asset_id(asset_id)
    uid = check_user_id(user_id)
    depth = check_max_depth(max_depth)
    cap = check_max_nodes(max_nodes)
    res = ask(source, root, uid, "parents", depth, cap)
    cut = res.truncated or any(n.depth == -depth and n.parent_count for n in res.nodes)
    rows = [
        {
            "asset_id": n.id,
            "depth": n.depth,
            "media_type": n.asset.media_type,
            "provider_id": n.asset.provider_id,
            "provider_asset_id": n.asset.provider_asset_id,
            "description": n.asset.description,
            "is_archived": n.asset.is_archived,
        }
        for n in res.nodes
        if n.depth < 0 and n.parent_count == 0
    ]
    return result_frame(rows, ORIGIN_COLUMNS, truncated=cut)
