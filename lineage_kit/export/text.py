"""The text formats: JSON, GraphML, Mermaid and DOT."""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx

from ..model.labels import edge_label, one_line, shorten
from ..model.lineage import Lineage
from ..model.results import COUNT_FIELDS
from .drawing import DrawModel

__all__ = ["dot", "graphml", "json_text", "mermaid"]

_LABEL_CHARS = 60


def json_text(obj: Any, model: DrawModel) -> str:
    if isinstance(obj, Lineage):
        data = obj.to_dict()
    else:
        data = {
            **model.meta,
            "nodes": [
                {
                    "asset": {k: v for k, v in attrs.items() if k not in COUNT_FIELDS},
                    **{k: attrs[k] for k in COUNT_FIELDS},
                }
                for attrs in model.nodes.values()
            ],
            "edges": [e.to_dict() for e in model.edges],
        }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    return _XML_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def graphml(obj: Any, model: DrawModel) -> str:
    graph = nx.MultiDiGraph(**{k: v for k, v in model.meta.items() if v is not None})
    for i, attrs in model.nodes.items():
        graph.add_node(i, **{k: _xml_safe(v) for k, v in attrs.items() if v is not None})
    for e in model.edges:
        attrs = {k: _xml_safe(v) for k, v in e.to_dict().items() if v is not None}
        graph.add_edge(e.parent_asset_id, e.child_asset_id, key=e.id, **attrs)
    return "\n".join(nx.generate_graphml(graph)) + "\n"


def _node_lines(i: int, attrs: dict[str, Any]) -> tuple[str, str]:
    head = " · ".join(one_line(attrs[k]) for k in ("media_type", "provider_id") if attrs.get(k))
    first = f"{i} · {head}" if head else str(i)
    if attrs.get("is_archived"):
        first += " · archived"
    return first, shorten(attrs.get("description"), _LABEL_CHARS)


def _mermaid_text(text: str) -> str:
    # '#' first: the other replacements introduce entity codes that start with it.
    for char, code in (
        ("#", "#35;"),
        ('"', "#quot;"),
        ("<", "#lt;"),
        (">", "#gt;"),
        ("&", "#amp;"),
        ("`", "#96;"),
        ("|", "#124;"),
    ):
        text = text.replace(char, code)
    return text


def mermaid(obj: Any, model: DrawModel) -> str:
    lines = ["flowchart TD"]
    for i, attrs in model.nodes.items():
        first, second = _node_lines(i, attrs)
        label = _mermaid_text(first) + (f"<br/>{_mermaid_text(second)}" if second else "")
        lines.append(f'    a{i}["{label}"]')
    for e in model.edges:
        label = _mermaid_text(edge_label(e))
        lines.append(f'    a{e.parent_asset_id} -->|"{label}"| a{e.child_asset_id}')
    lines.append("    classDef root stroke-width:3px")
    lines.append("    classDef archived stroke-dasharray:4 3")
    if model.root is not None:
        lines.append(f"    class a{model.root} root")
    archived = [f"a{i}" for i, attrs in model.nodes.items() if attrs.get("is_archived")]
    if archived:
        lines.append(f"    class {','.join(archived)} archived")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def dot(obj: Any, model: DrawModel) -> str:
    lines = [
        "digraph lineage {",
        "    graph [rankdir=TB];",
        '    node [shape=box, fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
    ]
    for i, attrs in model.nodes.items():
        first, second = _node_lines(i, attrs)
        label = _dot_text(first) + (f"\\n{_dot_text(second)}" if second else "")
        style = []
        if i == model.root:
            style.append("penwidth=2")
        if attrs.get("is_archived"):
            style.append("style=dashed")
        extra = "".join(f", {s}" for s in style)
        lines.append(f'    n{i} [label="{label}"{extra}];')
    for e in model.edges:
        lines.append(
            f"    n{e.parent_asset_id} -> n{e.child_asset_id} "
            f'[label="{_dot_text(edge_label(e))}", id="row{e.id}"];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
