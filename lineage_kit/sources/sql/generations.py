"""What pixsim7's refresh reads, read from the database: children, generations and lookups.

A refresh of a child reads the child's row, its generation
(``assets.source_generation_id`` → ``generations``, by primary key), and looks its
payload's inputs up among the owner's assets: by ``provider_asset_id``
(``idx_asset_provider_lookup``), by ``remote_url`` (no index: pixsim7 scans the
owner's assets through ``ix_assets_user_id``, and so does this). Every statement here
is one of those reads, scoped like every statement of the kit; the rules that use
them are :mod:`lineage_kit.model.refresh_rules`.

``generations`` is optional: :func:`generations_missing` says why a database cannot
answer (no table, or a table without the columns the kit reads).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa

from ...model import schema
from .bulk import scoped_lineage
from .database import Database, Session, big
from .scope import owned, scope_to

__all__ = [
    "CHILD_COLUMNS",
    "by_candidates",
    "by_tokens",
    "by_urls",
    "children",
    "generated_ids",
    "generations_missing",
    "in_scope",
    "lineage_keys",
    "read_generations",
]

CHILD_COLUMNS = (
    "id",
    "user_id",
    "provider_id",
    "media_type",
    "media_metadata",
    "source_generation_id",
)
"""What a child row carries (JSON as text), followed by the generation's columns prefixed
``generation.``."""


def generations_missing(db: Database) -> str | None:
    """Why this database has no generations to read, or ``None`` when it has them."""
    if not db.has_table("generations"):
        return f"{db.label} has no generations table"
    lacking = [c for c in schema.GENERATIONS_REQUIRED if not db.has("generations", c)]
    if lacking:
        return f"{db.label}: table generations lacks column(s) {', '.join(lacking)}"
    if not db.has("assets", "source_generation_id"):
        return f"{db.label}: table assets has no source_generation_id column"
    return None


def children(
    db: Database,
    session: Session,
    ids: Sequence[int] | None,
    uid: int | None,
    generation_columns: Sequence[str] = ("operation_type", "inputs"),
) -> list[dict[str, Any]]:
    """Child rows in scope with their generation (``None`` columns without one).

    ``ids``: these assets; ``None``: every asset of the scope that a refresh could
    rebuild (one with a generation, or a Pixverse asset with a payload). A generation
    of another owner than ``uid`` is not joined: for the scope it does not exist.
    """
    a = schema.assets.alias("a")
    cols: list[Any] = [
        db.column(a, name, text=name in ("media_type", "media_metadata")) for name in CHILD_COLUMNS
    ]
    joined: Any = a
    missing = generations_missing(db)
    g = schema.generations.alias("g")
    if missing is None:
        on = g.c.id == a.c.source_generation_id
        if uid is not None:  # another owner's generation does not exist for the scope
            on = sa.and_(on, owned(g, uid))
        joined = a.outerjoin(g, on)
        cols += [
            db.column(g, name, text=name in ("inputs", "canonical_params")).label(
                f"generation.{name}"
            )
            for name in ("id", *generation_columns)
        ]
    q = scope_to(sa.select(*cols).select_from(joined), a, uid)
    if ids is not None:
        q = q.where(a.c.id.in_([big(i) for i in ids]))
    else:
        can = [sa.and_(a.c.provider_id == "pixverse", a.c.media_metadata.is_not(None))]
        if db.has("assets", "source_generation_id"):
            can.append(a.c.source_generation_id.is_not(None))
        if not db.has("assets", "media_metadata"):
            can = can[1:]
        q = q.where(sa.or_(*can) if can else sa.false())
    rows = session.rows(q.order_by(a.c.id))
    out = []
    for r in rows:
        rec = dict(r._mapping)
        if missing is None and rec.get("generation.id") is None:
            for name in ("id", *generation_columns):
                rec.pop(f"generation.{name}", None)
        out.append(rec)
    return out


def in_scope(db: Database, session: Session, ids: Iterable[int], uid: int | None) -> set[int]:
    """Which of ``ids`` are assets in scope (one statement, by primary key)."""
    wanted = sorted({int(i) for i in ids if -(2**63) <= int(i) < 2**63})
    if not wanted:
        return set()
    a = schema.assets
    q = scope_to(sa.select(a.c.id).where(a.c.id.in_([big(i) for i in wanted])), a, uid)
    return {int(i) for (i,) in session.rows(q)}


def by_candidates(
    session: Session, owner: int, provider: str, candidates: Iterable[str]
) -> dict[str, int]:
    """``provider_asset_id`` → the lowest id of the owner's assets of ``provider`` with it."""
    wanted = sorted({c for c in candidates if c})
    if not wanted:
        return {}
    a = schema.assets
    q = (
        sa.select(a.c.provider_asset_id, sa.func.min(a.c.id))
        .where(
            owned(a, owner),
            a.c.provider_id == provider,
            a.c.provider_asset_id.in_(wanted),
        )
        .group_by(a.c.provider_asset_id)
    )
    return {str(p): int(i) for p, i in session.rows(q)}


def by_urls(
    db: Database, session: Session, owner: int, provider: str, urls: Iterable[str]
) -> dict[str, list[int]]:
    """``remote_url`` → the owner's assets of ``provider`` that have exactly it."""
    wanted = sorted({u for u in urls if u})
    if not wanted or not db.has("assets", "remote_url"):
        return {}
    a = schema.assets
    q = sa.select(a.c.remote_url, a.c.id).where(
        owned(a, owner), a.c.provider_id == provider, a.c.remote_url.in_(wanted)
    )
    out: dict[str, list[int]] = defaultdict(list)
    for url, i in session.rows(q.order_by(a.c.id)):
        out[str(url)].append(int(i))
    return dict(out)


def by_tokens(
    db: Database, session: Session, owner: int, provider: str, tokens: Iterable[str]
) -> list[tuple[int, str]]:
    """``(id, remote_url)`` of the owner's assets of ``provider`` whose URL contains one of
    ``tokens`` case-insensitively (``ILIKE '%token%'``: a superset, checked by the caller)."""
    wanted = sorted({t for t in tokens if t})
    if not wanted or not db.has("assets", "remote_url"):
        return []
    a = schema.assets
    q = sa.select(a.c.id, a.c.remote_url).where(
        owned(a, owner),
        a.c.provider_id == provider,
        sa.or_(*(a.c.remote_url.ilike(f"%{t}%") for t in wanted)),
    )
    return [(int(i), str(u)) for i, u in session.rows(q.order_by(a.c.id))]


def lineage_keys(
    db: Database, session: Session, child_ids: Sequence[int] | None, uid: int | None
) -> list[tuple[int, int, int, str, int]]:
    """In-scope rows ``(id, parent, child, relation_type, sequence_order)`` of these children
    (``None``: of every child in scope)."""
    q = scoped_lineage(db, uid).subquery("s")
    stmt = sa.select(
        q.c.id, q.c.parent_asset_id, q.c.child_asset_id, q.c.relation_type, q.c.sequence_order
    )
    if child_ids is not None:
        if not child_ids:
            return []
        stmt = stmt.where(q.c.child_asset_id.in_([big(i) for i in child_ids]))
    return [(int(i), int(p), int(c), str(r), int(s or 0)) for i, p, c, r, s in session.rows(stmt)]


def read_generations(db: Database, uid: int | None) -> pd.DataFrame | None:
    """The scope's generations (every column the kit reads; JSON as text), or ``None`` when
    the database has none (:func:`generations_missing`)."""
    if generations_missing(db) is not None:
        return None
    g = schema.generations
    cols = [db.column(g, c.name, text=c.name in ("inputs", "canonical_params")) for c in g.c]
    q = scope_to(sa.select(*cols), g, uid).order_by(g.c.id)
    with db.session(timeout=db.bulk_timeout) as session:
        rows = session.rows(q)
    return pd.DataFrame([tuple(r) for r in rows], columns=[c.name for c in g.c])


def generated_ids(db: Database, session: Session, uid: int | None) -> set[int]:
    """The scope's assets that name a generation (``source_generation_id`` set)."""
    if not db.has("assets", "source_generation_id"):
        return set()
    a = schema.assets
    q = scope_to(sa.select(a.c.id).where(a.c.source_generation_id.is_not(None)), a, uid)
    return {int(i) for (i,) in session.rows(q)}
