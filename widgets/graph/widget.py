"""The interactive graph in a notebook: an anywidget view over the pyvis-built network.

Its data (nodes, edges, options, the legend) are traits, serialised as JSON; its front
end (``static/graph_widget.js``) draws them with vis-network, whose source reaches the
page once however many graphs a notebook shows: the first view on a page asks its kernel
for it (a message, so no saved notebook carries it) and every view shares it. A click on
a node sets the ``selected`` trait. Its static face (what an untrusted notebook,
``nbconvert --to html`` or a repository viewer shows) is a PNG picture of the same
layout, an output of its own (see :mod:`lineage_kit.widgets.faces`).

Examples
--------
>>> import lineage_kit as lk
>>> view = GraphView(lk.connect().lineage(604, user_id=1, direction="parents", max_depth=3))
>>> sorted(n["id"] for n in view.nodes), len(view.edges)
([403, 601, 603, 604], 3)
>>> sorted(view._repr_mimebundle_()[0]), sorted(view.static_face())
(['application/vnd.jupyter.widget-view+json', 'text/plain'], ['image/png', 'text/html'])
"""

from __future__ import annotations

import base64
from typing import Any

import traitlets

import lineage_kit as lk

from ..faces import StaticFace
from ..templating import static_text
from ..view import ViewWidget
from .network import check_lineage, graph_data
from .page import HEAD_PX, check_height, head_html, vis_network_source
from .picture import graph_picture

__all__ = ["GraphView", "graph_view"]


class GraphView(StaticFace, ViewWidget):
    """The lineage graph as a notebook widget; display it, or read its traits.

    Parameters
    ----------
    lineage : lineage_kit.Lineage or None
        The result to draw; assign ``view.lineage`` to draw another (None: nothing yet).
    height_px : int, default 600
        Height of the drawing in pixels, 240 to 4000.

    Attributes
    ----------
    nodes, edges : list of dict
        Traits: the vis-network records (``id``, ``label``, ``title``, colours, position).
    selected : int or None
        Trait: the asset whose node was clicked last (the root at first).
    """

    _esm = "".join(
        static_text(f) for f in ("live.js", "common.js", "graph_draw.js", "graph_widget.js")
    )
    _css = static_text("view.css") + static_text("graph.css")
    _face_what = "graph"
    nodes: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    edges: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    options = traitlets.Dict().tag(sync=True)
    head = traitlets.Unicode("").tag(sync=True)
    height = traitlets.Int(600).tag(sync=True)
    selected = traitlets.Int(None, allow_none=True).tag(sync=True)
    lineage = traitlets.Instance(lk.Lineage, allow_none=True)

    def __init__(self, lineage: lk.Lineage | None, *, height_px: int = 600) -> None:
        if lineage is not None:
            check_lineage(lineage)
        super().__init__(height=check_height(height_px) - HEAD_PX)
        self.lineage = lineage

    @traitlets.observe("lineage")
    def _draw(self, change: dict[str, Any]) -> None:
        res: lk.Lineage | None = change["new"]
        if res is None:
            return
        data = graph_data(res, self.height)
        with self.hold_sync():
            self.nodes, self.edges, self.options = data.nodes, data.edges, data.options
            self.head = head_html(res)
            self.selected = res.root_asset_id

    def picture(self) -> bytes:
        """The PNG picture of the graph (its static face)."""
        return graph_picture(check_lineage(self.lineage))

    def _summary(self) -> str:
        res = check_lineage(self.lineage)
        return (
            f"Lineage graph of asset {res.root_asset_id}: {len(res.nodes)} assets, "
            f"{len(res.edges)} lineage rows"
        )

    def _face_parts(self) -> dict[str, str]:
        png = base64.b64encode(self.picture()).decode()
        alt = f"Lineage graph of asset {check_lineage(self.lineage).root_asset_id}"
        return {
            "text/html": f'<img src="data:image/png;base64,{png}" alt="{alt}">',
            "image/png": png,
        }

    def on_vis(self, _content: dict[str, Any]) -> None:
        """The page has no vis-network yet: send its source (a message, never saved state)."""
        self.send({"type": "vis", "source": vis_network_source()})

    def on_select(self, content: dict[str, Any]) -> None:
        """A node was clicked: ``{"asset_id": N}``."""
        asset_id = content.get("asset_id")
        if isinstance(asset_id, int) and not isinstance(asset_id, bool):
            self.selected = asset_id


def graph_view(lineage: lk.Lineage, *, height_px: int = 600) -> GraphView:
    """Show the lineage graph in a notebook: a :class:`GraphView` of ``lineage``.

    Parameters
    ----------
    lineage : lineage_kit.Lineage
        A query result.
    height_px : int, default 600
        Height of the view in pixels, 240 to 4000.

    Returns
    -------
    GraphView
        Display it (last expression of a cell); where widgets cannot run, its PNG
        picture shows instead.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> view = graph_view(lk.connect().lineage(310, user_id=1, max_depth=2))
    >>> view.selected
    310
    """
    return GraphView(check_lineage(lineage), height_px=height_px)
