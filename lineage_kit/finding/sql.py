"""Finding assets in the database: the search rules of :mod:`lineage_kit.finding.policy` in SQL.

**PostgreSQL** answers in SQL, in one statement of three branches (exact fields,
description, prompt), each ordered by the policy's rank and cut at the limit, in
forms that pixsim7's own indexes serve — the kit never creates an index:

- exact fields: equality on ``id``, ``provider_asset_id`` (``ix_assets_provider_asset_id``;
  with a provider, ``idx_asset_provider_lookup (provider_id, provider_asset_id)``),
  ``sha256`` with the owner (``idx_asset_user_sha256``), ``stored_key`` and ``local_path``
  (partial btrees);
- description: ``description ILIKE '%term%'`` per term, what the trigram index
  ``idx_asset_description_trgm`` serves, then the exact ASCII-case test;
- prompt: where ``idx_asset_prompt_fts`` exists, ``to_tsvector('english'::regconfig,
  COALESCE(prompt, ''::text)) @@ …`` — the index's own expression — with a query that
  asks, for each word, for a lexeme that starts with its English stem or with the word
  itself (stop words left out). Every prompt that has the word (the policy's rule)
  has such a lexeme, so the index finds a superset, which the policy's word test then
  narrows (tests/find/test_words_as_postgresql_reads_them.py holds the rule to a real
  PostgreSQL's parser). Without the index the word test runs on every prompt in scope.

On a PostgreSQL database without these indexes (or without ``pg_trgm``) the same
statement answers by plain scans. **SQLite** reads the scope's candidate rows with
plain ``LIKE`` tests and ranks them with the in-memory code
(:func:`lineage_kit.finding.in_memory.rank_rows`), exactly as Frames do.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import REGCLASS, TSQUERY

from ..model import schema
from ..sources.sql.database import Database
from ..sources.sql.neighbours import SqlSource
from ..sources.sql.scope import owner_param, owner_params, scope_to
from .in_memory import SEARCHED_COLUMNS, rank_rows
from .policy import (
    DESCRIPTION_EQUALS,
    DESCRIPTION_PHRASE,
    DESCRIPTION_PREFIX,
    DESCRIPTION_TERMS,
    EXACT_RANK,
    ID,
    PROMPT_PHRASE,
    PROMPT_WORDS,
    READ_ONLY_WITH,
    READING,
    Candidate,
    SearchQuery,
    rank_field,
    word_pattern,
)

__all__ = ["PROMPT_INDEX", "SqlSearch", "as_words_read", "has_prompt_index", "prompt_tsquery"]

PROMPT_INDEX = re.compile(
    r"USING gin \(to_tsvector\('english'::regconfig, COALESCE\(prompt, ''::text\)\)\)"
)
"""pixsim7's full-text index on the prompt, as ``pg_get_indexdef`` prints it."""
_prompt_index: weakref.WeakKeyDictionary[Database, bool] = weakref.WeakKeyDictionary()


def has_prompt_index(db: Database, conn: sa.Connection) -> bool:
    """Whether the database has a valid full-text index on ``assets.prompt`` of pixsim7's
    shape (looked up once per database)."""
    if db not in _prompt_index:
        ix = sa.table(
            "pg_index",
            sa.column("indexrelid"),
            sa.column("indrelid"),
            sa.column("indisvalid"),
            schema="pg_catalog",
        )
        q = sa.select(sa.func.pg_get_indexdef(ix.c.indexrelid)).where(
            ix.c.indrelid == sa.cast(sa.literal("assets"), REGCLASS), ix.c.indisvalid
        )
        _prompt_index[db] = any(PROMPT_INDEX.search(d) for (d,) in conn.execute(q))
    return _prompt_index[db]


def _fold(col: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """ASCII letters in lower case, whatever the database's locale (the kit's case rule):
    ``lower`` under the C collation folds ASCII only (and is fast, unlike ``translate``)."""
    return sa.func.lower(col.collate("C"))


def _like(text: str, prefix: str = "%", suffix: str = "%") -> str:
    """A LIKE pattern for ``text`` (backslash escapes: PostgreSQL's default, SQLite's ESCAPE)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return prefix + escaped + suffix


class SqlSearch(SqlSource):
    """The database as a :class:`~lineage_kit.finding.searchers.Searcher`."""

    def find_candidates(
        self, q: SearchQuery, limit: int, user_id: int | None, text: bool
    ) -> list[Candidate]:
        """At least the best ``limit`` candidates in scope (any order, each with its rank)."""
        if self.db.dialect != "postgresql":
            return self._scan(q, limit, user_id, text)

        def work(conn: sa.Connection) -> list[Candidate]:
            terms = len(q.terms) if text and self.db.has("assets", "description") else 0
            words = len(q.words) if text and self.db.has("assets", "prompt") else 0
            fts_ok = words and has_prompt_index(self.db, conn)
            tsq = prompt_tsquery(conn, q.words) if fts_ok else None
            ranks, fts = self._exact_ranks(q), tsq is not None
            shape = (ranks, q.provider is not None, user_id is not None, terms, words, fts)
            stmt = self.db.core_statement(("find", *shape), lambda: self._statement(*shape))
            rows = conn.execute(stmt, self._params(q, limit, user_id, tsq))
            return [Candidate(int(r.id), int(r.rank), r.created_at, r.value) for r in rows]

        with self.db.session() as session:
            result: list[Candidate] = session.run(work)
            return result

    # --- shared by both dialects -----------------------------------------------------------
    def _exact_ranks(self, q: SearchQuery) -> tuple[int, ...]:
        """The exact fields (by rank) that ``q`` is compared with, where the database has them."""
        ranks = [ID] if q.asset_id is not None else []
        if not q.only_id:
            ranks.append(EXACT_RANK["provider_asset_id"])
            if q.sha256 is not None and self.db.has("assets", "sha256"):
                ranks.append(EXACT_RANK["sha256"])
            ranks += [
                EXACT_RANK[n] for n in ("stored_key", "local_path") if self.db.has("assets", n)
            ]
        return tuple(ranks)

    def _exact_arms(self, ranks: tuple[int, ...], provider: bool) -> list[tuple[int, Any, Any]]:
        """``(rank, condition, column)`` of each exact field in ``ranks``."""
        a = schema.assets
        text = sa.bindparam("text", type_=sa.String)
        by_provider = sa.and_(
            a.c.provider_id == sa.bindparam("prov", type_=sa.String),
            a.c.provider_asset_id == sa.bindparam("pid", type_=sa.String),
        )
        pid = a.c.provider_asset_id == text
        conds: dict[int, Any] = {
            ID: a.c.id == sa.bindparam("id", type_=sa.BigInteger),
            EXACT_RANK["provider_asset_id"]: sa.or_(pid, by_provider) if provider else pid,
            EXACT_RANK["sha256"]: a.c.sha256 == sa.bindparam("sha", type_=sa.String),
            EXACT_RANK["stored_key"]: a.c.stored_key == text,
            EXACT_RANK["local_path"]: a.c.local_path == text,
        }
        return [(r, conds[r], a.c[rank_field(r)[0]]) for r in ranks]

    def _params(
        self, q: SearchQuery, limit: int, user_id: int | None, tsq: str | None
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"n": limit, "text": q.text, "id": q.asset_id, "sha": q.sha256}
        params.update(tsq=tsq, folded=q.folded)
        owner_params(params, user_id)
        params.update(prefix=_like(q.folded, suffix="%", prefix=""), phrase=_like(q.folded))
        if q.provider is not None:
            params["prov"], params["pid"] = q.provider
        params.update({f"t{i}": _like(t) for i, t in enumerate(q.terms)})
        params.update({f"w{i}": _like(w) for i, w in enumerate(q.words)})
        params.update({f"rx{i}": word_pattern(w) for i, w in enumerate(q.words)})
        return params

    def _scoped(self, stmt: sa.Select[Any], scoped: bool) -> sa.Select[Any]:
        return scope_to(stmt, schema.assets, owner_param() if scoped else None)

    # --- PostgreSQL -----------------------------------------------------------------------
    def _statement(
        self,
        ranks: tuple[int, ...],
        provider: bool,
        scoped: bool,
        terms: int,
        words: int,
        fts: bool,
    ) -> sa.CompoundSelect:
        """Up to three branches, each ordered by the policy and cut at ``n``."""
        a = schema.assets
        created = self.db.column(a, "created_at")
        order: tuple[Any, ...] = (
            sa.literal_column("rank"),
            sa.nulls_last(created.desc()),
            a.c.id.desc(),
        )

        def branch(rank: Any, value: Any, where: list[Any]) -> sa.Select[Any]:
            stmt = sa.select(
                a.c.id,
                created,
                sa.type_coerce(rank, sa.Integer).label("rank"),
                sa.cast(value, sa.Text).label("value"),
            ).where(*where)
            stmt = self._scoped(stmt, scoped).order_by(*order)
            return sa.select(stmt.limit(sa.bindparam("n", type_=sa.Integer)).subquery())

        parts = []
        arms = self._exact_arms(ranks, provider)
        if arms:
            rank = sa.case(*((cond, r) for r, cond, _ in arms))
            value = sa.case(*((cond, sa.cast(col, sa.Text)) for _, cond, col in arms))
            parts.append(branch(rank, value, [sa.or_(*(cond for _, cond, _ in arms))]))
        if terms:
            parts.append(branch(*self._description(terms)))
        if words:
            parts.append(branch(*self._prompt(words, fts)))
        if not parts:  # nothing to compare (a database without the fields): no rows
            parts.append(branch(sa.literal(ID), a.c.id, [sa.false()]))
        return sa.union_all(*parts)

    def _description(self, terms: int) -> tuple[Any, Any, list[Any]]:
        """Rank, value and conditions of the description branch: ``ILIKE`` per term (what
        the trigram index serves), then the exact ASCII-case test."""
        desc = schema.assets.c.description
        d = _fold(desc)
        rank = sa.case(
            (d == sa.bindparam("folded"), DESCRIPTION_EQUALS),
            (d.like(sa.bindparam("prefix")), DESCRIPTION_PREFIX),
            (d.like(sa.bindparam("phrase")), DESCRIPTION_PHRASE),
            else_=DESCRIPTION_TERMS,
        )
        pats = [sa.bindparam(f"t{i}", type_=sa.String) for i in range(terms)]
        return (
            rank,
            desc,
            [desc.is_not(None), *(desc.ilike(p) for p in pats)] + [d.like(p) for p in pats],
        )

    def _prompt(self, words: int, fts: bool) -> tuple[Any, Any, list[Any]]:
        """Rank, value and conditions of the prompt branch: the full-text index's own
        expression (when it exists), then each word as a substring and as a word."""
        prompt = schema.assets.c.prompt
        p = _fold(prompt)
        rank = sa.case((p.like(sa.bindparam("phrase")), PROMPT_PHRASE), else_=PROMPT_WORDS)
        conds = [prompt.is_not(None)]
        if fts:
            vector = sa.func.to_tsvector(
                sa.literal_column("'english'::regconfig"),
                sa.func.coalesce(prompt, sa.literal_column("''::text")),
            )
            conds.append(vector.op("@@")(sa.cast(sa.bindparam("tsq", type_=sa.Text), TSQUERY)))
        stripped = as_words_read(p)
        conds += [prompt.ilike(sa.bindparam(f"w{i}")) for i in range(words)]
        conds += [stripped.op("~")(sa.bindparam(f"rx{i}")) for i in range(words)]
        return rank, prompt, conds

    # --- SQLite: candidate rows, ranked in memory -----------------------------------------
    def _scan(self, q: SearchQuery, limit: int, user_id: int | None, text: bool) -> list[Candidate]:
        """Rows that may match (exact fields, or every term and word as a ``LIKE``
        substring), ranked by the in-memory rules."""
        a = schema.assets
        conds = [
            cond for _, cond, _ in self._exact_arms(self._exact_ranks(q), q.provider is not None)
        ]
        for name, key, needles in (("description", "t", q.terms), ("prompt", "w", q.words)):
            if text and needles and self.db.has("assets", name):
                pats = [sa.bindparam(f"{key}{i}", type_=sa.String) for i in range(len(needles))]
                conds.append(sa.and_(*(a.c[name].like(p, escape="\\") for p in pats)))
        if not conds:
            return []
        cols = [self.db.column(a, name) for name in SEARCHED_COLUMNS]
        stmt = self._scoped(sa.select(*cols).where(sa.or_(*conds)), user_id is not None)
        rows = self._rows(stmt, self._params(q, limit, user_id, None))
        frame = pd.DataFrame([dict(r._mapping) for r in rows], columns=list(SEARCHED_COLUMNS))
        return rank_rows(frame, q, limit, text)


def as_words_read(folded: Any) -> Any:
    """:func:`~lineage_kit.finding.policy.strip_markup` in PostgreSQL: the steps of
    :data:`~lineage_kit.finding.policy.READING`, each a ``regexp_replace``."""
    t = folded
    for pattern, by, reverse in READING:
        if reverse:
            t = sa.func.reverse(sa.func.regexp_replace(sa.func.reverse(t), pattern, by, "g"))
        else:
            t = sa.func.regexp_replace(t, pattern, by, "g")
    return sa.case((folded.op("~")(READ_ONLY_WITH), t), else_=folded)


def prompt_tsquery(conn: sa.Connection, words: Sequence[str]) -> str | None:
    """The full-text query of the words (see the module's notes): for each word, a lexeme
    that starts with its English stem or with the word itself; None when every word is a
    stop word (then no index can narrow the prompts)."""

    def prefix(config: str, word: Any) -> Any:
        plain = sa.func.plainto_tsquery(sa.literal_column(f"'{config}'::regconfig"), word)
        return sa.cast(sa.cast(plain, sa.Text) + ":*", TSQUERY)

    cols = []
    for i, w in enumerate(words):
        word = sa.bindparam(f"q{i}", w, type_=sa.Text)
        english = sa.func.plainto_tsquery(sa.literal_column("'english'::regconfig"), word)
        either = prefix("english", word).op("||")(prefix("simple", word))
        cols.append(sa.case((sa.func.numnode(english) == 0, None), else_=sa.cast(either, sa.Text)))
    parts = [t for t in conn.execute(sa.select(*cols)).one() if t]
    return " & ".join(f"({t})" for t in parts) or None
