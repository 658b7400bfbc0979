"""The lineage audit: rows a query silently skips or that break pixsim7's own conventions.

Seven checks, each computed where the data lives: on a
:class:`~lineage_kit.Store` as set-based SQL inside the database
(:mod:`lineage_kit.audit_sql`), over :class:`~lineage_kit.Frames` in pandas
(and networkx for cycles). Both produce the same raw facts and share the code
that turns them into findings, so the same tables give the same report.

The rules, with ``user_id=u`` (``None``: no owner filter):

- a row *concerns* ``u`` when its parent or its child is an asset of ``u``;
- ``dangling``: a row that concerns ``u`` whose parent or child does not exist;
- ``self_loops``: a row that concerns ``u`` whose parent is its child;
- ``cycles``: among in-scope rows (both ends exist and, with ``u``, belong to
  ``u``; self-loops aside), the rows whose child leads back to their parent,
  whatever the cycle's length; one finding per strongly connected group of
  assets, listing its assets and rows;
- ``duplicates``: a row that concerns ``u`` with the same parent, child,
  relation type and sequence order as a row of lower id (the row pixsim7's
  migration keeps);
- ``cross_owner``: a row that concerns ``u`` whose two ends exist and belong to
  different owners (with ``u`` set, the other owner's id is not shown);
- ``sequence_gaps``: for a child of ``u`` and an operation in
  :data:`~lineage_kit.schema.MULTI_INPUT_OPERATIONS`, its rows'
  ``sequence_order`` values are not exactly 0 … n−1 once each (a gap or a
  repeat); one finding per (child, operation);
- ``unknown_values``: a row that concerns ``u`` with a relation type outside
  :data:`~lineage_kit.schema.RELATION_TYPES` (legacy values from
  :data:`~lineage_kit.schema.LEGACY_RELATION_TYPES` are reported as
  non-canonical, others as unknown) or an operation outside
  :data:`~lineage_kit.schema.OPERATION_TYPES` after lower-casing.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.audit import audit
>>> report = audit(lk.connect(), user_id=None)
>>> report.counts()["cycles"], report.counts()["dangling"]
(1, 1)
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import schema
from .frames import Frames
from .result import _plain
from .store import Store
from .validate import check_user_id

__all__ = ["CHECKS", "FINDING_COLUMNS", "AuditReport", "audit"]

CHECKS = (
    "dangling",
    "self_loops",
    "cycles",
    "duplicates",
    "cross_owner",
    "sequence_gaps",
    "unknown_values",
)
"""The audit's checks, in report order."""

FINDING_COLUMNS = (
    "check",
    "lineage_id",
    "parent_asset_id",
    "child_asset_id",
    "asset_ids",
    "detail",
)

_DTYPES = {
    "check": "object",
    "lineage_id": "Int64",
    "parent_asset_id": "Int64",
    "child_asset_id": "Int64",
    "asset_ids": "object",
    "detail": "object",
}


@dataclass(frozen=True, eq=False)  # holds DataFrames: compare .findings with .equals()
class AuditReport:
    """The findings of :func:`audit`: one row per finding, in check order.

    ``findings`` columns: ``check`` (one of :data:`CHECKS`); ``lineage_id``,
    ``parent_asset_id``, ``child_asset_id`` (nullable integers: the row, or
    ``<NA>`` for findings about a group, such as a cycle or a child's inputs);
    ``asset_ids`` (a tuple of the assets involved); ``detail`` (one sentence).
    """

    findings: pd.DataFrame
    user_id: int | None
    source: str
    checks: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Whether no check found anything."""
        return self.findings.empty

    def __len__(self) -> int:
        return len(self.findings)

    def counts(self) -> dict[str, int]:
        """Number of findings per check that ran (zeros included), in check order."""
        found = self.findings["check"].value_counts()
        return {name: int(found.get(name, 0)) for name in self.checks}

    @property
    def scope(self) -> str:
        return "all owners" if self.user_id is None else f"user_id={self.user_id}"

    def summary(self) -> str:
        """One line per check: its count and the first finding's detail.

        >>> import lineage_kit as lk
        >>> print(audit(lk.connect(), user_id=2).summary().splitlines()[5])
        cross_owner       1  row 50: parent 103 belongs to another owner, child 703 to user 2
        """
        lines = [f"audit of {self.source} ({self.scope}): {len(self)} finding(s)"]
        for name, n in self.counts().items():
            if n == 0:
                lines.append(f"{name:<15}{n:>4}  ok")
                continue
            first = self.findings[self.findings["check"] == name].iloc[0]
            where = "" if pd.isna(first["lineage_id"]) else f"row {first['lineage_id']}: "
            more = f" (+{n - 1} more)" if n > 1 else ""
            lines.append(f"{name:<15}{n:>4}  {where}{first['detail']}{more}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form: scope, counts and the findings as records."""
        records = []
        for rec in self.findings.to_dict("records"):
            out = {k: _plain(v) for k, v in rec.items() if k != "asset_ids"}
            out["asset_ids"] = list(rec["asset_ids"])
            records.append(out)
        return {
            "source": self.source,
            "user_id": self.user_id,
            "counts": self.counts(),
            "findings": records,
        }

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.counts().items())
        return f"AuditReport({self.source}, {self.scope}: {counts})"

    def _repr_html_(self) -> str:
        esc = html.escape
        head = (
            f"<p><b>Lineage audit</b> of {esc(self.source)} ({esc(self.scope)}): "
            f"{len(self)} finding(s)</p>"
        )
        counts = "".join(
            f"<tr><td>{esc(k)}</td><td>{v}</td></tr>" for k, v in self.counts().items()
        )
        rows = "".join(
            "<tr>"
            f"<td>{esc(r['check'])}</td>"
            f"<td>{'' if pd.isna(r['lineage_id']) else r['lineage_id']}</td>"
            f"<td>{esc(', '.join(map(str, r['asset_ids'])))}</td>"
            f"<td>{esc(r['detail'])}</td>"
            "</tr>"
            for r in self.findings.to_dict("records")
        )
        return (
            head
            + f"<table><thead><tr><th>check</th><th>findings</th></tr></thead>{counts}</table>"
            + "<table><thead><tr><th>check</th><th>row</th><th>assets</th><th>detail</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )


def audit(
    source: Store | Frames,
    *,
    user_id: int | None,
    checks: Iterable[str] | None = None,
) -> AuditReport:
    """Check the lineage tables for rows a query skips or that break conventions.

    Parameters
    ----------
    source
        A :class:`~lineage_kit.Store` (the checks run as SQL in the database)
        or :class:`~lineage_kit.Frames` holding the raw tables (the checks run
        in pandas). Frames from :meth:`Store.frames` have already dropped
        dangling rows; build Frames from the raw tables to see them.
    user_id
        ``None`` (the default: every owner) or the owner whose rows are
        checked; see the module docstring for which rows concern an owner.
    checks
        The checks to run (names from :data:`CHECKS`); all by default.

    Returns
    -------
    AuditReport

    Raises
    ------
    StoreError
        The database could not be read.
    ValueError, TypeError
        A bad argument, named in the message.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> report = audit(lk.connect(), user_id=None, checks=["self_loops"])
    >>> report.findings[["check", "lineage_id", "detail"]].values.tolist()
    [['self_loops', 74, 'asset 804 is its own parent (REFERENCE, image_edit)']]
    """
    uid = check_user_id(user_id)
    names = _check_checks(checks)
    if isinstance(source, Store):
        from .audit_sql import sql_facts

        facts = sql_facts(source, uid, names)
        label = source.label
    elif isinstance(source, Frames):
        facts = frames_facts(source, uid, names)
        label = repr(source)
    else:
        raise TypeError(
            f"source must be a lineage_kit Store or lineage_kit.Frames, not {type(source).__name__}"
        )
    findings = _findings(facts, uid)
    return AuditReport(findings=findings, user_id=uid, source=label, checks=names)


def _check_checks(checks: Iterable[str] | None) -> tuple[str, ...]:
    if checks is None:
        return CHECKS
    if isinstance(checks, str) or not isinstance(checks, Iterable):
        raise TypeError(f"checks must be a list of check names, not {type(checks).__name__}")
    wanted = list(checks)
    unknown = [c for c in wanted if c not in CHECKS]
    if unknown or not wanted:
        raise ValueError(
            f"checks must name one or more of {', '.join(CHECKS)}; got {unknown or wanted!r}"
        )
    return tuple(c for c in CHECKS if c in wanted)


# --- the pandas implementation ---------------------------------------------------------------
def frames_facts(
    frames: Frames, uid: int | None, checks: Iterable[str]
) -> dict[str, list[tuple[Any, ...]]]:
    """The raw fact rows of each check over DataFrames (same shape as the SQL ones)."""
    a = frames.assets
    lin = frames.lineage
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
    rows["op"] = rows["operation"].map(_lower)
    rows["p_exists"] = rows["parent"].isin(owner.index)
    rows["c_exists"] = rows["child"].isin(owner.index)
    rows["p_user"] = rows["parent"].map(owner)
    rows["c_user"] = rows["child"].map(owner)
    if uid is None:
        concerns = pd.Series(True, index=rows.index)
    else:
        concerns = (rows["p_user"] == uid) | (rows["c_user"] == uid)
    out: dict[str, list[tuple[Any, ...]]] = {}
    for name in checks:
        out[name] = _PANDAS_CHECKS[name](rows, concerns, uid)
    return out


def _lower(value: Any) -> Any:
    value = _plain(value)
    return None if value is None else schema.operation_type_value(str(value))


def _tuples(df: pd.DataFrame, cols: list[str]) -> list[tuple[Any, ...]]:
    return [tuple(_plain(v) for v in row) for row in df[cols].itertuples(index=False, name=None)]


def _pd_dangling(rows: pd.DataFrame, concerns: pd.Series, *_: Any) -> list[tuple[Any, ...]]:
    hit = rows[concerns & ~(rows["p_exists"] & rows["c_exists"])]
    return [
        (r[0], r[1], r[2], r[1] if r[3] else None, r[2] if r[4] else None)
        for r in _tuples(hit, ["id", "parent", "child", "p_exists", "c_exists"])
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


def _pd_cross_owner(rows: pd.DataFrame, concerns: pd.Series, *_: Any) -> list[tuple[Any, ...]]:
    both = rows["p_exists"] & rows["c_exists"]
    hit = rows[concerns & both & (rows["p_user"] != rows["c_user"])]
    return _tuples(hit, ["id", "parent", "child", "p_user", "c_user"])


def _pd_unknown_values(rows: pd.DataFrame, concerns: pd.Series, *_: Any) -> list[tuple[Any, ...]]:
    odd = ~rows["relation"].isin(schema.RELATION_TYPES) | ~rows["op"].isin(schema.OPERATION_TYPES)
    return _tuples(rows[concerns & odd], ["id", "parent", "child", "relation", "operation"])


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
    from .audit_sql import cycle_facts

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
}


# --- facts → findings (shared by both implementations) ------------------------------------
def _gap_reason(orders: list[int]) -> str:
    present = set(orders)
    missing = [i for i in range(max(orders) + 1) if i not in present]
    repeated = sorted(i for i in present if orders.count(i) > 1)
    reasons = []
    if missing:
        reasons.append(f"{', '.join(map(str, missing))} missing")
    if repeated:
        reasons.append(f"{', '.join(map(str, repeated))} repeated")
    if min(orders) < 0:
        reasons.append("negative order")
    return "; ".join(reasons)


def _int(value: Any) -> int | None:
    value = _plain(value)
    return None if value is None else int(value)


def _finding(
    check: str,
    detail: str,
    lineage_id: Any = None,
    parent: Any = None,
    child: Any = None,
    assets: Iterable[Any] = (),
) -> dict[str, Any]:
    return {
        "check": check,
        "lineage_id": _int(lineage_id),
        "parent_asset_id": _int(parent),
        "child_asset_id": _int(child),
        "asset_ids": tuple(sorted({int(_plain(a)) for a in assets if _plain(a) is not None})),
        "detail": detail,
    }


def _findings(facts: dict[str, list[tuple[Any, ...]]], uid: int | None) -> pd.DataFrame:
    out: list[dict[str, Any]] = []
    for lid, parent, child, p_found, c_found in facts.get("dangling", []):
        missing = [
            f"{end} {i}"
            for end, i, ok in (("parent", parent, p_found), ("child", child, c_found))
            if ok is None
        ]
        verb = "does" if len(missing) == 1 else "do"
        out.append(
            _finding(
                "dangling",
                f"{' and '.join(missing)} {verb} not exist",
                lid,
                parent,
                child,
                (parent, child),
            )
        )
    for lid, asset, relation, op in facts.get("self_loops", []):
        out.append(
            _finding(
                "self_loops",
                f"asset {asset} is its own parent ({relation}, {op})",
                lid,
                asset,
                asset,
                (asset,),
            )
        )
    cycle_rows: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for comp, lid, parent, child in facts.get("cycles", []):
        cycle_rows[int(comp)].append((int(lid), int(parent), int(child)))
    for members in cycle_rows.values():
        assets = sorted({a for _, p, c in members for a in (p, c)})
        ids = sorted(lid for lid, _, _ in members)
        detail = (
            f"cycle through assets {', '.join(map(str, assets))} (rows {', '.join(map(str, ids))})"
        )
        out.append(_finding("cycles", detail, assets=assets))
    for lid, parent, child, keep in facts.get("duplicates", []):
        out.append(
            _finding(
                "duplicates",
                f"same parent, child, relation_type and sequence_order as row {_int(keep)}",
                lid,
                parent,
                child,
                (parent, child),
            )
        )
    for lid, parent, child, p_user, c_user in facts.get("cross_owner", []):

        def who(user: Any) -> str:
            user = _int(user)
            return f"user {user}" if uid is None or user == uid else "another owner"

        out.append(
            _finding(
                "cross_owner",
                f"parent {parent} belongs to {who(p_user)}, child {child} to {who(c_user)}",
                lid,
                parent,
                child,
                (parent, child),
            )
        )
    groups: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for child, op, seq, lid in facts.get("sequence_gaps", []):
        groups[(int(child), str(op))].append((int(seq), int(lid)))
    for (child, op), inputs in groups.items():
        orders = sorted(s for s, _ in inputs)
        detail = (
            f"{op} inputs of asset {child} have sequence_order "
            f"{', '.join(map(str, orders))}: {_gap_reason(orders)}"
        )
        out.append(_finding("sequence_gaps", detail, None, None, child, (child,)))
    for lid, parent, child, relation, operation in facts.get("unknown_values", []):
        if relation not in schema.RELATION_TYPES:
            kind = (
                "a legacy value, not canonical"
                if relation in schema.LEGACY_RELATION_TYPES
                else "not a pixsim7 relation type"
            )
            out.append(
                _finding(
                    "unknown_values",
                    f"relation_type {relation!r} is {kind}",
                    lid,
                    parent,
                    child,
                    (parent, child),
                )
            )
        if _lower(operation) not in schema.OPERATION_TYPES:
            out.append(
                _finding(
                    "unknown_values",
                    f"operation_type {operation!r} is not a pixsim7 operation type",
                    lid,
                    parent,
                    child,
                    (parent, child),
                )
            )
    order = {name: i for i, name in enumerate(CHECKS)}
    big = float("inf")
    out.sort(
        key=lambda f: (
            order[f["check"]],
            big if f["lineage_id"] is None else f["lineage_id"],
            big if f["child_asset_id"] is None else f["child_asset_id"],
            f["asset_ids"],
            f["detail"],
        )
    )
    frame = pd.DataFrame(out, columns=list(FINDING_COLUMNS))
    return frame.astype(_DTYPES)
