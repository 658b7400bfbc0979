"""The lineage audit: rows a query silently skips or that break pixsim7's own conventions.

Eleven checks, each computed where the data lives: on a
:class:`~lineage_kit.Store` as set-based SQL inside the database
(:mod:`.rules_sql`), over :class:`~lineage_kit.Frames` or a networkx graph in
pandas (:mod:`.rules_pandas`, and networkx for cycles). Both produce the same
raw facts and share the code that turns them into findings (:mod:`.findings`),
so the same tables give the same report.

The rules, with ``user_id=u`` (``None``: no owner filter):

- a row *concerns* ``u`` when its parent or its child is an asset of ``u``;
- ``dangling``: a row that concerns ``u`` whose parent or child does not exist; with
  ``u`` set, whose other end is not an asset of ``u``: a missing asset and another
  owner's are one case, in the findings, their counts and their words, as in every
  other answer of the kit (existence never leaks);
- ``self_loops``: a row that concerns ``u`` whose parent is its child;
- ``cycles``: among in-scope rows (both ends exist and, with ``u``, belong to
  ``u``; self-loops aside), the rows whose child leads back to their parent,
  whatever the cycle's length; one finding per strongly connected group of
  assets, listing its assets and rows;
- ``duplicates``: a row that concerns ``u`` with the same parent, child,
  relation type and sequence order as a row of lower id (the row pixsim7's
  migration keeps);
- ``cross_owner``: with every owner (``u`` is ``None``), a row whose two ends exist
  and belong to different owners (an audit scoped to ``u`` reports such a row as
  ``dangling``);
- ``sequence_gaps``: for a child of ``u`` and an operation in
  :data:`~lineage_kit.schema.MULTI_INPUT_OPERATIONS`, its rows'
  ``sequence_order`` values are not exactly 0 … n−1 once each (a gap or a
  repeat); one finding per (child, operation);
- ``unknown_values``: a row that concerns ``u`` with a relation type outside
  :data:`~lineage_kit.schema.RELATION_TYPES` (legacy values from
  :data:`~lineage_kit.schema.LEGACY_RELATION_TYPES` are reported as
  non-canonical, others as unknown) or an operation outside
  :data:`~lineage_kit.schema.OPERATION_TYPES` after lower-casing;
- ``legacy_labels``: a row that concerns ``u`` whose operation is stored as a
  legacy upper-case enum label of a known operation (``VIDEO_EXTEND``). The
  kit reads it as ``video_extend``; pixsim7's own ORM cannot load such a row,
  so its lineage endpoints fail on it;
- ``repeated_inputs``: an asset of ``u`` whose Pixverse payload lists the same
  input image more than once (``customer_img_urls``, else
  ``customer_img_paths``; ``customer_paths`` first, URLs normalised).
  pixsim7's extractor de-duplicates input URLs, so a sync links that image
  once and every image after it moves up one position; one finding per
  repeated image;
- ``unlinked_inputs``: an input of a child of ``u`` (its Pixverse payload's or its
  generation's, read as pixsim7's refresh reads them:
  :func:`lineage_kit.expected_parents`) for which the refresh would write a row that
  no in-scope row matches (same parent, relation and order), placeholders included;
- ``unexplained_rows``: an in-scope row of a child of ``u`` that none of its
  inputs gives: a refresh of the child deletes it and does not write it again
  (children whose generation cannot be read are not judged; see
  :mod:`lineage_kit.audit.refresh_checks`).

Examples
--------
>>> import lineage_kit as lk
>>> report = audit(lk.connect(), user_id=None)
>>> report.counts()["cycles"], report.counts()["dangling"]
(1, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import InvalidArgument, InvalidArgumentType
from ..model.validate import check_user_id
from ..sources import as_source
from ..sources.base import HoldsGenerations, InDatabase, InMemory
from .findings import findings_frame
from .report import CHECKS, FINDING_COLUMNS, AuditReport
from .rules_pandas import frames_facts
from .rules_sql import sql_facts

if TYPE_CHECKING:
    import networkx as nx

    from ..sources.frames import Frames
    from ..store import Store

__all__ = ["CHECKS", "FINDING_COLUMNS", "AuditReport", "audit"]


def audit(
    source: Store | Frames | nx.MultiDiGraph,
    *,
    user_id: int | None,
    checks: Iterable[str] | None = None,
) -> AuditReport:
    """Check the lineage tables for rows a query skips or that break conventions.

    Parameters
    ----------
    source
        A :class:`~lineage_kit.Store` (the checks run as SQL in the database),
        :class:`~lineage_kit.Frames` holding the raw tables or a networkx
        ``MultiDiGraph`` (the checks run in pandas). Frames from
        :meth:`Store.frames` have already dropped dangling rows; build Frames
        from the raw tables to see them.
    user_id
        ``None`` (the default: every owner) or the owner whose rows are
        checked; see the module docstring for which rows concern an owner.
    checks
        The checks to run (names from :data:`CHECKS`); all by default.

    Returns
    -------
    AuditReport

    Raises
    ------
    StoreError
        The database could not be read.
    ValueError, TypeError
        A bad argument, named in the message.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> report = audit(lk.connect(), user_id=None, checks=["self_loops"])
    >>> report.findings[["check", "lineage_id", "detail"]].values.tolist()
    [['self_loops', 74, 'asset 804 is its own parent (REFERENCE, image_edit)']]
    """
    uid = check_user_id(user_id)
    names = _check_checks(checks)
    src = as_source(source)
    if isinstance(src, InDatabase):
        facts = sql_facts(src.db, uid, names)
        label = src.db.label
    elif isinstance(src, InMemory):
        assets, lineage = src.tables()
        held = src.generations_table() if isinstance(src, HoldsGenerations) else None
        facts = frames_facts(assets, lineage, uid, names, held)
        label = f"Frames(assets={len(assets)} rows, edges={len(lineage)} rows)"
    else:
        raise InvalidArgumentType(
            f"cannot audit a {type(source).__name__}: give a lineage_kit Store, lineage_kit.Frames "
            "or a networkx.MultiDiGraph (a source that reads a database or holds its tables)"
        )
    findings = findings_frame(facts, uid)
    return AuditReport(findings=findings, user_id=uid, source=label, checks=names)


def _check_checks(checks: Iterable[str] | None) -> tuple[str, ...]:
    if checks is None:
        return CHECKS
    if isinstance(checks, str) or not isinstance(checks, Iterable):
        raise InvalidArgumentType(
            f"checks must be a list of check names, not {type(checks).__name__}"
        )
    wanted = list(checks)
    unknown = [c for c in wanted if c not in CHECKS]
    if unknown or not wanted:
        raise InvalidArgument(
            f"checks must name one or more of {', '.join(CHECKS)}; got {unknown or wanted!r}"
        )
    return tuple(c for c in CHECKS if c in wanted)
