"""What changed since the answer on show: the inspector's Refresh compares, it never forgets.

pixsim7's refresh deletes a child's lineage rows and writes them again (new row ids, new
``created_at``); a payload that changed or a parent that cannot be resolved makes rows
vanish. When Refresh runs the same query again, :func:`changes_since` compares the
neighbourhood on screen with the new one (:func:`lineage_kit.diff` over the two answers:
rows matched by parent, child, relation and order, never by row id) and says what to show:
a line for the header ("1 row added, 2 removed since 14:02"), a mark for each new or
changed row's card, and the rows that are gone, as cards of the assets they linked (drawn
from the earlier answer) under "Removed since 14:02".

Examples
--------
>>> import datetime as dt
>>> import lineage_kit as lk
>>> frames = lk.connect().frames(user_id=1)
>>> before = lk.lineage(frames, 310, user_id=1)
>>> edges = frames.edges[frames.edges["id"] != 12]          # the row of input 302 vanishes
>>> after = lk.lineage(lk.Frames(frames.assets, edges), 310, user_id=1)
>>> ch = changes_since(before, after, dt.datetime(2026, 12, 7, 14, 2))
>>> ch.note, ch.marks, [c.asset_id for c in ch.removed.cards]
('1 row removed; 1 asset vanished since 14:02', {}, [302])
>>> changes_since(before, before, dt.datetime(2026, 12, 7, 14, 2)).note
'No change since 14:02'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import traitlets

import lineage_kit as lk

from .cards import AssetCard, Section
from .messages import error_message

__all__ = ["Changes", "Refreshing", "changes_since", "comparable"]


@dataclass(frozen=True)
class Changes:
    """What the inspector shows after a Refresh that found ``diff``."""

    diff: lk.LineageDiff
    note: str
    """The header's line: ``1 row added, 2 removed since 14:02`` or ``No change since 14:02``."""
    marks: dict[int, str] = field(default_factory=dict)
    """A mark for the card of each new (``new``) or changed (``changed``) row, by row id."""
    removed: Section = field(default_factory=lambda: Section("removed", "Removed"))
    """The rows that are gone, as cards of the assets they linked (from the earlier answer)."""


def comparable(before: lk.Lineage | None, after: lk.Lineage) -> bool:
    """Whether ``after`` answers the question ``before`` answered (the same root and query),
    so that their difference is a change of the data, not of the question."""
    if before is None:
        return False
    question = ("root_asset_id", "user_id", "direction", "max_depth", "max_nodes")
    return all(getattr(before, k) == getattr(after, k) for k in question)


def changes_since(
    before: lk.Lineage,
    after: lk.Lineage,
    shown_at: datetime,
    on_open: Callable[[int], Any] | None = None,
) -> Changes:
    """What changed from ``before`` (on show since ``shown_at``) to ``after``."""
    d = lk.diff(before, after)
    since = f"since {shown_at:%H:%M}"
    marks = {int(i): "new" for i in d.added["id"]}
    marks.update({int(i): "changed" for i in d.changed["id_after"]})
    gone = set(int(i) for i in d.removed["id"])
    cards = []
    for e in before.edges:
        if e.id in gone:
            # The asset the row linked to the rest of the view: its parent, unless the row
            # hangs below the root (then the child was what the row brought in).
            far = e.child_asset_id if e.parent_asset_id == before.root_asset_id else None
            node = before.node(far if far is not None else e.parent_asset_id)
            cards.append(AssetCard(node, e, 1, _linked(e), on_open))
    title = f"Removed {since}"
    note = f"{d.summary()} {since}" if d else f"No change {since}"
    return Changes(d, note, marks, Section("removed", title, cards))


def _linked(e: lk.Edge) -> str:
    return f"was {e.relation_type} of {e.child_asset_id}"


class Refreshing(traitlets.HasTraits):
    """The inspector's Refresh, which keeps what changed (a mixin of
    :class:`~lineage_kit.widgets.inspector.LineageInspector`)."""

    asset_id: int | None
    typed: str
    error: str
    header_note: str
    card_marks: dict[Any, Any]
    user_id: int | None
    changes: lk.LineageDiff | None
    _removed: Section | None
    _shown_at: datetime

    if TYPE_CHECKING:  # provided by LineageInspector

        @property
        def result(self) -> lk.Lineage | None: ...

        def select(self, asset_id: int | str) -> bool: ...

        def _query(self, aid: int) -> lk.Lineage: ...

        def _show(self, res: lk.Lineage | None) -> None: ...

    def refresh(self) -> bool:
        """Run the query again for the selection with the current controls.

        When it answers the same question as the view on show (the same asset and
        controls), what changed is kept: :attr:`changes` holds the difference, the header
        says "1 row added, 2 removed since 14:02", new and changed rows' cards are marked
        and the rows that are gone are listed under "Removed since 14:02".
        """
        if self.asset_id is None:
            if self.typed.strip():
                return self.select(self.typed)
            self.error = "Type an asset id first."
            return False
        old = self.result
        try:
            new = self._query(self.asset_id)
            found = None
            if old is not None and comparable(old, new):
                found = changes_since(old, new, self._shown_at, self.select)
        except lk.LineageKitError as exc:
            self.error = error_message(exc, self.user_id)
            return False
        self._mark_changes(found)
        with self.hold_trait_notifications():
            self.header_note = "" if found is None else found.note
            self.card_marks = {} if found is None else found.marks
            self._show(new)
        return True

    def _mark_changes(self, found: Changes | None) -> None:
        """Keep what a Refresh found (or forget it: another asset, other controls)."""
        self.changes = None if found is None else found.diff
        self._removed = None if found is None else found.removed
