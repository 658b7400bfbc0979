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

import json
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from ...model import schema
from .database import Database
from .scope import owned, owner_param, owner_params, scope_to, scoped_join
from .session import Session

__all__ = [
    "CHILD_COLUMNS",
    "by_candidates",
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


def _listed(db: Database, col: Any, name: str, kind: Any = sa.BigInteger) -> Any:
    """``col`` is one of the list parameter ``name`` (an index lookup per value): ``= ANY`` of
    an array on PostgreSQL, ``IN (SELECT value FROM json_each(...))`` on SQLite."""
    if db.dialect == "postgresql":
        return col == sa.any_(sa.bindparam(name, type_=ARRAY(kind)))
    each = sa.func.json_each(sa.bindparam(name, type_=sa.String)).table_valued("value")
    return col.in_(sa.select(each.c.value))


def _values(db: Database, values: Sequence[Any]) -> Any:
    """A list parameter's value: the list (PostgreSQL) or its JSON text (SQLite)."""
    return list(values) if db.dialect == "postgresql" else json.dumps(list(values))


def _owner(uid: int | None) -> Any:
    return None if uid is None else owner_param()


def _children_statement(
    db: Database, listed: bool, scoped: bool, generation_columns: Sequence[str]
) -> sa.Select[Any]:
    a = schema.assets.alias("a")
    owner = owner_param() if scoped else None
    cols: list[Any] = [
        db.column(a, name, text=name in ("media_type", "media_metadata")) for name in CHILD_COLUMNS
    ]
    joined: Any = a
    if generations_missing(db) is None:
        g = schema.generations.alias("g")
        on = g.c.id == a.c.source_generation_id
        if owner is not None:  # another owner's generation does not exist for the scope
            on = sa.and_(on, owned(g, owner))
        joined = a.outerjoin(g, on)
        cols += [
            db.column(g, name, text=name in ("inputs", "canonical_params")).label(
                f"generation.{name}"
            )
            for name in ("id", *generation_columns)
        ]
    q = scope_to(sa.select(*cols).select_from(joined), a, owner)
    if listed:
        return q.where(_listed(db, a.c.id, "ids")).order_by(a.c.id)
    can = []
    if db.has("assets", "media_metadata"):
        can.append(sa.and_(a.c.provider_id == "pixverse", a.c.media_metadata.is_not(None)))
    if db.has("assets", "source_generation_id"):
        can.append(a.c.source_generation_id.is_not(None))
    return q.where(sa.or_(*can) if can else sa.false()).order_by(a.c.id)


def children(
    db: Database,
    session: Session,
    ids: Sequence[int] | None,
    uid: int | None,
    generation_columns: Sequence[str] = ("operation_type", "inputs"),
) -> list[dict[str, Any]]:
    """Child rows in scope with their generation (``generation.*`` columns; none without one).

    ``ids``: these assets; ``None``: every asset of the scope that a refresh could
    rebuild (one with a generation, or a Pixverse asset with a payload). A generation
    of another owner than ``uid`` is not joined: for the scope it does not exist.
    """
    gen_cols = tuple(generation_columns)
    key = ("refresh.children", ids is not None, uid is not None, gen_cols)
    stmt = db.statement(
        key, lambda: _children_statement(db, ids is not None, uid is not None, gen_cols)
    )
    params = owner_params({}, uid)
    if ids is not None:
        params["ids"] = _values(db, sorted({int(i) for i in ids}))
    names = [*CHILD_COLUMNS]
    if generations_missing(db) is None:
        names += [f"generation.{n}" for n in ("id", *gen_cols)]
    out = []
    for row in session.rows(stmt, params):
        rec = dict(zip(names, row, strict=True))
        if rec.get("generation.id") is None:
            rec = {k: v for k, v in rec.items() if not k.startswith("generation.")}
        out.append(rec)
    return out


def in_scope(db: Database, session: Session, ids: Iterable[int], uid: int | None) -> set[int]:
    """Which of ``ids`` are assets in scope (one statement, by primary key)."""
    wanted = sorted({int(i) for i in ids if -(2**63) <= int(i) < 2**63})
    if not wanted:
        return set()

    def build() -> sa.Select[Any]:
        a = schema.assets
        return scope_to(sa.select(a.c.id).where(_listed(db, a.c.id, "ids")), a, _owner(uid))

    stmt = db.statement(("refresh.in_scope", uid is not None), build)
    return {int(i) for (i,) in session.rows(stmt, owner_params({"ids": _values(db, wanted)}, uid))}


def by_candidates(
    db: Database, session: Session, owner: int, provider: str, candidates: Iterable[str]
) -> dict[str, int]:
    """``provider_asset_id`` → the lowest id of the owner's assets of ``provider`` with it."""
    wanted = sorted({c for c in candidates if c})
    if not wanted:
        return {}

    def build() -> sa.Select[Any]:
        a = schema.assets
        return (
            sa.select(a.c.provider_asset_id, sa.func.min(a.c.id))
            .where(
                owned(a, owner_param()),
                a.c.provider_id == sa.bindparam("provider", type_=sa.String),
                _listed(db, a.c.provider_asset_id, "cands", sa.Text),
            )
            .group_by(a.c.provider_asset_id)
        )

    params = {"uid": owner, "provider": provider, "cands": _values(db, wanted)}
    rows = session.rows(db.statement(("refresh.by_candidates",), build), params)
    return {str(p): int(i) for p, i in rows}


def by_urls(
    db: Database,
    session: Session,
    owner: int,
    provider: str,
    urls: Iterable[str],
    tokens: Iterable[str] = (),
) -> list[tuple[int, str]]:
    """``(id, remote_url)`` of the owner's assets of ``provider`` whose URL is one of ``urls``
    or contains one of ``tokens`` case-insensitively (``ILIKE '%token%'``, a superset the
    caller checks): pixsim7's two URL lookups, each a pass over the owner's assets (no index
    in pixsim7 serves ``remote_url``). The caller asks for the exact URLs first and for the
    tokens only of the URLs that missed: an empty list matches nothing."""
    wanted = sorted({u for u in urls if u})
    patterns = sorted({f"%{t}%" for t in tokens if t})
    if not (wanted or patterns) or not db.has("assets", "remote_url"):
        return []

    def build() -> sa.Select[Any]:
        a = schema.assets
        if db.dialect == "postgresql":
            like: Any = a.c.remote_url.op("ILIKE")(
                sa.any_(sa.bindparam("patterns", type_=ARRAY(sa.Text)))
            )
        else:
            each = sa.func.json_each(sa.bindparam("patterns", type_=sa.String)).table_valued(
                "value"
            )
            like = sa.exists(
                sa.select(sa.literal(1))
                .select_from(each)
                .where(sa.func.lower(a.c.remote_url).like(sa.func.lower(each.c.value)))
            )
        return (
            sa.select(a.c.id, a.c.remote_url)
            .where(
                owned(a, owner_param()),
                a.c.provider_id == sa.bindparam("provider", type_=sa.String),
                sa.or_(_listed(db, a.c.remote_url, "urls", sa.Text), like),
            )
            .order_by(a.c.id)
        )

    params = {
        "uid": owner,
        "provider": provider,
        "urls": _values(db, wanted),
        "patterns": _values(db, patterns),
    }
    rows = session.rows(db.statement(("refresh.by_urls",), build), params)
    return [(int(i), str(u)) for i, u in rows]


def lineage_keys(
    db: Database, session: Session, child_ids: Sequence[int] | None, uid: int | None
) -> list[tuple[int, int, int, str, int]]:
    """In-scope rows ``(id, parent, child, relation_type, sequence_order)`` of these children
    (``None``: of every child in scope)."""
    if child_ids is not None and not child_ids:
        return []

    def build() -> sa.Select[Any]:
        lin = schema.asset_lineage.alias("l")
        p, c = schema.assets.alias("p"), schema.assets.alias("c")
        owner = _owner(uid)
        q = sa.select(
            lin.c.id,
            lin.c.parent_asset_id,
            lin.c.child_asset_id,
            lin.c.relation_type,
            lin.c.sequence_order,
        ).select_from(
            lin.join(p, scoped_join(p, lin.c.parent_asset_id, owner)).join(
                c, scoped_join(c, lin.c.child_asset_id, owner)
            )
        )
        if child_ids is not None:
            q = q.where(_listed(db, lin.c.child_asset_id, "ids"))
        return q

    stmt = db.statement(("refresh.lineage_keys", child_ids is not None, uid is not None), build)
    params = owner_params({}, uid)
    if child_ids is not None:
        params["ids"] = _values(db, sorted({int(i) for i in child_ids}))
    return [
        (int(i), int(p), int(c), str(r), int(s or 0))
        for i, p, c, r, s in session.rows(stmt, params)
    ]


def generated_ids(db: Database, session: Session, uid: int | None) -> set[int]:
    """The scope's assets that name a generation (``source_generation_id`` set)."""
    if not db.has("assets", "source_generation_id"):
        return set()
    a = schema.assets
    q = scope_to(sa.select(a.c.id).where(a.c.source_generation_id.is_not(None)), a, uid)
    return {int(i) for (i,) in session.rows(q)}


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
