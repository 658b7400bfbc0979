"""What the command line prints: trees, tables and JSON, safe for a terminal."""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd

from ..finding.hits import FindResult
from ..model.labels import count_text, edge_label, one_line, shorten
from ..model.lineage import Lineage
from ..model.records import plain
from ..model.results import Node

__all__ = ["count", "flat_text", "found_text", "json_text", "records", "table", "tree"]


def json_text(data: Any) -> str:
    """Indented JSON; C1 control characters escaped too (json escapes only C0)."""
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=str)
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame's rows as plain values."""
    return [{str(k): plain(v) for k, v in rec.items()} for rec in frame.to_dict("records")]


def table(frame: pd.DataFrame, width: int = 70) -> str:
    """A DataFrame as aligned text, each text cell one line of at most ``width`` characters."""
    if frame.empty:
        return "(none)"
    shown = frame.copy()
    for col in shown.columns:
        if shown[col].dtype == object or str(shown[col].dtype) in ("str", "string"):
            shown[col] = shown[col].map(lambda v: v if v is None else one_line(v)[:width])
    return str(shown.to_string(index=False))


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _summary(node: Node) -> str:
    a = node.asset
    parts = [str(a.id), a.media_type or "?", a.provider_id or "?"]
    if a.description:
        parts.append(f'"{shorten(a.description, 58)}"')
    up = count_text(node.parent_count, node.parent_count_capped)
    down = count_text(node.child_count, node.child_count_capped)
    text = " ".join(parts) + f"  {up}↑ {down}↓"
    return text + ("  [archived]" if a.is_archived else "")


def tree(res: Lineage, scope: str) -> str:
    """Parents above the root (each asset's own parents above it), children below."""
    root = res.root
    lines = [
        f"asset {root.id} ({scope}), direction {res.direction}, depth ≤ {res.max_depth}: "
        f"{count(len(res.nodes), 'asset')}, {count(len(res.edges), 'lineage row')}"
        + (f" — truncated at {res.max_nodes} assets" if res.truncated else "")
    ]

    def note(node: Node, step: int, seen: set[int], edges: list[Any]) -> str:
        if node.id == root.id:
            return "  (↺ the root)"
        if node.depth != step:
            return f"  (↺ depth {node.depth:+d})"
        if node.id in seen and edges:
            return "  (see above)"
        return ""

    def branch(node_id: int, prefix: str, seen: set[int], upward: bool) -> list[str]:
        out: list[str] = []
        edges = res.parents_of(node_id) if upward else res.children_of(node_id)
        step = res.node(node_id).depth + (-1 if upward else 1)
        for i, e in enumerate(edges):
            other = res.node(e.parent_asset_id if upward else e.child_asset_id)
            grow = other.depth == step and other.id != root.id and other.id not in seen
            beyond = res.parents_of(other.id) if upward else res.children_of(other.id)
            marker = "" if grow else note(other, step, seen, beyond)
            if upward:
                conn, arrow, indent = ("┌─" if i == 0 else "├─"), "─", "   " if i == 0 else "│  "
            else:
                last = i == len(edges) - 1
                conn, arrow, indent = ("└─" if last else "├─"), "→", "   " if last else "│  "
            line = f"{prefix}{conn}[{edge_label(e)}]{arrow} {_summary(other)}{marker}"
            deeper = []
            if grow:
                seen.add(other.id)
                deeper = branch(other.id, prefix + indent, seen, upward)
            out += [*deeper, line] if upward else [line, *deeper]
        return out

    if res.direction in ("both", "parents"):
        lines += branch(root.id, "", set(), upward=True)
    lines.append(f"● {_summary(root)}")
    if res.direction in ("both", "children"):
        lines += branch(root.id, "", set(), upward=False)
    return "\n".join(lines)


_FLAT_COLUMNS = [
    "lineage_id",
    "relation_type",
    "operation_type",
    "sequence_order",
    "id",
    "media_type",
    "description",
    "parent_start_time",
    "parent_end_time",
    "parent_frame",
]


def flat_text(res: Lineage) -> str:
    """The root's direct parents and children, one table row per lineage row."""
    flat = res.flat()
    out = []
    for side in ("parents", "children"):
        rows = flat[side]
        out.append(f"{side} of {flat['asset_id']} ({len(rows)} rows)")
        frame = pd.DataFrame(rows, columns=_FLAT_COLUMNS).rename(columns={"id": "asset_id"})
        out.append(table(frame))
    return "\n".join(out)


def found_text(found: FindResult, scope: str) -> str:
    """A header, then one line per hit: the asset, what it matched and the matched value."""
    head = f"{count(len(found), 'hit')} for {one_line(found.query)!r} ({scope})"
    if found.truncated:
        head += f" — more match: refine the query or raise --limit (now {found.limit})"
    rows = [
        [
            str(h.id),
            h.asset.media_type or "?",
            f"{one_line(h.asset.provider_id)}:{one_line(h.asset.provider_asset_id)}",
            f"{h.node.parent_count}↑ {h.node.child_count}↓",
            f"{h.field} ({h.how})",
            f'"{shorten(h.value, 60)}"' if h.value is not None else "",
        ]
        for h in found
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(5)] if rows else []
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[5] for r in rows
    ]
    return "\n".join([head, *(line.rstrip() for line in lines)])
