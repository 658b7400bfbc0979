"""Lineage over time: snapshots of an owner's lineage, and what changed between two.

pixsim7's lineage moves under the kit: its refresh deletes a child's rows,
commits and writes them again (new row ids, new ``created_at``); a sync adds
rows, a migration rewrites them. :func:`snapshot` keeps the rows of a scope as
they are now, :func:`diff` says what changed since, matching rows by what
survives a refresh. The kit stays read-only: a snapshot is a value in memory,
written to a file only by :meth:`~lineage_kit.model.snapshot.Snapshot.save`.

>>> import lineage_kit as lk
>>> store = lk.connect()
>>> before = lk.snapshot(store, user_id=1, assets=[310])
>>> len(before), sorted(before.assets["id"])
(4, [301, 302, 303, 310])
"""

from __future__ import annotations

import os
from typing import Any

from ..errors import InvalidArgument, InvalidArgumentType
from ..model.diff import LineageDiff
from ..model.lineage import Lineage
from ..model.snapshot import Scope, Snapshot, read_snapshot
from ..model.validate import check_user_id
from ..sources import as_source
from .comparing import compare
from .taking import answer_snapshot, read_snapshot_of, scope_of

__all__ = ["LineageDiff", "Scope", "Snapshot", "diff", "load_snapshot", "snapshot"]


def snapshot(
    source: Any,
    *,
    user_id: int | None,
    assets: Any = None,
    depth: int = 1,
    progress: bool | None = None,
) -> Snapshot:
    """Take a snapshot: the owner's lineage rows as they are now, with the assets they join.

    Parameters
    ----------
    source
        A :class:`~lineage_kit.Store`, :class:`~lineage_kit.Frames` or networkx
        ``MultiDiGraph``.
    user_id
        The owner (``None``: every owner, on purpose). Only rows whose two ends are
        the owner's are kept, as in every answer of the kit.
    assets
        ``None`` for the owner's whole lineage; an asset id or a list of them for
        their neighbourhoods (each the bounded query's answer in both directions to
        ``depth``, up to 100,000 assets, merged); or a :class:`~lineage_kit.Lineage`
        answer for the neighbourhood it answers (its root, direction, depth and cap),
        read again now.
    depth
        How many levels a neighbourhood of ids reaches (0-64).
    progress
        A whole lineage read from PostgreSQL streams through ADBC into Arrow with a
        tqdm progress bar (``None``: automatic, as :meth:`Store.frames`).

    Returns
    -------
    Snapshot
        Rows in ``(child_asset_id, sequence_order, id)`` order and asset summaries by
        id, with ``taken_at`` (UTC), ``user_id``, ``scope`` and ``source``.

    Raises
    ------
    AssetNotFound
        An asset of ``assets`` is not in the owner's scope (missing or another owner's).
    InvalidArgument, InvalidArgumentType
        A bad argument, named in the message, before anything is read.
    StoreError
        The database could not be read.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> snap = lk.snapshot(lk.connect(), user_id=1)
    >>> len(snap), snap.scope.describe()
    (43, 'whole lineage')
    """
    uid = check_user_id(user_id)
    scope = scope_of(assets, depth, uid)
    return read_snapshot_of(source, uid, scope, progress)


def load_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """Read a snapshot written by :meth:`Snapshot.save`.

    Raises
    ------
    InvalidSnapshot
        The file is not a lineage_kit snapshot (another Parquet file, or not Parquet at
        all), or one of a format this kit does not read; the message says which.
    InvalidArgument
        No such file.

    Examples
    --------
    >>> import tempfile, pathlib, lineage_kit as lk
    >>> snap = lk.snapshot(lk.connect(), user_id=2)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "owner2.parquet"
    >>> snap.save(path)
    >>> lk.load_snapshot(path).equals(snap)
    True
    """
    return read_snapshot(path)


def _side(value: Any, name: str) -> Snapshot | None:
    """A snapshot for one side of a diff; ``None`` for a live source (read later)."""
    if isinstance(value, Snapshot):
        return value
    if isinstance(value, Lineage):
        return answer_snapshot(value)
    if isinstance(value, (str, os.PathLike)):
        return read_snapshot(value)
    try:
        as_source(value)
    except InvalidArgumentType:
        raise InvalidArgumentType(
            f"{name} must be a Snapshot, a Lineage answer, a snapshot file's path, or a "
            f"source (a Store, Frames or networkx MultiDiGraph) read now; "
            f"got {type(value).__name__}"
        ) from None
    return None


def _owner(uid: int | None) -> str:
    return "all owners" if uid is None else f"user {uid}"


def diff(before: Any, after: Any, *, progress: bool | None = None) -> LineageDiff:
    """What changed in the lineage from ``before`` to ``after``.

    Parameters
    ----------
    before, after
        Each a :class:`Snapshot`, a :class:`~lineage_kit.Lineage` answer, a snapshot
        file's path, or a source (Store, Frames, networkx graph), read now for the
        other side's owner and scope. At least one side must say which owner and scope:
        a snapshot or an answer.
    progress
        The progress bar of a whole-lineage read (see :func:`snapshot`).

    Returns
    -------
    LineageDiff
        Rows matched as a multiset by ``(parent_asset_id, child_asset_id,
        relation_type, sequence_order)``: a refresh that writes the same rows again
        under new ids is no change. Rows of the same key with another operation type,
        time span or frame are ``changed``.

    Raises
    ------
    InvalidArgument
        The two sides are of different owners or cover different scopes, or both are
        live sources.
    InvalidArgumentType
        A side is none of the above.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> store = lk.connect()
    >>> old = store.lineage(310, user_id=1)
    >>> frames = store.frames(user_id=1)
    >>> frames.edges.loc[frames.edges["id"] == 12, "sequence_order"] = 7   # an edit
    >>> d = lk.diff(old, frames)
    >>> d.summary()
    '1 row added, 1 removed'
    >>> d.removed[["parent_asset_id", "child_asset_id", "sequence_order"]].values.tolist()
    [[302, 310, 1]]
    """
    b, a = _side(before, "before"), _side(after, "after")
    if b is None and a is None:
        raise InvalidArgument(
            "before and after are both live sources: give a Snapshot (or a Lineage answer) "
            "on one side; its owner and scope say what to read on the other"
        )
    if b is None:
        assert a is not None
        b = read_snapshot_of(before, a.user_id, a.scope, progress)
    if a is None:
        a = read_snapshot_of(after, b.user_id, b.scope, progress)
    if a.user_id != b.user_id:
        raise InvalidArgument(
            f"after: a snapshot for {_owner(a.user_id)} cannot be compared with one for "
            f"{_owner(b.user_id)} (before)"
        )
    if a.scope != b.scope:
        raise InvalidArgument(
            f"after covers the {a.scope.describe()}, before the {b.scope.describe()}: "
            "compare snapshots of the same scope"
        )
    return compare(b, a)
