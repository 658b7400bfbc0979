"""Writing a lineage answer, or a whole scoped graph, in formats other tools read.

:func:`export` takes a :class:`~lineage_kit.Lineage` (one bounded answer) or
:class:`~lineage_kit.Frames` (a whole, already scoped graph) and returns text:

``json``
    The API shape (:meth:`Lineage.to_dict`); for Frames the same keys, with
    ``root_asset_id`` null and no ``depth`` on the nodes.
``graphml``
    networkx's GraphML writer, a multigraph keyed by lineage row id. GraphML
    has no null: attributes whose value is ``None`` are left out of the
    element (an absent ``<data>`` reads back as a missing attribute), and
    characters XML 1.0 forbids are replaced by U+FFFD.
``mermaid``
    A ``flowchart TD`` (parents above children), one arrow per lineage row,
    labelled with the relation, operation and (for multi-input operations or
    a non-zero order) ``seq <sequence_order>``. Labels are escaped with Mermaid's
    entity codes; descriptions are cut to 60 characters. In both drawings
    line breaks are flattened and control characters replaced by U+FFFD.
``dot``
    Graphviz DOT, the same drawing; labels are double-quoted with ``\\`` and
    ``"`` escaped.
``prov``
    W3C PROV-JSON through the ``prov`` package: each asset an entity
    ``asset:<id>``; each lineage row a derivation ``row:<id>`` (child derived
    from parent) whose activity is the operation that made the child
    (``op:<child>_<operation>``, one per child and operation), keeping
    ``relation_type``, ``sequence_order`` and the row's temporal fields as
    ``lk:`` attributes. Null values are left out.

Examples
--------
>>> import lineage_kit as lk
>>> res = lk.connect().lineage(102, user_id=1)
>>> print(export(res, "mermaid").splitlines()[0])
flowchart TD
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from .frames import Frames
from .result import Asset, Edge, Lineage
from .schema import MULTI_INPUT_OPERATIONS

__all__ = ["FORMATS", "PROV_NAMESPACES", "export", "prov_document"]

FORMATS = ("json", "graphml", "mermaid", "dot", "prov")

PROV_NAMESPACES = {
    "asset": "urn:pixsim7:asset:",
    "row": "urn:pixsim7:asset_lineage:",
    "op": "urn:pixsim7:operation:",
    "lk": "urn:lineage-kit:",
}
"""Prefixes of the PROV-JSON document: assets, lineage rows, operations, attributes."""

_LABEL_CHARS = 60


@dataclass(frozen=True)
class _Model:
    """What every format draws: node attributes by id, edges in contract order, graph facts."""

    nodes: dict[int, dict[str, Any]]
    edges: list[Edge]
    meta: dict[str, Any]
    root: int | None


def _model(obj: Any) -> _Model:
    if isinstance(obj, Lineage):
        nodes = {
            n.id: {
                **n.asset.to_dict(),
                "depth": n.depth,
                "parent_count": n.parent_count,
                "child_count": n.child_count,
            }
            for n in obj.nodes
        }
        meta = {k: v for k, v in obj.to_dict().items() if k not in ("nodes", "edges")}
        return _Model(nodes, list(obj.edges), meta, obj.root_asset_id)
    if isinstance(obj, Frames):
        graph = obj.to_networkx()
        nodes = {
            int(i): {
                **Asset.from_record({**attrs, "id": i}).to_dict(),
                "parent_count": graph.in_degree(i),
                "child_count": graph.out_degree(i),
            }
            for i, attrs in sorted(graph.nodes(data=True))
        }
        edges = sorted(
            (Edge.from_record(d) for _, _, d in graph.edges(data=True)), key=lambda e: e.sort_key
        )
        return _Model(nodes, edges, {"root_asset_id": None, "truncated": False}, None)
    raise TypeError(
        f"obj must be a lineage_kit.Lineage or lineage_kit.Frames, not {type(obj).__name__}"
    )


def export(obj: Lineage | Frames, format: str, path: str | os.PathLike[str] | None = None) -> str:
    """Render a lineage answer or a whole scoped graph as text; write it only when asked.

    Parameters
    ----------
    obj
        A :class:`~lineage_kit.Lineage` or :class:`~lineage_kit.Frames`.
    format
        One of ``json``, ``graphml``, ``mermaid``, ``dot``, ``prov`` (see the
        module docstring for what each holds).
    path
        Where to write the text (UTF-8). ``None``, the default, writes nothing.

    Returns
    -------
    str
        The rendered text (also when it was written to ``path``).

    Raises
    ------
    ValueError, TypeError
        An unknown format, or an object or path of the wrong type.

    Examples
    --------
    >>> import json, lineage_kit as lk
    >>> res = lk.connect().lineage(310, user_id=1, direction="parents")
    >>> json.loads(export(res, "json")) == res.to_dict()
    True
    >>> 'a301 -->|"TRANSITION_INPUT · video_transition · seq 3"| a310' in export(res, "mermaid")
    True
    """
    if not isinstance(format, str) or format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {format!r}")
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path or None, not {type(path).__name__}")
    model = _model(obj)
    text = _WRITERS[format](obj, model)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


# --- json ------------------------------------------------------------------------------------
def _json(obj: Any, model: _Model) -> str:
    if isinstance(obj, Lineage):
        data = obj.to_dict()
    else:
        data = {
            **model.meta,
            "nodes": [
                {
                    "asset": {
                        k: v for k, v in attrs.items() if k not in ("parent_count", "child_count")
                    },
                    "parent_count": attrs["parent_count"],
                    "child_count": attrs["child_count"],
                }
                for attrs in model.nodes.values()
            ],
            "edges": [e.to_dict() for e in model.edges],
        }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# --- graphml ---------------------------------------------------------------------------------
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    return _XML_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def _graphml(obj: Any, model: _Model) -> str:
    graph = nx.MultiDiGraph(**{k: v for k, v in model.meta.items() if v is not None})
    for i, attrs in model.nodes.items():
        graph.add_node(i, **{k: _xml_safe(v) for k, v in attrs.items() if v is not None})
    for e in model.edges:
        attrs = {k: _xml_safe(v) for k, v in e.to_dict().items() if v is not None}
        graph.add_edge(e.parent_asset_id, e.child_asset_id, key=e.id, **attrs)
    return "\n".join(nx.generate_graphml(graph)) + "\n"


# --- mermaid and dot: the same drawing -------------------------------------------------------
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _line(text: Any) -> str:
    """One line of label text: whitespace runs collapsed, control characters replaced."""
    return _CONTROL.sub("\ufffd", " ".join(str(text).split()))


def _short(text: str | None) -> str:
    text = _line(text or "")
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1] + "…"


def _node_lines(i: int, attrs: dict[str, Any]) -> tuple[str, str]:
    head = " · ".join(_line(attrs[k]) for k in ("media_type", "provider_id") if attrs.get(k))
    first = f"{i} · {head}" if head else str(i)
    if attrs.get("is_archived"):
        first += " · archived"
    return first, _short(attrs.get("description"))


def _edge_label(e: Edge) -> str:
    label = f"{_line(e.relation_type)} · {_line(e.operation_type)}"
    if e.operation_type in MULTI_INPUT_OPERATIONS or e.sequence_order:
        label += f" · seq {e.sequence_order}"
    return label


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


def _mermaid(obj: Any, model: _Model) -> str:
    lines = ["flowchart TD"]
    for i, attrs in model.nodes.items():
        first, second = _node_lines(i, attrs)
        label = _mermaid_text(first) + (f"<br/>{_mermaid_text(second)}" if second else "")
        lines.append(f'    a{i}["{label}"]')
    for e in model.edges:
        label = _mermaid_text(_edge_label(e))
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


def _dot(obj: Any, model: _Model) -> str:
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
            f'[label="{_dot_text(_edge_label(e))}", id="row{e.id}"];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- W3C PROV-JSON ---------------------------------------------------------------------------
def prov_document(obj: Lineage | Frames) -> Any:
    """The lineage as a ``prov.model.ProvDocument`` (see the module docstring for its shape).

    >>> import lineage_kit as lk
    >>> doc = prov_document(lk.connect().lineage(102, user_id=1))
    >>> sorted(str(e.identifier) for e in doc.get_records() if e.is_element())[:2]
    ['asset:101', 'asset:102']
    """
    return _prov_document(_model(obj))


def _prov_document(model: _Model) -> Any:
    from prov.constants import PROV_TYPE
    from prov.model import ProvDocument

    doc = ProvDocument()
    ns = {prefix: doc.add_namespace(prefix, uri) for prefix, uri in PROV_NAMESPACES.items()}
    lk = ns["lk"]
    for i, attrs in model.nodes.items():
        doc.entity(
            ns["asset"][str(i)],
            {lk[k]: v for k, v in attrs.items() if v is not None and k != "id"},
        )
    activities: dict[tuple[int, str], Any] = {}
    for e in model.edges:
        activity = None
        if e.operation_type is not None:
            key = (e.child_asset_id, e.operation_type)
            if key not in activities:
                activities[key] = doc.activity(
                    ns["op"][f"{e.child_asset_id}_{e.operation_type}"],
                    other_attributes={
                        PROV_TYPE: lk[e.operation_type],
                        lk["operation_type"]: e.operation_type,
                    },
                )
            activity = activities[key]
        kept = {
            lk[k]: v
            for k, v in e.to_dict().items()
            if v is not None and k not in ("id", "parent_asset_id", "child_asset_id")
        }
        doc.wasDerivedFrom(
            ns["asset"][str(e.child_asset_id)],
            ns["asset"][str(e.parent_asset_id)],
            activity,
            identifier=ns["row"][str(e.id)],
            other_attributes=kept,
        )
    return doc


def _prov(obj: Any, model: _Model) -> str:
    text: str = _prov_document(model).serialize(format="json", indent=2)
    return text + "\n"


_WRITERS = {
    "json": _json,
    "graphml": _graphml,
    "mermaid": _mermaid,
    "dot": _dot,
    "prov": _prov,
}
