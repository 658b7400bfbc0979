"""The two lanes of the suite: ``make check`` (quick) and ``make test`` (full).

A test that starts something slow carries a marker saying what: ``postgres``
(the suite's own PostgreSQL server), ``browser`` (Debian's Chromium),
``server`` (a Voilà, Jupyter, marimo or ``lineage-kit serve`` process),
``wheel`` (a wheel built and installed into a clean venv) or ``notebook`` (a
notebook run by nbval in a kernel). ``make check`` deselects them all.

Most markers are given by the root ``conftest.py`` from what a test uses (a
fixture, a parameter, its folder); the rest are written on the test. Either way
the quick lane cannot be fooled: every helper that starts one of these calls
:func:`need` first, which fails the test in the quick lane, so an unmarked test
that starts a server is a red ``make check``, not a slow one.
"""

from __future__ import annotations

import os

__all__ = ["QUICK_ENV", "SLOW_MARKERS", "need", "quick"]

QUICK_ENV = "LINEAGE_KIT_LANE"
"""Set to ``quick`` by ``make check``."""

SLOW_MARKERS = {
    "postgres": "starts the suite's own PostgreSQL server",
    "browser": "drives Debian's Chromium through Playwright",
    "server": "starts a Voilà, Jupyter, marimo or lineage-kit serve process",
    "wheel": "builds the wheel and installs it into a clean venv",
    "notebook": "runs a notebook in a kernel (nbval)",
}
"""The markers ``make check`` leaves out, and what each means."""


def quick() -> bool:
    """Whether this run is the quick lane."""
    return os.environ.get(QUICK_ENV) == "quick"


def need(marker: str) -> None:
    """Say that the running test needs what ``marker`` stands for.

    In the quick lane this fails the test with the marker to add; in the full
    suite it does nothing.
    """
    if marker not in SLOW_MARKERS:
        raise ValueError(f"unknown marker {marker!r}; one of {sorted(SLOW_MARKERS)}")
    if quick():
        raise RuntimeError(
            f"this test {SLOW_MARKERS[marker]} but is not marked '{marker}': "
            f"add @pytest.mark.{marker} (make check runs only the quick tests)"
        )
