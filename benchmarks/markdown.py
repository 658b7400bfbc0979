"""Markdown helpers for the report: numbers, tables, verdicts.

>>> f(1234.5), met(True)
('1,234.50', '**met**')
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["f", "foreign_sections", "met", "replace_section", "table"]


def f(x: float, digits: int = 2) -> str:
    return f"{x:,.{digits}f}"


def met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def table(head: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def replace_section(path: Path, heading: str, body: str) -> None:
    """Put ``heading`` and ``body`` in place of that section of ``path`` (or append them).

    A section runs from its ``## `` heading to the next ``## `` heading or the end.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    section = f"{heading}\n\n{body.strip()}\n"
    start = text.find(f"\n{heading}\n")
    if start == -1:
        text = (text.rstrip("\n") + "\n\n" if text else "") + section
    else:
        end = text.find("\n## ", start + len(heading) + 2)
        text = text[: start + 1] + section + ("\n" + text[end + 1 :] if end != -1 else "")
    path.write_text(text, encoding="utf-8")


def foreign_sections(old: str, new: str) -> str:
    """The ``## `` sections of ``old`` whose headings ``new`` lacks (written by other tools:
    the find benchmark, the HTTP load test), to keep them when ``new`` replaces ``old``."""
    have = {line for line in new.splitlines() if line.startswith("## ")}
    kept, keep = [], False
    for line in old.splitlines():
        if line.startswith("## "):
            keep = line not in have
        if keep:
            kept.append(line)
    return "\n".join(kept).strip("\n")
