"""Debian's Chromium driven by Playwright, offline (no `playwright install`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .lanes import need

CHROMIUM = os.environ.get("CHROMIUM", "/usr/lib/chromium/chromium")  # the real binary
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

LAUNCH_ARGS = [
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Chromium still calls Google hosts on its own: make every other name unresolvable.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def launch(playwright: Any) -> Any:
    """Launch headless Debian Chromium; fail loudly when it is missing."""
    need("browser")
    need("browser")
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} missing: `make test` installs Debian's chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
