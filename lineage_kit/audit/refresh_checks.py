"""The audit's two refresh checks: inputs no row links, rows no input explains.

A refresh of a child deletes its rows and writes the rows of its inputs again
(:mod:`lineage_kit.model.refresh_rules`). Over every child of the scope:

- ``unlinked_inputs``: an input the refresh would write a row for (its payload's or
  its generation's) that no row in scope links (same parent, relation and order),
  a placeholder parent included: the refresh would add that row;
- ``unexplained_rows``: a row in scope whose child's inputs write no row with its
  parent, relation and order: the refresh would delete it for good. A child whose
  generation cannot be read (a source without ``generations``) is not judged.

The facts come from a database through SQL or from tables in memory through pandas
(:mod:`lineage_kit.refresh.facts`); the same rows give the same facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import warn_no_generations
from ..refresh.expected import expected_rows
from ..refresh.facts import FrameFacts, SqlFacts

__all__ = ["REFRESH_CHECKS", "refresh_facts"]

REFRESH_CHECKS = ("unlinked_inputs", "unexplained_rows")


def refresh_facts(
    facts: SqlFacts | FrameFacts, uid: int | None, checks: Iterable[str]
) -> dict[str, list[tuple[Any, ...]]]:
    """Raw fact rows of the refresh checks among ``checks`` (shared by SQL and pandas)."""
    wanted = [c for c in checks if c in REFRESH_CHECKS]
    if not wanted:
        return {}
    with facts:
        if facts.missing is not None:
            warn_no_generations(facts.missing)
        children = facts.children(None, uid)
        rows = expected_rows(facts, children, uid)
        keys = facts.lineage_keys(None, uid)
        unknown = facts.generated_ids(uid) if facts.missing is not None else set()
    have = {(c, p, r, s) for _, p, c, r, s in keys}
    written = [r for r in rows if r.written]
    out: dict[str, list[tuple[Any, ...]]] = {}
    if "unlinked_inputs" in wanted:
        out["unlinked_inputs"] = [
            (
                r.child_asset_id,
                r.source,
                r.input,
                r.reference,
                r.parent_asset_id,
                r.relation_type,
                r.sequence_order,
                r.note,
            )
            for r in written
            if r.parent_asset_id is None
            or (r.child_asset_id, r.parent_asset_id, r.relation_type, r.sequence_order) not in have
        ]
    if "unexplained_rows" in wanted:
        explained = {
            (r.child_asset_id, r.parent_asset_id, r.relation_type, r.sequence_order)
            for r in written
            if r.parent_asset_id is not None
        }
        out["unexplained_rows"] = [
            (i, p, c, rel, s)
            for i, p, c, rel, s in sorted(keys)
            if c not in unknown and (c, p, rel, s) not in explained
        ]
    return out
