"""What the inspector puts on screen for an answer: the header first, then the cards.

The header answers a click, so it goes in a message of its own as soon as it is rendered;
the cards (each row's provider notes read, then rendered) follow in a second message. The
static face (a table and the graph's picture) is rendered from the same answer.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.inspector import LineageInspector
>>> insp = LineageInspector(lk.connect(), user_id=1, asset_id=310)
>>> insp.screen.complete, "Asset 310" in insp.header_html, "lk-card-302" in insp.cards_html
(True, True, True)
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

import traitlets

import lineage_kit as lk

from .cards import Section
from .faces import inspector_face, inspector_summary
from .graph import graph_picture
from .screen import Screen

__all__ = ["InspectorDisplay"]


class InspectorDisplay(traitlets.HasTraits):
    """Rendering the answer into the inspector's traits (a mixin of :class:`LineageInspector`)."""

    screen: Screen
    source: Any
    error: str
    header_html: str
    cards_html: str
    notice: str
    typed: str
    reveal: int
    card_marks: dict[Any, Any]
    header_note: str
    user_id: int | None
    _cards_later: bool
    _removed: Section | None
    _generation: lk.Generation | None
    _shown_at: datetime

    if TYPE_CHECKING:  # provided by LineageInspector

        @property
        def result(self) -> lk.Lineage | None: ...

        def select(self, asset_id: int | str) -> bool: ...

        def hold_sync(self) -> Any: ...

        def _draw_graph(self) -> None: ...

    def _show(self, res: lk.Lineage | None) -> None:
        moved = res is not None and self.result is not None
        self._generation = self._made_by(res)
        self._shown_at = datetime.now()
        head = Screen.head(res, self._generation)
        # The header goes first, in a message of its own: it answers the click, and the
        # cards (each row's provider notes read, then rendered) follow a moment later.
        with self.hold_sync():
            self.error = ""
            self.header_html = head.header
            self.notice = head.notice
            if res is not None:
                self.typed = str(res.root_asset_id)
                if moved:
                    self.reveal += 1  # the browser brings the new selection into view
        self.screen = head
        if not self._cards_later:
            self._show_cards()

    def _show_cards(self) -> None:
        """Render the cards of the answer on show, unless they are already."""
        if self.screen.complete:
            return
        marks = cast(dict[int, str], self.card_marks)
        removed = [self._removed] if self._removed is not None and self._removed.cards else []
        self.screen = self.screen.with_cards(
            source=self.source, on_open=self.select, marks=marks, extra=removed
        )
        self.cards_html = self.screen.cards
        self._draw_graph()

    def _summary(self) -> str:
        return inspector_summary(self.result, self.error)

    def _face_parts(self) -> dict[str, str]:
        res = self.result
        picture = None
        if res is not None:
            picture = "data:image/png;base64," + base64.b64encode(graph_picture(res)).decode()
        face = inspector_face(
            res,
            self.screen.sections,
            self.error,
            picture,
            marks=cast(dict[int, str], self.card_marks),
            note=self.header_note,
            generation=self._generation,
        )
        return {"text/html": face}

    def _made_by(self, res: lk.Lineage | None) -> lk.Generation | None:
        """The generation that made the asset on show (None without one, or without the
        ``generations`` table: the core says why, once)."""
        if res is None:
            return None
        return lk.generation_of(self.source, res.root_asset_id, user_id=self.user_id)
