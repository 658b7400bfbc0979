"""The owner scope of a SQL statement, written once.

With a ``user_id`` only that owner's assets exist for a statement, and a
lineage row exists only when both its ends do (an end is joined to ``assets``
through :func:`scoped_join`). Every statement builder states the scope through
these helpers, with the owner in one of three forms (:data:`Owner`): ``None``
(every owner: no condition at all), an id bound into a statement built for one
call, or the named parameter ``uid`` (:func:`owner_param`) of a statement
compiled once and cached, whose value :func:`owner_params` supplies per call.

>>> import sqlalchemy as sa
>>> from lineage_kit.model import schema
>>> a = schema.assets.alias("a")
>>> str(scoped_join(a, sa.literal_column("x"), owner_param()))
'a.id = x AND a.user_id = :uid'
>>> str(scoped_join(a, sa.literal_column("x"), None))
'a.id = x'
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import BindParameter

from .database import big

__all__ = ["UID", "Owner", "owned", "owner_param", "owner_params", "scope_to", "scoped_join"]

UID = "uid"
"""The name of the owner parameter of a cached statement."""

Owner = int | BindParameter[Any] | None
"""Whose assets a statement sees: ``None`` (every owner), an id, or :func:`owner_param`."""


def owner_param() -> BindParameter[Any]:
    """The owner as the named parameter ``uid`` (64-bit), for a statement compiled once."""
    return sa.bindparam(UID, type_=sa.BigInteger)


def owner_params(params: dict[str, Any], user_id: int | None) -> dict[str, Any]:
    """``params`` with the value of ``uid`` for a scoped call of a cached statement."""
    if user_id is not None:
        params[UID] = user_id
    return params


def owned(assets: Any, owner: int | BindParameter[Any]) -> sa.ColumnElement[bool]:
    """The ``assets`` row (a table or an alias) belongs to ``owner``."""
    value = owner if isinstance(owner, BindParameter) else big(owner)
    return assets.c.user_id == value


def scope_to(q: sa.Select[Any], assets: Any, owner: Owner) -> sa.Select[Any]:
    """``q`` limited to the owner's rows of ``assets`` (unchanged for every owner)."""
    return q if owner is None else q.where(owned(assets, owner))


def scoped_join(assets: Any, asset_id: Any, owner: Owner) -> sa.ColumnElement[bool]:
    """Join condition of an end of a lineage row: the ``assets`` row is ``asset_id``, in scope."""
    on = assets.c.id == asset_id
    return on if owner is None else sa.and_(on, owned(assets, owner))
