"""The rows pixsim7's refresh would write for some children, from a source's facts.

For each child: its payload's inputs looked up among the owner's assets the way
pixsim7 looks them up (candidate ids, then the exact URL, then an ``ILIKE`` on the
URL's last segment; several matches for a URL make pixsim7's refresh stop with an
error), then its generation's inputs (:mod:`lineage_kit.model.refresh_rules`), and
whether a row in scope already links each (same parent, relation and order).
Lookups are batched: one statement per kind for all the children asked about.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..model.asset_refs import asset_ref_id
from ..model.payload_rules import PayloadInput, payload_inputs, payload_rows
from ..model.records import json_document
from ..model.refresh_rules import ExpectedRow, generation_rows
from .facts import Child, FrameFacts, SqlFacts, like

__all__ = ["EXPECTED_COLUMNS", "expected_frame", "expected_rows"]

EXPECTED_COLUMNS = (
    "child_asset_id",
    "source",
    "input",
    "reference",
    "parent_asset_id",
    "relation_type",
    "operation_type",
    "sequence_order",
    "parent_start_time",
    "parent_end_time",
    "parent_frame",
    "linked",
    "written",
    "note",
)

Facts = SqlFacts | FrameFacts


def _ambiguous(url: str, n: int) -> str:
    return (
        f"{n} assets of the owner have the URL {url}: pixsim7's refresh stops with an error "
        "here, after deleting the child's rows, and writes none"
    )


def _match(
    facts: Facts, todo: list[tuple[Child, list[PayloadInput]]]
) -> dict[tuple[int, int], tuple[int | None, str | None, bool]]:
    """``(child, position)`` → ``(asset, note, fails)`` for every payload input, as pixsim7's
    dedup finds them; ``fails``: the lookup raises in pixsim7 (several URL matches)."""
    out: dict[tuple[int, int], tuple[int | None, str | None, bool]] = {}
    groups: dict[tuple[int, str], list[tuple[Child, PayloadInput]]] = {}
    for child, items in todo:
        for item in items:
            key = (child.user_id, child.provider_id or "")
            groups.setdefault(key, []).append((child, item))
    for (owner, provider), pairs in groups.items():
        cands = facts.by_candidates(owner, provider, (c for _, i in pairs for c in i.candidate_ids))
        left = []
        for child, item in pairs:
            hits = [cands[c] for c in item.candidate_ids if c in cands]
            if hits:
                out[(child.id, item.position)] = (min(hits), None, False)
            else:
                left.append((child, item))
        exact: dict[str, list[int]] = {}
        urls = [item.url for _, item in left]
        for asset, url in facts.by_urls(owner, provider, urls) if urls else []:
            exact.setdefault(url, []).append(asset)
        # pixsim7's second try (ILIKE on the URL's last segment) scans the owner's URLs: only
        # for the inputs the exact URL missed, so that the common case stays one cheap pass.
        tokens = {i.url_token for _, i in left if i.url_token and i.url not in exact}
        near = facts.by_urls(owner, provider, (), tokens) if tokens else []
        for child, item in left:
            found = exact.get(item.url, [])
            note = _ambiguous(item.url, len(found))
            if not found and item.url_token:  # pixsim7's second try: ILIKE on the last segment
                pattern = like(item.url_token)
                found = [i for i, u in near if pattern.search(u)]
                note = _ambiguous(f"like {item.url_token}", len(found))
            if len(found) == 1:
                out[(child.id, item.position)] = (found[0], None, False)
            elif found:
                out[(child.id, item.position)] = (None, note, True)
            else:
                out[(child.id, item.position)] = (None, None, False)
    return out


def expected_rows(facts: Facts, children: Sequence[Child], uid: int | None) -> list[ExpectedRow]:
    """Every child's rows as pixsim7's refresh would treat them, in the order it writes."""
    todo = []
    for child in children:
        items: list[PayloadInput] = []
        mode: Any = None
        if child.provider_id == "pixverse" and child.media_metadata:
            items, mode = payload_inputs(child.media_metadata)
        todo.append((child, items, mode))
    found = _match(facts, [(c, items) for c, items, _ in todo if items])
    refs: set[int] = set()
    for child, _, _ in todo:
        inputs = json_document((child.generation or {}).get("inputs"))
        for entry in inputs if isinstance(inputs, list) else []:
            if isinstance(entry, dict) and entry.get("asset"):
                ref = asset_ref_id(entry["asset"])
                if ref is not None:
                    refs.add(ref)
    scoped = facts.in_scope(refs, uid) if refs else set()
    out: list[ExpectedRow] = []
    for child, items, mode in todo:
        hits = [found[(child.id, i.position)] for i in items]
        rows = payload_rows(child.id, child.media_type, items, mode, [(a, n) for a, n, _ in hits])
        parents = {r.parent_asset_id for r in rows if r.written and r.parent_asset_id is not None}
        gen = child.generation
        if gen is not None:
            rows += generation_rows(
                child.id,
                gen.get("operation_type"),
                json_document(gen.get("inputs")),
                parents,
                scoped.__contains__,
            )
        failure = next((n for _, n, fails in hits if fails), None)
        if failure:
            rows = [
                ExpectedRow(**{**r.__dict__, "written": False, "note": r.note or failure})
                for r in rows
            ]
        out += rows
    return out


def expected_frame(
    rows: Sequence[ExpectedRow],
    keys: Sequence[tuple[int, int, int, str, int]],
    columns: Sequence[str] = EXPECTED_COLUMNS,
) -> pd.DataFrame:
    """The rows as a DataFrame (``columns`` of :data:`EXPECTED_COLUMNS`), ``linked`` read
    from ``keys``: the in-scope rows ``(id, parent, child, relation_type, sequence_order)``.

    Each column is made straight from the values (no per-value conversion by pandas): a
    per-asset answer costs a fraction of a millisecond."""
    have = {(c, p, r, s) for _, p, c, r, s in keys}
    out: dict[str, Any] = {}
    for name in columns:
        if name == "linked":
            out[name] = np.array(
                [
                    r.parent_asset_id is not None
                    and (r.child_asset_id, r.parent_asset_id, r.relation_type, r.sequence_order)
                    in have
                    for r in rows
                ],
                dtype=bool,
            )
            continue
        values = [getattr(r, name) for r in rows]
        if name in _INTS:
            out[name] = _ints(values)
        elif name in _FLOATS:
            out[name] = _floats(values)
        elif name == "written":
            out[name] = np.array(values, dtype=bool)
        else:
            out[name] = np.array(values, dtype=object)
    return pd.DataFrame(out, columns=list(columns), copy=False)


_INTS = frozenset({"child_asset_id", "input", "parent_asset_id", "sequence_order", "parent_frame"})
_FLOATS = frozenset({"parent_start_time", "parent_end_time"})


def _ints(values: list[Any]) -> Any:
    """Nullable integers; as stored (objects) when a value is not an integer: pixsim7 would
    fail on it, and the row's note says so."""
    if all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in values):
        mask = np.array([v is None for v in values], dtype=bool)
        data = np.array([0 if v is None else v for v in values], dtype=np.int64)
        return pd.arrays.IntegerArray(data, mask)
    return np.array(values, dtype=object)


def _floats(values: list[Any]) -> Any:
    if all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in values):
        return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    return np.array(values, dtype=object)
