"""What the inspector shows for one answer: its header, its card sections, its notices.

Rendered in the kernel from the autoescaped templates, so the front end only places the
HTML it is given. One :class:`Screen` per answer (or per "nothing selected").

Examples
--------
>>> import lineage_kit as lk
>>> screen = Screen.of(lk.connect().lineage(310, user_id=1), source=None, on_open=None)
>>> [s.key for s in screen.sections], "Asset 310" in screen.header
(['parents', 'children'], True)
>>> 'class="lk-section lk-section-parents"' in screen.cards
True
>>> Screen.of(None, source=None, on_open=None).notice
''
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import lineage_kit as lk

from .cards import AssetCard, Section
from .sections import sections_for
from .templating import render
from .thumbnails import thumbnail

__all__ = ["TRUNCATED", "Screen"]

TRUNCATED = (
    "Truncated: the view stopped at {max_nodes} assets and more lie beyond. The ↑/↓ counts "
    "on each card show each asset's full number of parent and child rows; raise Max nodes "
    "or narrow the direction to see more."
)


@dataclass
class Screen:
    """The rendered parts of the inspector for ``result`` (None: nothing selected)."""

    result: lk.Lineage | None
    sections: list[Section] = field(default_factory=list)
    header: str = ""
    cards: str = ""
    notice: str = ""
    complete: bool = True
    """Whether the cards are rendered (a screen made by :meth:`head` has none yet)."""
    marks: dict[int, str] = field(default_factory=dict)
    """The card marks the cards were rendered with."""

    @classmethod
    def of(
        cls,
        res: lk.Lineage | None,
        *,
        source: Any,
        on_open: Callable[[int], Any] | None,
        marks: Mapping[int, str] | None = None,
    ) -> Screen:
        """Render ``res``; ``marks`` maps a lineage row's id to a mark its card shows."""
        return cls.head(res).with_cards(source=source, on_open=on_open, marks=marks)

    @classmethod
    def head(cls, res: lk.Lineage | None, generation: lk.Generation | None = None) -> Screen:
        """The header and the notice of ``res`` (no cards yet: they take longer), with the
        generation that made the asset, when known."""
        header = render(
            "header.html.j2",
            node=None if res is None else res.root,
            result=res,
            thumb=None if res is None else thumbnail(res.root.asset, 140),
            generation=generation,
            params=_params(generation),
        )
        notice = TRUNCATED.format(max_nodes=res.max_nodes) if res and res.truncated else ""
        return cls(res, [], header, "", notice, complete=False)

    def with_cards(
        self,
        *,
        source: Any,
        on_open: Callable[[int], Any] | None,
        marks: Mapping[int, str] | None = None,
        extra: Sequence[Section] = (),
    ) -> Screen:
        """This screen with its card sections (each row's provider notes read from ``source``),
        then the ``extra`` ones (the rows a Refresh found gone, each card marked removed)."""
        res = self.result
        sections = [] if res is None else [*sections_for(res, on_open, source), *extra]
        shown = _marks(sections, marks)
        shown.update({c.edge.id: "removed" for s in extra for c in s.cards if c.edge})
        cards = render("sections.html.j2", sections=sections, marks=shown)
        return Screen(res, sections, self.header, cards, self.notice, marks=dict(marks or {}))

    @property
    def all_cards(self) -> list[AssetCard]:
        """Every card, section by section."""
        return [c for s in self.sections for c in s.cards]


def _params(generation: lk.Generation | None) -> str:
    """The generation's parameters as indented JSON ('' without any)."""
    if generation is None or not generation.canonical_params:
        return ""
    return json.dumps(generation.to_dict()["canonical_params"], indent=1, sort_keys=True)


def _marks(sections: list[Section], marks: Mapping[int, str] | None) -> dict[int, str]:
    """Each card's mark by its row id (only the rows on show)."""
    if not marks:
        return {}
    shown = {c.edge.id for s in sections for c in s.cards if c.edge is not None}
    return {k: v for k, v in marks.items() if k in shown}
