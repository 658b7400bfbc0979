"""One widget for every block of cards: an HTML panel whose clicks reach the kernel.

The HTML comes from the autoescaped templates; the panel's front end (``static/panel.js``,
an anywidget module shipped as package data) sends ``{"type": "open", "asset_id": N}``
when an element marked ``data-open="N"`` is clicked, outlines the ``selected`` asset and
brings itself into view when ``reveal`` is bumped. A whole gallery page or a whole set of
inspector sections is one widget model, not dozens, so notebooks stay light.

Examples
--------
>>> from lineage_kit.widgets.panel import HtmlPanel
>>> opened = []
>>> panel = HtmlPanel('<div data-open="7">seven</div>', on_open=opened.append)
>>> panel.open_asset(7)
>>> opened
[7]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import anywidget
import traitlets

from .templating import static_text

__all__ = ["HtmlPanel"]


class HtmlPanel(anywidget.AnyWidget):
    """A block of template-rendered HTML with clickable assets.

    Parameters
    ----------
    html : str
        Markup from :func:`lineage_kit.widgets.templating.render`.
    on_open : callable, optional
        Called with the asset id of a clicked ``data-open`` element.
    styled : bool, default True
        Ship the package's stylesheet with this panel (once per displayed widget is enough:
        it applies to the whole page).
    """

    _esm = static_text("panel.js")
    _css = static_text("lineage_kit.css")
    html = traitlets.Unicode("").tag(sync=True)
    selected = traitlets.Int(None, allow_none=True).tag(sync=True)
    reveal = traitlets.Int(0).tag(sync=True)

    def __init__(
        self,
        html: str = "",
        *,
        on_open: Callable[[int], Any] | None = None,
        styled: bool = True,
        **kwargs: Any,
    ) -> None:
        if not styled:
            kwargs["_css"] = ""
        super().__init__(html=html, **kwargs)
        self._on_open = on_open
        self.on_msg(self._message)

    def open_asset(self, asset_id: int) -> None:
        """Do what a click on asset ``asset_id`` does."""
        if self._on_open is not None:
            self._on_open(asset_id)

    def _message(self, _widget: Any, content: Any, _buffers: Sequence[Any]) -> None:
        if not isinstance(content, dict) or content.get("type") != "open":
            return
        asset_id = content.get("asset_id")
        if isinstance(asset_id, int) and not isinstance(asset_id, bool):
            self.open_asset(asset_id)
