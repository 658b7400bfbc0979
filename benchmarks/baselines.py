"""Hand-written comparison code: what one would write without the kit.

- :class:`BatchedBfs`: the same bounded query as ``store.lineage`` written
  directly on one psycopg connection: a root check, one ``= ANY(%s)``
  statement per frontier and direction, then the summaries with degree counts
  (capped at ``count_limit`` as the kit caps them) and the edges. Same
  admission rules (scope, order: parents by ``(sequence_order, id)``, children
  by ``id``; levels, cap); it returns plain dicts instead of the kit's result
  objects.
- :func:`recursive_cte`: one ``WITH RECURSIVE`` statement for the ancestors and
  descendants to a depth, with their summaries, cut to the cap by ``LIMIT``
  (no degree counts, no edges, no order guarantee inside a level).
- :func:`nx_bfs`: a plain scoped BFS over a networkx ``MultiDiGraph``.
- :func:`naive_path`: read both tables with ``pd.read_sql``, build networkx, BFS.

Examples
--------
>>> bfs = BatchedBfs("postgresql://postgres@127.0.0.1:5432/bench")  # doctest: +SKIP
>>> bfs.lineage(1234, user_id=35, max_depth=3, max_nodes=50)["truncated"]  # doctest: +SKIP
True
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import psycopg
import psycopg.rows

__all__ = ["BatchedBfs", "edge_graph", "naive_path", "nx_bfs", "recursive_cte"]

# The columns the kit's summaries read (lineage_kit.model.schema.SUMMARY_COLUMNS and
# SUMMARY_JSON): the same work.
_SUMMARY = (
    "id, user_id, media_type, provider_id, provider_asset_id, thumbnail_url, thumbnail_key, "
    "stored_key, original_source_url, remote_url, description, local_path, is_archived, "
    "media_metadata->>'provider_thumbnail_url'"
)
_EDGE = (
    "id, parent_asset_id, child_asset_id, relation_type, operation_type, sequence_order, "
    "parent_start_time, parent_end_time, parent_frame, created_at"
)

_ROOT = "SELECT 1 FROM assets WHERE id = %s AND user_id = %s"
_PARENTS = """
    SELECT l.child_asset_id, l.parent_asset_id
    FROM asset_lineage l JOIN assets n ON n.id = l.parent_asset_id AND n.user_id = %s
    WHERE l.child_asset_id = ANY(%s)
    ORDER BY l.sequence_order, l.id"""
_CHILDREN = """
    SELECT l.parent_asset_id, l.child_asset_id
    FROM asset_lineage l JOIN assets n ON n.id = l.child_asset_id AND n.user_id = %s
    WHERE l.parent_asset_id = ANY(%s)
    ORDER BY l.id"""
# Degree counts capped as the kit caps them: at most count_limit + 1 rows are counted.
_DESCRIBE = f"""
    SELECT {", ".join("a." + c.strip() for c in _SUMMARY.split(","))},
        (SELECT count(*) FROM (SELECT 1 FROM asset_lineage l JOIN assets o
            ON o.id = l.parent_asset_id AND o.user_id = %(u)s
         WHERE l.child_asset_id = a.id LIMIT %(count_to)s) s) AS parent_count,
        (SELECT count(*) FROM (SELECT 1 FROM asset_lineage l JOIN assets o
            ON o.id = l.child_asset_id AND o.user_id = %(u)s
         WHERE l.parent_asset_id = a.id LIMIT %(count_to)s) s) AS child_count
    FROM assets a WHERE a.id = ANY(%(ids)s)"""
_EDGES = f"""
    SELECT {_EDGE} FROM asset_lineage
    WHERE child_asset_id = ANY(%(ids)s) AND parent_asset_id = ANY(%(ids)s)
    ORDER BY child_asset_id, sequence_order, id"""


class BatchedBfs:
    """The bounded neighbourhood query by hand: psycopg, one statement per frontier.

    Parameters
    ----------
    dsn
        libpq URL of the database.

    Examples
    --------
    >>> with BatchedBfs(dsn) as bfs:  # doctest: +SKIP
    ...     res = bfs.lineage(1234, user_id=35, max_depth=1, max_nodes=50)
    >>> sorted(res)  # doctest: +SKIP
    ['depth', 'edges', 'nodes', 'statements', 'truncated']
    """

    def __init__(self, dsn: str) -> None:
        self.conn = psycopg.connect(dsn, autocommit=True)
        self.sql_seconds: dict[str, float] = {}
        """Seconds spent in execute-and-fetch per statement kind (root, neighbours, …)."""

    def _run(self, kind: str, sql: str, params: Any, dicts: bool = False) -> list[Any]:
        t = time.perf_counter()
        factory = psycopg.rows.dict_row if dicts else psycopg.rows.tuple_row
        rows = self.conn.cursor(row_factory=factory).execute(sql, params).fetchall()
        self.sql_seconds[kind] = self.sql_seconds.get(kind, 0.0) + time.perf_counter() - t
        return rows

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> BatchedBfs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lineage(
        self,
        root: int,
        *,
        user_id: int,
        max_depth: int,
        max_nodes: int,
        count_limit: int = 1000,
    ) -> dict[str, Any]:
        """The neighbourhood of ``root`` in ``user_id``'s scope, as plain data.

        Returns ``{"depth": {id: depth}, "truncated", "nodes": {id: (summary,
        parent_count, child_count)}, "edges": [row dicts], "statements"}``; the
        counts are capped like the kit's (``count_limit``, then ``capped``).
        """
        statements = 1
        if not self._run("root", _ROOT, (root, user_id)):
            raise LookupError(f"asset {root} not found for user {user_id}")
        depth_of = {root: 0}
        up, down = [root], [root]
        truncated = False
        for k in range(1, max_depth + 1):
            if truncated or (not up and not down):
                break
            nxt: list[list[int]] = []
            for frontier, sql, depth in ((up, _PARENTS, -k), (down, _CHILDREN, k)):
                admitted: list[int] = []
                if frontier and not truncated:
                    statements += 1
                    by_node: dict[int, list[int]] = {}
                    for node, nbr in self._run("neighbours", sql, (user_id, frontier)):
                        by_node.setdefault(node, []).append(nbr)
                    for node in frontier:
                        for nbr in by_node.get(node, ()):
                            if nbr in depth_of:
                                continue
                            if len(depth_of) >= max_nodes:
                                truncated = True
                                break
                            depth_of[nbr] = depth
                            admitted.append(nbr)
                        if truncated:
                            break
                nxt.append(admitted)
            up, down = nxt
        ids = list(depth_of)
        params = {"u": user_id, "ids": ids, "count_to": count_limit + 1}
        nodes = {
            r[0]: (r[:-2], *_capped(r[-2], count_limit), *_capped(r[-1], count_limit))
            for r in self._run("describe", _DESCRIBE, params)
        }
        edges = self._run("edges", _EDGES, {"ids": ids}, dicts=True)
        statements += 2
        return {
            "depth": depth_of,
            "truncated": truncated,
            "nodes": nodes,
            "edges": edges,
            "statements": statements,
        }


def _capped(count: int, limit: int) -> tuple[int, bool]:
    return (count, False) if count <= limit else (limit, True)


_RECURSIVE = f"""
WITH RECURSIVE up(id, depth) AS (
    SELECT a.id, 0 FROM assets a WHERE a.id = %(root)s AND a.user_id = %(u)s
  UNION
    SELECT l.parent_asset_id, up.depth + 1
    FROM up JOIN asset_lineage l ON l.child_asset_id = up.id
    JOIN assets p ON p.id = l.parent_asset_id AND p.user_id = %(u)s
    WHERE up.depth < %(d)s
), down(id, depth) AS (
    SELECT a.id, 0 FROM assets a WHERE a.id = %(root)s AND a.user_id = %(u)s
  UNION
    SELECT l.child_asset_id, down.depth + 1
    FROM down JOIN asset_lineage l ON l.parent_asset_id = down.id
    JOIN assets c ON c.id = l.child_asset_id AND c.user_id = %(u)s
    WHERE down.depth < %(d)s
), reached AS (
    SELECT DISTINCT ON (id) id, depth
    FROM (SELECT id, -depth AS depth FROM up UNION ALL SELECT id, depth FROM down) s
    ORDER BY id, abs(depth), depth
)
SELECT {", ".join("a." + c.strip() for c in _SUMMARY.split(","))}, r.depth
FROM reached r JOIN assets a ON a.id = r.id
ORDER BY abs(r.depth), r.depth, a.id
LIMIT %(cap)s"""


def recursive_cte(
    conn: psycopg.Connection[Any], root: int, *, user_id: int, max_depth: int, max_nodes: int
) -> list[tuple[Any, ...]]:
    """Ancestors and descendants of ``root`` to ``max_depth`` in one ``WITH RECURSIVE``.

    Returns the summaries with their signed depth, at most ``max_nodes`` rows.
    The recursion is not bounded by the cap: it visits every path to the depth.
    """
    return conn.execute(
        _RECURSIVE, {"root": root, "u": user_id, "d": max_depth, "cap": max_nodes}
    ).fetchall()


def nx_bfs(
    graph: nx.MultiDiGraph,
    owner_of: Mapping[int, int],
    root: int,
    *,
    user_id: int,
    max_depth: int,
    max_nodes: int,
) -> dict[int, int]:
    """A plain scoped BFS up and down a networkx graph; ``{asset id: signed depth}``.

    Neighbours come in adjacency order (no ``sequence_order`` sort), no summaries
    and no edges: the least a networkx user would write.
    """
    if owner_of.get(root) != user_id:
        raise LookupError(f"asset {root} not found for user {user_id}")
    depth_of = {root: 0}
    for step, sign in ((graph.predecessors, -1), (graph.successors, 1)):
        queue = deque([(root, 0)])
        while queue:
            node, d = queue.popleft()
            if d == max_depth:
                continue
            for nbr in step(node):
                if nbr in depth_of or owner_of.get(nbr) != user_id:
                    continue
                if len(depth_of) >= max_nodes:
                    return depth_of
                depth_of[nbr] = sign * (d + 1)
                queue.append((nbr, d + 1))
    return depth_of


def edge_graph(lineage: Any) -> nx.MultiDiGraph:
    """networkx's own way from a lineage DataFrame: a MultiDiGraph parent → child, keyed by
    row id, every column an edge attribute."""
    return nx.from_pandas_edgelist(
        lineage,
        "parent_asset_id",
        "child_asset_id",
        edge_attr=True,
        edge_key="id",
        create_using=nx.MultiDiGraph,
    )


def naive_path(url: str, roots: Sequence[tuple[int, int]], max_depth: int = 3) -> dict[str, Any]:
    """Read everything with ``pd.read_sql``, build a MultiDiGraph, BFS from ``roots``.

    ``roots`` are ``(asset id, owner)`` pairs. Returns seconds per phase and the
    sizes read.
    """
    import pandas as pd
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    t0 = time.perf_counter()
    with engine.connect() as conn:
        assets = pd.read_sql("SELECT * FROM assets", conn)
        lineage = pd.read_sql("SELECT * FROM asset_lineage", conn)
    t1 = time.perf_counter()
    graph = edge_graph(lineage)
    owner_of = dict(zip(assets["id"].tolist(), assets["user_id"].tolist(), strict=True))
    t2 = time.perf_counter()
    for root, owner in roots:
        nx_bfs(graph, owner_of, root, user_id=owner, max_depth=max_depth, max_nodes=50)
    t3 = time.perf_counter()
    engine.dispose()
    return {
        "read_s": t1 - t0,
        "build_s": t2 - t1,
        "bfs_s": (t3 - t2) / max(1, len(roots)),
        "total_s": t3 - t0,
        "assets": len(assets),
        "lineage_rows": len(lineage),
    }
