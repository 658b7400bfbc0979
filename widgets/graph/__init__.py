"""The provenance graph of a lineage result: interactive in a notebook, a page, a picture.

pyvis builds the network (:mod:`.network`) from a layered layout (:mod:`.layout`):
ancestors above the root, descendants below, a wide level folded into staggered rows,
several rows between the same two assets as separate curves. Three faces show it:

- :func:`graph_view` / :class:`GraphView`: a notebook widget (vis-network loaded once per
  page), with a PNG picture as its static face;
- :func:`graph_document` / :func:`save_graph_html`: one self-contained, offline HTML page;
- :func:`graph_picture`: PNG bytes, drawn without a browser.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.graph import graph_document, graph_picture, graph_view
>>> res = lk.connect().lineage(310, user_id=1)
>>> graph_view(res).selected, graph_picture(res)[:4], graph_document(res)[:15]
(310, b'\\x89PNG', '<!DOCTYPE html>')
"""

from .network import GraphData, graph_data
from .page import SELECT_MESSAGE, graph_document, save_graph_html
from .picture import graph_picture
from .widget import GraphView, graph_view

__all__ = [
    "SELECT_MESSAGE",
    "GraphData",
    "GraphView",
    "graph_data",
    "graph_document",
    "graph_picture",
    "graph_view",
    "save_graph_html",
]
