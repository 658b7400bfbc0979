"""The search rules applied to asset rows in memory (pandas): what Frames, networkx and the
SQLite store use to find and rank candidates.

The rules themselves are :mod:`lineage_kit.finding.policy`'s; here they run over a
DataFrame of asset rows. Whole columns are compared at once for the exact fields
and narrowed by plain substring tests for the text fields; only the rows left are
ranked one by one with the rules' own functions.

>>> import pandas as pd
>>> from lineage_kit.finding.policy import SearchQuery
>>> rows = pd.DataFrame({"id": [1, 2], "provider_id": ["pixverse"] * 2,
...                      "provider_asset_id": ["111", "222"],
...                      "description": ["a red fox", "the fox den"], "prompt": [None, None],
...                      "created_at": [None, None]})
>>> [(c.asset_id, c.rank) for c in rank_rows(rows, SearchQuery.parse("fox"), 5)]
[(2, 7), (1, 7)]
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model.records import plain
from .policy import (
    EXACT_RANK,
    FOLD_TABLE,
    ID,
    Candidate,
    SearchQuery,
    description_rank,
    order,
    prompt_rank,
)

__all__ = ["SEARCHED_COLUMNS", "rank_rows"]

SEARCHED_COLUMNS = (
    "id",
    "created_at",
    "provider_id",
    "provider_asset_id",
    "sha256",
    "stored_key",
    "local_path",
    "description",
    "prompt",
)
"""The asset columns a search reads (absent ones count as null)."""


def rank_rows(rows: pd.DataFrame, q: SearchQuery, limit: int, text: bool = True) -> list[Candidate]:
    """The best ``limit`` candidates among asset rows, in the policy's order.

    ``rows`` holds the scope's assets with the :data:`SEARCHED_COLUMNS` (missing
    ones read as null); ``text=False`` compares the exact fields only.
    """
    rows = rows.reindex(columns=list(SEARCHED_COLUMNS))
    found: list[Candidate] = []

    def take(mask: pd.Series, rank: int, column: str) -> None:
        for rec in rows.loc[mask.fillna(False).astype(bool)].to_dict("records"):
            value = rec[column]
            found.append(Candidate(int(rec["id"]), rank, _when(rec["created_at"]), _text(value)))

    if q.asset_id is not None:
        take(rows["id"] == q.asset_id, ID, "id")
    if not q.only_id:
        pid = _as_text(rows["provider_asset_id"])
        mask = pid == q.text
        if q.provider is not None:
            mask |= (_as_text(rows["provider_id"]) == q.provider[0]) & (pid == q.provider[1])
        take(mask, EXACT_RANK["provider_asset_id"], "provider_asset_id")
        if q.sha256 is not None:
            take(_as_text(rows["sha256"]) == q.sha256, EXACT_RANK["sha256"], "sha256")
        for name in ("stored_key", "local_path"):
            take(_as_text(rows[name]) == q.text, EXACT_RANK[name], name)
        if text:
            found += _text_matches(rows, q)
    return order(found, limit)


def _text_matches(rows: pd.DataFrame, q: SearchQuery) -> list[Candidate]:
    # Each term (word) must occur as a substring: a cheap, exact-or-wider first cut.
    keep = _contains_all(rows["description"], q.terms) | _contains_all(rows["prompt"], q.words)
    out = []
    for rec in rows.loc[keep].to_dict("records"):
        description, prompt = _text(rec["description"]), _text(rec["prompt"])
        for rank, value in (
            (description_rank(description, q), description),
            (prompt_rank(prompt, q), prompt),
        ):
            if rank is not None:
                out.append(Candidate(int(rec["id"]), rank, _when(rec["created_at"]), value))
    return out


def _contains_all(column: pd.Series, needles: tuple[str, ...]) -> pd.Series:
    if not needles:
        return pd.Series(False, index=column.index)
    folded = _as_text(column).str.translate(FOLD_TABLE)
    keep = pd.Series(True, index=column.index)
    for needle in needles:
        keep &= folded.str.contains(needle, regex=False, na=False)
    return keep


def _as_text(column: pd.Series) -> pd.Series:
    """A column as text for comparing with the query (hand-made frames may hold numbers)."""
    if column.dtype.kind in "iuf":
        return column.map(lambda v: None if plain(v) is None else str(plain(v)))
    return column


def _text(value: Any) -> str | None:
    v = plain(value)
    return None if v is None else str(v)


def _when(value: Any) -> Any:
    v = plain(value)
    to_py = getattr(v, "to_pydatetime", None)
    return to_py() if to_py is not None else v
