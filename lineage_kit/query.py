"""The one bounded breadth-first search, over any neighbour source.

A neighbour source answers four questions about the in-scope graph (see
:class:`~lineage_kit.sources.NeighbourSource`); the SQL store,
:class:`~lineage_kit.Frames` and a networkx MultiDiGraph are three such
sources, and this module is the only place that walks the graph. The rules it
implements are the query contract (``docs/design.md``):

1. scope: only assets of ``user_id`` exist (all of them for ``None``);
2. a root out of scope raises :class:`AssetNotFound`, missing or foreign alike;
3. a node's parents come in ``(sequence_order, id)`` order of the row, its
   children in row ``id`` order (creation order);
4. level k admits the parents of the depth −(k−1) nodes, then the children of
   the depth +(k−1) nodes, each frontier in admission order; a node keeps the
   depth of its first admission; parents only upward, children only downward;
5. ``max_nodes`` counts the root; meeting a new node when full drops it, marks
   the result truncated and stops;
6. edges are every in-scope row between two admitted nodes, duplicates kept,
   ordered by ``(child_asset_id, sequence_order, id)``.

Degree counts are exact up to ``count_limit`` and reported capped above it.
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any

from .errors import AssetNotFound
from .model.lineage import Lineage
from .model.records import collector_paused
from .model.results import assemble, assemble_dicts
from .model.validate import (
    COUNT_LIMIT_DEFAULT,
    check_asset_id,
    check_count_limit,
    check_direction,
    check_max_depth,
    check_max_nodes,
    check_user_id,
)
from .sources import NeighbourSource, as_source
from .sources.base import media_of

__all__ = ["bounded_bfs", "lineage"]


def bounded_bfs(
    source: NeighbourSource,
    root: int,
    *,
    user_id: int | None,
    direction: str,
    max_depth: int,
    max_nodes: int,
) -> tuple[dict[int, int], bool]:
    """Admit nodes level by level; return ``({asset_id: depth}, truncated)``.

    Arguments must already be validated (see :func:`lineage`).
    """
    if not source.contains(root, user_id):
        raise AssetNotFound(root, user_id)
    depth_of: dict[int, int] = {root: 0}
    up: list[int] = [root] if direction in ("both", "parents") else []
    down: list[int] = [root] if direction in ("both", "children") else []
    for k in range(1, max_depth + 1):
        if not up and not down:
            break
        next_frontiers: list[list[int]] = []
        for frontier, upward, depth in ((up, True, -k), (down, False, k)):
            admitted: list[int] = []
            if frontier:
                budget = max_nodes - len(depth_of) + 1
                for _, nbr in source.neighbours(frontier, upward, user_id, budget):
                    if nbr in depth_of:
                        continue
                    if len(depth_of) >= max_nodes:
                        return depth_of, True
                    depth_of[nbr] = depth
                    admitted.append(nbr)
            next_frontiers.append(admitted)
        up, down = next_frontiers
    return depth_of, False


def lineage(
    source: Any,
    asset_id: int,
    *,
    user_id: int | None,
    direction: str = "both",
    max_depth: int = 1,
    max_nodes: int = 50,
    count_limit: int = COUNT_LIMIT_DEFAULT,
) -> Lineage:
    """The bounded neighbourhood of ``asset_id`` over a store, Frames or networkx graph.

    Parameters
    ----------
    source
        A :class:`~lineage_kit.Store`, :class:`~lineage_kit.Frames`, a
        ``networkx.MultiDiGraph`` (parent → child, nodes carrying ``user_id``),
        or any :class:`NeighbourSource`.
    asset_id
        The root asset.
    user_id
        Required keyword: the owner whose assets exist for the query, or
        ``None`` for all owners (a deliberate choice).
    direction
        ``"both"``, ``"parents"`` (ancestors only) or ``"children"``.
    max_depth
        Levels to follow, 0 … 64.
    max_nodes
        Cap on admitted assets, the root included, 1 … 100,000.
    count_limit
        Degree counts are exact up to this many rows, 1 … 1,000,000 (default
        1,000); a node with more reports ``count_limit`` and marks the count
        capped (``parent_count_capped`` / ``child_count_capped``).

    Returns
    -------
    Lineage

    Raises
    ------
    AssetNotFound
        The root is missing or belongs to another owner (the same error for both).
    InvalidArgument, InvalidArgumentType
        A bad argument, named in the message; raised before any query runs.

    Notes
    -----
    A source that can gather a whole query's candidates at once (the SQL store:
    :class:`~lineage_kit.sources.Prefetching`) hands the BFS a view over them;
    the BFS is this module's, whatever the source.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> frames = lk.connect().frames(user_id=1)
    >>> res = lk.lineage(frames, 310, user_id=1)
    >>> [e.relation_type for e in res.parents_of(310)][:2]
    ['TRANSITION_INPUT', 'TRANSITION_INPUT']
    >>> hub = lk.lineage(frames, 301, user_id=1, direction="children", count_limit=2)
    >>> hub.root.child_count, hub.root.child_count_capped
    (2, True)
    """
    root = check_asset_id(asset_id)
    uid = check_user_id(user_id)
    direction = check_direction(direction)
    max_depth = check_max_depth(max_depth)
    max_nodes = check_max_nodes(max_nodes)
    count_limit = check_count_limit(count_limit)
    src = as_source(source)
    with contextlib.ExitStack() as stack:
        # A large answer makes tens of thousands of objects (none in a cycle): see
        # records.collector_paused.
        stack.enter_context(collector_paused())
        if isinstance(src, contextlib.AbstractContextManager):  # e.g. one SQL connection
            stack.enter_context(src)
        prefetch = getattr(src, "prefetch", None)  # sources.Prefetching
        walk = (
            prefetch(root, uid, direction, max_depth, max_nodes, count_limit) if prefetch else src
        )
        depth_of, truncated = bounded_bfs(
            walk, root, user_id=uid, direction=direction, max_depth=max_depth, max_nodes=max_nodes
        )
        ids = list(depth_of)
        summarise = getattr(src, "summarise", None)  # sources.Summarising
        if summarise is not None:
            described, rows = summarise(ids, uid, count_limit)
        else:
            described, rows = src.describe(ids, uid, count_limit), src.edges_among(ids, uid)
    raw = (depth_of, described, rows, count_limit, media_of(src).thumbnail)
    return Lineage(
        root_asset_id=root,
        user_id=uid,
        direction=direction,
        max_depth=max_depth,
        max_nodes=max_nodes,
        count_limit=count_limit,
        truncated=truncated,
        build=functools.partial(assemble, *raw),
        build_dicts=functools.partial(assemble_dicts, *raw),
    )
