"""Raw facts of each check → findings with one sentence each (shared by SQL and pandas)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..model import schema
from ..model.provider import pixverse_metadata
from ..model.records import plain
from .report import CHECKS, DTYPES, FINDING_COLUMNS

__all__ = ["findings_frame", "lower_operation"]


def lower_operation(value: Any) -> Any:
    """An operation label in value form (None stays None)."""
    value = plain(value)
    return None if value is None else schema.operation_type_value(str(value))


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
    value = plain(value)
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
        "asset_ids": tuple(sorted({int(plain(a)) for a in assets if plain(a) is not None})),
        "detail": detail,
    }


def findings_frame(facts: dict[str, list[tuple[Any, ...]]], uid: int | None) -> pd.DataFrame:
    out: list[dict[str, Any]] = []
    for lid, parent, child, p_found, c_found in facts.get("dangling", []):
        missing = [
            f"{end} {i}"
            for end, i, ok in (("parent", parent, p_found), ("child", child, c_found))
            if ok is None
        ]
        if uid is None:
            said = f"{' and '.join(missing)} {'does' if len(missing) == 1 else 'do'} not exist"
        else:  # missing and another owner's read alike: the audit never tells them apart
            said = f"{' and '.join(missing)} is not an asset of user {uid}"
            said += " (missing or another owner's)"
        out.append(
            _finding(
                "dangling",
                said,
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
        out.append(
            _finding(
                "cross_owner",
                f"parent {parent} belongs to user {_int(p_user)}, child {child} to user "
                f"{_int(c_user)}",
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
        if lower_operation(operation) not in schema.OPERATION_TYPES:
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
    for lid, parent, child, operation in facts.get("legacy_labels", []):
        detail = (
            f"operation_type {operation!r} is a legacy upper-case enum label, read here as "
            f"{lower_operation(operation)!r}; pixsim7's ORM cannot load this row"
        )
        out.append(_finding("legacy_labels", detail, lid, parent, child, (parent, child)))
    for asset, media_metadata in facts.get("repeated_inputs", []):
        payload = pixverse_metadata(media_metadata)
        for url in payload.repeated_image_urls:
            where = ", ".join(map(str, payload.positions(url)))
            detail = (
                f"the Pixverse payload of asset {asset} lists input image {url} at positions "
                f"{where}: pixsim7's extractor links it once and moves the later images up"
            )
            out.append(_finding("repeated_inputs", detail, None, None, asset, (asset,)))
    for child, source, position, ref, parent, relation, seq, note in facts.get(
        "unlinked_inputs", []
    ):
        target = f"asset {parent}" if parent is not None else "a new placeholder asset"
        detail = (
            f"{source} input {position} of asset {child} ({ref}) has no lineage row: a refresh "
            f"would link {target} as {relation}, order {seq}"
        )
        if note:
            detail += f" ({note})"
        out.append(_finding("unlinked_inputs", detail, None, parent, child, (child, parent)))
    for lid, parent, child, relation, seq in facts.get("unexplained_rows", []):
        detail = (
            f"no input of asset {child} gives this row ({relation}, order {seq}): a refresh of "
            f"{child} deletes it and does not write it again"
        )
        out.append(_finding("unexplained_rows", detail, lid, parent, child, (parent, child)))
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
    return frame.astype(DTYPES)
