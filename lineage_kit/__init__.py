"""lineage_kit: where did this clip come from, and what was made from it?

Reads pixsim7's ``assets`` and ``asset_lineage`` tables (PostgreSQL, or an
embedded SQLite sample) and answers one bounded neighbourhood query with the
same result over the database, pandas DataFrames and networkx graphs.

>>> import lineage_kit as lk
>>> store = lk.connect()                      # the embedded sample
>>> res = store.lineage(310, user_id=1)       # a transition and its inputs
>>> res.to_dict()["nodes"][0]["parent_count"]
4

The layers, bottom up: :mod:`lineage_kit.model` (plain values),
:mod:`lineage_kit.sources` (SQL, arrays, networkx), :mod:`lineage_kit.query`
(the one BFS), then its users: the store, the catalog, the provenance
questions, the audit, the exports and the command line. The notebook UI is
:mod:`lineage_kit.widgets` (the ``widgets`` extra).
"""

from __future__ import annotations

from .audit import AuditReport, audit
from .catalog import AssetPage, asset_details, facets, list_assets
from .errors import (
    AmbiguousAsset,
    AssetNotFound,
    InvalidArgument,
    InvalidArgumentType,
    InvalidSnapshot,
    LineageKitError,
    ListenError,
    MediaRefused,
    MediaWarning,
    MissingExtra,
    NoGenerations,
    QueryTimeout,
    StoreError,
    TokenFileWarning,
    WriteError,
)
from .export import export
from .finding import find_assets, resolve_asset
from .finding.hits import FindResult, Hit
from .history import diff, load_snapshot, snapshot
from .model import schema, validate
from .model.diff import LineageDiff
from .model.generation import Generation
from .model.lineage import Lineage
from .model.provider import PixverseMetadata, pixverse_metadata
from .model.results import Asset, Edge, Node
from .model.snapshot import Snapshot
from .query import lineage
from .questions import (
    derivation_paths,
    extensions_of,
    fusion_inputs,
    origins,
    paused_frames,
    provider_metadata,
    transition_inputs,
)
from .refresh import expected_parents, generation_of
from .sources import CatalogSource, NeighbourSource, as_source
from .sources.frames import Frames
from .sources.sql.indexes import IndexAdvice
from .store import Store, connect

__all__ = [
    "AmbiguousAsset",
    "Asset",
    "AssetNotFound",
    "AssetPage",
    "AuditReport",
    "CatalogSource",
    "Edge",
    "FindResult",
    "Frames",
    "Generation",
    "Hit",
    "IndexAdvice",
    "InvalidArgument",
    "InvalidArgumentType",
    "InvalidSnapshot",
    "Lineage",
    "LineageDiff",
    "LineageKitError",
    "ListenError",
    "MediaRefused",
    "MediaWarning",
    "MissingExtra",
    "NeighbourSource",
    "NoGenerations",
    "Node",
    "PixverseMetadata",
    "QueryTimeout",
    "Snapshot",
    "Store",
    "StoreError",
    "TokenFileWarning",
    "WriteError",
    "as_source",
    "asset_details",
    "audit",
    "connect",
    "derivation_paths",
    "diff",
    "expected_parents",
    "export",
    "extensions_of",
    "facets",
    "find_assets",
    "fusion_inputs",
    "generation_of",
    "lineage",
    "list_assets",
    "load_snapshot",
    "origins",
    "paused_frames",
    "pixverse_metadata",
    "provider_metadata",
    "resolve_asset",
    "schema",
    "snapshot",
    "transition_inputs",
    "validate",
]

__version__ = "0.1.0"
