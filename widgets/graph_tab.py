"""The inspector's *Graph* tab: a :class:`~lineage_kit.widgets.graph.GraphView` of the answer.

The view is made when the tab is first opened (a notebook that never opens it saves no
graph model), then follows the selection while the tab is on show; a click on one of its
nodes selects that asset. Under marimo it is made, blank, with the inspector: marimo opens
a widget's model only while a cell runs, not while a click is handled.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.inspector import LineageInspector
>>> insp = LineageInspector(lk.connect(), user_id=1, asset_id=310)
>>> insp.graph is None
True
>>> insp.tab = "graph"
>>> sorted(n["id"] for n in insp.graph.nodes)
[301, 302, 303, 310]
>>> insp.graph.receive({"type": "select", "asset_id": 302})   # a click on node 302
>>> insp.asset_id
302
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

import lineage_kit as lk

from .graph import GraphView
from .view import in_marimo

__all__ = ["GraphTab"]


class GraphTab(traitlets.HasTraits):
    """The graph of the inspector's answer (a mixin of :class:`LineageInspector`)."""

    graph = anywidget.WidgetTrait().tag(sync=True)
    asset_id: int | None
    tab: str
    graph_height: int

    if TYPE_CHECKING:  # provided by LineageInspector

        @property
        def result(self) -> lk.Lineage | None: ...

        def select(self, asset_id: int | str) -> bool: ...

    def close(self) -> None:
        """Close the inspector and its graph tab."""
        if self.graph is not None:
            self.graph.close()
        super().close()  # type: ignore[misc]

    def _prepare_graph_tab(self) -> None:
        """Under marimo, make the tab's view now (blank): a click could not make it later."""
        if in_marimo():
            self.graph = self._graph_tab(self.graph_height)

    def _draw_graph(self) -> None:
        """Draw the graph tab only while it is on show."""
        if self.tab != "graph" or self.result is None:
            return
        if self.graph is None:
            self.graph = self._graph_tab(self.graph_height)
        self.graph.lineage = self.result

    def _graph_clicked(self, change: dict[str, Any]) -> None:
        if change["new"] is not None and change["new"] != self.asset_id:
            self.select(change["new"])

    def _graph_tab(self, height_px: int) -> GraphView:
        """The tab's view, blank until it is given an answer."""
        view = GraphView(None, height_px=height_px)
        view.observe(self._graph_clicked, names="selected")
        return view
