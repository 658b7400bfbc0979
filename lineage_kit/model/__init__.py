"""Plain values: table declarations and value lists, record normalisation, result types,
argument validation. Depends on nothing else in the kit."""

from . import schema
from .lineage import Lineage
from .results import ASSET_FIELDS, EDGE_FIELDS, Asset, Edge, Node

__all__ = ["ASSET_FIELDS", "EDGE_FIELDS", "Asset", "Edge", "Lineage", "Node", "schema"]
