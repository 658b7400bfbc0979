"""``lineage-kit``: the kit's questions on a terminal.

Commands::

    lineage-kit show ID --user 1              # the neighbourhood as a tree
    lineage-kit flat ID --user 1              # direct parents and children, one row each
    lineage-kit audit --all-users             # the lineage audit
    lineage-kit export ID --format mermaid --user 1 [-o PATH]
    lineage-kit export --all --format graphml --user 1 -o graph.graphml
    lineage-kit ask transition-inputs|extensions|paused-frames|origins ID --user 1
    lineage-kit ask paths ANCESTOR DESCENDANT --user 1

Every command needs exactly one of ``--user ID`` or ``--all-users``: scoping
is never forgotten by accident. ``--db URL`` (or the ``LINEAGE_KIT_DB``
environment variable) names the database; the default is the embedded
sample. ``--json`` prints machine-readable output. Options may come before or
after the command.

Exit status: 0 on success; 1 when the asset is not found in scope or the
database cannot be read; 2 for bad input (a one-line message naming the
argument). A password in the database URL is never printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

__all__ = ["main"]

PROG = "lineage-kit"
ENV_DB = "LINEAGE_KIT_DB"
_QUESTIONS = ("transition-inputs", "extensions", "paused-frames", "paths", "origins")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (exit status 2) and no usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see {self.prog} --help)\n")


def _checked(check: Callable[..., Any], *args: Any) -> Callable[[str], Any]:
    """An argparse type: parse an int, then apply one of the kit's validators."""

    def convert(text: str) -> Any:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
        try:
            return check(value, *args)
        except (ValueError, TypeError) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def _parser() -> _Parser:
    from .export import FORMATS
    from .validate import (
        DIRECTIONS,
        check_asset_id,
        check_max_depth,
        check_max_nodes,
        check_user_id,
    )

    def positive_paths(value: int) -> int:
        from .provenance import _check_max_paths

        return _check_max_paths(value)

    asset_id = _checked(check_asset_id)
    depth = _checked(check_max_depth)
    nodes = _checked(check_max_nodes)

    def common(parser: argparse.ArgumentParser, top: bool) -> None:
        # On the subcommands the defaults are suppressed, so an option given before
        # the command is not overwritten by the subcommand's default.
        def d(value: Any) -> Any:
            return value if top else argparse.SUPPRESS

        g = parser.add_argument_group("scope and output")
        g.add_argument(
            "--db",
            metavar="URL",
            default=d(None),
            help=f"database URL (sqlite:///path.db, postgresql+psycopg://user@host/db); "
            f"default: ${ENV_DB}, else the embedded sample",
        )
        g.add_argument(
            "--user",
            metavar="ID",
            type=_checked(check_user_id),
            default=d(None),
            help="the owner whose assets exist for the query",
        )
        g.add_argument(
            "--all-users",
            action="store_true",
            default=d(False),
            help="every owner (exactly one of --user and --all-users is required)",
        )
        g.add_argument(
            "--json", action="store_true", default=d(False), help="machine-readable output"
        )

    def bounds(parser: argparse.ArgumentParser, *, direction: bool, depth_default: Any) -> None:
        if direction:
            parser.add_argument("--direction", choices=DIRECTIONS, default="both")
        if depth_default is not False:
            parser.add_argument(
                "--depth", type=depth, default=depth_default, help="levels to follow (0-64)"
            )
        parser.add_argument("--max-nodes", type=nodes, default=None, help="cap on assets (1-10000)")

    parser = _Parser(
        prog=PROG,
        description="Inspect pixsim7 media-asset lineage: where did this come from, "
        "and what was made from it?",
    )
    common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    show = sub.add_parser("show", help="the neighbourhood as a tree: parents above, children below")
    show.add_argument("asset_id", metavar="ID", type=asset_id)
    bounds(show, direction=True, depth_default=1)
    common(show, top=False)

    flat = sub.add_parser("flat", help="direct parents and children, one line per lineage row")
    flat.add_argument("asset_id", metavar="ID", type=asset_id)
    bounds(flat, direction=True, depth_default=False)
    common(flat, top=False)

    audit = sub.add_parser("audit", help="check the lineage tables (dangling rows, cycles, ...)")
    common(audit, top=False)

    export = sub.add_parser("export", help="write a neighbourhood or the whole scoped graph")
    export.add_argument("asset_id", metavar="ID", type=asset_id, nargs="?")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument("--all", action="store_true", help="the whole scoped graph, not one ID")
    export.add_argument("-o", "--output", metavar="PATH", help="write to PATH (default: stdout)")
    bounds(export, direction=True, depth_default=1)
    common(export, top=False)

    ask = sub.add_parser("ask", help="provenance questions")
    common(ask, top=False)
    questions = ask.add_subparsers(dest="question", metavar="QUESTION", required=True)
    q = questions.add_parser("transition-inputs", help="the images a transition was made from")
    q.add_argument("asset_id", metavar="ID", type=asset_id)
    common(q, top=False)
    q = questions.add_parser("extensions", help="every extended version of a video")
    q.add_argument("asset_id", metavar="ID", type=asset_id)
    bounds(q, direction=False, depth_default=None)
    common(q, top=False)
    q = questions.add_parser("paused-frames", help="frames captured from a video, in time order")
    q.add_argument("asset_id", metavar="ID", type=asset_id)
    common(q, top=False)
    q = questions.add_parser("paths", help="how DESCENDANT was made from ANCESTOR")
    q.add_argument("ancestor_id", metavar="ANCESTOR", type=asset_id)
    q.add_argument("descendant_id", metavar="DESCENDANT", type=asset_id)
    bounds(q, direction=False, depth_default=None)
    q.add_argument("--max-paths", type=_checked(positive_paths), default=None, help="cap on paths")
    common(q, top=False)
    q = questions.add_parser("origins", help="the parentless ancestors an asset descends from")
    q.add_argument("asset_id", metavar="ID", type=asset_id)
    bounds(q, direction=False, depth_default=None)
    common(q, top=False)
    return parser


# --- output helpers --------------------------------------------------------------------------
def _clean(text: Any) -> str:
    """One terminal-safe line: control characters (escape sequences) never reach the tty."""
    return _CONTROL.sub("\ufffd", " ".join(str(text).split()))


def _json(data: Any) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=str)
    # json escapes C0 controls only; C1 controls can still drive a terminal.
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def _plain_records(frame: Any) -> list[dict[str, Any]]:
    from .result import _plain

    return [{k: _plain(v) for k, v in rec.items()} for rec in frame.to_dict("records")]


def _table(frame: Any, width: int = 70) -> str:
    if frame.empty:
        return "(none)"
    shown = frame.copy()
    for col in shown.columns:
        if shown[col].dtype == object or str(shown[col].dtype) in ("str", "string"):
            shown[col] = shown[col].map(lambda v: v if v is None else _clean(v)[:width])
    return str(shown.to_string(index=False))


def _summary(node: Any) -> str:
    a = node.asset
    parts = [str(a.id), a.media_type or "?", a.provider_id or "?"]
    if a.description:
        desc = _clean(a.description)
        parts.append(f'"{desc[:57] + "…" if len(desc) > 58 else desc}"')
    text = " ".join(parts) + f"  {node.parent_count}↑ {node.child_count}↓"
    return text + ("  [archived]" if a.is_archived else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _edge_label(edge: Any) -> str:
    from .schema import MULTI_INPUT_OPERATIONS

    label = f"{_clean(edge.relation_type)} · {_clean(edge.operation_type)}"
    if edge.operation_type in MULTI_INPUT_OPERATIONS or edge.sequence_order:
        label += f" · seq {edge.sequence_order}"
    return f"[{label}]"


def _tree(res: Any, scope: str) -> str:
    """Parents above the root (each asset's own parents above it), children below."""
    root = res.root
    lines = [
        f"asset {root.id} ({scope}), direction {res.direction}, depth ≤ {res.max_depth}: "
        f"{_count(len(res.nodes), 'asset')}, {_count(len(res.edges), 'lineage row')}"
        + (f" — truncated at {res.max_nodes} assets" if res.truncated else "")
    ]

    def note(node: Any, step: int, seen: set[int], edges: list[Any]) -> str:
        if node.id == root.id:
            return "  (↺ the root)"
        if node.depth != step:
            return f"  (↺ depth {node.depth:+d})"
        if node.id in seen and edges:
            return "  (see above)"
        return ""

    def expand(node_id: int, depth: int, seen: set[int]) -> bool:
        return res.node(node_id).depth == depth and node_id != root.id and node_id not in seen

    def up(node_id: int, prefix: str, seen: set[int]) -> list[str]:
        out: list[str] = []
        edges = res.parents_of(node_id)
        for i, e in enumerate(edges):
            parent = res.node(e.parent_asset_id)
            step = res.node(node_id).depth - 1
            grow = expand(parent.id, step, seen)
            marker = "" if grow else note(parent, step, seen, res.parents_of(parent.id))
            if grow:
                seen.add(parent.id)
                out += up(parent.id, prefix + ("   " if i == 0 else "│  "), seen)
            conn = "┌─" if i == 0 else "├─"
            out.append(f"{prefix}{conn}{_edge_label(e)}─ {_summary(parent)}{marker}")
        return out

    def down(node_id: int, prefix: str, seen: set[int]) -> list[str]:
        out: list[str] = []
        edges = res.children_of(node_id)
        for i, e in enumerate(edges):
            child = res.node(e.child_asset_id)
            step = res.node(node_id).depth + 1
            last = i == len(edges) - 1
            grow = expand(child.id, step, seen)
            marker = "" if grow else note(child, step, seen, res.children_of(child.id))
            conn = "└─" if last else "├─"
            out.append(f"{prefix}{conn}{_edge_label(e)}→ {_summary(child)}{marker}")
            if grow:
                seen.add(child.id)
                out += down(child.id, prefix + ("   " if last else "│  "), seen)
        return out

    if res.direction in ("both", "parents"):
        lines += up(root.id, "", set())
    lines.append(f"● {_summary(root)}")
    if res.direction in ("both", "children"):
        lines += down(root.id, "", set())
    return "\n".join(lines)


def _flat_text(res: Any) -> str:
    import pandas as pd

    flat = res.flat()
    cols = [
        "lineage_id",
        "relation_type",
        "operation_type",
        "sequence_order",
        "id",
        "media_type",
        "description",
        "parent_start_time",
        "parent_end_time",
        "parent_frame",
    ]
    out = []
    for side in ("parents", "children"):
        rows = flat[side]
        out.append(f"{side} of {flat['asset_id']} ({len(rows)} rows)")
        frame = pd.DataFrame(rows, columns=cols).rename(columns={"id": "asset_id"})
        out.append(_table(frame))
    return "\n".join(out)


# --- commands --------------------------------------------------------------------------------
def _run(args: argparse.Namespace, store: Any, uid: int | None, scope: str) -> str:
    import lineage_kit as lk

    def bounded(**defaults: Any) -> dict[str, Any]:
        out = dict(defaults)
        if getattr(args, "direction", None) is not None:
            out["direction"] = args.direction
        if getattr(args, "depth", None) is not None:
            out["max_depth"] = args.depth
        if getattr(args, "max_nodes", None) is not None:
            out["max_nodes"] = args.max_nodes
        return out

    if args.command == "show":
        res = lk.lineage(store, args.asset_id, user_id=uid, **bounded())
        return _json(res.to_dict()) if args.json else _tree(res, scope)
    if args.command == "flat":
        res = lk.lineage(store, args.asset_id, user_id=uid, **bounded(max_depth=1))
        return _json(res.flat()) if args.json else _flat_text(res)
    if args.command == "audit":
        from .audit import audit

        report = audit(store, user_id=uid)
        if args.json:
            return _json(report.to_dict())
        text = report.summary()
        if len(report):
            shown = report.findings[["check", "lineage_id", "asset_ids", "detail"]].copy()
            shown["asset_ids"] = shown["asset_ids"].map(lambda ids: ", ".join(map(str, ids)))
            text += "\n\n" + _table(shown, width=400)
        return text
    if args.command == "export":
        from .export import export

        if args.all == (args.asset_id is not None):
            raise _Usage("export: give either an ID or --all (one of them)")
        if args.all:
            obj: Any = store.frames(user_id=uid)
        else:
            obj = lk.lineage(store, args.asset_id, user_id=uid, **bounded())
        text = export(obj, args.format, args.output)
        if args.output:
            print(f"{PROG}: wrote {args.format} to {args.output}", file=sys.stderr)
            return ""
        return text.rstrip("\n")
    return _ask(args, store, uid)


def _ask(args: argparse.Namespace, store: Any, uid: int | None) -> str:
    from . import provenance as p

    q = args.question
    kw: dict[str, Any] = {}
    if getattr(args, "depth", None) is not None:
        kw["max_depth"] = args.depth
    if getattr(args, "max_nodes", None) is not None:
        kw["max_nodes"] = args.max_nodes
    if getattr(args, "max_paths", None) is not None:
        kw["max_paths"] = args.max_paths
    if q == "transition-inputs":
        frame = p.transition_inputs(store, args.asset_id, user_id=uid)
        title = f"transition inputs of {args.asset_id}"
    elif q == "extensions":
        frame = p.extensions_of(store, args.asset_id, user_id=uid, **kw)
        title = f"extensions of {args.asset_id}"
    elif q == "paused-frames":
        frame = p.paused_frames(store, args.asset_id, user_id=uid)
        title = f"paused frames of {args.asset_id}"
    elif q == "paths":
        frame = p.derivation_paths(store, args.ancestor_id, args.descendant_id, user_id=uid, **kw)
        title = f"derivation paths from {args.ancestor_id} to {args.descendant_id}"
    else:
        frame = p.origins(store, args.asset_id, user_id=uid, **kw)
        title = f"origins of {args.asset_id}"
    attrs = {k: v for k, v in frame.attrs.items()}
    if args.json:
        return _json({"question": q, **attrs, "rows": _plain_records(frame)})
    counted = _count(attrs["paths"], "path") if "paths" in attrs else _count(len(frame), "row")
    head = f"{title}: {counted}" + (" — truncated" if attrs.get("truncated") else "")
    return head + "\n" + _table(frame)


class _Usage(Exception):
    """Bad input found after parsing (exit status 2)."""


def _secret(url: str | None) -> str | None:
    if not url:
        return None
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).password or None
    except Exception:
        match = re.search(r"://[^:/@]*:([^@]+)@", url)
        return match.group(1) if match else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.all_users and args.user is not None:
        parser.error("argument --user: not allowed with --all-users (give exactly one)")
    if not args.all_users and args.user is None:
        parser.error("the scope is required: give --user ID or --all-users")
    uid = None if args.all_users else args.user
    scope = "all owners" if uid is None else f"user {uid}"
    url = args.db or os.environ.get(ENV_DB) or None
    secret = _secret(url)

    def fail(status: int, message: str) -> int:
        if secret:
            message = message.replace(secret, "***")
        print(f"{PROG}: {_clean(message)}", file=sys.stderr)
        return status

    from .errors import AssetNotFound, LineageKitError

    try:
        from .store import connect

        try:
            store = connect(url)
        except (ValueError, TypeError) as exc:
            return fail(2, f"error: argument --db: {exc}")
        try:
            text = _run(args, store, uid, scope)
        finally:
            store.close()
    except AssetNotFound as exc:
        return fail(1, str(exc))
    except _Usage as exc:
        return fail(2, f"error: {exc}")
    except LineageKitError as exc:
        return fail(1, str(exc))
    except (ValueError, TypeError) as exc:
        return fail(2, f"error: {exc}")
    except OSError as exc:
        return fail(1, f"cannot write: {exc}")
    if text:
        try:
            print(text)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader (head, less) went away: not an error of ours.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
