"""Short plain-text labels for terminals and drawings (CLI trees, Mermaid, DOT).

Text from the database may hold anything: line breaks are flattened and
control characters (which can drive a terminal) replaced by U+FFFD.

>>> from lineage_kit import Edge
>>> e = Edge(id=1, parent_asset_id=301, child_asset_id=310, relation_type="TRANSITION_INPUT",
...          operation_type="video_transition", sequence_order=3)
>>> edge_label(e)
'TRANSITION_INPUT · video_transition · seq 3'
>>> one_line("two\\nlines\\x1b[31m")
'two lines\\ufffd[31m'
>>> count_text(1000, capped=True), count_text(3, capped=False)
('1000+', '3')
"""

from __future__ import annotations

import re
from typing import Any

from .records import count_text
from .results import Edge
from .schema import MULTI_INPUT_OPERATIONS

__all__ = ["count_text", "edge_label", "one_line", "shorten"]

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def one_line(text: Any) -> str:
    """One line of text: whitespace runs collapsed, control characters replaced."""
    return _CONTROL.sub("\ufffd", " ".join(str(text).split()))


def shorten(text: str | None, width: int) -> str:
    """:func:`one_line`, cut to ``width`` characters with an ellipsis."""
    line = one_line(text or "")
    return line if len(line) <= width else line[: width - 1] + "…"


def edge_label(edge: Edge) -> str:
    """``relation · operation``, plus ``seq N`` where the row's order matters."""
    label = f"{one_line(edge.relation_type)} · {one_line(edge.operation_type)}"
    if edge.operation_type in MULTI_INPUT_OPERATIONS or edge.sequence_order:
        label += f" · seq {edge.sequence_order}"
    return label
