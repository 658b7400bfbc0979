"""Deprecated: finding lives in :mod:`lineage_kit.finding` (or ``lk.find_assets``).

Importing this module still works and warns once; it re-exports the names it had.
"""

from __future__ import annotations

import warnings

from .finding import RESOLVE_LIMIT, find_assets, resolve_asset

__all__ = ["RESOLVE_LIMIT", "find_assets", "resolve_asset"]

warnings.warn(
    "lineage_kit.find is now lineage_kit.finding (or use lk.find_assets / lk.resolve_asset)",
    DeprecationWarning,
    stacklevel=2,
)
