"""Writing one section of ``benchmarks/RESULTS.md`` from a test, leaving the rest as it is.

``make test`` leaves the checkout as it found it: the section goes to
``test-artifacts/RESULTS-from-tests.md`` unless ``LINEAGE_KIT_RECORD_RESULTS=1`` asks
for ``benchmarks/RESULTS.md`` itself (``make record-results``).
"""

from __future__ import annotations

import os
import statistics
from pathlib import Path

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
    """Put ``heading`` + ``body`` in place of the section with that heading, or append it.

    A section runs from its ``## `` heading to the next ``## `` heading (or the end).
    """
    path = results_path() if path is None else path
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    section = f"{heading}\n\n{body.strip()}\n"
    start = text.find(f"\n{heading}\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(heading) + 2)
        text = text[: start + 1] + section + ("\n" + text[end + 1 :] if end != -1 else "")
    path.write_text(text, encoding="utf-8")


def ms(seconds: list[float], q: float) -> float:
    """The ``q`` quantile (0.5: median) of ``seconds``, in milliseconds."""
    if q == 0.5:
        return statistics.median(seconds) * 1000
    return statistics.quantiles(seconds, n=100, method="inclusive")[round(q * 100) - 1] * 1000
