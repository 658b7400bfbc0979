"""What the provider's payload says about a lineage row, for the card that shows it.

pixsim7 keeps what a Pixverse generation did with each input in the *child's* payload
(``media_metadata``), read as pixsim7 reads it by :func:`lineage_kit.provider_metadata`:

- a transition input (``video_transition``): the prompt and duration of its part of the
  video, ``.segment(sequence_order)``;
- a fusion input (``fusion``): its fusion name and entry type,
  ``.fusion_entry(sequence_order)``;
- an extension (``video_extend``): the Pixverse id of the video it extends and that
  video's duration, ``.original_video_id`` and ``.source_video_duration``.

:class:`ProviderNotes` reads each child's payload once (one ``provider_metadata`` call
per child asset, however many of its rows are shown) and says, for each row, what its
card shows. Rows of other operations read nothing. Make one per render: a payload read
earlier is not read again.

Examples
--------
>>> import lineage_kit as lk
>>> store = lk.connect()
>>> notes = ProviderNotes(store, user_id=1)
>>> res = store.lineage(310, user_id=1)
>>> [notes(e) for e in res.parents_of(310)][1]
[Note(kind='prompt', text='boats set sail'), Note(kind='duration', text='duration 3 s')]
>>> notes.read
[310]
>>> notes(store.lineage(940, user_id=1).parents_of(940)[0])
[Note(kind='source', text='source video 374351756600902 (5 s)')]
>>> notes(store.lineage(930, user_id=1).parents_of(930)[0])
[Note(kind='fusion', text='fusion tide (subject)')]
"""

from __future__ import annotations

from typing import Any, NamedTuple

import lineage_kit as lk

__all__ = ["Note", "ProviderNotes"]

_TRANSITION, _FUSION, _EXTEND = "video_transition", "fusion", "video_extend"


class Note(NamedTuple):
    """One thing a card says about its row: ``kind`` names it (a CSS class ``lk-<kind>``)."""

    kind: str
    text: str


def _seconds(x: float) -> str:
    return f"{x:g} s"


class ProviderNotes:
    """The provider notes of lineage rows over one source and scope, each payload read once.

    Parameters
    ----------
    source
        What the rows came from (a Store, Frames or networkx graph).
    user_id
        The scope the rows were read in (``None``: all owners).
    """

    def __init__(self, source: Any, user_id: int | None) -> None:
        self.source = source
        self.user_id = user_id
        self._payloads: dict[int, lk.PixverseMetadata] = {}

    @property
    def read(self) -> list[int]:
        """The child assets whose payload was read, in the order they were read."""
        return list(self._payloads)

    def payload(self, child_id: int) -> lk.PixverseMetadata:
        """The child's payload as pixsim7 reads it (read on first use, then remembered)."""
        if child_id not in self._payloads:
            try:
                meta = lk.provider_metadata(self.source, child_id, user_id=self.user_id)
            except lk.LineageKitError:
                # The notes add to a card the query already answered: a payload that cannot
                # be read leaves them out rather than the card.
                meta = lk.PixverseMetadata()
            self._payloads[child_id] = meta
        return self._payloads[child_id]

    def __call__(self, edge: lk.Edge) -> list[Note]:
        """What the card of ``edge`` says from its child's payload (``[]`` when nothing)."""
        op = edge.operation_type
        if op not in (_TRANSITION, _FUSION, _EXTEND):
            return []
        meta = self.payload(edge.child_asset_id)
        notes = []
        if op == _TRANSITION:
            segment = meta.segment(edge.sequence_order)
            if segment.prompt:
                notes.append(Note("prompt", segment.prompt))
            if segment.duration is not None:
                notes.append(Note("duration", "duration " + _seconds(segment.duration)))
        elif op == _FUSION:
            name, kind = meta.fusion_entry(edge.sequence_order)
            if name or kind:
                text = f"fusion {name or kind}" + (f" ({kind})" if name and kind else "")
                notes.append(Note("fusion", text))
        else:
            source, length = meta.original_video_id, meta.source_video_duration
            if source or length is not None:
                text = f"source video {source}" if source else "source video"
                if length is not None:
                    text += f" ({_seconds(length)})"
                notes.append(Note("source", text))
        return notes
