"""Asset cards: one neighbour of the selection, with the lineage row that links it.

A card is a plain value (its node, its row, its rendered HTML); the inspector shows many
of them in its one view. ``card.click()`` does what a
click on the card in the browser does.

Examples
--------
>>> import lineage_kit as lk
>>> res = lk.connect().lineage(103, user_id=1)
>>> card = AssetCard(res.node(102), res.parents_of(103)[0], on_open=print)
>>> "SOURCE_VIDEO" in card.html and "video_extend" in card.html
True
>>> card.click()
102
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import markupsafe

import lineage_kit as lk

from .notes import Note
from .templating import render
from .thumbnails import thumbnail

__all__ = ["AssetCard", "Clickable", "Section", "sequence_label", "temporal_label"]


def _num(x: float) -> str:
    return f"{x:g}"


def temporal_label(edge: lk.Edge) -> str:
    """Frame number and time (a moment or a span) of a lineage row in plain text ('' when none).

    >>> import lineage_kit as lk
    >>> e = lk.Edge(id=1, parent_asset_id=1, child_asset_id=2, relation_type="PAUSED_FRAME",
    ...             operation_type="frame_extraction", sequence_order=0,
    ...             parent_start_time=5.0, parent_end_time=5.0, parent_frame=120)
    >>> temporal_label(e)
    'frame 120 · at 5 s'
    >>> capture = lk.Edge(id=2, parent_asset_id=1, child_asset_id=3, relation_type="PAUSED_FRAME",
    ...                   operation_type="frame_extraction", sequence_order=0,
    ...                   parent_start_time=1.5, parent_frame=36)
    >>> temporal_label(capture)  # pixsim7's captures write a start time and no end
    'frame 36 · at 1.5 s'
    """
    parts = []
    if edge.parent_frame is not None:
        parts.append(f"frame {edge.parent_frame}")
    start, end = edge.parent_start_time, edge.parent_end_time
    if start is not None and end is not None:
        parts.append(f"at {_num(start)} s" if start == end else f"{_num(start)}–{_num(end)} s")
    elif start is not None:  # pixsim7's captures and keyframes: a moment, no end
        parts.append(f"at {_num(start)} s")
    elif end is not None:
        parts.append(f"until {_num(end)} s")
    return " · ".join(parts)


def sequence_label(edge: lk.Edge, child_inputs: int) -> str:
    """``order 2`` when the row's position matters, '' otherwise.

    It matters for a multi-input operation or a child with more than one input.

    >>> import lineage_kit as lk
    >>> e = lk.Edge(id=1, parent_asset_id=1, child_asset_id=2, relation_type="TRANSITION_INPUT",
    ...             operation_type="video_transition", sequence_order=2)
    >>> sequence_label(e, child_inputs=4)
    'order 2'
    """
    if edge.operation_type in lk.schema.MULTI_INPUT_OPERATIONS or child_inputs > 1:
        return f"order {edge.sequence_order}"
    return ""


class Clickable:
    """An asset shown as a block of HTML (a card, a tile) that a click opens."""

    node: lk.Node
    html: str
    on_open: Callable[[int], Any] | None

    @property
    def asset_id(self) -> int:
        """The id of the asset shown."""
        return self.node.id

    @property
    def markup(self) -> markupsafe.Markup:
        """The HTML, for the template that lays the blocks out (already escaped)."""
        return markupsafe.Markup(self.html)

    def click(self) -> None:
        """Do what a click on it does in the browser: open its asset."""
        if self.on_open is not None:
            self.on_open(self.asset_id)


@dataclass
class AssetCard(Clickable):
    """One neighbour: thumbnail, summary, relation · operation badge, details, provider notes.

    Parameters
    ----------
    node : lineage_kit.Node
        The neighbour.
    edge : lineage_kit.Edge or None
        The lineage row linking it to the asset it is listed under.
    child_inputs : int
        How many input rows the row's child has (decides whether the order is shown).
    via : str
        For deeper levels, the asset it hangs from (``"input of 102"``, ``"made from 102"``).
    on_open : callable, optional
        What a click does: called with the card's asset id.
    notes : list of Note
        What the provider's payload says about the row (a transition input's prompt and
        duration, a fusion input's name and type, an extension's source video), from
        :class:`~lineage_kit.widgets.notes.ProviderNotes`.
    """

    node: lk.Node
    edge: lk.Edge | None = None
    child_inputs: int = 1
    via: str = ""
    on_open: Callable[[int], Any] | None = field(default=None, repr=False)
    notes: list[Note] = field(default_factory=list)
    html: str = field(init=False, repr=False)

    @property
    def details(self) -> list[Note]:
        """The details line: order, frame and time, provider notes, the asset it hangs from.

        The prompt, which has a line of its own, is not one of them.
        """
        out = []
        if self.edge is not None:
            out += [
                Note("seq", sequence_label(self.edge, self.child_inputs)),
                Note("temporal", temporal_label(self.edge)),
            ]
        out += [n for n in self.notes if n.kind != "prompt"]
        out.append(Note("via", self.via))
        return [n for n in out if n.text]

    @property
    def prompt(self) -> str:
        """The row's prompt from the provider's payload ('' when none)."""
        return next((n.text for n in self.notes if n.kind == "prompt"), "")

    def __post_init__(self) -> None:
        self.html = render(
            "card.html.j2",
            node=self.node,
            edge=self.edge,
            details=self.details,
            prompt=self.prompt,
            thumb=thumbnail(self.node.asset, 64),
        )


@dataclass
class Section:
    """A group of cards: ``parents``, ``children``, ``ancestors-2``, ``descendants-3``, …"""

    key: str
    title: str
    cards: list[AssetCard] = field(default_factory=list)
    note: str = ""
    """A remark such as "2 more not shown"."""
