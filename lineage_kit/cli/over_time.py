"""The command line's lineage-over-time commands: snapshot, diff, generation, expected.

::

    lineage-kit snapshot (--user ID | --all-users) [--asset ID ... --depth N] -o FILE
    lineage-kit diff BEFORE [AFTER] [--db URL] [--user ID] [--json]
    lineage-kit generation ID --user ID [--json]
    lineage-kit expected ID --user ID [--skipped] [--json]

``diff`` compares two snapshot files, or a snapshot file with the database now
(AFTER left out: ``--db``, ``$LINEAGE_KIT_DB`` or the embedded sample, read for the
snapshot's owner and scope; ``--user``, when given, must be that owner). It exits
like diff(1): 0 when nothing changed, 1 when something did, 2 on trouble (a
missing or foreign file, an unreadable database, a bad argument).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InvalidArgument, InvalidArgumentType, LineageKitError
from ..finding import resolve_asset
from ..history import diff, load_snapshot, snapshot
from ..model.diff import LineageDiff
from ..model.validate import check_max_depth, check_user_id
from ..refresh import expected_parents, generation_of
from .render import json_text, records, table

__all__ = ["COMMANDS", "add_commands", "diff_command", "run_over_time"]

COMMANDS = ("snapshot", "generation", "expected")
"""The commands :func:`run_over_time` runs on a store (``diff`` has its own exit codes)."""


def add_commands(
    sub: Any,
    command: Callable[..., Any],
    common: Callable[..., None],
    checked: Callable[[Callable[[int], Any]], Callable[[str], Any]],
    asset_ref: Callable[[str], str],
    ref_help: str,
) -> None:
    """Add the four commands to the parser's subcommands (helpers from :mod:`.parser`)."""
    snap = command(sub, "snapshot", "save the owner's lineage rows now to a snapshot file")
    snap.add_argument(
        "--asset",
        metavar="ID",
        action="append",
        type=asset_ref,
        help="only this asset's neighbourhood (repeat for several; default: the owner's whole "
        "lineage); " + ref_help,
    )
    snap.add_argument(
        "--depth",
        type=checked(check_max_depth),
        default=1,
        help="levels of each neighbourhood (default 1)",
    )
    snap.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the file to write (no default)"
    )
    common(snap, top=False)

    d = command(sub, "diff", "what changed between two snapshots, or since one", scoped=False)
    d.add_argument("before", metavar="BEFORE", help="a snapshot file")
    d.add_argument(
        "after", metavar="AFTER", nargs="?", help="a snapshot file (default: the db now)"
    )
    d.add_argument(
        "--user",
        metavar="ID",
        type=checked(check_user_id),
        default=argparse.SUPPRESS,
        help="the snapshot's owner (checked: another owner's snapshot is an error)",
    )
    d.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    common(d, top=False, scoped=False)

    gen = command(sub, "generation", "the generation that made an asset", "ID")
    common(gen, top=False)

    exp = command(sub, "expected", "the parents pixsim7's refresh would link to an asset", "ID")
    exp.add_argument(
        "--skipped", action="store_true", help="also the inputs the refresh skips, and why"
    )
    common(exp, top=False)


def run_over_time(args: argparse.Namespace, store: Any, uid: int | None, scope: str) -> str:
    """Run ``snapshot``, ``generation`` or ``expected``; return what to print (for
    ``snapshot``: the line that says what was written, for standard error)."""
    if args.command == "snapshot":
        assets = None
        if args.asset:
            assets = [resolve_asset(store, ref, user_id=uid) for ref in args.asset]
        snap = snapshot(store, user_id=uid, assets=assets, depth=args.depth)
        snap.save(Path(args.output))
        return f"wrote {snap!r} to {args.output}"
    asset = args.asset_id  # resolved by the caller, as for every command
    if args.command == "generation":
        g = generation_of(store, asset, user_id=uid)
        if args.json:
            return json_text(None if g is None else g.to_dict())
        if g is None:
            return f"asset {asset} ({scope}): no generation made it"
        lines = [
            f"asset {asset} ({scope}): {g.line()}",
            f"operation: {g.operation_type}",
            f"prompt: {g.final_prompt or ''}",
            f"created {g.created_at or '?'}, started {g.started_at or '?'}, "
            f"completed {g.completed_at or '?'}",
            "parameters: " + json_text(g.canonical_params),
            "inputs:",
        ]
        for i in g.inputs:
            target = i.asset_id if i.asset_id is not None else "not in scope"
            lines.append(f"  {i.position}: {i.role or '?'} {i.reference!r} → {target}")
        return "\n".join(lines)
    frame = expected_parents(store, asset, user_id=uid, skipped=args.skipped)
    if args.json:
        return json_text({"asset_id": asset, "rows": records(frame)})
    head = f"what a refresh of asset {asset} would link ({scope}): {len(frame)} row(s)"
    if frame.attrs.get("generations", "read") != "read":
        head += f" — payload only: {frame.attrs['generations']}"
    shown = frame.drop(columns=["reference"]).astype({"note": object})
    shown["note"] = shown["note"].where(shown["note"].notna(), "")
    return head + "\n" + table(shown, width=90)


def _rows(title: str, frame: pd.DataFrame) -> list[str]:
    return [] if frame.empty else [f"{title}:", table(frame, width=60)]


def diff_text(d: LineageDiff) -> str:
    """The summary, then each kind of difference as a table."""
    owner = "all owners" if d.user_id is None else f"user {d.user_id}"
    when = d.before_taken_at.isoformat() if d.before_taken_at else "?"
    lines = [f"{owner}, {d.scope.describe()}, since {when}: {d.summary()}"]
    lines += _rows("rows added", d.added)
    lines += _rows("rows removed", d.removed)
    lines += _rows("rows changed", d.changed)
    lines += _rows("assets appeared", d.appeared[["id", "media_type", "description"]])
    lines += _rows("assets vanished", d.vanished[["id", "media_type", "description"]])
    if d.orphaned:
        lines.append("lost every parent: " + ", ".join(map(str, d.orphaned)))
    return "\n".join(lines)


def diff_command(args: argparse.Namespace, url: str | None, fail: Callable[[int, str], int]) -> int:
    """``lineage-kit diff``: 0 no differences, 1 differences, 2 trouble (one line)."""
    from ..store import connect

    store = None
    try:
        before = load_snapshot(args.before)
        want = getattr(args, "user", None)
        if want is not None and want != before.user_id:
            raise InvalidArgument(
                f"argument --user: {args.before} is a snapshot of "
                f"{'all owners' if before.user_id is None else f'user {before.user_id}'}, "
                f"not of user {want}"
            )
        if args.after is not None:
            after: Any = load_snapshot(args.after)
        else:
            try:
                store = after = connect(url)
            except (InvalidArgument, InvalidArgumentType) as exc:
                return fail(2, f"error: argument --db: {exc}")
        d = diff(before, after, progress=False)
    except (LineageKitError, OSError) as exc:
        return fail(2, f"error: {exc}")
    finally:
        if store is not None:
            store.close()
    print(json_text(d.to_dict()) if getattr(args, "json", False) else diff_text(d))
    sys.stdout.flush()
    return 1 if d else 0
