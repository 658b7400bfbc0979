"""The inspector's card groups for one lineage result: parents, children, deeper levels.

One card per lineage row (a transition that uses one image twice shows it twice); levels
beyond the first are grouped by depth ("Ancestors, depth −2"), each card saying which
asset it hangs from. Given the source, each card also says what the provider's payload
says about its row (:mod:`~lineage_kit.widgets.notes`), each child's payload read once.

Examples
--------
>>> import lineage_kit as lk
>>> res = lk.connect().lineage(310, user_id=1)
>>> [(s.key, [c.asset_id for c in s.cards]) for s in sections_for(res)]
[('parents', [301, 302, 303, 301]), ('children', [])]
>>> [c.prompt for c in sections_for(res, source=lk.connect())[0].cards][:2]
['dawn light spreads', 'boats set sail']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import lineage_kit as lk

from .cards import AssetCard, Section
from .notes import Note, ProviderNotes

__all__ = ["sections_for"]

Opener = Callable[[int], Any] | None


def sections_for(res: lk.Lineage, on_open: Opener = None, source: Any = None) -> list[Section]:
    """The sections of ``res`` in display order; each card's click calls ``on_open(id)``.

    With ``source`` (what ``res`` was read from), the cards carry their rows' provider
    notes: one :func:`lineage_kit.provider_metadata` call per child asset shown.
    """
    notes = _no_notes if source is None else ProviderNotes(source, res.user_id)
    out: list[Section] = []
    for upward, direction in ((True, "parents"), (False, "children")):
        if res.direction in ("both", direction):
            out.append(_first(res, upward=upward, on_open=on_open, notes=notes))
            out.extend(_deeper(res, upward=upward, on_open=on_open, notes=notes))
    return out


def _first(
    res: lk.Lineage, *, upward: bool, on_open: Opener, notes: Callable[[lk.Edge], list[Note]]
) -> Section:
    """The root's parents or children: one card per row."""
    root = res.root
    rows = res.parents_of(root.id) if upward else res.children_of(root.id)
    cards = []
    for e in rows:
        near = res.node(e.parent_asset_id if upward else e.child_asset_id)
        # The order that matters is among the inputs of the row's child.
        inputs = root.parent_count if upward else near.parent_count
        cards.append(AssetCard(near, e, inputs, "", on_open, notes(e)))
    total, capped = (
        (root.parent_count, root.parent_count_capped)
        if upward
        else (root.child_count, root.child_count_capped)
    )
    key = "parents" if upward else "children"
    return Section(key, key.title(), cards, _beyond(total, len(rows), capped))


def _no_notes(_edge: lk.Edge) -> list[Note]:
    return []


def _deeper(
    res: lk.Lineage, *, upward: bool, on_open: Opener, notes: Callable[[lk.Edge], list[Note]]
) -> list[Section]:
    """Levels 2 … max_depth: one card per row linking a level to the one nearer the root."""
    depth = {n.id: n.depth for n in res.nodes}
    sign = -1 if upward else 1
    out = []
    for k in range(2, res.max_depth + 1):
        cards = []
        for near in (n for n in res.nodes if n.depth == sign * (k - 1)):
            rows = res.parents_of(near.id) if upward else res.children_of(near.id)
            for e in rows:
                far_id = e.parent_asset_id if upward else e.child_asset_id
                if depth.get(far_id) != sign * k:
                    continue
                far = res.node(far_id)
                # The order that matters is among the inputs of the row's child.
                inputs = near.parent_count if upward else far.parent_count
                via = f"input of {near.id}" if upward else f"made from {near.id}"
                cards.append(AssetCard(far, e, inputs, via, on_open, notes(e)))
        if not cards:
            break
        title = f"Ancestors, depth −{k}" if upward else f"Descendants, depth +{k}"
        out.append(Section(f"{'ancestors' if upward else 'descendants'}-{k}", title, cards))
    return out


def _beyond(total: int, shown: int, capped: bool) -> str:
    """The section's note: how many rows the view leaves out ('' when none)."""
    if capped:  # past count_limit the total is only known to be larger
        return f"more than {total} in all: some may not be shown"
    missing = total - shown
    return f"{missing} more not shown" if missing > 0 else ""
