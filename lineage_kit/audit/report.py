"""The audit's answer: one row per finding, with a summary for people and a dict for machines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..model.records import plain
from ..model.rendering import render

__all__ = ["CHECKS", "DTYPES", "FINDING_COLUMNS", "AuditReport"]

CHECKS = (
    "dangling",
    "self_loops",
    "cycles",
    "duplicates",
    "cross_owner",
    "sequence_gaps",
    "unknown_values",
    "legacy_labels",
    "repeated_inputs",
    "unlinked_inputs",
    "unexplained_rows",
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

DTYPES = {
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
        >>> print(lk.audit(lk.connect(), user_id=2).summary().splitlines()[1].split(":")[0])
        dangling          1  row 50
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
            out = {k: plain(v) for k, v in rec.items() if k != "asset_ids"}
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
        rows = [{k: plain(v) for k, v in r.items()} for r in self.findings.to_dict("records")]
        return render("audit.html.j2", report=self, findings=rows)
