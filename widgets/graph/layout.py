"""Where each node of a lineage graph goes, and how each edge bends: pure geometry.

One band per level (ancestors above the root, descendants below), a wide level folded into
staggered rows; rows between the same two assets fan out into separate curves. The
interactive view, the standalone page and the PNG picture all draw from these numbers, so
they show the same picture. Deterministic: no randomness, no physics.

Examples
--------
>>> import lineage_kit as lk
>>> res = lk.connect().lineage(310, user_id=1)
>>> level = levels(res)
>>> xy = positions(res, level, 500)
>>> xy[310][1] > xy[301][1]          # the root sits below its parents
True
"""

from __future__ import annotations

import math
from typing import Any

import lineage_kit as lk

__all__ = ["curve_via", "edge_curves", "levels", "positions"]

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


def levels(res: lk.Lineage) -> dict[int, int]:
    """Each node's band, counted from the top (the deepest ancestor's band is 0)."""
    top = min(n.depth for n in res.nodes)
    return {n.id: n.depth - top for n in res.nodes}


def positions(
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
        pulls = [
            wish - x for i, x in zip(keyed, placed, strict=True) if (wish := want[i]) is not None
        ]
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


def edge_curves(
    res: lk.Lineage, level: dict[int, int], xy: dict[int, tuple[float, float]]
) -> dict[int, dict[str, Any]]:
    """Per lineage row: its vis ``smooth`` (or ``selfReference`` for a self-loop) options."""
    bundles: dict[tuple[int, int], list[lk.Edge]] = {}
    for e in res.edges:
        u, v = e.parent_asset_id, e.child_asset_id
        bundles.setdefault((min(u, v), max(u, v)), []).append(e)
    out: dict[int, dict[str, Any]] = {}
    for pair, items in bundles.items():
        if pair[0] == pair[1]:
            for i, e in enumerate(items):
                loop = {"size": 30 + 14 * i, "angle": 0.785, "renderBehindTheNode": True}
                out[e.id] = {"selfReference": loop}
            continue
        for eid, smooth in _bundle_smooth(pair, items, level, xy).items():
            out[eid] = {"smooth": smooth}
    return out


def curve_via(
    start: tuple[float, float], end: tuple[float, float], smooth: dict[str, Any]
) -> tuple[float, float] | None:
    """The control point vis-network uses for a ``curvedCW``/``curvedCCW`` edge (None: straight).

    The same formula as vis-network's ``BezierEdgeStatic``, so the picture bends its
    edges exactly as the interactive view does.
    """
    if not smooth.get("enabled"):
        return None
    factor = float(smooth.get("roundness", 0.5))
    dx, dy = end[0] - start[0], start[1] - end[1]
    radius = math.hypot(dx, dy)
    k = factor * 0.5 + 0.5
    # Counter-clockwise turns by the mirrored fraction of pi; the distance is the same.
    turn = k if smooth.get("type") == "curvedCW" else 0.5 - factor * 0.5
    turned = (math.atan2(dy, dx) + turn * math.pi) % (2 * math.pi)
    return start[0] + k * radius * math.sin(turned), start[1] + k * radius * math.cos(turned)


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
    out: dict[int, dict[str, Any]] = {}
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
