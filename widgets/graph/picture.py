"""A PNG picture of a lineage graph, drawn in the kernel from the same layered layout.

Untrusted notebooks, ``nbconvert --to html`` and repository viewers show a PNG where they
strip an interactive graph (and render neither ``image/svg+xml`` nor inline ``<svg>``),
so every graph view carries this picture as its static face. It is drawn with Pillow at
twice its size and scaled down (smooth edges); it needs no browser and is deterministic.

Examples
--------
>>> import lineage_kit as lk
>>> png = graph_picture(lk.connect().lineage(310, user_id=1))
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import io
import math
from functools import cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont

import lineage_kit as lk

from ..palette import ROOT_COLOUR, colour_for
from .layout import curve_via, edge_curves, levels, positions
from .network import check_lineage

__all__ = ["graph_picture"]

_SS = 2  # drawn at twice the size, then scaled down: smooth lines without anti-aliasing
_MARGIN = 40
_HEAD = 34
_SHAPES = {"video": "square", "image": "dot", "audio": "triangle", "3d_model": "diamond"}
Point = tuple[float, float]


@cache
def _font(size: int) -> Any:
    return ImageFont.load_default(size=size)


def graph_picture(lineage: lk.Lineage, *, width_px: int = 880, max_height_px: int = 900) -> bytes:
    """The graph of ``lineage`` as PNG bytes: nodes by media type, edges by operation.

    Parameters
    ----------
    lineage : lineage_kit.Lineage
        A query result.
    width_px : int, default 880
        Widest the picture gets (a small graph is drawn at its natural size), 200 to 4000.
    max_height_px : int, default 900
        Tallest the picture gets, 200 to 4000.

    Returns
    -------
    bytes
        A PNG image.
    """
    check_lineage(lineage)
    width_px = lk.validate.bounded_int("width_px", width_px, 200, 4000, "a number of pixels")
    max_height_px = lk.validate.bounded_int(
        "max_height_px", max_height_px, 200, 4000, "a number of pixels"
    )
    level = levels(lineage)
    xy = positions(lineage, level, max_height_px - _HEAD - 2 * _MARGIN)
    curves = edge_curves(lineage, level, xy)
    # Everything drawn, in graph units: nodes with their labels, and every edge's curve.
    xs, ys = [], []
    for x, y in xy.values():
        xs += [x - 40, x + 40]
        ys += [y - 40, y + 60]
    for e in lineage.edges:
        smooth = curves[e.id].get("smooth", {})
        a, b = xy[e.parent_asset_id], xy[e.child_asset_id]
        for x, y in _bezier(a, curve_via(a, b, smooth) if smooth else None, b, 8):
            xs.append(x)
            ys.append(y)
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    scale = min(1.0, (width_px - 2 * _MARGIN) / span_x, (max_height_px - _HEAD - _MARGIN) / span_y)
    width = int(max(span_x * scale + 2 * _MARGIN, min(width_px, 480)))
    height = int(span_y * scale + _MARGIN + _HEAD)
    x0 = (width - span_x * scale) / 2 - min(xs) * scale
    y0 = _HEAD + _MARGIN / 2 - min(ys) * scale

    def at(p: Point) -> Point:
        return ((x0 + p[0] * scale) * _SS, (y0 + p[1] * scale) * _SS)

    image = Image.new("RGB", (width * _SS, height * _SS), "#ffffff")
    draw = ImageDraw.Draw(image)
    node_size = {
        n.id: (34 if n.id == lineage.root_asset_id else 24) * max(scale, 0.45) * _SS
        for n in lineage.nodes
    }
    labels = scale * 11 >= 8
    for e in lineage.edges:
        _edge(draw, e, at, xy, curves[e.id], node_size, labels)
    for n in lineage.nodes:
        _node(draw, n, at(xy[n.id]), node_size[n.id], n.id == lineage.root_asset_id)
    title = (
        f"Lineage of asset {lineage.root_asset_id} · {len(lineage.nodes)} assets · "
        f"{len(lineage.edges)} lineage rows · {lineage.direction}, max depth {lineage.max_depth}"
        + (" · truncated" if lineage.truncated else "")
    )
    draw.text((12 * _SS, 10 * _SS), title, fill="#111827", font=_font(14 * _SS))
    out = io.BytesIO()
    small = image.resize((width, height), Image.Resampling.LANCZOS)
    # 64 colours hold the palette and the edges' smoothing: a picture a third the size,
    # which a saved notebook carries in each static face.
    palette = small.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _bezier(a: Point, via: Point | None, b: Point, steps: int = 24) -> list[Point]:
    if via is None:
        return [a, b]
    pts = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        pts.append(
            (
                u * u * a[0] + 2 * u * t * via[0] + t * t * b[0],
                u * u * a[1] + 2 * u * t * via[1] + t * t * b[1],
            )
        )
    return pts


def _edge(
    draw: ImageDraw.ImageDraw,
    e: lk.Edge,
    at: Any,
    xy: dict[int, Point],
    curve: dict[str, Any],
    size: dict[int, float],
    labels: bool,
) -> None:
    colour = colour_for("operation", e.operation_type)
    start, end = at(xy[e.parent_asset_id]), at(xy[e.child_asset_id])
    if "selfReference" in curve:
        r = curve["selfReference"]["size"] * _SS * 0.6
        cx, cy = start[0] + r * 0.7, start[1] - r * 0.7
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=2 * _SS)
        return
    smooth = curve["smooth"]
    via_graph = curve_via(xy[e.parent_asset_id], xy[e.child_asset_id], smooth)
    via = at(via_graph) if via_graph is not None else None
    pts = _bezier(start, via, end)
    # Stop at the child's rim, so the arrowhead shows.
    rim = size[e.child_asset_id] + 2 * _SS
    while len(pts) > 2 and math.dist(pts[-2], end) < rim:
        pts.pop(-1)
    tail = pts[-2]
    ang = math.atan2(end[1] - tail[1], end[0] - tail[0])
    tip = (end[0] - rim * math.cos(ang), end[1] - rim * math.sin(ang))
    pts[-1] = tip
    draw.line(pts, fill=colour, width=2 * _SS, joint="curve")
    head = 9 * _SS
    left = (tip[0] - head * math.cos(ang - 0.4), tip[1] - head * math.sin(ang - 0.4))
    right = (tip[0] - head * math.cos(ang + 0.4), tip[1] - head * math.sin(ang + 0.4))
    draw.polygon([tip, left, right], fill=colour)
    if labels:
        mid = (
            _bezier(start, via, end, 2)[1]
            if via is not None
            else ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        )
        font = _font(11 * _SS)
        box = draw.textbbox(mid, e.relation_type, font=font, anchor="mm")
        draw.rectangle(
            (box[0] - 2 * _SS, box[1] - _SS, box[2] + 2 * _SS, box[3] + _SS), fill="#ffffff"
        )
        draw.text(mid, e.relation_type, fill="#374151", font=font, anchor="mm")


def _node(draw: ImageDraw.ImageDraw, n: lk.Node, c: Point, size: float, root: bool) -> None:
    media = n.asset.media_type or ""
    fill = colour_for("media", media)
    border = ROOT_COLOUR if root else "#111827"
    width = (5 if root else 1) * _SS
    shape = _SHAPES.get(media, "hexagon")
    r = size
    x, y = c
    if shape == "dot":
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill, outline=border, width=width)
    elif shape == "square":
        draw.rectangle(
            (x - r * 0.85, y - r * 0.85, x + r * 0.85, y + r * 0.85),
            fill=fill,
            outline=border,
            width=width,
        )
    else:
        sides = {"triangle": 3, "diamond": 4}.get(shape, 6)
        draw.regular_polygon((x, y, r), sides, rotation=0, fill=fill, outline=border, width=width)
    label = str(n.id)
    font = _font(13 * _SS)
    draw.text(
        (x, y + r + 3 * _SS),
        label,
        fill=ROOT_COLOUR if root else "#111827",
        font=font,
        anchor="mt",
        stroke_width=2 * _SS,
        stroke_fill="#ffffff",
    )
    if n.asset.is_archived:
        draw.line((x - r, y + r, x + r, y - r), fill="#ffffff", width=2 * _SS)
