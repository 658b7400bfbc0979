"""The standalone graph page: one self-contained HTML document, and its legend.

The document is rendered from ``templates/graph_page.html.j2``; the network's data goes
in as JSON (Jinja's ``tojson``, which escapes ``<``, ``>`` and ``&``), vis-network is the
copy pyvis ships, inlined: no CDN, no ``lib/`` folder, nothing written unless asked.

Examples
--------
>>> import lineage_kit as lk
>>> doc = graph_document(lk.connect().lineage(310, user_id=1))
>>> doc.startswith("<!DOCTYPE html>") and "<script src" not in doc
True
"""

from __future__ import annotations

import dataclasses
import os
from functools import cache
from importlib.resources import files
from pathlib import Path

import markupsafe

import lineage_kit as lk

from ..palette import MEDIA_COLOURS, OPERATION_COLOURS, ROOT_COLOUR, colour_for
from ..templating import render, static_text, trusted
from .network import graph_data

__all__ = [
    "MAX_HEIGHT_PX",
    "MIN_HEIGHT_PX",
    "SELECT_MESSAGE",
    "check_height",
    "graph_document",
    "head_html",
    "save_graph_html",
    "vis_network_source",
]

MIN_HEIGHT_PX = 240
MAX_HEIGHT_PX = 4000
SELECT_MESSAGE = "lineage_kit:select"
"""The ``type`` of the message the page posts to its parent when a node is clicked."""
HEAD_PX = 70  # about the head's height: only the layout's scale estimate uses it

_LEGEND_GLYPH = {"video": "2px", "image": "50%", "audio": "0", "3d_model": "0"}


@cache
def vis_network_source() -> str:
    """vis-network's JavaScript, from the copy inside the pyvis package."""
    lib = files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return lib.read_text(encoding="utf-8")


def check_height(height_px: object) -> int:
    """``height_px`` as an int from 240 to 4000, or an error naming it."""
    return lk.validate.bounded_int(
        "height_px", height_px, MIN_HEIGHT_PX, MAX_HEIGHT_PX, "a number of pixels"
    )


def _present(seen: set[str], known: dict[str, str]) -> list[str]:
    return [v for v in known if v in seen] + sorted(v for v in seen if v not in known)


def head_html(res: lk.Lineage, *, interactive: bool = True) -> str:
    """The title line and legend of a graph (media and operations present, root, archived)."""
    media = _present({n.asset.media_type or "" for n in res.nodes}, MEDIA_COLOURS)
    operations = _present({e.operation_type or "" for e in res.edges}, OPERATION_COLOURS)
    return render(
        "graph_head.html.j2",
        res=res,
        interactive=interactive,
        root_colour=ROOT_COLOUR,
        archived=any(n.asset.is_archived for n in res.nodes),
        media=[
            {"name": m, "colour": colour_for("media", m), "radius": _LEGEND_GLYPH.get(m, "0")}
            for m in media
        ],
        operations=[{"name": o, "colour": colour_for("operation", o)} for o in operations],
    )


def graph_document(lineage: lk.Lineage, *, height_px: int = 600) -> str:
    """The lineage graph as one self-contained HTML document (a string; nothing is written).

    Parameters
    ----------
    lineage : lineage_kit.Lineage
        A query result (``store.lineage(...)`` or ``lk.lineage(...)``).
    height_px : int, default 600
        Height of the whole document in pixels (head, legend and canvas), 240 to 4000.

    Returns
    -------
    str
        HTML with every script and stylesheet inline; the only URLs it may reference are
        ``http(s)`` thumbnails of the assets themselves.

    Raises
    ------
    lineage_kit.InvalidArgumentType
        ``lineage`` is not a ``Lineage`` or ``height_px`` is not an int.
    lineage_kit.InvalidArgument
        ``height_px`` is out of range.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> doc = graph_document(lk.connect().lineage(801, user_id=1, max_depth=2), height_px=400)
    >>> "lk-graph-data" in doc and "lineage_kit:select" in doc
    True
    """
    height = check_height(height_px)
    data = graph_data(lineage, height - HEAD_PX)
    return render(
        "graph_page.html.j2",
        res=lineage,
        height=height,
        head=markupsafe.Markup(head_html(lineage)),
        css=trusted(static_text("graph.css")),
        vis_js=trusted(vis_network_source()),
        draw_js=trusted(static_text("graph_draw.js")),
        data=dataclasses.asdict(data),
        select_message=SELECT_MESSAGE,
    )


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
        raise lk.InvalidArgumentType(
            f"path must be a str or os.PathLike, not {type(path).__name__}"
        )
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise lk.InvalidArgument(f"path must end in .html or .htm; got {str(target)!r}")
    if not target.parent.is_dir():
        raise FileNotFoundError(f"folder {str(target.parent)!r} does not exist (for path {path!r})")
    doc = graph_document(lineage, height_px=height_px)
    target.write_text(doc, encoding="utf-8")
    return target.resolve()
