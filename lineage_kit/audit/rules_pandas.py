"""The audit's checks over DataFrames (pandas, and networkx for cycles).

They give the same raw facts as :mod:`.rules_sql` for the same tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..model import schema
from ..model.provider import pixverse_metadata
from ..model.records import plain
from ..refresh.facts import FrameFacts
from .cycles import cycle_facts
from .findings import lower_operation
from .refresh_checks import REFRESH_CHECKS, refresh_facts

__all__ = ["frames_facts"]


def frames_facts(
    a: pd.DataFrame,
    lin: pd.DataFrame,
    uid: int | None,
    checks: Iterable[str],
    generations: pd.DataFrame | None = None,
) -> dict[str, list[tuple[Any, ...]]]:
    """The raw fact rows of each check over the two tables (same shape as the SQL ones);
    ``generations``: the generations the source holds, for the refresh checks."""
    checks = list(checks)
    owner = pd.Series(a["user_id"].to_numpy(), index=a["id"].to_numpy())
    rows = pd.DataFrame(
        {
            "id": lin["id"].to_numpy(),
            "parent": lin["parent_asset_id"].to_numpy(),
            "child": lin["child_asset_id"].to_numpy(),
            "relation": lin["relation_type"].to_numpy(dtype=object),
            "operation": lin["operation_type"].to_numpy(dtype=object),
            "seq": lin["sequence_order"].to_numpy(),
        }
    )
    rows["op"] = rows["operation"].map(lower_operation)
    rows["p_exists"] = rows["parent"].isin(owner.index)
    rows["c_exists"] = rows["child"].isin(owner.index)
    rows["p_user"] = rows["parent"].map(owner)
    rows["c_user"] = rows["child"].map(owner)
    if uid is None:
        concerns = pd.Series(True, index=rows.index)
        rows["p_in"], rows["c_in"] = rows["p_exists"], rows["c_exists"]
    else:
        # With an owner, an end outside the scope is one case, missing or another owner's.
        rows["p_in"], rows["c_in"] = rows["p_user"] == uid, rows["c_user"] == uid
        concerns = rows["p_in"] | rows["c_in"]
    out: dict[str, list[tuple[Any, ...]]] = {}
    for name in checks:
        if name == "repeated_inputs":
            out[name] = _pd_repeated_inputs(a, uid)
        elif name not in REFRESH_CHECKS:
            out[name] = _PANDAS_CHECKS[name](rows, concerns, uid)
    out.update(refresh_facts(FrameFacts(a, lin, generations), uid, checks))
    return out


def _tuples(df: pd.DataFrame, cols: list[str]) -> list[tuple[Any, ...]]:
    return [tuple(plain(v) for v in row) for row in df[cols].itertuples(index=False, name=None)]


def _pd_dangling(rows: pd.DataFrame, concerns: pd.Series, *_: Any) -> list[tuple[Any, ...]]:
    hit = rows[concerns & ~(rows["p_in"] & rows["c_in"])]
    return [
        (r[0], r[1], r[2], r[1] if r[3] else None, r[2] if r[4] else None)
        for r in _tuples(hit, ["id", "parent", "child", "p_in", "c_in"])
    ]


def _pd_self_loops(rows: pd.DataFrame, concerns: pd.Series, *_: Any) -> list[tuple[Any, ...]]:
    hit = rows[concerns & (rows["parent"] == rows["child"])]
    return _tuples(hit, ["id", "parent", "relation", "op"])


def _pd_duplicates(rows: pd.DataFrame, concerns: pd.Series, *_: Any) -> list[tuple[Any, ...]]:
    key = ["parent", "child", "relation", "seq"]
    grouped = rows.groupby(key, dropna=False, sort=False)["id"]
    rows = rows.assign(keep=grouped.transform("min"), n=grouped.transform("size"))
    hit = rows[concerns & (rows["n"] > 1) & (rows["id"] > rows["keep"])]
    return _tuples(hit, ["id", "parent", "child", "keep"])


def _pd_cross_owner(
    rows: pd.DataFrame, concerns: pd.Series, uid: int | None, *_: Any
) -> list[tuple[Any, ...]]:
    if uid is not None:  # the other end is outside the scope: reported as dangling
        return []
    both = rows["p_exists"] & rows["c_exists"]
    hit = rows[concerns & both & (rows["p_user"] != rows["c_user"])]
    return _tuples(hit, ["id", "parent", "child", "p_user", "c_user"])


def _pd_unknown_values(rows: pd.DataFrame, concerns: pd.Series, *_: Any) -> list[tuple[Any, ...]]:
    odd = ~rows["relation"].isin(schema.RELATION_TYPES) | ~rows["op"].isin(schema.OPERATION_TYPES)
    return _tuples(rows[concerns & odd], ["id", "parent", "child", "relation", "operation"])


def _pd_legacy_labels(rows: pd.DataFrame, concerns: pd.Series, *_: Any) -> list[tuple[Any, ...]]:
    text = rows["operation"].astype(object)
    legacy = rows["op"].isin(schema.OPERATION_TYPES) & text.notna() & (text != rows["op"])
    return _tuples(rows[concerns & legacy], ["id", "parent", "child", "operation"])


def _pd_repeated_inputs(a: pd.DataFrame, uid: int | None) -> list[tuple[Any, ...]]:
    """Assets of the scope with a Pixverse payload (the findings read the payload)."""
    if "media_metadata" not in a.columns:
        return []
    mine = a if uid is None else a[a["user_id"] == uid]
    mine = mine[mine["media_metadata"].notna()]
    return [
        (asset, meta)
        for asset, meta in _tuples(mine, ["id", "media_metadata"])
        if len(pixverse_metadata(meta).input_list) > 1
    ]


def _pd_sequence_gaps(
    rows: pd.DataFrame, concerns: pd.Series, uid: int | None, *_: Any
) -> list[tuple[Any, ...]]:
    multi = rows[rows["op"].isin(schema.MULTI_INPUT_OPERATIONS)]
    if uid is not None:
        multi = multi[multi["c_user"] == uid]
    if multi.empty:
        return []
    stats = multi.groupby(["child", "op"])["seq"].agg(["size", "nunique", "min", "max"])
    bad = stats[
        (stats["min"] != 0)
        | (stats["max"] != stats["size"] - 1)
        | (stats["nunique"] != stats["size"])
    ]
    hit = multi.merge(bad.reset_index()[["child", "op"]], on=["child", "op"])
    return _tuples(hit, ["child", "op", "seq", "id"])


def _pd_cycles(rows: pd.DataFrame, concerns: pd.Series, uid: int | None) -> list[tuple[Any, ...]]:
    scoped = rows["p_exists"] & rows["c_exists"] & (rows["parent"] != rows["child"])
    if uid is not None:
        scoped &= (rows["p_user"] == uid) & (rows["c_user"] == uid)
    return cycle_facts(_tuples(rows[scoped], ["id", "parent", "child"]))


_PANDAS_CHECKS = {
    "dangling": _pd_dangling,
    "self_loops": _pd_self_loops,
    "cycles": _pd_cycles,
    "duplicates": _pd_duplicates,
    "cross_owner": _pd_cross_owner,
    "sequence_gaps": _pd_sequence_gaps,
    "unknown_values": _pd_unknown_values,
    "legacy_labels": _pd_legacy_labels,
}
