"""The tooltips of the graph's nodes and edges: plain text, one fact a line.

vis-network shows a ``title`` with ``innerText``, so a description from the database is
never HTML. A node says which asset it is, its provider ids, its description, its parent
and child rows (and how many of them the view leaves out) and its depth; an edge says which
lineage row it is and what the row holds.

Examples
--------
>>> import lineage_kit as lk
>>> res = lk.connect().lineage(310, user_id=1)
>>> node_title(res.node(301), False, 0, 1).splitlines()[0]
'Asset 301 · image'
>>> edge_title(res.edges[0]).splitlines()[0]
'lineage row 11: 301 → 310'
"""

from __future__ import annotations

import lineage_kit as lk

__all__ = ["edge_title", "node_title"]


def node_title(node: lk.Node, root: bool, hidden_parents: int, hidden_children: int) -> str:
    a = node.asset
    head = f"Asset {a.id}" + (" (root)" if root else "")
    head += f" · {a.media_type or 'unknown media'}"
    if a.is_archived:
        head += " · archived"
    where = (
        "root"
        if node.depth == 0
        else (f"ancestor, {-node.depth} up" if node.depth < 0 else f"descendant, {node.depth} down")
    )
    lines = [
        head,
        f"provider: {a.provider_id or '—'} · provider asset id: {a.provider_asset_id or '—'}",
    ]
    if a.description:
        desc = " ".join(a.description.split())
        lines.append(desc if len(desc) <= 240 else desc[:239] + "…")
    counts = node.degree
    hidden = []
    for n, capped, noun in (
        (hidden_parents, node.parent_count_capped, "parent row"),
        (hidden_children, node.child_count_capped, "child row"),
    ):
        if n or capped:  # past count_limit the count is a lower bound: "998+ child rows"
            hidden.append(f"{n}{'+' if capped else ''} {noun}{'s' * (n != 1 or capped)}")
    if hidden:
        counts += f" ({' and '.join(hidden)} not shown)"
    lines.append(counts)
    lines.append(f"depth {node.depth:+d} ({where})")
    lines.append(f"asset id {a.id}: click to select, or type it into the inspector")
    return "\n".join(lines)


def edge_title(e: lk.Edge) -> str:
    lines = [
        f"lineage row {e.id}: {e.parent_asset_id} → {e.child_asset_id}",
        f"relation: {e.relation_type}",
        f"operation: {e.operation_type or '—'}",
        f"sequence order: {e.sequence_order}",
    ]
    if e.parent_start_time is not None or e.parent_end_time is not None:
        start = "?" if e.parent_start_time is None else f"{e.parent_start_time:g}"
        end = "?" if e.parent_end_time is None else f"{e.parent_end_time:g}"
        lines.append(f"parent time: {start}–{end} s")
    if e.parent_frame is not None:
        lines.append(f"parent frame: {e.parent_frame}")
    return "\n".join(lines)
