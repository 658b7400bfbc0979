"""``lineage-kit``: the kit's questions on a terminal.

Commands::

    lineage-kit find QUERY --user 1           # assets by id, provider asset id, key, path or words
    lineage-kit show ID --user 1              # the neighbourhood as a tree
    lineage-kit flat ID --user 1              # direct parents and children, one row each
    lineage-kit audit --all-users             # the lineage audit
    lineage-kit indexes                       # recommended indexes the database lacks
    lineage-kit export ID --format mermaid --user 1 [-o PATH]
    lineage-kit export --all --format graphml --user 1 -o graph.graphml
    lineage-kit ask transition-inputs|extensions|paused-frames|origins ID --user 1
    lineage-kit ask paths ANCESTOR DESCENDANT --user 1
    lineage-kit snapshot --user 1 -o before.parquet   # the lineage now, to a file
    lineage-kit diff before.parquet [after.parquet]   # what changed since (exit 0, 1 or 2)
    lineage-kit generation ID --user 1        # the generation that made the asset
    lineage-kit expected ID --user 1          # the parents pixsim7's refresh would link
    lineage-kit demo [--port 8866]            # the Lineage Inspector in a browser (Voilà)
    lineage-kit serve --token-file tokens.txt # the lineage HTTP API (the api extra)

Wherever a command takes an asset ``ID`` it also takes a provider asset id
(``374351749764234`` or ``pixverse:374351749764234``), a storage key, a local
path or a sha256 that names exactly one asset in scope (an ambiguous one is a
one-line error listing the matches; ``id:N`` names a database id alone).

Every query command needs exactly one of ``--user ID`` or ``--all-users``:
scoping is never forgotten by accident (``serve`` scopes each caller by its
bearer token instead, or serves every owner with ``--all-users``). ``--db URL``
(or the ``LINEAGE_KIT_DB`` environment variable) names the database; the
default is the embedded sample. ``--json`` prints machine-readable output.
Options may come before or after the command.

``lineage-kit --version`` prints the version; each command's ``--help`` says every option's
default. Exit status: 0 on success; 1 when the asset is not found in scope, the
database cannot be read or a file cannot be written (one line each); 2 for a
bad argument (a one-line message naming it). ``diff`` exits like diff(1): 0 when
nothing changed, 1 when something did, 2 on any trouble. Anything else is a bug of the kit
and shows its traceback. A password in the database URL is never printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Callable, Sequence

from ..errors import (
    AssetNotFound,
    InvalidArgument,
    InvalidArgumentType,
    LineageKitError,
    MissingExtra,
)
from ..model.labels import one_line
from ..sources.sql.urls import secrets_in
from .commands import run
from .over_time import diff_command
from .parser import ENV_DB, PROG, build_parser
from .serve import serve_command

__all__ = ["main"]


DEMO_MODULES = ("voila", "nbformat", "ipykernel")
"""What ``lineage-kit demo`` runs beyond the widgets: the ``demo`` extra brings them all."""


def _demo(
    args: argparse.Namespace, url: str | None, fail: Callable[[int, str], int]
) -> int:
    """``lineage-kit demo``: whatever it lacks, the hint names the one extra that brings
    everything it needs (``demo``, which includes ``widgets``)."""
    hint = str(MissingExtra("lineage-kit demo", "demo"))
    try:
        from ..widgets.demo import serve
    except MissingExtra:
        return fail(1, hint)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] == "lineage_kit":
            raise  # the kit itself is broken: not a missing extra
        return fail(1, hint)
    if any(importlib.util.find_spec(name) is None for name in DEMO_MODULES):
        return fail(1, hint)
    asset = args.asset
    if asset is not None and asset.isascii() and asset.isdigit():
        asset = int(asset)
    return serve(args.port, db=url, prog=PROG, asset_id=asset, user_id=args.user)


def _failer(url: str | None) -> Callable[[int, str], int]:
    """``fail(status, message)``: print one line, with anything in the URL that may be a
    secret masked (the kit's messages never show one; this holds whatever a driver says);
    return ``status``."""
    hidden = sorted(secrets_in(url), key=len, reverse=True) if url else []

    def fail(status: int, message: str) -> int:
        for secret in hidden:
            message = message.replace(secret, "***")
        print(f"{PROG}: {one_line(message)}", file=sys.stderr)
        return status

    return fail


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    url = args.db or os.environ.get(ENV_DB) or None
    fail = _failer(url)
    if args.command == "serve":
        return serve_command(parser, args, url, fail)
    if args.command == "demo":
        return _demo(args, url, fail)
    if args.command == "diff":
        return diff_command(args, url, fail)
    uid, scope = None, "all owners"
    if args.scoped:
        if args.all_users and args.user is not None:
            parser.error("argument --user: not allowed with --all-users (give exactly one)")
        if not args.all_users and args.user is None:
            parser.error("the scope is required: give --user ID or --all-users")
        uid = None if args.all_users else args.user
        scope = "all owners" if uid is None else f"user {uid}"

    from ..store import connect

    try:
        try:
            store = connect(url)
        except (InvalidArgument, InvalidArgumentType) as exc:
            return fail(2, f"error: argument --db: {exc}")
        try:
            text = run(args, store, uid, scope)
        finally:
            store.close()
    except AssetNotFound as exc:
        return fail(1, str(exc))
    except (InvalidArgument, InvalidArgumentType) as exc:
        return fail(2, f"error: {exc}")
    except LineageKitError as exc:
        return fail(1, str(exc))
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
