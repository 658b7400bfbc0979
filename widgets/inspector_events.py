"""What the inspector's front end sends, and what each message does.

Each message is ``{"type": ..., ...}`` (see :class:`~lineage_kit.widgets.view.ViewWidget`):
a click on a card, a choice or a graph node (``open``), Enter in the id box (``go``),
*Back*, *Forward*, *Refresh*, a query control (``control``) and a tab (``tab``). Each does
what the same action does from Python.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.inspector import LineageInspector
>>> insp = LineageInspector(lk.connect(), user_id=1, asset_id=103)
>>> insp.receive({"type": "control", "name": "max_depth", "value": "-1"})
>>> insp.error
'Invalid input: max_depth must be an integer from 0 to 64; got -1.'
>>> insp.receive({"type": "control", "name": "max_depth", "value": "two"})
>>> insp.error
"Invalid input: max_depth must be a whole number; got 'two'."
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["CONTROLS", "InspectorEvents"]

CONTROLS = ("direction", "max_depth", "max_nodes")
"""The query controls, trait names of the inspector."""


class InspectorEvents:
    """The inspector's ``on_<type>`` handlers (a mixin of :class:`LineageInspector`)."""

    asset_id: int | None
    typed: str
    error: str
    tab: str

    if TYPE_CHECKING:  # provided by LineageInspector

        def select(self, asset_id: int | str) -> bool: ...

        def refresh(self) -> bool: ...

        def back(self) -> bool: ...

        def forward(self) -> bool: ...

    def on_open(self, content: dict[str, Any]) -> None:
        """A card, a choice or a graph node was clicked."""
        asset_id = content.get("asset_id")
        if isinstance(asset_id, int) and not isinstance(asset_id, bool):
            self.select(asset_id)

    def on_go(self, content: dict[str, Any]) -> None:
        """Enter in the id box, or *Open*: open what the box names."""
        text = str(content.get("text", ""))
        self.typed = text
        if text.strip() and text.strip() == str(self.asset_id):
            self.refresh()
        else:
            self.select(text)

    def on_back(self, _content: dict[str, Any]) -> None:
        self.back()

    def on_forward(self, _content: dict[str, Any]) -> None:
        self.forward()

    def on_refresh(self, _content: dict[str, Any]) -> None:
        self.refresh()

    def on_control(self, content: dict[str, Any]) -> None:
        """A query control changed: ``{"name": "max_depth", "value": "2"}``."""
        name, value = content.get("name"), content.get("value")
        if name not in CONTROLS:
            return
        if name != "direction":
            try:
                value = int(str(value).strip())
            except ValueError:
                self.error = f"Invalid input: {name} must be a whole number; got {value!r}."
                return
        setattr(self, name, value)

    def on_tab(self, content: dict[str, Any]) -> None:
        if content.get("name") in ("cards", "graph"):
            self.tab = content["name"]
