"""``lineage-kit serve``: the lineage HTTP API on uvicorn (needs the ``api`` extra).

Unlike the query commands, ``serve`` takes no ``--user``: its callers bring
their own scope, a bearer token from ``--token-file`` mapped to a user id, or
every owner when ``--all-users`` asks for it on purpose (loopback only).
"""

from __future__ import annotations

import argparse
import signal
import sys
import warnings
from collections.abc import Callable
from typing import Any

from ..errors import InvalidArgument, InvalidArgumentType, LineageKitError, TokenFileWarning
from .parser import PROG, Parser

__all__ = ["serve_command"]


def serve_command(
    parser: Parser, args: argparse.Namespace, url: str | None, fail: Callable[[int, str], int]
) -> int:
    """Check the options, open the store, serve until Ctrl-C or SIGTERM; return the exit status.

    ``fail(status, message)`` prints one line (password masked) and returns ``status``.
    """
    if args.user is not None:
        parser.error("argument --user: not allowed with serve (use --token-file or --all-users)")
    all_users = bool(getattr(args, "all_users", False))
    if all_users == (args.token_file is not None):
        parser.error("serve needs exactly one of --token-file PATH and --all-users")
    try:
        from ..api import ServeLimits, read_token_file, serve
    except ImportError as exc:  # lk.MissingExtra names the extra to install
        return fail(1, str(exc))
    bounds: dict[str, Any] = {}
    if args.max_nodes is not None:
        bounds["max_nodes"] = args.max_nodes
    limits = ServeLimits(**bounds)

    tokens = None
    if args.token_file is not None:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", TokenFileWarning)
                tokens = read_token_file(args.token_file)
        except InvalidArgument as exc:
            return fail(2, f"error: argument --token-file: {exc}")
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            return fail(2, f"error: argument --token-file: cannot read {args.token_file}: {reason}")
        for warning in caught:
            print(f"{PROG}: warning: {warning.message}", file=sys.stderr, flush=True)
        callers = f"{len(tokens)} token(s) of {len(set(tokens.values()))} user(s)"
    else:
        callers = "every owner, without authentication"

    from ..store import connect

    try:
        store = connect(url) if args.timeout is None else connect(url, timeout=args.timeout)
    except (InvalidArgument, InvalidArgumentType) as exc:
        return fail(2, f"error: argument --db: {exc}")
    except LineageKitError as exc:
        return fail(1, str(exc))

    def ready(address: str) -> None:
        print(
            f"{PROG}: serving {store.label} at {address} ({callers}; answers up to "
            f"{limits.max_nodes:,} assets within {limits.request_timeout(store):g}s); "
            "Ctrl-C stops",
            flush=True,
        )

    # SIGTERM (a supervisor, `kill`) takes Ctrl-C's path: uvicorn shuts down gracefully, then
    # re-raises the signal it caught, which lands here and the store is closed.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        serve(
            store,
            host=args.host,
            port=args.port,
            tokens=tokens,
            all_users=all_users,
            log_level=args.log_level,
            ready=ready,
            limits=limits,
            docs=not args.no_docs,
        )
    except InvalidArgument as exc:
        return fail(2, f"error: {exc}")
    except OSError as exc:
        return fail(1, str(exc))
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        store.close()
    return 0


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")
