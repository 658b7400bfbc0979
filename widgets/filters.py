"""The gallery's filters: which ``lk.list_assets`` keyword each sets and how it reads.

The two operation filters are named and meant as pixsim7's search names and means them:
*made by (lineage)* (``operation_type``: the asset is the child of a lineage row with that
operation) and *asset operation* (``asset_operation_type``: the asset's own column).

Examples
--------
>>> import lineage_kit as lk
>>> choices = filter_choices(lk.facets(lk.connect(), user_id=1))
>>> [c["key"] for c in choices] == list(FILTERS)
True
>>> choices[2]["options"][:2]
[['made by (lineage): any', ''], ['made by: frame_extraction', 'frame_extraction']]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["FILTERS", "Filter", "filter_choices"]


@dataclass(frozen=True)
class Filter:
    """One filter: the ``lk.list_assets`` keyword it sets and how it reads."""

    key: str
    anything: str
    """The label of the "any" choice."""
    tooltip: str
    prefix: str = ""
    """Put before each value's label, where the value alone does not say which filter it is."""


_ALL = (
    Filter("media_type", "any media type", "Filter by media type"),
    Filter("provider_id", "any provider", "Filter by provider"),
    Filter(
        "operation_type",
        "made by (lineage): any",
        "Assets made by this operation: the child of a lineage row with it "
        "(pixsim7's operation_type filter; assets synced from a provider count too)",
        prefix="made by: ",
    ),
    Filter(
        "asset_operation_type",
        "asset operation: any",
        "The asset's own operation_type column (pixsim7's asset_operation_type filter; "
        "empty for assets synced from a provider)",
        prefix="asset operation: ",
    ),
)

FILTERS: tuple[str, ...] = tuple(f.key for f in _ALL)
"""The filters' keywords, in display order."""


def filter_choices(facets: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Each filter with its options (``[label, value]``; ``""`` means any), for the front end."""
    out = []
    for f in _ALL:
        values = [[f.prefix + str(v), str(v)] for v in facets.get(f.key, [])]
        out.append({"key": f.key, "tooltip": f.tooltip, "options": [[f.anything, ""], *values]})
    return out
