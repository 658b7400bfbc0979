"""The SQL database as a catalog source: a gallery page, facet values, asset details.

The catalog's rules are :mod:`lineage_kit.sources.base`'s (value-form filters,
newest first); here they are stated in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from ...model import schema
from ...model.records import normalise_details
from ..base import ASSET_FILTER_COLUMNS, FACET_COLUMNS, LINEAGE_FILTERS, Filters, facet_list
from ..media import Pixsim7Media
from ..order import newest_first_sql
from .bulk import scoped_lineage
from .database import Database
from .neighbours import SqlSource
from .scope import scope_to, scoped_join

__all__ = ["SqlCatalog"]


class SqlCatalog(SqlSource):
    """The database as a :class:`~lineage_kit.sources.CatalogSource`."""

    def __init__(
        self, db: Database, counter: list[int] | None = None, media: Pixsim7Media | None = None
    ) -> None:
        super().__init__(db, counter)
        self.media = media
        """How summaries report thumbnails (None: the environment's settings)."""

    def _scoped(self, q: sa.Select[Any], filters: Filters, user_id: int | None) -> sa.Select[Any]:
        a = schema.assets
        q = scope_to(q, a, user_id)
        for name, value in filters.items():
            if name in LINEAGE_FILTERS:
                q = q.where(self._made_by(value, user_id))
                continue
            column = ASSET_FILTER_COLUMNS[name]
            if not self.db.has("assets", column):
                q = q.where(sa.false())  # the column is absent: nothing has that value
                continue
            text = sa.cast(a.c[column], sa.String)
            if name == "media_type":  # enum labels (VIDEO, MODEL_3D) or values
                q = q.where(text.in_(schema.media_type_spellings(value)))
            elif column == "operation_type":  # lower-case values, or legacy upper-case labels
                q = q.where(sa.func.lower(text) == value)
            else:
                q = q.where(text == value)
        return q

    def _made_by(self, operation: str, user_id: int | None) -> sa.ColumnElement[bool]:
        """The asset is the child of an in-scope row with ``operation`` (pixsim7's EXISTS)."""
        a = schema.assets
        lin = schema.asset_lineage.alias("ml")
        p = schema.assets.alias("mp")
        on_p = scoped_join(p, lin.c.parent_asset_id, user_id)
        op = sa.func.lower(sa.cast(lin.c.operation_type, sa.String))
        return sa.exists(
            sa.select(lin.c.id)
            .select_from(lin.join(p, on_p))
            .where(lin.c.child_asset_id == a.c.id, op == operation)
        )

    def list_ids(
        self, filters: Filters, offset: int, limit: int, user_id: int | None
    ) -> tuple[list[int], int]:
        a = schema.assets
        order = newest_first_sql(a, self.db.has("assets", "created_at"))
        q = self._scoped(sa.select(a.c.id, sa.func.count().over().label("total")), filters, user_id)
        rows = self._rows(q.order_by(*order).limit(limit).offset(offset))
        if rows:
            return [int(r.id) for r in rows], int(rows[0].total)
        total = self._scalar(self._scoped(sa.select(sa.func.count()), filters, user_id))
        return [], int(total or 0)

    def facet_values(self, user_id: int | None) -> dict[str, list[str]]:
        a = schema.assets
        out: dict[str, list[str]] = {}
        for name in FACET_COLUMNS:
            if name in LINEAGE_FILTERS:
                rows = scoped_lineage(self.db, user_id).subquery("rows")
                op = sa.func.lower(sa.cast(rows.c.operation_type, sa.String))
                out[name] = facet_list(name, (v for (v,) in self._rows(sa.select(op).distinct())))
                continue
            column = ASSET_FILTER_COLUMNS[name]
            values: set[str] = set()
            if self.db.has("assets", column):
                q = sa.select(a.c[column]).distinct().where(a.c[column].is_not(None))
                q = scope_to(q, a, user_id)
                values = {v for (v,) in self._rows(q)}
            out[name] = facet_list(name, values)
        return out

    def details(self, ids: Iterable[int], user_id: int | None) -> dict[int, dict[str, Any]]:
        a = schema.assets
        cols = [self.db.column(a, c.name) for c in a.c]
        wanted = self.db.ids_table("ids")
        q = sa.select(*cols).select_from(a.join(wanted, a.c.id == wanted.c.id))
        q = scope_to(q, a, user_id)
        rows = self._rows(q, {"ids": self.db.id_list(list(ids))})
        return {int(r.id): normalise_details(dict(r._mapping)) for r in rows}
