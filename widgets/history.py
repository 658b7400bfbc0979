"""The inspector's history: the assets visited, and Back / Forward through them.

``history`` and ``history_index`` are traits; moving the index selects the asset there.
A new selection after going back drops the forward entries, as a browser does.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.inspector import LineageInspector
>>> insp = LineageInspector(lk.connect(), user_id=1, asset_id=103)
>>> insp.select(102) and insp.select(101)
True
>>> insp.back(), insp.asset_id, insp.history
(True, 102, [103, 102, 101])
>>> insp.history_index = 0
>>> insp.asset_id, insp.forward(), insp.asset_id
(103, True, 102)
"""

from __future__ import annotations

from typing import Any

import traitlets

__all__ = ["History"]


class History(traitlets.HasTraits):
    """Back and forward through the visited assets (a mixin of :class:`LineageInspector`)."""

    history = traitlets.List(traitlets.Int()).tag(sync=True)
    history_index = traitlets.Int(-1).tag(sync=True)
    asset_id: int | None

    def back(self) -> bool:
        """Go to the previous asset in the history."""
        return self._go(-1)

    def forward(self) -> bool:
        """Go to the next asset in the history (after a back)."""
        return self._go(+1)

    @traitlets.validate("history_index")
    def _valid_index(self, proposal: dict[str, Any]) -> int:
        index = int(proposal["value"])
        if not -1 <= index < len(self.history) or (index == -1 and self.history):
            raise traitlets.TraitError(
                f"history_index must be from 0 to {len(self.history) - 1}; got {index}"
            )
        return index

    @traitlets.observe("history_index")
    def _history_index_changed(self, change: dict[str, Any]) -> None:
        if change["new"] >= 0 and self.history[change["new"]] != self.asset_id:
            self.asset_id = self.history[change["new"]]

    def _visit(self, aid: int) -> None:
        """Record ``aid`` as the current entry (a new one unless it is the current one)."""
        if 0 <= self.history_index < len(self.history) and self.history[self.history_index] == aid:
            return
        with self.hold_trait_notifications():
            self.history = [*self.history[: self.history_index + 1], aid]
            self.history_index = len(self.history) - 1

    def _go(self, step: int) -> bool:
        target = self.history_index + step
        if not 0 <= target < len(self.history):
            return False
        self.history_index = target
        return True
