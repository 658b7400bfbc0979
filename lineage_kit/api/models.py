"""The HTTP API's response bodies: pydantic models of ``Lineage.to_dict()`` and ``flat()``.

This is the one place that spells the JSON out for FastAPI and its OpenAPI
schema. The result types in :mod:`lineage_kit.model.results` decide what the
JSON holds; these models describe it, field for field and in the same order.
``tests/api/test_contract.py`` compares both, so when a result grows a key, it
fails and names the model here to update. Models refuse unknown keys
(``extra="forbid"``): a response never drops a field silently.

Optional keys (``local_path``, ``is_archived``) appear in the JSON only when
the database has a value for them; routes therefore serialise with
``response_model_exclude_unset=True``.

>>> import lineage_kit as lk
>>> res = lk.connect().lineage(102, user_id=1)
>>> body = LineageResponse.model_validate(res.to_dict())
>>> body.model_dump(mode="json", exclude_unset=True) == res.to_dict()
True
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AssetSummary",
    "EdgeModel",
    "ErrorMessage",
    "FlatEntry",
    "FlatResponse",
    "HealthResponse",
    "LineageResponse",
    "NodeModel",
]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssetSummary(_Closed):
    """An asset's summary, as a gallery card shows it (``Asset.to_dict()``)."""

    id: int
    media_type: str | None = Field(description="pixsim7's value form: video, image, audio, ...")
    provider_id: str | None
    provider_asset_id: str | None
    thumbnail_url: str | None = Field(
        description="What pixsim7's API reports: /api/v1/media/<key> (absolute when the "
        "pixsim7 origin is known), a provider URL, or a data: URI read from its media folder"
    )
    thumbnail_key: str | None = Field(description="The storage key behind the thumbnail, if any")
    remote_url: str | None
    description: str | None
    local_path: str | None = Field(
        default=None, description="Present only when the database has a value"
    )
    is_archived: bool | None = Field(
        default=None, description="Present only where the database has the column"
    )


class _RowFacts(_Closed):
    """What one ``asset_lineage`` row says of the operation (in edges and flat entries)."""

    relation_type: str = Field(description="As stored: SOURCE_VIDEO, TRANSITION_INPUT, ...")
    operation_type: str | None = Field(description="Lower-case value: video_extend, fusion, ...")
    sequence_order: int = Field(description="The input's position in the operation")
    parent_start_time: float | None
    parent_end_time: float | None
    parent_frame: int | None


class _EdgeEnds(_Closed):
    id: int = Field(description="The lineage row's id")
    parent_asset_id: int
    child_asset_id: int


class EdgeModel(_RowFacts, _EdgeEnds):
    """One lineage row, parent → child (``Edge.to_dict()``)."""


class NodeModel(_Closed):
    """An admitted asset with its depth and in-scope degree, capped (``Node.to_dict()``)."""

    asset: AssetSummary
    depth: int = Field(description="0 for the root, -k for ancestors, +k for descendants")
    parent_count: int = Field(
        description="The asset's in-scope parent rows, admitted or not, up to count_limit"
    )
    child_count: int = Field(
        description="The asset's in-scope child rows, admitted or not, up to count_limit"
    )
    parent_count_capped: bool = Field(
        description="True when the asset has more parent rows than count_limit"
    )
    child_count_capped: bool = Field(
        description="True when the asset has more child rows than count_limit"
    )


class LineageResponse(_Closed):
    """The bounded neighbourhood of an asset (``Lineage.to_dict()``)."""

    root_asset_id: int
    direction: Literal["both", "parents", "children"]
    max_depth: int
    max_nodes: int
    truncated: bool = Field(description="True when a node was dropped because max_nodes was met")
    nodes: list[NodeModel] = Field(description="Admission order, the root first")
    edges: list[EdgeModel] = Field(
        description="Every in-scope row between two admitted assets, duplicates kept, "
        "by (child_asset_id, sequence_order, id)"
    )


class _LineageId(_Closed):
    lineage_id: int = Field(description="The lineage row's id")


class FlatEntry(_RowFacts, _LineageId, AssetSummary):
    """A direct neighbour's summary plus the lineage row that links it to the root."""


class FlatResponse(_Closed):
    """The root's direct parents and children, one entry per lineage row (``Lineage.flat()``)."""

    asset_id: int
    parents: list[FlatEntry] = Field(description="By (sequence_order, id): the inputs in order")
    children: list[FlatEntry] = Field(description="By row id: creation order")


class ErrorMessage(BaseModel):
    """The body of a 401, 403, 404 or 503 answer."""

    detail: str


class HealthResponse(BaseModel):
    """``/healthz``: the server is up (no database round trip)."""

    status: Literal["ok"]
