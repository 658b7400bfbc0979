"""Provenance questions: thin wrappers that answer "how was this made?" as DataFrames.

Each question is one call of the bounded query (:func:`lineage_kit.lineage`)
with a suitable direction and depth, read through :class:`~lineage_kit.Lineage`
(``parents_of``/``children_of``, node depths and degree counts) or through
networkx on :meth:`~lineage_kit.Lineage.to_networkx`; none walks the graph on
its own. They work over every source the query accepts (Store, Frames,
networkx MultiDiGraph) and, like every query, take a required ``user_id``.

Every result carries ``frame.attrs["truncated"]``: ``True`` when a bound (the
node cap, the depth or a path cap) may have hidden part of the answer.

Examples
--------
>>> import lineage_kit as lk
>>> lk.transition_inputs(lk.connect(), 310, user_id=1)["asset_id"].tolist()
[301, 302, 303, 301]
"""

from .extensions import EXTENSION_COLUMNS, extensions_of
from .fusions import FUSION_INPUT_COLUMNS, fusion_inputs
from .origins import ORIGIN_COLUMNS, origins
from .paths import DERIVATION_PATH_COLUMNS, check_max_paths, derivation_paths
from .paused import PAUSED_FRAME_COLUMNS, paused_frames
from .provider import provider_metadata
from .table import MAX_PATHS_LIMIT
from .transitions import TRANSITION_INPUT_COLUMNS, transition_inputs

__all__ = [
    "DERIVATION_PATH_COLUMNS",
    "EXTENSION_COLUMNS",
    "FUSION_INPUT_COLUMNS",
    "MAX_PATHS_LIMIT",
    "ORIGIN_COLUMNS",
    "PAUSED_FRAME_COLUMNS",
    "TRANSITION_INPUT_COLUMNS",
    "check_max_paths",
    "derivation_paths",
    "extensions_of",
    "fusion_inputs",
    "origins",
    "paused_frames",
    "provider_metadata",
    "transition_inputs",
]
