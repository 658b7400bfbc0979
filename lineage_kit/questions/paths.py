"""How one asset was made from another: every simple path, hop by hop."""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import pandas as pd

from ..model.results import Edge
from ..model.validate import (
    QUESTION_MAX_NODES,
    bounded_int,
    check_asset_id,
    check_max_depth,
    check_max_nodes,
    check_user_id,
)
from .table import MAX_PATHS_LIMIT, ask, result_frame

__all__ = ["DERIVATION_PATH_COLUMNS", "check_max_paths", "derivation_paths"]


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


def derivation_paths(
    source: Any,
    ancestor_id: int,
    descendant_id: int,
    *,
    user_id: int | None,
    max_depth: int = 8,
    max_paths: int = 100,
    max_nodes: int = QUESTION_MAX_NODES,
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
        Cap on the descendants the query admits, 1 … 100,000 (default 10,000).

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
        Either asset is outside the scope (missing or another owner's).
    InvalidArgument, InvalidArgumentType
        An id, ``user_id``, ``max_depth``, ``max_paths`` or ``max_nodes`` is not allowed (named).

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
    cap = check_max_paths(max_paths)
    node_cap = check_max_nodes(max_nodes)
    res = ask(source, start, uid, "children", depth, node_cap)
    if goal not in res:
        # Only to raise AssetNotFound when the descendant is out of scope.
        ask(source, goal, uid, "parents", 0, 1)
    empty = result_frame([], DERIVATION_PATH_COLUMNS, paths=0, truncated=res.truncated)
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
    return result_frame(rows, DERIVATION_PATH_COLUMNS, paths=len(paths), truncated=truncated)


def check_max_paths(value: Any) -> int:
    """The ``max_paths`` argument: an integer from 1 to :data:`MAX_PATHS_LIMIT`."""
    return bounded_int("max_paths", value, 1, MAX_PATHS_LIMIT)
