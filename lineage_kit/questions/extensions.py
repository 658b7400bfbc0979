"""Every extended version of a video, through ``video_extend`` rows."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

from ..catalog import asset_details
from ..model.provider import pixverse_metadata
from ..model.results import Edge
from ..model.schema import VIDEO_EXTEND
from ..model.validate import (
    QUESTION_MAX_NODES,
    check_asset_id,
    check_max_depth,
    check_max_nodes,
    check_user_id,
)
from .table import ask, result_frame

__all__ = ["EXTENSION_COLUMNS", "extensions_of"]


EXTENSION_COLUMNS = (
    "asset_id",
    "depth",
    "extends",
    "lineage_id",
    "relation_type",
    "media_type",
    "provider_asset_id",
    "description",
    "is_archived",
    "original_video_id",
    "source_video_duration",
)


def extensions_of(
    source: Any,
    video_id: int,
    *,
    user_id: int | None,
    max_depth: int = 16,
    max_nodes: int = QUESTION_MAX_NODES,
) -> pd.DataFrame:
    """Every extended version descending from a video through ``video_extend`` rows.

    Multi-hop: an extension of an extension has depth 2. The descendants are
    one bounded query (``direction="children"``); the extension depths are
    shortest paths over its ``video_extend`` rows alone (networkx), so a video
    reached through another operation first is still found when an extension
    chain leads to it. The legacy upper-case label ``VIDEO_EXTEND`` counts: the
    core reports operations in lower-case value form.

    Parameters
    ----------
    source
        A Store, Frames or networkx MultiDiGraph.
    video_id
        The base video.
    user_id
        Required keyword: the owner, or ``None`` for all owners.
    max_depth
        Extension hops to follow, 0 … 64.
    max_nodes
        Cap on the descendants the query admits (the base included), 1 … 100,000
        (default 10,000).

    Returns
    -------
    pandas.DataFrame
        One row per extension, by depth then the query's admission order.
        Columns: ``asset_id``; ``depth`` (hops from the base, ≥ 1);
        ``extends`` (the video it extends on a shortest chain) and
        ``lineage_id``, ``relation_type`` of that row; ``media_type``,
        ``provider_asset_id``, ``description``, ``is_archived`` (None when the
        source has no such column); from the extension's Pixverse payload (read
        as pixsim7 reads it, ``customer_paths`` first): ``original_video_id``
        (Pixverse's id of the video it extends) and ``source_video_duration``
        (that video's length in seconds, NaN when unknown).
        ``attrs["truncated"]`` is ``True`` when the node cap cut the
        descendants.

    Raises
    ------
    AssetNotFound
        ``video_id`` is not one of the scope's assets (missing or another owner's).
    InvalidArgument, InvalidArgumentType
        ``video_id``, ``user_id``, ``max_depth`` or ``max_nodes`` is not allowed (named).

    Examples
    --------
    >>> import lineage_kit as lk
    >>> df = extensions_of(lk.connect(), 101, user_id=1)
    >>> df[["asset_id", "depth"]].values.tolist()
    [[102, 1], [104, 1], [103, 2]]
    """
    root = check_asset_id(video_id, "video_id")
    uid = check_user_id(user_id)
    depth = check_max_depth(max_depth)
    cap = check_max_nodes(max_nodes)
    res = ask(source, root, uid, "children", depth, cap)
    graph = res.to_networkx()
    extend = nx.MultiDiGraph()
    extend.add_nodes_from(graph.nodes)
    extend.add_edges_from(
        (u, v, k, d)
        for u, v, k, d in graph.edges(keys=True, data=True)
        if d["operation_type"] == VIDEO_EXTEND
    )
    hops = nx.single_source_shortest_path_length(extend, root, cutoff=depth)
    admitted = {n.id: i for i, n in enumerate(res.nodes)}
    found = sorted((n for n in hops if n != root), key=lambda n: (hops[n], admitted[n]))
    details = asset_details(source, found, user_id=uid) if found else {}
    rows = []
    for asset_id in found:
        via = min(
            (
                Edge.from_record(d)
                for u, _, d in extend.in_edges(asset_id, data=True)
                if hops.get(u) == hops[asset_id] - 1
            ),
            key=lambda e: (admitted[e.parent_asset_id], e.sequence_order, e.id),
        )
        asset = res.node(asset_id).asset
        payload = pixverse_metadata(details[asset_id].get("media_metadata"))
        rows.append(
            {
                "asset_id": asset_id,
                "depth": hops[asset_id],
                "extends": via.parent_asset_id,
                "lineage_id": via.id,
                "relation_type": via.relation_type,
                "media_type": asset.media_type,
                "provider_asset_id": asset.provider_asset_id,
                "description": asset.description,
                "is_archived": asset.is_archived,
                "original_video_id": payload.original_video_id,
                "source_video_duration": payload.source_video_duration,
            }
        )
    return result_frame(rows, EXTENSION_COLUMNS, truncated=res.truncated)
