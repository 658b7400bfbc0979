"""Writing one section of ``benchmarks/RESULTS.md`` from a test, leaving the rest as it is.

``make test`` leaves the checkout as it found it: the section goes to
``test-artifacts/RESULTS-from-tests.md`` unless ``LINEAGE_KIT_RECORD_RESULTS=1`` asks
for ``benchmarks/RESULTS.md`` itself (``make record-results``).
"""

from __future__ import annotations

import os
import statistics
from pathlib import Path

from benchmarks.markdown import replace_section as write_section

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def results_path() -> Path:
    """Where a test records its numbers this run (see the module docstring)."""
    if os.environ.get("LINEAGE_KIT_RECORD_RESULTS") == "1":
        return RESULTS
    artifacts = Path(os.environ.get("LINEAGE_KIT_ARTIFACTS", ROOT / "test-artifacts"))
    artifacts.mkdir(parents=True, exist_ok=True)
    return artifacts / "RESULTS-from-tests.md"


def replace_section(heading: str, body: str, path: Path | None = None) -> None:
    """:func:`benchmarks.markdown.replace_section` into :func:`results_path` (by default)."""
    write_section(results_path() if path is None else path, heading, body)


def ms(seconds: list[float], q: float) -> float:
    """The ``q`` quantile (0.5: median) of ``seconds``, in milliseconds."""
    if q == 0.5:
        return statistics.median(seconds) * 1000
    return statistics.quantiles(seconds, n=100, method="inclusive")[round(q * 100) - 1] * 1000
