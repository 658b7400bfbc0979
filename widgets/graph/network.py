"""The vis network of a lineage result, built by pyvis: nodes, edges and options.

pyvis's :class:`~pyvis.network.Network` is the builder (``directed=True``: an undirected
one silently drops parallel and reverse edges); :func:`graph_data` reads its nodes, edges
and options back with ``get_network_data()``, ready to be serialised as JSON into the
page template or the interactive widget. Positions come from :mod:`.layout`; nodes are
coloured and shaped by media type (the root ringed in red) and show the asset's thumbnail
when it is a ``data:`` or ``http(s)`` URL; edges are coloured by operation type and
labelled with the relation type; several rows between the same two assets are separate
curves labelled with their sequence order, on one line. Tooltips are plain text (vis-network
sets them with ``innerText``): descriptions from the database are never HTML.

Examples
--------
>>> import lineage_kit as lk
>>> data = graph_data(lk.connect().lineage(310, user_id=1))
>>> sorted(n["id"] for n in data.nodes), len(data.edges)
([301, 302, 303, 310], 4)
"""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from pyvis.network import Network

import lineage_kit as lk

from ..palette import ROOT_COLOUR, colour_for
from ..thumbnails import placeholder_uri
from .layout import edge_curves, levels, positions
from .tooltips import edge_title, node_title

__all__ = [
    "EDGE_FONT_PX",
    "EDGE_LABEL_MIN_PX",
    "GraphData",
    "check_lineage",
    "graph_data",
    "network",
]

EDGE_FONT_PX = 11
EDGE_LABEL_MIN_PX = 8

_SHAPES_PLAIN = {"video": "square", "image": "dot", "audio": "triangle", "3d_model": "diamond"}
_SHAPE_PLAIN_UNKNOWN = "hexagon"
_SVG_TAG = re.compile(r"<svg\b[^>]*>", re.I | re.S)

_OPTIONS: dict[str, Any] = {
    # Positions are computed here (see _layout): vis's own hierarchical layout cannot wrap a
    # wide level, and a 50-node neighbourhood then shrinks to an unreadable strip.
    "layout": {"randomSeed": 7, "improvedLayout": False, "hierarchical": {"enabled": False}},
    "physics": {"enabled": False},
    "nodes": {
        "font": {
            "size": 16,
            "face": "sans-serif",
            "color": "#111827",
            "strokeWidth": 4,
            "strokeColor": "#ffffff",
        },
        "borderWidth": 2,
    },
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.7}},
        "width": 2,
        "hoverWidth": 1.5,
        "selectionWidth": 2,
        "font": {
            "size": EDGE_FONT_PX,
            "face": "sans-serif",
            "color": "#374151",
            "align": "horizontal",
            "background": "rgba(255,255,255,0.9)",
            "strokeWidth": 0,
        },
        # Below this on-screen size a label is clutter: it is left out until the user zooms in.
        "scaling": {"label": {"drawThreshold": EDGE_LABEL_MIN_PX + 1}},
    },
    "interaction": {
        "hover": True,
        "tooltipDelay": 120,
        "navigationButtons": False,
        "keyboard": False,
        "multiselect": False,
    },
}


@dataclass(frozen=True)
class GraphData:
    """What vis-network needs to draw a lineage: JSON-ready node and edge records, options."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]


def network(res: lk.Lineage, canvas_px: int = 530) -> Network:
    """A pyvis ``Network`` of ``res``: one node per asset, one edge per lineage row.

    ``canvas_px`` is the drawing's height in pixels (the layout picks the fold of wide
    levels that reads best at that height).
    """
    net = Network(height="100%", width="100%", directed=True)
    level = levels(res)
    xy = positions(res, level, canvas_px)
    parent_rows: dict[int, int] = {}
    child_rows: dict[int, int] = {}
    for e in res.edges:
        parent_rows[e.child_asset_id] = parent_rows.get(e.child_asset_id, 0) + 1
        child_rows[e.parent_asset_id] = child_rows.get(e.parent_asset_id, 0) + 1
    for n in res.nodes:
        net.add_node(
            n.id,
            x=xy[n.id][0],
            y=xy[n.id][1],
            **_node_attrs(
                n,
                root=n.id == res.root_asset_id,
                level=level[n.id],
                hidden_parents=n.parent_count - parent_rows.get(n.id, 0),
                hidden_children=n.child_count - child_rows.get(n.id, 0),
            ),
        )
    curves = edge_curves(res, level, xy)
    for e in res.edges:
        net.add_edge(e.parent_asset_id, e.child_asset_id, **_edge_attrs(e, parent_rows, curves))
    # Assigned once, as a dict: set_options would strip spaces inside strings.
    net.options = _OPTIONS
    return net


def check_lineage(value: object) -> lk.Lineage:
    """``value`` when it is a :class:`lineage_kit.Lineage`, else an error saying what is."""
    if not isinstance(value, lk.Lineage):
        raise lk.InvalidArgumentType(
            "lineage must be a lineage_kit.Lineage (from store.lineage(...) or lk.lineage(...)), "
            f"not {type(value).__name__}"
        )
    return value


def graph_data(res: lk.Lineage, canvas_px: int = 530) -> GraphData:
    """The nodes, edges and options of :func:`network`, as pyvis hands them out."""
    check_lineage(res)
    nodes, edges, _heading, _height, _width, options = network(res, canvas_px).get_network_data()
    return GraphData(nodes=nodes, edges=edges, options=json.loads(options))


def _node_attrs(
    node: lk.Node, *, root: bool, level: int, hidden_parents: int, hidden_children: int
) -> dict[str, Any]:
    a = node.asset
    media = a.media_type or ""
    colour = colour_for("media", media)
    image = _usable_image(a.thumbnail_url)
    border = ROOT_COLOUR if root else colour
    attrs: dict[str, Any] = {
        # The red ring marks the root; a longer label would run into its edges' labels.
        "label": str(a.id),
        "title": node_title(node, root, hidden_parents, hidden_children),
        "level": level,
        "color": {
            "background": colour,
            "border": border,
            "highlight": {"background": colour, "border": "#111827"},
            "hover": {"background": colour, "border": "#111827"},
        },
        "borderWidth": 5 if root else 2,
        "borderWidthSelected": 6 if root else 4,
        "size": 34 if root else 24,
        "media_type": media or None,
    }
    if root:
        attrs["shadow"] = {"enabled": True, "color": ROOT_COLOUR, "size": 16, "x": 0, "y": 0}
        attrs["font"] = {"size": 18, "color": ROOT_COLOUR, "bold": {"color": ROOT_COLOUR}}
    if image:
        attrs["shape"] = "circularImage" if media == "image" else "image"
        attrs["image"] = image
        attrs["brokenImage"] = placeholder_uri(media or None)
        attrs["shapeProperties"] = {"useBorderWithImage": True}
    else:
        attrs["shape"] = _SHAPES_PLAIN.get(media, _SHAPE_PLAIN_UNKNOWN)
    if a.is_archived:
        attrs["opacity"] = 0.55
        props = attrs.setdefault("shapeProperties", {})
        props["borderDashes"] = [5, 4]
    return attrs


def _edge_attrs(
    e: lk.Edge, parent_rows: dict[int, int], curves: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    colour = colour_for("operation", e.operation_type)
    label = e.relation_type
    if parent_rows.get(e.child_asset_id, 0) > 1:
        label += f" #{e.sequence_order}"
    return {
        "id": e.id,
        "label": label,  # one line: a wrapped label sits across its own edge
        "title": edge_title(e),
        "color": {"color": colour, "highlight": colour, "hover": colour, "inherit": False},
        "operation_type": e.operation_type,
        "relation_type": e.relation_type,
        "sequence_order": e.sequence_order,
        # pyvis would set arrows="to", which resets the global arrow size.
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.7}},
        **curves[e.id],
    }


def _usable_image(url: str | None) -> str | None:
    """A thumbnail the browser can draw inside the document, or None.

    ``data:image/...`` and ``http(s)`` URLs only (a relative path means nothing inside an
    srcdoc frame). An SVG data URI without width/height or a viewBox is drawn 300×150 by
    Chromium and shows as an empty node, so it is left out.
    """
    if not url:
        return None
    low = url[:16].lower()
    if low.startswith(("http://", "https://")):
        return url
    if not low.startswith("data:image/"):
        return None
    if low.startswith("data:image/svg"):
        svg = _decode_data_uri(url)
        tag = _SVG_TAG.search(svg or "")
        if tag is None:
            return None
        attrs = tag.group(0).lower()
        sized = ("width=" in attrs and "height=" in attrs) or "viewbox=" in attrs
        return url if sized else None
    return url


def _decode_data_uri(url: str) -> str | None:
    head, sep, body = url.partition(",")
    if not sep:
        return None
    try:
        if head.lower().endswith(";base64"):
            return base64.b64decode(body, validate=False).decode("utf-8", "replace")
        return urllib.parse.unquote(body)
    except ValueError:
        return None
