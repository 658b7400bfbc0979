"""The command line's grammar: commands, options and their checks (argparse)."""

from __future__ import annotations

import argparse
import inspect
from collections.abc import Callable
from typing import Any, NoReturn

from ..errors import InvalidArgument, InvalidArgumentType
from ..export import FORMATS
from ..finding.policy import DEFAULT_LIMIT, LIMIT_MAX, SearchQuery, check_limit
from ..model.validate import (
    COUNT_LIMIT_DEFAULT,
    COUNT_LIMIT_MAX,
    DIRECTIONS,
    MAX_DEPTH_LIMIT,
    MAX_NODES_LIMIT,
    bounded_int,
    check_count_limit,
    check_max_depth,
    check_max_nodes,
    check_seconds,
    check_user_id,
)
from ..query import lineage
from ..questions import check_max_paths, derivation_paths, extensions_of, origins
from ..store import DEFAULT_TIMEOUT
from .over_time import add_commands

__all__ = ["ENV_DB", "PROG", "SERVE_PORT", "DefaultsShown", "Parser", "build_parser"]

PROG = "lineage-kit"
ENV_DB = "LINEAGE_KIT_DB"


class DefaultsShown(argparse.HelpFormatter):
    """Help that says each option's default (unless its text already does)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            action.option_strings
            and default not in (None, False, argparse.SUPPRESS)
            and "default" not in text
        ):
            text += (" " if text else "") + "(default: %(default)s)"
        return text


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors (exit status 2), no usage dump, and defaults in the help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", DefaultsShown)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see {self.prog} --help)\n")


def _checked(check: Callable[[int], Any]) -> Callable[[str], Any]:
    """An argparse type: parse an int, then apply one of the kit's validators."""

    def convert(text: str) -> Any:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
        try:
            return check(value)
        except (InvalidArgument, InvalidArgumentType) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def _asset_ref(text: str) -> str:
    """An argparse type for an asset: a database id, or what :func:`lineage_kit.resolve_asset`
    reads as one asset (a provider asset id, ``pixverse:ID``, a storage key, a path, a hash)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"empty; give {_REF_HELP}")
    try:
        return SearchQuery.parse(text).text
    except (InvalidArgument, InvalidArgumentType) as exc:
        raise argparse.ArgumentTypeError(str(exc).replace("query", "an asset id", 1)) from None


_REF_HELP = (
    "a database id, or a provider asset id (374351749764234 or pixverse:374351749764234), "
    "storage key, local path or sha256 of exactly one asset"
)


def _seconds(text: str) -> float:
    """An argparse type: a number of seconds (a timeout)."""
    try:
        return check_seconds("--timeout", float(text), 3600)
    except (ValueError, InvalidArgument, InvalidArgumentType) as exc:
        raise argparse.ArgumentTypeError(
            str(exc) if isinstance(exc, InvalidArgument) else f"expected seconds, got {text!r}"
        ) from None


def _port(value: int) -> int:
    return bounded_int("--port", value, 0, 65535, "a port number (0: any free port)")


def _common(parser: argparse.ArgumentParser, top: bool, scoped: bool = True) -> None:
    # On the subcommands the defaults are suppressed, so an option given before the
    # command is not overwritten by the subcommand's default.
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
    if not scoped:
        return
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
    g.add_argument("--json", action="store_true", default=d(False), help="machine-readable output")


def _bounds(
    parser: argparse.ArgumentParser,
    *,
    direction: bool,
    depth_default: Any,
    answers: Callable[..., Any] = lineage,
) -> None:
    """``--direction``, ``--depth`` and ``--max-nodes``; ``answers`` is the function whose
    defaults apply when an option is left out (its own default is left to it)."""
    defaults = {k: p.default for k, p in inspect.signature(answers).parameters.items()}
    if direction:
        parser.add_argument(
            "--direction",
            choices=DIRECTIONS,
            default="both",
            help="parents (ancestors), children (descendants) or both",
        )
    if depth_default is not False:
        shown = depth_default if depth_default is not None else defaults["max_depth"]
        parser.add_argument(
            "--depth",
            type=_checked(check_max_depth),
            default=depth_default,
            help=f"levels to follow (0-{MAX_DEPTH_LIMIT}, default {shown})",
        )
    parser.add_argument(
        "--max-nodes",
        type=_checked(check_max_nodes),
        default=None,
        help=f"cap on assets (1-{MAX_NODES_LIMIT}, default {defaults['max_nodes']})",
    )


def _counts(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--count-limit",
        type=_checked(check_count_limit),
        default=None,
        help=f"degree counts are exact up to this many rows, shown N+ past it "
        f"(1-{COUNT_LIMIT_MAX}, default {COUNT_LIMIT_DEFAULT})",
    )


def _command(sub: Any, name: str, help: str, *ids: str, scoped: bool = True) -> Parser:
    parser: Parser = sub.add_parser(name, help=help)
    for metavar in ids:
        dest = {"ANCESTOR": "ancestor_id", "DESCENDANT": "descendant_id"}.get(metavar, "asset_id")
        parser.add_argument(dest, metavar=metavar, type=_asset_ref, help=_REF_HELP)
    parser.set_defaults(scoped=scoped)
    return parser


def build_parser() -> Parser:
    """The ``lineage-kit`` parser; every query command has ``scoped=True`` in its defaults."""
    parser = Parser(
        prog=PROG,
        description="Inspect pixsim7 media-asset lineage: where did this come from, "
        "and what was made from it?",
    )
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    show = _command(sub, "show", "the neighbourhood as a tree: parents above, children below", "ID")
    _bounds(show, direction=True, depth_default=1)
    _counts(show)
    _common(show, top=False)

    flat = _command(sub, "flat", "direct parents and children, one line per lineage row", "ID")
    _bounds(flat, direction=True, depth_default=False)
    _counts(flat)
    _common(flat, top=False)

    find = _command(sub, "find", "find assets by id, provider asset id, key, path or words")
    find.add_argument(
        "query",
        metavar="QUERY",
        nargs="+",
        help="a database id, a provider asset id (pixverse:374351749764234), a storage key, "
        "a local path, a sha256, or words of a description or prompt",
    )
    find.add_argument(
        "--limit",
        type=_checked(check_limit),
        default=DEFAULT_LIMIT,
        help=f"hits to show (1-{LIMIT_MAX}, default {DEFAULT_LIMIT})",
    )
    _common(find, top=False)

    audit = _command(sub, "audit", "check the lineage tables (dangling rows, cycles, ...)")
    _common(audit, top=False)

    indexes = _command(
        sub,
        "indexes",
        "the indexes the kit recommends that the database lacks, with CREATE INDEX statements",
        scoped=False,
    )
    indexes.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )
    _common(indexes, top=False, scoped=False)

    export = _command(sub, "export", "write a neighbourhood or the whole scoped graph")
    export.add_argument("asset_id", metavar="ID", type=_asset_ref, nargs="?", help=_REF_HELP)
    export.add_argument("--format", required=True, choices=FORMATS, help="the file format")
    export.add_argument("--all", action="store_true", help="the whole scoped graph, not one ID")
    export.add_argument("-o", "--output", metavar="PATH", help="write to PATH (default: stdout)")
    _bounds(export, direction=True, depth_default=1)
    _counts(export)
    _common(export, top=False)

    ask = _command(sub, "ask", "provenance questions")
    _common(ask, top=False)
    questions = ask.add_subparsers(dest="question", metavar="QUESTION", required=True)
    q = _command(questions, "transition-inputs", "the images a transition was made from", "ID")
    _common(q, top=False)
    q = _command(questions, "fusion-inputs", "the images a fusion was made from", "ID")
    _common(q, top=False)
    q = _command(questions, "extensions", "every extended version of a video", "ID")
    _bounds(q, direction=False, depth_default=None, answers=extensions_of)
    _common(q, top=False)
    q = _command(
        questions, "paused-frames", "what was made from a paused video, in time order", "ID"
    )
    q.add_argument(
        "--captured-only",
        action="store_true",
        default=None,
        help="only the frames captured from it (frame_extraction rows)",
    )
    _common(q, top=False)
    q = _command(
        questions, "paths", "how DESCENDANT was made from ANCESTOR", "ANCESTOR", "DESCENDANT"
    )
    _bounds(q, direction=False, depth_default=None, answers=derivation_paths)
    paths_default = inspect.signature(derivation_paths).parameters["max_paths"].default
    q.add_argument(
        "--max-paths",
        type=_checked(check_max_paths),
        default=None,
        help=f"cap on paths (default {paths_default})",
    )
    _common(q, top=False)
    q = _command(questions, "origins", "the parentless ancestors an asset descends from", "ID")
    _bounds(q, direction=False, depth_default=None, answers=origins)
    _common(q, top=False)

    add_commands(sub, _command, _common, _checked, _asset_ref, _REF_HELP)

    demo = _command(
        sub, "demo", "serve the Lineage Inspector with Voilà on 127.0.0.1", scoped=False
    )
    demo.add_argument(
        "--port", type=_checked(_port), default=0, help="port (default: 8866 when free)"
    )
    demo.add_argument(
        "--asset",
        type=_asset_ref,
        default=None,
        help="open at this asset: the printed address ends ?asset=ID (default: 310, the sample's "
        "transition)",
    )
    demo.add_argument(
        "--user",
        metavar="ID",
        type=_checked(check_user_id),
        default=argparse.SUPPRESS,
        help="the owner whose assets the page shows (?user=ID; default: 1)",
    )
    _serve(sub)
    return parser


SERVE_MAX_NODES = 2_000
"""``serve --max-nodes``' default: :class:`lineage_kit.api.ServeLimits`' own (a test holds
them equal; the parser does not import the api extra)."""
SERVE_PORT = 8867
"""``lineage-kit serve``'s port: beside the demo's 8866 (pixsim7's backend uses 8000 and 8001)."""


def _serve(sub: Any) -> None:
    serve = _command(
        sub,
        "serve",
        "serve the lineage HTTP API (GET /assets/{id}/lineage and /flat) on 127.0.0.1",
        scoped=False,
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    serve.add_argument(
        "--port",
        type=_checked(_port),
        default=SERVE_PORT,
        help="port (default: %(default)s; 0: any free port); a busy port is an error",
    )
    who = serve.add_argument_group("callers (exactly one)")
    who.add_argument(
        "--token-file",
        metavar="PATH",
        help="one 'TOKEN USER_ID' pair a line: a caller sends 'Authorization: Bearer TOKEN' "
        "and sees that user's assets; no or an unknown token is a 401",
    )
    who.add_argument(
        "--all-users",
        action="store_true",
        default=argparse.SUPPRESS,  # keeps a --all-users given before the command
        help="serve every owner's assets without authentication (loopback hosts only)",
    )
    serve.add_argument(
        "--timeout",
        type=_seconds,
        default=None,
        help="seconds a request may take in all, the database's part included; past it the "
        f"answer is a 503 (default: the store's, {DEFAULT_TIMEOUT:g})",
    )
    serve.add_argument(
        "--max-nodes",
        type=_checked(check_max_nodes),
        default=None,
        help="the largest answer a request may ask for (max_nodes; "
        f"1-{MAX_NODES_LIMIT}, default {SERVE_MAX_NODES})",
    )
    serve.add_argument(
        "--no-docs",
        action="store_true",
        help="no /openapi.json or /docs (with them, they answer valid tokens only)",
    )
    serve.add_argument(
        "--log-level",
        choices=("critical", "error", "warning", "info", "debug"),
        default="warning",
        help="uvicorn's log level (info: one line per request); default: %(default)s",
    )
    _common(serve, top=False, scoped=False)
