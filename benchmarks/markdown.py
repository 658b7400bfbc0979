"""Markdown helpers for the report: numbers, tables, verdicts.

>>> f(1234.5), met(True)
('1,234.50', '**met**')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["f", "met", "table"]


def f(x: float, digits: int = 2) -> str:
    return f"{x:,.{digits}f}"


def met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def table(head: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)
