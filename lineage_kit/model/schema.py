"""The two pixsim7 tables the kit reads, and pixsim7's value lists.

Only the columns the kit reads are declared, with pixsim7's names and SQL types
(as pixsim7's migrations make them), so a real database with many more columns works.
Enum-typed columns (``assets.media_type``, ``asset_lineage.operation_type``)
are declared as strings: PostgreSQL hands their labels back as text, whatever
labels a given database holds, and :func:`media_type_value` /
:func:`operation_type_value` turn them into pixsim7's lower-case value form.

Examples
--------
>>> from lineage_kit.model import schema
>>> schema.media_type_value("VIDEO"), schema.operation_type_value("VIDEO_EXTEND")
('video', 'video_extend')
>>> "TRANSITION_INPUT" in schema.RELATION_TYPES
True
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "ASSETS_OPTIONAL",
    "ASSETS_REQUIRED",
    "COMPOSITION_RELATIONS",
    "GENERIC_RELATIONS",
    "IMAGE_RELATIONS",
    "LEGACY_RELATION_TYPES",
    "LINEAGE_OPTIONAL",
    "LINEAGE_REQUIRED",
    "MEDIA_LABELS",
    "MEDIA_TYPES",
    "MULTI_INPUT_OPERATIONS",
    "OPERATION_ENUM_LABELS",
    "OPERATION_TYPES",
    "RELATION_TYPES",
    "SUMMARY_COLUMNS",
    "SUMMARY_JSON",
    "SUMMARY_JSON_UNLESS",
    "THUMBNAIL_INPUTS",
    "VIDEO_RELATIONS",
    "asset_lineage",
    "assets",
    "lineage_ends",
    "media_type_spellings",
    "media_type_value",
    "metadata",
    "operation_type_value",
]

metadata = sa.MetaData()

assets = sa.Table(
    "assets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, nullable=False, index=True),
    # PostgreSQL: native enum ``mediatype`` with labels VIDEO/IMAGE/AUDIO/MODEL_3D.
    sa.Column("media_type", sa.String, nullable=False),
    sa.Column("provider_id", sa.String, nullable=False),
    sa.Column("provider_asset_id", sa.String, nullable=False),
    sa.Column("remote_url", sa.String),
    sa.Column("local_path", sa.String),
    # Legacy: in the pixsim7 database, not in its model; may be absent.
    sa.Column("thumbnail_url", sa.String),
    # Storage keys (what pixsim7 writes today), served at /api/v1/media/<key>.
    sa.Column("stored_key", sa.String(512)),
    sa.Column("thumbnail_key", sa.String(512)),
    sa.Column("preview_key", sa.String(512)),
    sa.Column("original_source_url", sa.String),
    sa.Column("description", sa.String),
    # varchar(64), lower-case OperationType value; NULL when not generated.
    sa.Column("operation_type", sa.String(64)),
    sa.Column("media_metadata", sa.JSON),
    sa.Column("is_archived", sa.Boolean),
    sa.Column("created_at", sa.DateTime),
    # Searched by lk.find_assets: content hash (lower-case hex) and the generation prompt.
    sa.Column("sha256", sa.String),
    sa.Column("prompt", sa.Text),
)

asset_lineage = sa.Table(
    "asset_lineage",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("child_asset_id", sa.Integer, nullable=False, index=True),
    sa.Column("parent_asset_id", sa.Integer, nullable=False, index=True),
    sa.Column("relation_type", sa.String, nullable=False),
    # PostgreSQL: native enum ``operationtype`` with mixed-case labels.
    sa.Column("operation_type", sa.String, nullable=False),
    sa.Column("parent_start_time", sa.Double),
    sa.Column("parent_end_time", sa.Double),
    sa.Column("parent_frame", sa.Integer),
    sa.Column("sequence_order", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime),
)
sa.Index("idx_lineage_child_full", asset_lineage.c.child_asset_id, asset_lineage.c.sequence_order)

# Columns without which the kit cannot answer; the others read as null when absent.
ASSETS_REQUIRED = ("id", "user_id", "media_type", "provider_id", "provider_asset_id")
ASSETS_OPTIONAL = tuple(c.name for c in assets.c if c.name not in ASSETS_REQUIRED)
LINEAGE_REQUIRED = (
    "id",
    "child_asset_id",
    "parent_asset_id",
    "relation_type",
    "operation_type",
    "sequence_order",
)
LINEAGE_OPTIONAL = tuple(c.name for c in asset_lineage.c if c.name not in LINEAGE_REQUIRED)

SUMMARY_COLUMNS = (
    "id",
    "user_id",
    "media_type",
    "provider_id",
    "provider_asset_id",
    "thumbnail_url",
    "thumbnail_key",
    "stored_key",
    "original_source_url",
    "remote_url",
    "description",
    "local_path",
    "is_archived",
)
"""What every source reads to build an :class:`~lineage_kit.Asset` summary (plus the owner)."""

THUMBNAIL_INPUTS = ("stored_key", "original_source_url")
"""Summary columns read only to find the thumbnail by pixsim7's rules, not reported."""

SUMMARY_JSON = {"provider_thumbnail_url": ("media_metadata", "provider_thumbnail_url")}
"""Values a summary reads from inside a JSON column, by name: ``(column, key)``.

pixsim7 keeps the provider's own thumbnail (Pixverse's last frame) in
``media_metadata.provider_thumbnail_url``; a source reads that one key, not
the whole payload.
"""
SUMMARY_JSON_UNLESS = {"provider_thumbnail_url": "thumbnail_key"}
"""Values of :data:`SUMMARY_JSON` that matter only while the named column is empty (null or
``""``): pixsim7 reports a stored thumbnail before the provider's. A source may leave them
unread otherwise; PostgreSQL then never opens a large ``media_metadata`` payload."""

# --- relation types (domain/assets/relation_types.py): 17 constants ------------------------
IMAGE_RELATIONS = (
    "SOURCE_IMAGE",
    "REFERENCE_IMAGE",
    "PAUSED_FRAME",
    "CROPPED_REGION",
    "TRANSITION_INPUT",
)
VIDEO_RELATIONS = ("SOURCE_VIDEO", "KEYFRAME", "VIDEO_CLIP")
COMPOSITION_RELATIONS = (
    "COMPOSITION_MAIN_CHARACTER",
    "COMPOSITION_COMPANION",
    "COMPOSITION_ENVIRONMENT",
    "COMPOSITION_PROP",
    "COMPOSITION_STYLE_REFERENCE",
    "COMPOSITION_EFFECT",
)
GENERIC_RELATIONS = ("SOURCE", "DERIVATION", "REFERENCE")
RELATION_TYPES = IMAGE_RELATIONS + VIDEO_RELATIONS + COMPOSITION_RELATIONS + GENERIC_RELATIONS
"""The canonical relation types, as pixsim7 writes them today."""

LEGACY_RELATION_TYPES = ("source", "FUSION_CHARACTER", "FUSION_BACKGROUND", "FUSION_REFERENCE")
"""Values still found in older tables: a lower-case backfill and the retired FUSION_* names."""

SOURCE_IMAGE, REFERENCE_IMAGE, PAUSED_FRAME, CROPPED_REGION, TRANSITION_INPUT = IMAGE_RELATIONS
SOURCE_VIDEO, KEYFRAME, VIDEO_CLIP = VIDEO_RELATIONS
SOURCE, DERIVATION, REFERENCE = GENERIC_RELATIONS
FUSION_CHARACTER, FUSION_BACKGROUND, FUSION_REFERENCE = LEGACY_RELATION_TYPES[1:]

# --- operation types (domain/enums.py, OperationType): 11 members, lower-case values -------
OPERATION_TYPES = (
    "text_to_image",
    "image_to_image",
    "text_to_video",
    "image_to_video",
    "video_extend",
    "video_transition",
    "video_modify",
    "fusion",
    "frame_extraction",
    "image_edit",
    "image_composite",
)
(
    TEXT_TO_IMAGE,
    IMAGE_TO_IMAGE,
    TEXT_TO_VIDEO,
    IMAGE_TO_VIDEO,
    VIDEO_EXTEND,
    VIDEO_TRANSITION,
    VIDEO_MODIFY,
    FUSION,
    FRAME_EXTRACTION,
    IMAGE_EDIT,
    IMAGE_COMPOSITE,
) = OPERATION_TYPES

OPERATION_ENUM_LABELS = (
    "TEXT_TO_VIDEO",
    "IMAGE_TO_VIDEO",
    "VIDEO_EXTEND",
    "VIDEO_TRANSITION",
    "FUSION",
    "image_to_image",
    "text_to_image",
    "video_transition",
    "frame_extraction",
    "image_edit",
    "image_composite",
    "image_to_video",
    "text_to_video",
    "video_extend",
    "fusion",
)
"""Labels of PostgreSQL's ``operationtype`` enum, in baseline order (no ``video_modify``)."""

MULTI_INPUT_OPERATIONS = (VIDEO_TRANSITION, FUSION, IMAGE_COMPOSITE)
"""Operations whose inputs are ordered by ``sequence_order``."""

# --- media types (domain/enums.py, MediaType) ----------------------------------------------
MEDIA_TYPES = ("video", "image", "audio", "3d_model")
MEDIA_LABELS = {"VIDEO": "video", "IMAGE": "image", "AUDIO": "audio", "MODEL_3D": "3d_model"}
"""PostgreSQL ``mediatype`` enum labels (member names) and their value forms."""


def lineage_ends(rows: sa.FromClause, upward: bool) -> tuple[sa.ColumnElement[int], ...]:
    """``(near, far)`` columns of ``asset_lineage`` (or an alias): the node's end and its
    neighbour's. Upward a node's rows are those where it is the child; downward, the parent.

    >>> [c.name for c in lineage_ends(asset_lineage, upward=True)]
    ['child_asset_id', 'parent_asset_id']
    """
    ends = (rows.c.child_asset_id, rows.c.parent_asset_id)
    return ends if upward else ends[::-1]


def media_type_value(label: str | None) -> str | None:
    """Return pixsim7's value form of a media type, whatever the database stores.

    >>> media_type_value("MODEL_3D"), media_type_value("image")
    ('3d_model', 'image')
    """
    if label is None:
        return None
    text = str(getattr(label, "value", label))
    return MEDIA_LABELS.get(text.upper(), text.lower())


def operation_type_value(label: str | None) -> str | None:
    """Return the lower-case value form of an operation type (legacy labels are upper-case).

    >>> operation_type_value("VIDEO_TRANSITION")
    'video_transition'
    """
    if label is None:
        return None
    return str(getattr(label, "value", label)).lower()


def media_type_spellings(value: str) -> list[str]:
    """Every way a database may store a media type: its value and its enum label.

    >>> media_type_spellings("3d_model")
    ['3D_MODEL', '3d_model', 'MODEL_3D']
    """
    labels = {v: k for k, v in MEDIA_LABELS.items()}
    return sorted({value, value.upper(), labels.get(value.lower(), value.upper())})
