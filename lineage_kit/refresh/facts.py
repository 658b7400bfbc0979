"""What a refresh reads, from any source: a database (SQL) or tables in memory (pandas).

:class:`SqlFacts` runs the statements of :mod:`lineage_kit.sources.sql.generations` in
one session; :class:`FrameFacts` answers the same questions from the tables an
in-memory source holds (and its generations, if it holds them). Both answer with
plain values, so :mod:`.expected` computes the same rows from either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InvalidArgumentType
from ..model import schema
from ..model.records import MISSING_ORDER, opt_int, opt_str, plain
from ..model.schema import media_type_value
from ..sources import as_source
from ..sources.base import HoldsGenerations, InDatabase, InMemory, in_sorted
from ..sources.sql import generations as sql

__all__ = ["Child", "FrameFacts", "SqlFacts", "facts_of", "like"]


@dataclass(frozen=True)
class Child:
    """An asset a refresh may rebuild: what the refresh reads of it, and its generation."""

    id: int
    user_id: int
    provider_id: str | None
    media_type: str | None
    media_metadata: Any
    generation: dict[str, Any] | None = field(default=None)
    generation_id: int | None = None
    """``assets.source_generation_id`` as stored (``generation`` is ``None`` when it names no
    generation in scope, or when the source holds no generations)."""


def _child(rec: dict[str, Any], prefix: str = "generation.") -> Child:
    gen = {k[len(prefix) :]: v for k, v in rec.items() if k.startswith(prefix)}
    return Child(
        id=int(rec["id"]),
        user_id=int(rec["user_id"]),
        provider_id=opt_str(rec.get("provider_id")),
        media_type=media_type_value(opt_str(rec.get("media_type"))),
        media_metadata=plain(rec.get("media_metadata")),
        generation=gen if gen.get("id") is not None else None,
        generation_id=opt_int(rec.get("source_generation_id")),
    )


class SqlFacts:
    """The refresh's reads as SQL statements, in one session (use as a context manager)."""

    def __init__(self, db: Any, timeout: float | None = None) -> None:
        self.db = db
        self.missing = sql.generations_missing(db)
        self._session = db.session(timeout)

    def __enter__(self) -> SqlFacts:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._session.close()

    def children(
        self, ids: Sequence[int] | None, uid: int | None, columns: Sequence[str] = ()
    ) -> list[Child]:
        cols = tuple(dict.fromkeys(("operation_type", "inputs", *columns)))
        rows = sql.children(self.db, self._session, ids, uid, cols)
        return [_child(r) for r in rows]

    def in_scope(self, ids: Iterable[int], uid: int | None) -> set[int]:
        return sql.in_scope(self.db, self._session, ids, uid)

    def by_candidates(self, owner: int, provider: str, cands: Iterable[str]) -> dict[str, int]:
        return sql.by_candidates(self.db, self._session, owner, provider, cands)

    def by_urls(
        self, owner: int, provider: str, urls: Iterable[str], tokens: Iterable[str] = ()
    ) -> list[tuple[int, str]]:
        return sql.by_urls(self.db, self._session, owner, provider, urls, tokens)

    def lineage_keys(
        self, child_ids: Sequence[int] | None, uid: int | None
    ) -> list[tuple[int, int, int, str, int]]:
        return sql.lineage_keys(self.db, self._session, child_ids, uid)

    def generated_ids(self, uid: int | None) -> set[int]:
        return sql.generated_ids(self.db, self._session, uid)


def like(token: str) -> Any:
    """``ILIKE '%token%'`` as a compiled regular expression (``_`` one character, ``%`` any,
    a backslash escapes the next one; case-insensitive), as PostgreSQL reads it."""
    out, chars = [], iter(token)
    for ch in chars:
        if ch == "\\":
            out.append(re.escape(next(chars, "")))
        elif ch == "%":
            out.append(".*")
        elif ch == "_":
            out.append(".")
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


class FrameFacts:
    """The refresh's reads over the tables an in-memory source holds."""

    def __init__(
        self, assets: pd.DataFrame, rows: pd.DataFrame, generations: pd.DataFrame | None
    ) -> None:
        self.assets = assets
        self.rows = rows
        self.generations = generations
        self.missing: str | None = None
        if generations is None:
            self.missing = "these tables hold no generations (Frames(..., generations=...))"
        elif [c for c in schema.GENERATIONS_REQUIRED if c not in generations.columns]:
            self.missing = "the generations held lack id, user_id or inputs"
        elif "source_generation_id" not in assets.columns:
            self.missing = "the assets held have no source_generation_id column"
        self._owner = pd.to_numeric(assets["user_id"], errors="coerce")
        self._ids = assets["id"].to_numpy(dtype=np.int64)

    def __enter__(self) -> FrameFacts:
        return self

    def __exit__(self, *exc: Any) -> None:
        pass

    def _mine(self, uid: int | None) -> pd.Series:
        return pd.Series(True, index=self.assets.index) if uid is None else self._owner == uid

    def children(
        self, ids: Sequence[int] | None, uid: int | None, columns: Sequence[str] = ()
    ) -> list[Child]:
        a = self.assets
        keep = self._mine(uid)
        if ids is not None:
            keep &= a["id"].isin(list(ids))
        else:
            can = pd.Series(False, index=a.index)
            if "media_metadata" in a.columns:
                can |= (a["provider_id"] == "pixverse") & a["media_metadata"].notna()
            if self.missing is None:
                can |= a["source_generation_id"].notna()
            keep &= can
        picked = a[keep].sort_values("id", kind="stable")
        gens: dict[int, dict[str, Any]] = {}
        if self.missing is None and self.generations is not None:
            g = self.generations
            named = pd.to_numeric(picked["source_generation_id"], errors="coerce").dropna()
            g = g[pd.to_numeric(g["id"], errors="coerce").isin(named)]  # only the ones named
            if uid is not None:
                g = g[pd.to_numeric(g["user_id"], errors="coerce") == uid]
            wanted = dict.fromkeys(("id", "operation_type", "inputs", *columns))
            names = [c for c in wanted if c in g.columns]
            for rec in g[names].to_dict("records"):
                gens[int(rec["id"])] = {str(k): plain(v) for k, v in rec.items()}
        out = []
        for rec in picked.to_dict("records"):
            child = _child({str(k): v for k, v in rec.items() if k in sql.CHILD_COLUMNS})
            gid = opt_int(rec.get("source_generation_id")) if self.missing is None else None
            gen = gens.get(gid) if gid is not None else None
            if gen is not None:
                gen = {**dict.fromkeys(("operation_type", "inputs", *columns)), **gen}
            out.append(Child(**{**child.__dict__, "generation": gen}))
        return out

    def generated_ids(self, uid: int | None) -> set[int]:
        a = self.assets
        if "source_generation_id" not in a.columns:
            return set()
        keep = self._mine(uid) & a["source_generation_id"].notna()
        return {int(i) for i in a.loc[keep, "id"]}

    def _scope_ids(self, uid: int | None) -> np.ndarray:
        """The scope's asset ids, sorted."""
        return np.sort(self._ids[self._mine(uid).to_numpy()])

    def in_scope(self, ids: Iterable[int], uid: int | None) -> set[int]:
        wanted = np.array(sorted({int(i) for i in ids}), dtype=np.int64)
        return {int(i) for i in wanted[in_sorted(self._scope_ids(uid), wanted)]}

    def _of(self, owner: int, provider: str) -> pd.DataFrame:
        a = self.assets
        return a[((self._owner == owner) & (a["provider_id"] == provider)).to_numpy()]

    def by_candidates(self, owner: int, provider: str, cands: Iterable[str]) -> dict[str, int]:
        wanted = set(cands)
        a = self._of(owner, provider)
        a = a[a["provider_asset_id"].astype(str).isin(wanted)]
        grouped = a.groupby(a["provider_asset_id"].astype(str))["id"].min()
        return {str(k): int(v) for k, v in grouped.items()}

    def by_urls(
        self, owner: int, provider: str, urls: Iterable[str], tokens: Iterable[str] = ()
    ) -> list[tuple[int, str]]:
        a = self._of(owner, provider)
        if "remote_url" not in a.columns:
            return []
        wanted = set(urls)
        patterns = [like(t) for t in tokens if t]
        a = a[a["remote_url"].notna()].sort_values("id")
        return [
            (int(i), str(u))
            for i, u in zip(a["id"], a["remote_url"], strict=True)
            if str(u) in wanted or any(p.search(str(u)) for p in patterns)
        ]

    def lineage_keys(
        self, child_ids: Sequence[int] | None, uid: int | None
    ) -> list[tuple[int, int, int, str, int]]:
        mine = self._scope_ids(uid)
        r = self.rows
        ends = [r[c].to_numpy(dtype=np.int64) for c in ("parent_asset_id", "child_asset_id")]
        keep = pd.Series(in_sorted(mine, ends[0]) & in_sorted(mine, ends[1]), index=r.index)
        if child_ids is not None:
            keep &= r["child_asset_id"].isin(list(child_ids))
        r = r[keep]
        seq = pd.to_numeric(r["sequence_order"], errors="coerce").fillna(MISSING_ORDER)
        return [
            (int(i), int(p), int(c), str(rel), int(s))
            for i, p, c, rel, s in zip(
                r["id"],
                r["parent_asset_id"],
                r["child_asset_id"],
                r["relation_type"],
                seq,
                strict=True,
            )
        ]


def facts_of(source: Any) -> SqlFacts | FrameFacts:
    """The refresh's reads for any source (found through its abilities)."""
    src = as_source(source)
    if isinstance(src, InDatabase):
        return SqlFacts(src.db)
    if isinstance(src, InMemory):
        assets, rows = src.tables()
        gens = src.generations_table() if isinstance(src, HoldsGenerations) else None
        return FrameFacts(assets, rows, gens)
    raise InvalidArgumentType(
        f"cannot read generations from a {type(source).__name__}: give a lineage_kit Store, "
        "lineage_kit.Frames or a networkx.MultiDiGraph"
    )
