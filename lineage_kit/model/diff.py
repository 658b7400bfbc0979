"""What changed between two snapshots of lineage: a plain, printable, JSON-ready value.

:func:`lineage_kit.diff` makes it. Rows are compared by what survives a
refresh (parent, child, relation and order, as a multiset), never by row id
or ``created_at``; see :mod:`lineage_kit.history.comparing`.

>>> import lineage_kit as lk
>>> store = lk.connect()
>>> d = lk.diff(lk.snapshot(store, user_id=1), store)
>>> bool(d), d.summary()
(False, 'no change')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from .records import plain
from .rendering import render
from .snapshot import KEY, VALUES, Scope

__all__ = [
    "ASSET_FIELDS",
    "CHANGED_COLUMNS",
    "ROW_FIELDS",
    "LineageDiff",
]

ROW_FIELDS = ("id", *KEY, *VALUES)
"""Columns of :attr:`LineageDiff.added` and :attr:`LineageDiff.removed` (``id``: the row's
id on its own side)."""
CHANGED_COLUMNS = (
    *KEY,
    *(f"{c}_{side}" for c in ("id", *VALUES) for side in ("before", "after")),
    "changes",
)
"""Columns of :attr:`LineageDiff.changed`: the key, each value before and after, and what
changed (``operation_type``, ``time span``, ``frame``)."""
ASSET_FIELDS = (
    "id",
    "media_type",
    "provider_id",
    "provider_asset_id",
    "description",
    "thumbnail_url",
    "remote_url",
    "is_archived",
)
"""Columns of :attr:`LineageDiff.appeared` and :attr:`LineageDiff.vanished`."""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _listed(parts: list[tuple[int, str]], noun: str) -> str:
    """``[(1, "added"), (2, "removed")]`` → ``1 row added, 2 removed`` (zeros left out)."""
    shown = [(n, verb) for n, verb in parts if n]
    if not shown:
        return ""
    (n, verb), rest = shown[0], shown[1:]
    return ", ".join([f"{_count(n, noun)} {verb}", *(f"{m} {v}" for m, v in rest)])


def _json(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _json(v) for k, v in rec.items()} for rec in frame.to_dict("records")]


@dataclass(frozen=True, eq=False)  # holds DataFrames
class LineageDiff:
    """The differences between two snapshots of the same owner and scope.

    ``added`` / ``removed``: rows only after / only before (columns
    :data:`ROW_FIELDS`). ``changed``: the same key before and after with another
    operation, time span or frame, side by side (:data:`CHANGED_COLUMNS`).
    ``appeared`` / ``vanished``: assets that rows join only after / only before
    (:data:`ASSET_FIELDS`). ``orphaned``: children that had parent rows before and
    have none after. ``rewritten``: rows with the same content under a new row id
    (a refresh rewrote them: not a difference). ``unchanged``: rows matched.
    ``bool(diff)`` is whether anything differs.
    """

    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame
    appeared: pd.DataFrame
    vanished: pd.DataFrame
    orphaned: tuple[int, ...]
    rewritten: int
    unchanged: int
    user_id: int | None
    scope: Scope
    before_taken_at: datetime | None
    after_taken_at: datetime | None
    before_source: str = ""
    after_source: str = ""
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(
            len(self.added)
            or len(self.removed)
            or len(self.changed)
            or len(self.appeared)
            or len(self.vanished)
        )

    def counts(self) -> dict[str, int]:
        """How many of each: rows added, removed, changed; assets appeared, vanished; orphaned."""
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "appeared": len(self.appeared),
            "vanished": len(self.vanished),
            "orphaned": len(self.orphaned),
            "rewritten": self.rewritten,
            "unchanged": self.unchanged,
        }

    def summary(self) -> str:
        """One sentence: ``1 row added, 2 removed; 1 asset vanished; asset 910 lost every
        parent``, or ``no change`` (with how many rows a refresh rewrote, if any)."""
        c = self.counts()
        rows = _listed(
            [(c["added"], "added"), (c["removed"], "removed"), (c["changed"], "changed")], "row"
        )
        assets = _listed([(c["appeared"], "appeared"), (c["vanished"], "vanished")], "asset")
        parts = [p for p in (rows, assets) if p]
        if self.orphaned:
            ids = ", ".join(map(str, self.orphaned[:5])) + (", …" if len(self.orphaned) > 5 else "")
            noun = "asset" if len(self.orphaned) == 1 else "assets"
            parts.append(f"{noun} {ids} lost every parent")
        if not parts:
            text = "no change"
            if self.rewritten:
                text += f" ({_count(self.rewritten, 'row')} rewritten with the same content)"
            return text
        return "; ".join(parts)

    def since(self) -> str:
        """When the earlier side was taken, as shown: ``14:02 UTC`` (today) or the date."""
        when = self.before_taken_at
        if when is None:
            return "the earlier answer"
        when = when.astimezone(UTC)
        now = datetime.now(UTC)
        return when.strftime("%H:%M UTC" if when.date() == now.date() else "%Y-%m-%d %H:%M UTC")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values: the scope, both sides' times, counts and every difference."""

        def stamp(t: datetime | None) -> str | None:
            return None if t is None else t.isoformat()

        return {
            "user_id": self.user_id,
            "scope": self.scope.to_dict(),
            "before": {"taken_at": stamp(self.before_taken_at), "source": self.before_source},
            "after": {"taken_at": stamp(self.after_taken_at), "source": self.after_source},
            "summary": self.summary(),
            "counts": self.counts(),
            "truncated": self.truncated,
            "added": _records(self.added),
            "removed": _records(self.removed),
            "changed": _records(self.changed),
            "appeared": _records(self.appeared),
            "vanished": _records(self.vanished),
            "orphaned": list(self.orphaned),
        }

    def __repr__(self) -> str:
        owner = "all owners" if self.user_id is None else f"user_id={self.user_id}"
        return f"LineageDiff({owner}, {self.scope.describe()}: {self.summary()})"

    def _repr_html_(self) -> str:
        limit = 50
        return render(
            "diff.html.j2",
            d=self,
            owner="all owners" if self.user_id is None else f"user_id={self.user_id}",
            added=_records(self.added.head(limit)),
            removed=_records(self.removed.head(limit)),
            changed=_records(self.changed.head(limit)),
            appeared=_records(self.appeared.head(limit)),
            vanished=_records(self.vanished.head(limit)),
            limit=limit,
        )
