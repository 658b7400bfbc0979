"""``make demo``: serve the Lineage Inspector notebook with Voilà on localhost, offline.

``python -m lineage_kit.widgets.demo`` builds the embedded sample (``lk.connect()``), copies
``notebooks/inspector.ipynb`` into a temporary folder and serves it with Voilà
on 127.0.0.1 through the offline template in ``widgets/voila_template/`` (the
stock template's CDN links removed), printing the URL. Every file Jupyter,
IPython and Voilà would write (runtime and connection files, secrets,
history) goes into that temporary folder, which is removed on exit (Ctrl-C):
nothing is written into the working folder.

The page's address picks the clip and its owner: ``/?asset=310&user=1`` (a database id, or
anything the id box takes: a Pixverse id, a key, words), so pixsim7 or a terminal can link
straight to a clip's lineage; ``lineage-kit demo --asset ID`` prints that address. Voilà
hands the address's query to the notebook's kernel as ``QUERY_STRING``
(:func:`opened_at` reads it).

The Voilà process helpers live in :mod:`lineage_kit.widgets.voila` (shared with the
browser tests).

Examples
--------
>>> from lineage_kit.widgets.demo import APP_SOURCE
>>> "lineage_app(store, user_id=user_id, asset_id=asset_id)" in APP_SOURCE
True
>>> opened_at("asset=902&user=2", asset_id=310, user_id=1)
(902, 2)
>>> opened_at("", asset_id=310, user_id=1), opened_at("asset=harbour", asset_id=310, user_id=1)
((310, 1), ('harbour', 1))
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import urllib.parse
from pathlib import Path

from .voila import port_is_free, start_voila, stop_voila, wait_ready

__all__ = ["APP_SOURCE", "demo_notebook", "demo_url", "main", "opened_at", "serve"]

APP_SOURCE = """\
import os

import lineage_kit as lk
from lineage_kit.widgets.demo import opened_at
from lineage_kit.widgets.layout import lineage_app

# LINEAGE_KIT_DB names the database (the embedded sample when unset); the page's address
# picks the clip and its owner (?asset=ID&user=ID), which Voila hands over as QUERY_STRING.
store = lk.connect(os.environ.get("LINEAGE_KIT_DB") or None)
query = os.environ.get("QUERY_STRING", "")
asset_id, user_id = opened_at(query, asset_id={asset_id}, user_id={user_id})
lineage_app(store, user_id=user_id, asset_id=asset_id)
"""


def opened_at(query: str, *, asset_id: int | None, user_id: int) -> tuple[int | str | None, int]:
    """The clip and owner a page's address asks for (``asset=…&user=…``), else the defaults.

    ``asset`` is a database id or anything the inspector's id box takes (resolved, with an
    inline message when nothing or several match); ``user`` an owner's id.

    Raises
    ------
    lineage_kit.InvalidArgument
        ``user`` is not an owner's id (the page shows the error).
    """
    import lineage_kit as lk

    params = urllib.parse.parse_qs(query)
    asset = (params.get("asset") or [""])[-1].strip()
    user = (params.get("user") or [""])[-1].strip()
    chosen: int | str | None = asset_id
    if asset:
        chosen = int(asset) if asset.isascii() and asset.isdigit() else asset
    owner = user_id
    if user:
        if not (user.isascii() and user.isdigit()):
            raise lk.InvalidArgument(
                f"user in the page's address must be an owner's id; got {user!r}"
            )
        owner = int(user)
        lk.validate.check_user_id(owner)
    return chosen, owner


def demo_url(url: str, asset_id: int | str | None = None, user_id: int | None = None) -> str:
    """The demo's address opening at ``asset_id`` (and ``user_id``), as pixsim7 can link it.

    >>> demo_url("http://127.0.0.1:8866/", 910, 1)
    'http://127.0.0.1:8866/?asset=910&user=1'
    """
    query = {k: v for k, v in (("asset", asset_id), ("user", user_id)) if v is not None}
    return url + ("?" + urllib.parse.urlencode(query) if query else "")


def demo_notebook(path: Path, *, user_id: int = 1, asset_id: int | None = 310) -> Path:
    """Write the demo's notebook (a title and the app) to ``path``; return it."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Lineage Inspector\nWhere did this clip come from, and what was made from it? "
            "Pick an asset in the gallery (or type its id), then follow its **parents** and "
            "**children**."
        ),
        nbformat.v4.new_code_cell(APP_SOURCE.format(user_id=user_id, asset_id=asset_id)),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nbformat.write(nb, str(path))
    return path


def _interrupt(signum: int, _frame: object) -> None:
    # SIGTERM (e.g. from a supervisor) takes the same clean path as Ctrl-C.
    raise KeyboardInterrupt(f"signal {signum}")


def serve(
    port: int = 0,
    db: str | None = None,
    prog: str = "lineage-kit demo",
    *,
    asset_id: int | str | None = None,
    user_id: int | None = None,
) -> int:
    """Build the sample (or open ``db``), serve the inspector, print the URL, run until Ctrl-C.

    ``prog`` starts each error line (``lineage-kit: error: ...`` from the command line);
    ``asset_id`` / ``user_id`` go into the printed address (``?asset=…&user=…``).
    """
    import lineage_kit as lk

    port = lk.validate.bounded_int("--port", port, 0, 65535, "a port number (0: any free port)")
    if port and not port_is_free(port):
        print(
            f"{prog}: error: port {port} on 127.0.0.1 is busy (another program listens there); "
            "choose a free one with --port N",
            file=sys.stderr,
        )
        return 1
    store = lk.connect(db)  # builds the embedded sample in the user cache on first use
    owner = 1 if user_id is None else user_id
    n = lk.list_assets(store, user_id=owner, limit=1).total
    print(f"lineage_kit: data loaded ({n} assets of user {owner}, {store.label})", flush=True)

    root = Path(tempfile.mkdtemp(prefix="lineage-kit-demo-"))
    signal.signal(signal.SIGTERM, _interrupt)
    proc = None
    try:
        notebook = demo_notebook(_app_path(root))
        if db:
            os.environ["LINEAGE_KIT_DB"] = db
        proc, url = start_voila(notebook, root, port=port or None)
        waited = wait_ready(proc, url)
        link = demo_url(url, asset_id, user_id)
        print(f"Lineage Inspector (Voilà, ready in {waited:.1f} s): {link}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        proc.wait()
        return proc.returncode or 0
    except KeyboardInterrupt:
        print("\nstopping…", flush=True)
        return 0
    except RuntimeError as exc:
        message = str(exc)
        if proc is not None and proc.poll() is not None and port and not port_is_free(port):
            message = f"port {port} on 127.0.0.1 became busy before Voilà could use it"
        print(f"{prog}: error: {message}", file=sys.stderr)
        return 1
    finally:
        if proc is not None:
            stop_voila(proc)
        shutil.rmtree(root, ignore_errors=True)


def _app_path(root: Path) -> Path:
    folder = root / "app"
    folder.mkdir()
    return folder / "inspector.ipynb"


def main(argv: list[str] | None = None) -> int:
    """``python -m lineage_kit.widgets.demo [--port N]``: the same as ``lineage-kit demo``."""
    parser = argparse.ArgumentParser(
        prog="python -m lineage_kit.widgets.demo",
        description="Serve the Lineage Inspector with Voilà.",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=0,
        help="port on 127.0.0.1 (default: 8866 when free, else any free one)",
    )
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be from 1 to 65535 (0 picks a free one); got {args.port}")
    return serve(args.port, prog=parser.prog)


if __name__ == "__main__":
    sys.exit(main())
