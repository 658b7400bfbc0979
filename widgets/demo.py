"""``make demo``: serve the Lineage Inspector notebook with Voilà on localhost, offline.

``python -m lineage_kit.widgets.demo`` builds the embedded sample (``lk.connect()``), copies
``notebooks/inspector.ipynb`` into a temporary folder and serves it with Voilà
on 127.0.0.1 through the offline template in ``widgets/voila_template/`` (the
stock template's CDN links removed), printing the URL. Every file Jupyter,
IPython and Voilà would write (runtime and connection files, secrets,
history) goes into that temporary folder, which is removed on exit (Ctrl-C):
nothing is written into the working folder.

The Voilà process helpers live in :mod:`lineage_kit.widgets.voila` (shared with the
browser tests).

Examples
--------
>>> from lineage_kit.widgets.demo import APP_SOURCE
>>> "lineage_app(store, user_id={user_id}, asset_id={asset_id})" in APP_SOURCE
True
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from .voila import port_is_free, start_voila, stop_voila, wait_ready

__all__ = ["APP_SOURCE", "demo_notebook", "main", "serve"]

APP_SOURCE = """\
import os

import lineage_kit as lk
from lineage_kit.widgets.layout import lineage_app

# LINEAGE_KIT_DB names the database (the embedded sample when unset).
store = lk.connect(os.environ.get("LINEAGE_KIT_DB") or None)
lineage_app(store, user_id={user_id}, asset_id={asset_id})
"""


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


def serve(port: int = 0, db: str | None = None, prog: str = "lineage-kit demo") -> int:
    """Build the sample (or open ``db``), serve the inspector, print the URL, run until Ctrl-C.

    ``prog`` starts each error line (``lineage-kit: error: ...`` from the command line).
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
    n = lk.list_assets(store, user_id=1, limit=1).total
    print(f"lineage_kit: data loaded ({n} assets of user 1, {store.label})", flush=True)

    root = Path(tempfile.mkdtemp(prefix="lineage-kit-demo-"))
    signal.signal(signal.SIGTERM, _interrupt)
    proc = None
    try:
        notebook = demo_notebook(_app_path(root))
        if db:
            os.environ["LINEAGE_KIT_DB"] = db
        proc, url = start_voila(notebook, root, port=port or None)
        waited = wait_ready(proc, url)
        print(f"Lineage Inspector (Voilà, ready in {waited:.1f} s): {url}", flush=True)
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
