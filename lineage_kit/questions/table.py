"""What every provenance question shares: one query call and one way to build its table.

>>> result_frame([{"asset_id": 1, "depth": -1}], ("asset_id", "depth"), truncated=False).attrs
{'truncated': False}
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model.lineage import Lineage
from ..model.validate import QUESTION_MAX_NODES
from ..query import lineage

__all__ = ["MAX_PATHS_LIMIT", "ask", "result_frame"]

MAX_PATHS_LIMIT = 10_000

# Nullable integer columns stay integers (pandas' Int64) rather than turning into floats.
DTYPES = {
    "sequence_order": "int64",
    "asset_id": "int64",
    "lineage_id": "int64",
    "depth": "int64",
    "extends": "int64",
    "path": "int64",
    "hop": "int64",
    "parent_asset_id": "int64",
    "child_asset_id": "int64",
    "parent_frame": "Int64",
    "parent_start_time": "float64",
    "parent_end_time": "float64",
    "duration": "float64",
    "source_video_duration": "float64",
    "is_archived": "object",
}


def result_frame(
    rows: list[dict[str, Any]], columns: tuple[str, ...], **attrs: Any
) -> pd.DataFrame:
    """A DataFrame of ``rows`` with ``columns`` in that order, typed, with ``attrs`` set."""
    frame = pd.DataFrame(rows, columns=list(columns))
    frame = frame.astype({c: t for c, t in DTYPES.items() if c in frame.columns})
    frame.attrs.update(attrs)
    return frame


def ask(
    source: Any,
    asset_id: int,
    uid: int | None,
    direction: str,
    max_depth: int,
    max_nodes: int = QUESTION_MAX_NODES,
) -> Lineage:
    """One bounded query (arguments already validated)."""
    return lineage(
        source,
        asset_id,
        user_id=uid,
        direction=direction,
        max_depth=max_depth,
        max_nodes=max_nodes,
    )
