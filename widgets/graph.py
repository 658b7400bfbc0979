"""The provenance graph of a lineage result: one self-contained, offline HTML document.

The graph is drawn by vis-network (the copy shipped inside the pyvis package, inlined: no
CDN, no ``lib/`` folder, nothing written to the working folder). Ancestors sit above the
root, descendants below it: each node's vis ``level`` is its depth offset (the top level is
0) and its position is computed here, one band per level, a wide level folded into
staggered rows so a 50-node neighbourhood stays readable. Physics is off and nothing is
random, so two renders of the same result are byte-identical and the picture never moves.
Nodes are coloured and shaped by media type (the root ringed in red) and show the asset's
thumbnail when it is a ``data:`` or ``http(s)`` URL; edges are coloured by operation type and
labelled with the relation type (labels too small to read appear as you zoom in); several
rows between the same two assets are drawn as separate curves labelled with their sequence
order. A legend lists the media and operation colours present; a truncated result says so.

Clicking a node selects it: the document shows the asset id in its header and posts
``{type: "lineage_kit:select", asset_id: <id>}`` to ``window.parent`` (``"*"`` target), so a
host page can react. In a notebook, hover a node: its tooltip shows the id to type into the
inspector's asset-id box.

Tooltips are plain text (vis-network sets ``innerText``; pyvis's HTML popup, which it turns
on when a title contains ``href``, is never used): descriptions from the database are never
interpreted as HTML.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.graph import graph_document, iframe_html
>>> res = lk.connect().lineage(310, user_id=1)
>>> doc = graph_document(res)
>>> doc.startswith("<!DOCTYPE html>") and "<script src" not in doc
True
>>> iframe_html(res).startswith("<div")
True
"""

from __future__ import annotations

import base64
import html as _html
import json
import math
import os
import re
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

import lineage_kit as lk

from .palette import MEDIA_COLOURS, OPERATION_COLOURS, UNKNOWN, colour_for

try:
    from pyvis.network import Network
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ImportError("the graph view needs pyvis: pip install 'lineage-kit[widgets]'") from exc

if TYPE_CHECKING:
    from IPython.display import HTML

__all__ = ["graph_document", "graph_view", "iframe_html", "save_graph_html"]

MIN_HEIGHT_PX = 240
MAX_HEIGHT_PX = 4000
ROOT_COLOUR = "#dc2626"
SELECT_MESSAGE = "lineage_kit:select"
EDGE_FONT_PX = 11
EDGE_LABEL_MIN_PX = 8

# Layout, in vis graph units (1 unit = 1 px at zoom 1).
_DX = 100.0  # neighbours on one row
_NARROW_STRETCH = 2.2  # a level of a few nodes spreads out, so its edge labels part
_SUBROW = 66.0  # the staggered rows of a wide level
_LEVEL_GAPS = (150.0, 115.0)  # roomy while it fits; tighter when a big graph needs the scale
_MARGIN = 60.0
_MIN_ROW = 6
_MAX_STAGGER = 12  # a level is folded into at most this many staggered rows
_LABEL_SEPARATION = 100.0  # between the middles of two neighbouring rows of one bundle
_DETOUR = 90.0  # how far an edge that skips levels bows away from the nodes it passes
_TIGHT_GAIN = 1.1  # the tighter level gap must enlarge the drawing by this much to be used
_ASSUMED_WIDTH_PX = 960  # a notebook's output area; a wider one only gains room
_HEADER_PX = 70  # about the header's height: only the layout's scale estimate uses it

_SHAPES_PLAIN = {"video": "square", "image": "dot", "audio": "triangle", "3d_model": "diamond"}
_SHAPE_PLAIN_UNKNOWN = "hexagon"
_LEGEND_GLYPH = {"video": "2px", "image": "50%", "audio": "0", "3d_model": "0"}

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
        "navigationButtons": True,
        "keyboard": False,
        "multiselect": False,
    },
}

# pyvis's template links Bootstrap from a CDN in every mode: a hanging CDN blocks the
# parser-blocking <script src> and leaves the page blank, so every such tag goes.
_EXTERNAL_TAG = re.compile(
    r'<link\b[^>]*\bhref\s*=\s*["\'](?:https?:)?//[^>]*>'
    r'|<script\b[^>]*\bsrc\s*=\s*["\'](?:https?:)?//[^>]*>\s*</script>',
    re.I | re.S,
)
_EXTERNAL_REF = re.compile(
    r'\b(?:src|href)\s*=\s*["\']?(?:https?:)?//|url\(\s*["\']?(?:https?:)?//', re.I
)
_DATASET = re.compile(r"new vis\.DataSet\([^\n]*\);")
# The template keeps an inert, commented-out <script src="../node_modules/...">: dropped so
# that no src attribute at all remains in the document.
_DEAD_COMMENT = re.compile(r"<!--(?:(?!-->).)*?node_modules(?:(?!-->).)*?-->", re.S)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.S)
_SVG_TAG = re.compile(r"<svg\b[^>]*>", re.I | re.S)


# --- public API ------------------------------------------------------------------------------
def graph_document(lineage: lk.Lineage, *, height_px: int = 600) -> str:
    """The lineage graph as one self-contained HTML document (a string; nothing is written).

    Parameters
    ----------
    lineage : lineage_kit.Lineage
        A query result (``store.lineage(...)`` or ``lk.lineage(...)``).
    height_px : int, default 600
        Height of the whole document in pixels (header, legend and canvas),
        between 240 and 4000.

    Returns
    -------
    str
        HTML with every script and stylesheet inline; the only URLs it may
        reference are ``http(s)`` thumbnails of the assets themselves.

    Raises
    ------
    TypeError
        ``lineage`` is not a ``Lineage`` or ``height_px`` is not an int.
    ValueError
        ``height_px`` is out of range.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> doc = graph_document(lk.connect().lineage(801, user_id=1, max_depth=2))
    >>> "vis.DataSet" in doc and "lineage_kit:select" in doc
    True
    """
    _check_lineage(lineage)
    height = _check_height(height_px)
    net = _network(lineage, height - _HEADER_PX)
    doc = _render(net)
    doc = _EXTERNAL_TAG.sub("", doc)
    doc = _EMPTY_HEADING.sub("", doc)
    doc = _DEAD_COMMENT.sub("", doc)
    # Asset data (descriptions, http thumbnails) may hold any text: the template around it
    # is what must not reach outside. A new pyvis template would fail here, not ship.
    leak = _EXTERNAL_REF.search(_DATASET.sub("new vis.DataSet([]);", doc))
    if leak:
        raise RuntimeError(f"graph document references an outside resource: {leak.group(0)!r}")
    return _assemble(doc, lineage, height)


def iframe_html(lineage: lk.Lineage, *, height_px: int = 600) -> str:
    """The graph document wrapped in ``<div><iframe srcdoc=...>`` for notebook output.

    An ``srcdoc`` iframe needs no file and no server, so the same output renders in
    JupyterLab, Notebook 7, VS Code and Voilà; the document's scripts run sandboxed.

    Parameters
    ----------
    lineage : lineage_kit.Lineage
        A query result.
    height_px : int, default 600
        Height of the frame (and of the document inside it), 240 to 4000.

    Returns
    -------
    str
        An HTML fragment.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> frag = iframe_html(lk.connect().lineage(310, user_id=1), height_px=400)
    >>> 'height:400px' in frag and frag.count("<iframe") == 1
    True
    """
    doc = graph_document(lineage, height_px=height_px)
    title = _html.escape(f"Lineage graph of asset {lineage.root_asset_id}", quote=True)
    return (
        '<div class="lineage-kit-graph">'
        f'<iframe srcdoc="{_html.escape(doc, quote=True)}" title="{title}" '
        f'style="width:100%;height:{height_px}px;border:0;display:block" '
        'sandbox="allow-scripts"></iframe></div>'
    )


def graph_view(lineage: lk.Lineage, *, height_px: int = 600) -> HTML:
    """Show the lineage graph in a notebook (an ``IPython.display.HTML`` of :func:`iframe_html`).

    Parameters
    ----------
    lineage : lineage_kit.Lineage
        A query result.
    height_px : int, default 600
        Height of the view in pixels, 240 to 4000.

    Returns
    -------
    IPython.display.HTML
        Display it (last expression of a cell) or pass it to ``display``.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> view = graph_view(lk.connect().lineage(310, user_id=1, max_depth=2))
    >>> type(view).__name__
    'HTML'
    """
    from IPython.display import HTML

    return HTML(iframe_html(lineage, height_px=height_px))


def save_graph_html(
    lineage: lk.Lineage, path: str | os.PathLike[str], *, height_px: int = 600
) -> Path:
    """Write the graph document to ``path`` (one file, nothing else) and return its path.

    Parameters
    ----------
    lineage : lineage_kit.Lineage
        A query result.
    path : str or os.PathLike
        Where to write; must end in ``.html`` or ``.htm``, its folder must exist.
        An existing file is replaced.
    height_px : int, default 600
        Height of the document in pixels, 240 to 4000.

    Returns
    -------
    pathlib.Path
        The absolute path written.

    Examples
    --------
    >>> import tempfile, lineage_kit as lk
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = save_graph_html(lk.connect().lineage(310, user_id=1), Path(d) / "g.html")
    ...     sorted(p.name for p in Path(d).iterdir())
    ['g.html']
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"path must end in .html or .htm; got {str(target)!r}")
    if not target.parent.is_dir():
        raise FileNotFoundError(f"folder {str(target.parent)!r} does not exist (for path {path!r})")
    doc = graph_document(lineage, height_px=height_px)
    target.write_text(doc, encoding="utf-8")
    return target.resolve()


# --- validation --------------------------------------------------------------------------------
def _check_lineage(lineage: object) -> None:
    if not isinstance(lineage, lk.Lineage):
        raise TypeError(
            "lineage must be a lineage_kit.Lineage (from store.lineage(...) or lk.lineage(...)), "
            f"not {type(lineage).__name__}"
        )


def _check_height(height_px: object) -> int:
    if isinstance(height_px, bool) or not isinstance(height_px, int):
        raise TypeError(
            f"height_px must be an int between {MIN_HEIGHT_PX} and {MAX_HEIGHT_PX}, "
            f"not {type(height_px).__name__}"
        )
    if not MIN_HEIGHT_PX <= height_px <= MAX_HEIGHT_PX:
        raise ValueError(
            f"height_px must be between {MIN_HEIGHT_PX} and {MAX_HEIGHT_PX} pixels; got {height_px}"
        )
    return height_px


# --- the vis network -------------------------------------------------------------------------
def _network(res: lk.Lineage, canvas_px: int) -> Network:
    # directed=True is mandatory: an undirected pyvis Network silently drops parallel and
    # reverse edges.
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    top = min(n.depth for n in res.nodes)
    parent_rows: dict[int, int] = {}
    child_rows: dict[int, int] = {}
    for e in res.edges:
        parent_rows[e.child_asset_id] = parent_rows.get(e.child_asset_id, 0) + 1
        child_rows[e.parent_asset_id] = child_rows.get(e.parent_asset_id, 0) + 1
    level = {n.id: n.depth - top for n in res.nodes}
    xy = _layout(res, level, canvas_px)
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
    for edge, attrs in _edge_attrs(res, level, xy, parent_rows):
        net.add_edge(edge.parent_asset_id, edge.child_asset_id, **attrs)
    # Assigned once, as a dict: set_options would strip spaces inside strings.
    net.options = _OPTIONS
    return net


def _layout(
    res: lk.Lineage, level: dict[int, int], canvas_px: int
) -> dict[int, tuple[float, float]]:
    """Node positions: one band per level (ancestors above, descendants below), deterministic.

    Levels are placed outward from the root. Each node wants the mean x of its neighbours
    in the level nearer the root (the barycentre heuristic), so parents sit above their
    children and edges cross little; nodes keep that order and are pushed apart to the row
    spacing. A level wider than ``cap`` nodes zig-zags over ``ceil(n / cap)`` staggered rows;
    the cap giving the largest drawing scale on an assumed notebook-wide canvas is kept.
    """
    rows: dict[int, list[int]] = {}
    for n in res.nodes:
        rows.setdefault(level[n.id], []).append(n.id)
    neighbours: dict[int, list[int]] = {}
    for e in res.edges:
        if e.parent_asset_id != e.child_asset_id:
            neighbours.setdefault(e.parent_asset_id, []).append(e.child_asset_id)
            neighbours.setdefault(e.child_asset_id, []).append(e.parent_asset_id)
    root_level = level[res.root_asset_id]
    widest = max(len(ids) for ids in rows.values())
    best: tuple[float, dict[int, tuple[float, float]]] | None = None
    # Caps that give 1, 2, 3, ... staggered rows to the widest level (each tried once).
    caps = sorted(
        {max(min(widest, _MIN_ROW), -(-widest // k)) for k in range(1, _MAX_STAGGER + 1)},
        reverse=True,
    )
    for gap in _LEVEL_GAPS:
        for cap in caps:
            xs = _place_x(rows, neighbours, root_level, cap)
            pos, height = _place_y(rows, xs, cap, gap)
            width = max(xs.values()) - min(xs.values()) + 2 * _MARGIN
            scale = min(_ASSUMED_WIDTH_PX / width, canvas_px / (height + 2 * _MARGIN), 1.0)
            if gap != _LEVEL_GAPS[0]:
                scale /= _TIGHT_GAIN
            if best is None or scale > best[0] + 1e-9:
                best = (scale, pos)
    assert best is not None
    return best[1]


def _place_x(
    rows: dict[int, list[int]], neighbours: dict[int, list[int]], root_level: int, cap: int
) -> dict[int, float]:
    xs: dict[int, float] = {}
    outward = [lv for lv in sorted(rows) if lv >= root_level]
    outward += [lv for lv in sorted(rows, reverse=True) if lv < root_level]
    for lv in outward:
        ids = rows[lv]
        n = len(ids)
        stagger = -(-n // cap)
        spacing = _DX / stagger if stagger > 1 else _DX * (_NARROW_STRETCH if n <= 6 else 1.0)
        ref = set(rows.get(lv - 1 if lv > root_level else lv + 1, ()))
        want: list[float | None] = []
        for v in ids:
            near = [xs[u] for u in neighbours.get(v, ()) if u in ref and u in xs]
            want.append(sum(near) / len(near) if near else None)
        # Nodes without a neighbour nearer the root (none in a BFS result) keep their place.
        keyed = sorted(
            range(n), key=lambda i: (want[i] is None, want[i] if want[i] is not None else 0.0, i)
        )
        placed: list[float] = []
        for i in keyed:
            w = want[i]
            lowest = placed[-1] + spacing if placed else None
            if w is None:
                x = lowest if lowest is not None else 0.0
            else:
                x = w if lowest is None else max(w, lowest)
            placed.append(x)
        pulls = [want[i] - x for i, x in zip(keyed, placed, strict=True) if want[i] is not None]
        shift = sum(pulls) / len(pulls) if pulls else -(placed[0] + placed[-1]) / 2
        for i, x in zip(keyed, placed, strict=True):
            xs[ids[i]] = round(x + shift, 2)
    return xs


def _place_y(
    rows: dict[int, list[int]], xs: dict[int, float], cap: int, gap: float
) -> tuple[dict[int, tuple[float, float]], float]:
    pos: dict[int, tuple[float, float]] = {}
    y = 0.0
    for lv in sorted(rows):
        ids = sorted(rows[lv], key=lambda v: (xs[v], v))
        stagger = -(-len(ids) // cap)
        # Zig-zag over the staggered rows: left-to-right order stays the barycentre order.
        for i, v in enumerate(ids):
            pos[v] = (xs[v], round(y + (i % stagger) * _SUBROW, 2))
        y += (stagger - 1) * _SUBROW + gap
    return pos, y - gap


def _render(net: Network) -> str:
    # Network.generate_html switches to an innerHTML popup when any title contains "href":
    # an injection path for descriptions from the database. Rendering the same template
    # with tooltip_link=False keeps vis-network's plain-text tooltips.
    nodes, edges, heading, height, width, options = net.get_network_data()
    template = net.templateEnv.get_template(net.path)
    return template.render(
        height=height,
        width=width,
        nodes=nodes,
        edges=edges,
        heading=heading,
        options=options,
        physics_enabled=False,
        use_DOT=False,
        dot_lang="",
        widget=False,
        bgcolor=net.bgcolor,
        conf=False,
        tooltip_link=False,
        neighborhood_highlight=False,
        select_menu=False,
        filter_menu=False,
        notebook=False,
        cdn_resources="in_line",
    )


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
        "title": _node_title(node, root, hidden_parents, hidden_children),
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
        attrs["brokenImage"] = _placeholder(media, colour)
        attrs["shapeProperties"] = {"useBorderWithImage": True}
    else:
        attrs["shape"] = _SHAPES_PLAIN.get(media, _SHAPE_PLAIN_UNKNOWN)
    if a.is_archived:
        attrs["opacity"] = 0.55
        props = attrs.setdefault("shapeProperties", {})
        props["borderDashes"] = [5, 4]
    return attrs


def _node_title(node: lk.Node, root: bool, hidden_parents: int, hidden_children: int) -> str:
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
    counts = f"{node.parent_count}↑ / {node.child_count}↓"
    hidden = []
    if hidden_parents:
        hidden.append(f"{hidden_parents} parent row{'s' * (hidden_parents != 1)}")
    if hidden_children:
        hidden.append(f"{hidden_children} child row{'s' * (hidden_children != 1)}")
    if hidden:
        counts += f" ({' and '.join(hidden)} not shown)"
    lines.append(counts)
    lines.append(f"depth {node.depth:+d} ({where})")
    lines.append(f"asset id {a.id}: click to select, or type it into the inspector")
    return "\n".join(lines)


def _edge_attrs(
    res: lk.Lineage,
    level: dict[int, int],
    xy: dict[int, tuple[float, float]],
    parent_rows: dict[int, int],
) -> list[tuple[lk.Edge, dict[str, Any]]]:
    bundles: dict[tuple[int, int], list[lk.Edge]] = {}
    for e in res.edges:
        u, v = e.parent_asset_id, e.child_asset_id
        bundles.setdefault((min(u, v), max(u, v)), []).append(e)
    smooth: dict[int, dict[str, Any]] = {}
    loops: dict[int, dict[str, Any]] = {}
    for pair, items in bundles.items():
        if pair[0] == pair[1]:
            for i, e in enumerate(items):
                loops[e.id] = {"size": 30 + 14 * i, "angle": 0.785, "renderBehindTheNode": True}
            continue
        smooth.update(_bundle_smooth(pair, items, level, xy))
    out = []
    for e in res.edges:
        colour = colour_for("operation", e.operation_type)
        label = e.relation_type
        if parent_rows.get(e.child_asset_id, 0) > 1:
            label += f" #{e.sequence_order}"
        label = _wrap(label)
        attrs: dict[str, Any] = {
            "id": e.id,
            "label": label,
            "title": _edge_title(e),
            "color": {"color": colour, "highlight": colour, "hover": colour, "inherit": False},
            "operation_type": e.operation_type,
            "relation_type": e.relation_type,
            "sequence_order": e.sequence_order,
            # pyvis would set arrows="to", which resets the global arrow size.
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.7}},
        }
        if e.id in loops:
            attrs["selfReference"] = loops[e.id]
        else:
            attrs["smooth"] = smooth[e.id]
        out.append((e, attrs))
    return out


def _wrap(label: str, width: int = 14) -> str:
    """Break a long label once, after the ``_`` or space nearest its middle (nothing dropped).

    Edge labels are horizontal, centred on the edge; short lines keep the labels of edges
    that converge on one child from running into each other.
    """
    if len(label) <= width:
        return label
    cuts = [i for i, ch in enumerate(label) if ch in "_ " and 0 < i < len(label) - 1]
    if not cuts:
        return label
    cut = min(cuts, key=lambda i: (abs(i + 1 - len(label) / 2), i))
    # The break character stays on the first line: removing "\n" gives the label back.
    return label[: cut + 1] + "\n" + label[cut + 1 :]


def _bundle_smooth(
    pair: tuple[int, int],
    items: list[lk.Edge],
    level: dict[int, int],
    xy: dict[int, tuple[float, float]],
) -> dict[int, dict[str, Any]]:
    """Per-edge curves so rows between the same two assets never overlap.

    A lone edge between adjacent levels is straight. Rows between the same two assets
    (parallel or reverse) fan out so that the middles of their curves, where the labels
    sit, are about a label's width apart. An edge that stays on its level or skips levels
    bows out further, so the nodes it passes are not drawn over it.
    """
    n = len(items)
    detour = any(abs(level[e.child_asset_id] - level[e.parent_asset_id]) != 1 for e in items)
    (x0, y0), (x1, y1) = xy[pair[0]], xy[pair[1]]
    length = max(1.0, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
    out = {}
    for i, e in enumerate(items):
        off = i - (n - 1) / 2
        if (e.parent_asset_id, e.child_asset_id) != pair:
            off = -off  # CW/CCW is relative to each edge's own direction
        bow = abs(off) * _LABEL_SEPARATION + (_DETOUR if detour else 0.0)
        if bow == 0:
            out[e.id] = {"enabled": False}
            continue
        out[e.id] = {
            "enabled": True,
            "type": "curvedCCW" if off < 0 else "curvedCW",
            "roundness": _roundness(bow, length),
        }
    return out


def _roundness(bow: float, length: float) -> float:
    """The vis ``curvedCW`` roundness whose curve passes ``bow`` units from the chord's middle.

    vis puts the control point at ``k * length`` from the start, turned by ``k * pi`` from
    the chord (``k = (1 + roundness) / 2``); the curve's middle is half the control point's
    distance off the chord. Solved by bisection, since that distance grows with roundness.
    """

    def middle_offset(r: float) -> float:
        k = 0.5 * r + 0.5
        return 0.5 * k * length * -math.cos(k * math.pi)

    lo, hi = 0.0, 1.0
    if middle_offset(hi) <= bow:
        return hi
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if middle_offset(mid) < bow else (lo, mid)
    return round(max(hi, 0.05), 3)


def _edge_title(e: lk.Edge) -> str:
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


# --- images ------------------------------------------------------------------------------------
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


def _placeholder(media: str, colour: str) -> str:
    """An inline SVG shown when a thumbnail fails to load (a broken or unreachable URL)."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48" viewBox="0 0 64 48">'
        f'<rect width="64" height="48" rx="4" fill="{colour}"/>'
        '<text x="32" y="30" text-anchor="middle" font-family="sans-serif" font-size="14" '
        f'fill="#ffffff">{_html.escape(media or "?")[:8]}</text></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


# --- the document around the network -------------------------------------------------------------
def _assemble(doc: str, res: lk.Lineage, height: int) -> str:
    title = f"Lineage of asset {res.root_asset_id}"
    doc = doc.replace("<html>", '<!DOCTYPE html>\n<html lang="en">', 1)
    doc = doc.replace(
        '<meta charset="utf-8">',
        f'<meta charset="utf-8">\n<title>{_html.escape(title)}</title>',
        1,
    )
    doc = doc.replace("</head>", f"<style>{_css(height)}</style>\n</head>", 1)
    doc = doc.replace("<body>", f'<body>\n<div class="lk-page">\n{_header(res)}', 1)
    doc = doc.replace("</body>", f"</div>\n<script>{_select_script()}</script>\n</body>", 1)
    return doc


def _css(height: int) -> str:
    return (
        "html,body{margin:0;padding:0;background:#fff}"
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;"
        "color:#111827}"
        f".lk-page{{height:{height}px;display:flex;flex-direction:column;overflow:hidden}}"
        ".lk-head{flex:0 0 auto;padding:6px 10px 4px;border-bottom:1px solid #e5e7eb;"
        "line-height:1.5}"
        ".lk-title{font-weight:600}"
        ".lk-trunc{color:#b91c1c;font-weight:600;margin-left:8px}"
        ".lk-sel{color:#374151;margin-left:8px}"
        ".lk-legend{display:flex;flex-wrap:wrap;gap:2px 12px;align-items:center;color:#374151}"
        ".lk-legend b{font-weight:600;color:#6b7280;margin-right:-4px}"
        ".lk-key{display:inline-flex;align-items:center;gap:4px;white-space:nowrap}"
        ".lk-dot{display:inline-block;width:11px;height:11px}"
        ".lk-line{display:inline-block;width:18px;height:3px;border-radius:2px}"
        ".card{flex:1 1 auto;position:relative;min-height:0;border:0}"
        "#mynetwork{position:absolute!important;top:0;left:0;right:0;bottom:0;"
        "width:auto!important;height:auto!important;float:none!important;border:0!important}"
        # Dragging pans; only zoom in/out and fit stay, so the arrows cover no node.
        ".vis-navigation .vis-up,.vis-navigation .vis-down,.vis-navigation .vis-left,"
        ".vis-navigation .vis-right{display:none!important}"
        ".lk-hint{color:#6b7280;margin-left:8px}"
        ".vis-tooltip{white-space:pre-wrap!important;max-width:380px;font-family:system-ui,"
        "sans-serif!important;font-size:12px!important;line-height:1.4}"
    )


def _header(res: lk.Lineage) -> str:
    esc = _html.escape
    n_nodes, n_edges = len(res.nodes), len(res.edges)
    parts = [
        f'<span class="lk-title">{esc(f"Lineage of asset {res.root_asset_id}")}</span> · '
        f"{n_nodes} asset{'s' * (n_nodes != 1)} · {n_edges} lineage row{'s' * (n_edges != 1)}"
        f" · {esc(res.direction)}, depth ≤ {res.max_depth}"
    ]
    if res.truncated:
        parts.append(
            f'<span class="lk-trunc" data-truncated="true">Truncated: stopped at max_nodes='
            f"{res.max_nodes} assets; more lineage exists (raise max_nodes to see it).</span>"
        )
    parts.append('<span class="lk-sel" id="lk-selected">Click an asset to select it.</span>')
    parts.append('<span class="lk-hint" id="lk-hint"></span>')
    return (
        '<div class="lk-head">'
        f"<div>{''.join(parts)}</div>"
        f'<div class="lk-legend">{_legend(res)}</div>'
        "</div>"
    )


def _legend(res: lk.Lineage) -> str:
    esc = _html.escape
    media_seen = {n.asset.media_type or "" for n in res.nodes}
    media = [m for m in MEDIA_COLOURS if m in media_seen]
    media += sorted(m for m in media_seen if m not in MEDIA_COLOURS)
    ops_seen = {e.operation_type or "" for e in res.edges}
    ops = [o for o in OPERATION_COLOURS if o in ops_seen]
    ops += sorted(o for o in ops_seen if o not in OPERATION_COLOURS)
    keys = ["<b>media</b>"]
    for m in media:
        radius = _LEGEND_GLYPH.get(m, "0")
        keys.append(
            f'<span class="lk-key" data-media="{esc(m, quote=True)}">'
            f'<i class="lk-dot" style="background:{colour_for("media", m)};'
            f'border-radius:{radius}"></i>{esc(m or "unknown")}</span>'
        )
    keys.append(
        f'<span class="lk-key"><i class="lk-dot" style="border:3px solid {ROOT_COLOUR};'
        'width:7px;height:7px;border-radius:50%"></i>root</span>'
    )
    if any(n.asset.is_archived for n in res.nodes):
        keys.append(
            '<span class="lk-key"><i class="lk-dot" style="border:2px dashed #6b7280;'
            'width:7px;height:7px;opacity:.6"></i>archived</span>'
        )
    if ops:
        keys.append("<b>operation</b>")
    for o in ops:
        colour = OPERATION_COLOURS.get(o, UNKNOWN)
        keys.append(
            f'<span class="lk-key" data-operation="{esc(o, quote=True)}">'
            f'<i class="lk-line" style="background:{colour}"></i>{esc(o or "none")}</span>'
        )
    return "".join(keys)


def _select_script() -> str:
    # The id is written with textContent; postMessage uses "*" because a notebook's
    # srcdoc frame is sandboxed (origin "null") and the host's origin is unknown here.
    message = json.dumps(SELECT_MESSAGE)
    return (
        "(function(){"
        "var out=document.getElementById('lk-selected');"
        "network.on('click',function(params){"
        "if(!params.nodes||params.nodes.length!==1){return;}"
        "var id=params.nodes[0];"
        "out.textContent='Selected asset '+id+' (type it into the inspector).';"
        f"try{{window.parent.postMessage({{type:{message},asset_id:id}},'*');}}catch(e){{}}"
        "});"
        "var hint=document.getElementById('lk-hint');"
        "function zoomHint(){"
        f"hint.textContent=network.getScale()*{EDGE_FONT_PX}<{EDGE_LABEL_MIN_PX}"
        "?'Zoom in (scroll or +) to read the relation labels.':'';}"
        "network.on('zoom',zoomHint);network.once('afterDrawing',zoomHint);"
        "window.lineageKitReady=true;"
        "})();"
    )
