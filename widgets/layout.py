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

import ipywidgets as w
import traitlets

from .faces import StaticFace, inspector_face
from .gallery import AssetGallery
from .inspector import LineageInspector

__all__ = ["LineageApp", "lineage_app"]


class LineageApp(StaticFace, w.Box):
    """Gallery and inspector side by side; ``.gallery`` and ``.inspector`` are the parts."""

    def __init__(self, gallery: AssetGallery, inspector: LineageInspector) -> None:
        self.gallery = gallery
        self.inspector = inspector
        # Side by side when both bases fit (≈ 920 px); the spare width goes one third to the
        # gallery, two thirds to the inspector. Narrower, they stack, and wrap-reverse puts
        # the inspector (the second item) on top, so the selection stays in view; in
        # wrap-reverse the cross axis runs upward, hence flex-end to align both to the top.
        gallery.layout.flex = "1 1 340px"
        inspector.layout.flex = "2 1 560px"
        self.link = traitlets.link((inspector, "asset_id"), (gallery, "selected_id"))
        super().__init__(
            [gallery, inspector],
            layout=w.Layout(
                display="flex", flex_flow="row wrap-reverse", align_items="flex-end", width="100%"
            ),
        )
        self.add_class("lk-app")

    def _static_face(self) -> tuple[str, str]:
        insp = self.inspector
        plain, html = inspector_face(insp.result, insp.sections, insp.error)
        page = self.gallery.page
        if page is not None:
            plain = f"{plain} · gallery of {page.total} assets"
        return plain.replace("Lineage Inspector", "Lineage Inspector app", 1), html


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
