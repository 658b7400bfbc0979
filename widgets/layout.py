"""The combined Lineage Inspector app: the asset gallery on the left, the inspector on the right.

On a narrow screen the two stack, the inspector above the gallery. The gallery's
``selected_id`` and the inspector's ``asset_id`` are one selection, joined by
:func:`traitlets.link`: a tile click opens the asset in the inspector, and whatever the
inspector shows (a card, Back, the graph) is outlined in the gallery.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.layout import lineage_app
>>> app = lineage_app(lk.connect(), user_id=1, asset_id=103)
>>> app.gallery.selected_id
103
>>> app.gallery.tiles[0].click()
>>> app.inspector.asset_id == app.gallery.tiles[0].asset_id
True
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from .faces import StaticFace
from .gallery import AssetGallery
from .inspector import LineageInspector
from .templating import static_text
from .view import ViewWidget

__all__ = ["LineageApp", "lineage_app"]


class LineageApp(StaticFace, ViewWidget):
    """Gallery and inspector side by side; ``.gallery`` and ``.inspector`` are the parts.

    One anywidget whose front end renders its two parts (anywidget's composition: each
    part is its own model and module) side by side when both fit (about 920 px), the
    inspector above the gallery when narrower, so the selection stays in view.
    """

    _esm = static_text("live.js") + static_text("app.js")
    _css = static_text("app.css")  # each part brings its own
    gallery = anywidget.WidgetTrait().tag(sync=True)
    inspector = anywidget.WidgetTrait().tag(sync=True)

    def __init__(self, gallery: AssetGallery, inspector: LineageInspector) -> None:
        super().__init__(gallery=gallery, inspector=inspector)
        self.link = traitlets.link((inspector, "asset_id"), (gallery, "selected_id"))

    def close(self) -> None:
        """Close the app and its parts (their models leave the kernel and saved notebooks)."""
        self.link.unlink()
        self.inspector.close()
        self.gallery.close()
        super().close()

    def _summary(self) -> str:
        text = self.inspector._summary().replace("Lineage Inspector", "Lineage Inspector app", 1)
        page = self.gallery.page
        return text if page is None else f"{text} · gallery of {page.total} assets"

    def _face_parts(self) -> dict[str, str]:
        return self.inspector._face_parts()


def lineage_app(
    source: Any,
    *,
    user_id: int | None,
    asset_id: int | str | None = None,
    page_size: int = 24,
    **inspector_options: Any,
) -> LineageApp:
    """Build the gallery + inspector app over a Store, Frames or networkx graph.

    Parameters
    ----------
    source
        What :func:`lineage_kit.lineage` accepts.
    user_id
        Required keyword: the owner whose assets are shown, ``None`` for all.
    asset_id
        Preselected asset for the inspector.
    page_size
        Gallery tiles per page.
    **inspector_options
        ``direction``, ``max_depth``, ``max_nodes``, ``graph_height`` for the inspector.

    Returns
    -------
    LineageApp
    """
    inspector = LineageInspector(source, user_id=user_id, asset_id=asset_id, **inspector_options)
    gallery = AssetGallery(source, user_id=user_id, page_size=page_size)
    return LineageApp(gallery, inspector)
