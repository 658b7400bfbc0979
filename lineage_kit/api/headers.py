"""The headers every answer of the lineage API carries, errors included."""

from __future__ import annotations

__all__ = ["NO_STORE"]

NO_STORE = {"Cache-Control": "no-store"}
"""Answers are one owner's data, given for one bearer token: no cache keeps them."""
