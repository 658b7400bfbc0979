"""What each command does with a store: the query, the question or the export it runs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

import pandas as pd

from .. import questions
from ..audit import audit
from ..errors import InvalidArgument
from ..export import export
from ..finding import find_assets, resolve_asset
from ..query import lineage
from ..store import Store
from .parser import PROG
from .render import count, flat_text, found_text, json_text, records, table, tree

__all__ = ["UsageError", "run"]


class UsageError(InvalidArgument):
    """Bad input found after parsing (exit status 2): a combination of options the
    parser cannot refuse by itself."""


def _bounded(args: argparse.Namespace, **defaults: Any) -> dict[str, Any]:
    out = dict(defaults)
    for option, keyword in (
        ("direction", "direction"),
        ("depth", "max_depth"),
        ("max_nodes", "max_nodes"),
        ("max_paths", "max_paths"),
        ("count_limit", "count_limit"),
        ("captured_only", "captured_only"),
    ):
        if getattr(args, option, None) is not None:
            out[keyword] = getattr(args, option)
    return out


_REFS = ("asset_id", "ancestor_id", "descendant_id")


def run(args: argparse.Namespace, store: Store, uid: int | None, scope: str) -> str:
    """Run one command on a store (``uid``, ``scope``: the scope of a scoped one); return
    what to print."""
    if args.command == "indexes":
        return indexes_text(store, args.json)
    if args.command == "find":
        found = find_assets(store, " ".join(args.query), user_id=uid, limit=args.limit)
        return json_text(found.to_dict()) if args.json else found_text(found, scope)
    for name in _REFS:  # a provider asset id, key or path names its asset, in scope
        ref = getattr(args, name, None)
        if ref is not None:
            setattr(args, name, resolve_asset(store, ref, user_id=uid))
    if args.command == "show":
        res = lineage(store, args.asset_id, user_id=uid, **_bounded(args))
        return json_text(res.to_dict()) if args.json else tree(res, scope)
    if args.command == "flat":
        res = lineage(store, args.asset_id, user_id=uid, **_bounded(args, max_depth=1))
        return json_text(res.flat()) if args.json else flat_text(res)
    if args.command == "audit":
        report = audit(store, user_id=uid)
        if args.json:
            return json_text(report.to_dict())
        text = report.summary()
        if len(report):
            shown = report.findings[["check", "lineage_id", "asset_ids", "detail"]].copy()
            shown["asset_ids"] = shown["asset_ids"].map(lambda ids: ", ".join(map(str, ids)))
            text += "\n\n" + table(shown, width=400)
        return text
    if args.command == "export":
        if args.all == (args.asset_id is not None):
            raise UsageError("export: give either an ID or --all (one of them)")
        if args.all:
            obj: Any = store.frames(user_id=uid)
        else:
            obj = lineage(store, args.asset_id, user_id=uid, **_bounded(args))
        text = export(obj, args.format, args.output)
        if args.output:
            print(f"{PROG}: wrote {args.format} to {args.output}", file=sys.stderr)
            return ""
        return text.rstrip("\n")
    return _ask(args, store, uid)


def indexes_text(store: Store, as_json: bool) -> str:
    """``lineage-kit indexes``: each missing index, why, and the statement that creates it."""
    missing = store.missing_indexes()
    statements = [advice.statement(store.dialect) for advice in missing]
    if as_json:
        return json_text(
            [
                {"table": a.table, "columns": list(a.columns), "why": a.why, "statement": sql}
                for a, sql in zip(missing, statements, strict=True)
            ]
        )
    if not missing:
        return f"{store.label}: every index the kit recommends is there."
    n = len(missing)
    many = "1 recommended index is" if n == 1 else f"{n} recommended indexes are"
    lines = [f"{store.label}: {many} missing (the kit never creates one: it is read-only)."]
    for advice, sql in zip(missing, statements, strict=True):
        lines += ["", f"-- {advice.table} ({', '.join(advice.columns)}): {advice.why}", f"{sql};"]
    return "\n".join(lines)


_QUESTIONS: dict[str, tuple[Callable[..., pd.DataFrame], str]] = {
    "transition-inputs": (questions.transition_inputs, "transition inputs of {asset_id}"),
    "fusion-inputs": (questions.fusion_inputs, "fusion inputs of {asset_id}"),
    "extensions": (questions.extensions_of, "extensions of {asset_id}"),
    "paused-frames": (questions.paused_frames, "paused frames of {asset_id}"),
    "origins": (questions.origins, "origins of {asset_id}"),
}


def _ask(args: argparse.Namespace, store: Store, uid: int | None) -> str:
    q = args.question
    kw = _bounded(args)
    if q == "paths":
        frame = questions.derivation_paths(
            store, args.ancestor_id, args.descendant_id, user_id=uid, **kw
        )
        title = f"derivation paths from {args.ancestor_id} to {args.descendant_id}"
    else:
        ask, title = _QUESTIONS[q]
        frame = ask(store, args.asset_id, user_id=uid, **kw)
        title = title.format(asset_id=args.asset_id)
    attrs = dict(frame.attrs)
    if args.json:
        return json_text({"question": q, **attrs, "rows": records(frame)})
    counted = count(attrs["paths"], "path") if "paths" in attrs else count(len(frame), "row")
    head = f"{title}: {counted}" + (" — truncated" if attrs.get("truncated") else "")
    return head + "\n" + table(frame)
