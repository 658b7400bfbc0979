"""Raw rows into plain values, the same way for every source.

Sources hand over what their driver or library gives: numpy scalars, NaN,
``pd.NA``, enum labels, JSON text. These functions turn them into plain Python
values in value form, in one place, so that the SQL store, the arrays and
networkx give equal answers.

>>> plain(float("nan")) is None, order_or_zero(None)
(True, 0)
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa

from . import schema

__all__ = [
    "MISSING_ORDER",
    "collector_paused",
    "count_text",
    "json_value",
    "normalise_details",
    "normalise_frame",
    "opt_bool",
    "opt_float",
    "opt_int",
    "opt_str",
    "order_or_zero",
    "plain",
    "plain_records",
]

_VALUE_FORM = {"media_type": schema.media_type_value, "operation_type": schema.operation_type_value}
"""Columns stored as enum labels, reported in pixsim7's value form (both tables)."""


_PLAIN = frozenset({str, int, bool})
"""Types that need no conversion (most values, from SQL or Arrow): checked first, cheaply."""


def plain(value: Any) -> Any:
    """numpy/pandas scalars → Python; NaN/NA/NaT → None."""
    if value is None or type(value) in _PLAIN:
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def opt_int(value: Any) -> int | None:
    if type(value) is int:
        return value
    v = plain(value)
    return None if v is None else int(v)


def opt_float(value: Any) -> float | None:
    """A float, or None for a missing value or NaN (however a source spells it: numpy NaN,
    or PostgreSQL's ``"NaN"`` in JSON, which has no NaN)."""
    v = plain(value)
    if v is None:
        return None
    f = float(v)
    return None if math.isnan(f) else f


def opt_str(value: Any) -> str | None:
    if value is None or type(value) is str:
        return value
    v = plain(value)
    return None if v is None else str(v)


def opt_bool(value: Any) -> bool | None:
    v = plain(value)
    return None if v is None else bool(v)


MISSING_ORDER = 0
"""What a missing ``sequence_order`` counts as: 0, as pixsim7's writers set it."""


def order_or_zero(value: Any) -> int:
    """A row's ``sequence_order``; a missing one counts as :data:`MISSING_ORDER`."""
    order = opt_int(value)
    return MISSING_ORDER if order is None else order


def count_text(count: int, capped: bool) -> str:
    """A degree count as shown: ``3``, or ``1000+`` when it reached the query's ``count_limit``.

    >>> count_text(1000, True), count_text(3, False)
    ('1000+', '3')
    """
    return f"{count}+" if capped else str(count)


def json_document(value: Any) -> Any:
    """A JSON column's value decoded: JSON text (str or bytes) parsed, anything else as the
    driver gave it (PostgreSQL's json is decoded already); text that is not JSON is None.

    >>> json_document('[1, {"a": 2}]'), json_document({"a": 1}), json_document("not json")
    ([1, {'a': 2}], {'a': 1}, None)
    """
    value = plain(value)
    if isinstance(value, (str, bytes)):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def json_value(document: Any, key: str) -> Any:
    """``document[key]`` of a JSON object given as a dict or as JSON text; None otherwise.

    >>> json_value('{"a": 1}', "a"), json_value("not json", "a"), json_value([1], "a")
    (1, None, None)
    """
    document = json_document(document)
    return document.get(key) if isinstance(document, dict) else None


def plain_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values, NaN as None."""
    cols = list(df.columns)
    return [
        {c: plain(v) for c, v in zip(cols, row, strict=True)}
        for row in df.itertuples(index=False, name=None)
    ]


def _map_unique(series: pd.Series, fn: Any) -> pd.Series:
    """Apply ``fn`` once per distinct value (enum-like columns have a handful); the
    result is a text column (pandas' ``str``: compact, no Python object per row)."""
    codes, uniques = pd.factorize(series)
    mapped = pd.array([fn(v) for v in uniques], dtype="str")
    return pd.Series(mapped.take(codes, allow_fill=True), index=series.index, name=series.name)


def normalise_frame(df: pd.DataFrame, table: sa.Table) -> pd.DataFrame:
    """A copy of one table's frame: absent optional columns added as null, enums in value form.

    ``table`` is :data:`~lineage_kit.model.schema.assets` or
    :data:`~lineage_kit.model.schema.asset_lineage`. The copy shares the other
    columns with ``df`` (pandas copies a column when either frame edits it).
    """
    df = df.copy(deep=False)
    for col in table.c:
        if col.name not in df.columns:
            df[col.name] = None
    for name, fn in _VALUE_FORM.items():
        if name in table.c:
            df[name] = _map_unique(df[name], fn)
    return df


def normalise_details(rec: Mapping[str, Any]) -> dict[str, Any]:
    """An asset row as plain values: value-form enums, JSON text decoded, owner as int."""
    out = {k: plain(v) for k, v in rec.items()}
    out["id"] = int(out["id"])
    if out.get("user_id") is not None:
        out["user_id"] = int(out["user_id"])
    for name, fn in _VALUE_FORM.items():
        out[name] = fn(out.get(name))
    meta = out.get("media_metadata")
    if isinstance(meta, str):
        with contextlib.suppress(ValueError):  # not JSON: keep the text as stored
            out["media_metadata"] = json.loads(meta)
    if out.get("is_archived") is not None:
        out["is_archived"] = bool(out["is_archived"])
    if hasattr(out.get("created_at"), "to_pydatetime"):
        out["created_at"] = out["created_at"].to_pydatetime()
    return out


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a block makes many small objects (an answer's
    values, a query's candidate lists).

    They hold no cycles, but making tens of thousands of objects triggers collections
    that traverse every object of the process, which took longer than making a
    10,000-node answer itself.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
