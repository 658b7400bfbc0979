"""Writing one section of ``benchmarks/RESULTS.md`` from a test, leaving the rest as it is."""

from __future__ import annotations

import statistics
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "RESULTS.md"


def replace_section(heading: str, body: str, path: Path = RESULTS) -> None:
    """Put ``heading`` + ``body`` in place of the section with that heading, or append it.

    A section runs from its ``## `` heading to the next ``## `` heading (or the end).
    """
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
