"""Provenance questions: thin wrappers that answer "how was this made?" as DataFrames.

Each question is one call of the bounded query (:func:`lineage_kit.lineage`)
with a suitable direction and depth, read through :class:`~lineage_kit.Lineage`
(``parents_of``/``children_of``, node depths and degree counts) or through
networkx on :meth:`~lineage_kit.Lineage.to_networkx`; none walks the graph on
its own. They work over every source the query accepts (Store, Frames,
networkx MultiDiGraph) and, like every query, take a required ``user_id``.

Every result carries ``frame.attrs["truncated"]``: ``True`` when a bound (the
node cap, the depth or a path cap) may have hidden part of the answer.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.provenance import transition_inputs
>>> transition_inputs(lk.connect(), 310, user_id=1)["asset_id"].tolist()
[301, 302, 303, 301]
"""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import pandas as pd

from .bfs import lineage
from .catalog import asset_details
from .result import Edge, Lineage
from .schema import PAUSED_FRAME, VIDEO_EXTEND, VIDEO_TRANSITION
from .validate import (
    MAX_DEPTH_LIMIT,
    MAX_NODES_LIMIT,
    check_asset_id,
    check_max_depth,
    check_max_nodes,
    check_user_id,
)

__all__ = [
    "DERIVATION_PATH_COLUMNS",
    "EXTENSION_COLUMNS",
    "MAX_PATHS_LIMIT",
    "ORIGIN_COLUMNS",
    "PAUSED_FRAME_COLUMNS",
    "TRANSITION_INPUT_COLUMNS",
    "derivation_paths",
    "extensions_of",
    "origins",
    "paused_frames",
    "transition_inputs",
]

MAX_PATHS_LIMIT = 10_000

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
)
PAUSED_FRAME_COLUMNS = (
    "asset_id",
    "lineage_id",
    "parent_start_time",
    "parent_end_time",
    "parent_frame",
    "media_type",
    "description",
)
DERIVATION_PATH_COLUMNS = (
    "path",
    "hop",
    "parent_asset_id",
    "child_asset_id",
    "lineage_id",
    "relation_type",
    "operation_type",
    "sequence_order",
)
ORIGIN_COLUMNS = (
    "asset_id",
    "depth",
    "media_type",
    "provider_id",
    "provider_asset_id",
    "description",
    "is_archived",
)

# Nullable integer columns stay integers (pandas' Int64) rather than turning into floats.
_DTYPES = {
    "sequence_order": "int64",
    "asset_id": "int64",
    "lineage_id": "int64",
    "depth": "int64",
    "extends": "int64",
    "path": "int64",
    "hop": "int64",
    "parent_asset_id": "int64",
    "child_asset_id": "int64",
    "parent_frame": "Int64",
    "parent_start_time": "float64",
    "parent_end_time": "float64",
    "duration": "float64",
    "is_archived": "object",
}


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...], **attrs: Any) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    frame = frame.astype({c: t for c, t in _DTYPES.items() if c in frame.columns})
    frame.attrs.update(attrs)
    return frame


def _query(
    source: Any,
    asset_id: int,
    uid: int | None,
    direction: str,
    max_depth: int,
    max_nodes: int = MAX_NODES_LIMIT,
) -> Lineage:
    return lineage(
        source,
        asset_id,
        user_id=uid,
        direction=direction,
        max_depth=max_depth,
        max_nodes=max_nodes,
    )


def transition_inputs(source: Any, asset_id: int, *, user_id: int | None) -> pd.DataFrame:
    """The images a transition was made from, in sequence order, reused images repeated.

    One row per ``video_transition`` lineage row of the asset (its parents),
    ordered by ``(sequence_order, lineage id)``. When the transition's own
    ``media_metadata`` carries Pixverse's ``prompts`` / ``durations`` lists,
    each row gets the entry at its ``sequence_order`` (pixsim7-schema.md §8).

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
        The asset is missing or belongs to another owner.
    ValueError, TypeError
        A bad argument, named in the message.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> df = transition_inputs(lk.connect(), 310, user_id=1)
    >>> df[["sequence_order", "asset_id", "prompt"]].values.tolist()[-1]
    [3, 301, 'back to the first light']
    """
    root = check_asset_id(asset_id)
    uid = check_user_id(user_id)
    res = _query(source, root, uid, "parents", 1)
    rows_of = [e for e in res.parents_of(root) if e.operation_type == VIDEO_TRANSITION]
    meta = asset_details(source, [root], user_id=uid)[root].get("media_metadata")
    meta = meta if isinstance(meta, dict) else {}
    prompts, durations = meta.get("prompts"), meta.get("durations")

    def at(values: Any, i: int) -> Any:
        return values[i] if isinstance(values, list) and 0 <= i < len(values) else None

    rows = []
    for e in rows_of:
        parent = res.node(e.parent_asset_id).asset
        duration = at(durations, e.sequence_order)
        rows.append(
            {
                "sequence_order": e.sequence_order,
                "asset_id": e.parent_asset_id,
                "lineage_id": e.id,
                "relation_type": e.relation_type,
                "media_type": parent.media_type,
                "description": parent.description,
                "prompt": _text_or_none(at(prompts, e.sequence_order)),
                "duration": float(duration) if isinstance(duration, (int, float)) else None,
                "parent_start_time": e.parent_start_time,
                "parent_end_time": e.parent_end_time,
            }
        )
    return _frame(rows, TRANSITION_INPUT_COLUMNS, truncated=res.truncated)


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def extensions_of(
    source: Any,
    video_id: int,
    *,
    user_id: int | None,
    max_depth: int = 16,
    max_nodes: int = MAX_NODES_LIMIT,
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
        Cap on the descendants the query admits (the base included), 1 … 10,000.

    Returns
    -------
    pandas.DataFrame
        One row per extension, by depth then the query's admission order.
        Columns: ``asset_id``; ``depth`` (hops from the base, ≥ 1);
        ``extends`` (the video it extends on a shortest chain) and
        ``lineage_id``, ``relation_type`` of that row; ``media_type``,
        ``provider_asset_id``, ``description``, ``is_archived`` (None when the
        source has no such column). ``attrs["truncated"]`` is ``True`` when the
        node cap cut the descendants.

    Raises
    ------
    AssetNotFound
        The video is missing or belongs to another owner.
    ValueError, TypeError
        A bad argument, named in the message.

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
    res = _query(source, root, uid, "children", depth, cap)
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
    rows = []
    for asset_id in sorted((n for n in hops if n != root), key=lambda n: (hops[n], admitted[n])):
        via = min(
            (
                Edge.from_record(d)
                for u, _, d in extend.in_edges(asset_id, data=True)
                if hops.get(u) == hops[asset_id] - 1
            ),
            key=lambda e: (admitted[e.parent_asset_id], e.sequence_order, e.id),
        )
        asset = res.node(asset_id).asset
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
            }
        )
    return _frame(rows, EXTENSION_COLUMNS, truncated=res.truncated)


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
        The video is missing or belongs to another owner.
    ValueError, TypeError
        A bad argument, named in the message.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> df = paused_frames(lk.connect(), 501, user_id=1)
    >>> df[["asset_id", "parent_start_time", "parent_frame"]].to_dict("split")["data"]
    [[502, 2.0, 48], [503, 5.0, 120], [504, 8.75, 210]]
    """
    root = check_asset_id(video_id, "video_id")
    uid = check_user_id(user_id)
    res = _query(source, root, uid, "children", 1)
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
    return _frame(rows, PAUSED_FRAME_COLUMNS, truncated=res.truncated)


def derivation_paths(
    source: Any,
    ancestor_id: int,
    descendant_id: int,
    *,
    user_id: int | None,
    max_depth: int = 8,
    max_paths: int = 100,
    max_nodes: int = MAX_NODES_LIMIT,
) -> pd.DataFrame:
    """How was ``descendant_id`` made from ``ancestor_id``: every simple path, hop by hop.

    The descendants of the ancestor are one bounded query
    (``direction="children"``, ``max_depth`` levels); the paths are
    networkx's simple edge paths over its graph, so several lineage rows
    between the same two assets give distinct paths, and a cycle is never
    walked twice. An asset is never its own ancestor here: equal ids give an
    empty frame.

    Parameters
    ----------
    source
        A Store, Frames or networkx MultiDiGraph.
    ancestor_id, descendant_id
        The two assets.
    user_id
        Required keyword: the owner, or ``None`` for all owners.
    max_depth
        Longest path, in lineage rows, 0 … 64.
    max_paths
        Cap on the number of paths, 1 … 10,000.
    max_nodes
        Cap on the descendants the query admits, 1 … 10,000.

    Returns
    -------
    pandas.DataFrame
        One row per hop, paths in networkx's enumeration order, then sorted by
        length. Columns: ``path`` (0-based path number); ``hop`` (0-based
        position on the path, from the ancestor); ``parent_asset_id``,
        ``child_asset_id``, ``lineage_id``, ``relation_type``,
        ``operation_type``, ``sequence_order`` of the row. Empty when the two
        are unrelated within ``max_depth``. ``attrs["paths"]`` is the number
        of paths; ``attrs["truncated"]`` is ``True`` when ``max_paths`` or
        ``max_nodes`` cut the answer.

    Raises
    ------
    AssetNotFound
        Either asset is missing or belongs to another owner.
    ValueError, TypeError
        A bad argument, named in the message.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> df = derivation_paths(lk.connect(), 801, 803, user_id=1)
    >>> df.groupby("path")["lineage_id"].apply(list).tolist()
    [[70, 71], [73, 71]]
    """
    start = check_asset_id(ancestor_id, "ancestor_id")
    goal = check_asset_id(descendant_id, "descendant_id")
    uid = check_user_id(user_id)
    depth = check_max_depth(max_depth)
    cap = _check_max_paths(max_paths)
    node_cap = check_max_nodes(max_nodes)
    res = _query(source, start, uid, "children", depth, node_cap)
    if goal not in res:
        # Only to raise AssetNotFound when the descendant is out of scope.
        _query(source, goal, uid, "parents", 0, 1)
    empty = _frame([], DERIVATION_PATH_COLUMNS, paths=0, truncated=res.truncated)
    if goal == start or goal not in res:
        return empty
    graph = res.to_networkx()
    found = list(
        itertools.islice(nx.all_simple_edge_paths(graph, start, goal, cutoff=depth), cap + 1)
    )
    truncated = res.truncated or len(found) > cap
    paths = sorted(found[:cap], key=len)
    rows = []
    for p, path in enumerate(paths):
        for hop, (u, v, key) in enumerate(path):
            e = Edge.from_record(graph.edges[u, v, key])
            rows.append(
                {
                    "path": p,
                    "hop": hop,
                    "parent_asset_id": e.parent_asset_id,
                    "child_asset_id": e.child_asset_id,
                    "lineage_id": e.id,
                    "relation_type": e.relation_type,
                    "operation_type": e.operation_type,
                    "sequence_order": e.sequence_order,
                }
            )
    return _frame(rows, DERIVATION_PATH_COLUMNS, paths=len(paths), truncated=truncated)


def _check_max_paths(value: Any) -> int:
    allowed = f"an integer from 1 to {MAX_PATHS_LIMIT}"
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"max_paths must be {allowed}, not {type(value).__name__} {value!r}")
    if not 1 <= value <= MAX_PATHS_LIMIT:
        raise ValueError(f"max_paths must be {allowed}; got {value}")
    return value


def origins(
    source: Any,
    asset_id: int,
    *,
    user_id: int | None,
    max_depth: int = MAX_DEPTH_LIMIT,
    max_nodes: int = MAX_NODES_LIMIT,
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
        Cap on admitted ancestors (the asset included), 1 … 10,000.

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
        The asset is missing or belongs to another owner.
    ValueError, TypeError
        A bad argument, named in the message.

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
    res = _query(source, root, uid, "parents", depth, cap)
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
    return _frame(rows, ORIGIN_COLUMNS, truncated=cut)
