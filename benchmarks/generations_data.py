"""The benchmark dataset's ``generations``: one per generated asset, pixsim7-shaped.

Every family asset but the two frame captures names a generation
(``assets.source_generation_id`` = its own id, set when the assets are made): its
``inputs`` are the asset's parent rows as pixsim7 writes them (``asset:N``
references, roles from the relations, orders and time spans), its operation the
asset's, a prompt, parameters and credits. The transitions' Pixverse payloads list
their input images by URL (``customer_img_urls``, the parents' ``remote_url``), so
that what a refresh would link reads both the generation and the payload. The
statements run after the lineage rows are in; :data:`GENERATION_LOOKUP_INDEXES` are
pixsim7's own indexes that a refresh's reads use (``idx_asset_provider_lookup``).
"""

from __future__ import annotations

__all__ = ["GENERATIONS_SQL", "GENERATION_LOOKUP_INDEXES", "ROLE_OF"]

ROLE_OF = {
    "SOURCE_IMAGE": "source_image",
    "source": "source",
    "SOURCE_VIDEO": "source_video",
    "PAUSED_FRAME": "paused_frame",
    "TRANSITION_INPUT": "transition_input",
    "COMPOSITION_MAIN_CHARACTER": "main_character",
    "COMPOSITION_COMPANION": "companion",
    "COMPOSITION_ENVIRONMENT": "environment",
    "COMPOSITION_PROP": "prop",
    "COMPOSITION_STYLE_REFERENCE": "style_reference",
}
"""The role a generation's input had, by the relation its row got (pixsim7's mapping read
backwards)."""

_ROLE_CASE = (
    "CASE l.relation_type "
    + " ".join(f"WHEN '{rel}' THEN '{role}'" for rel, role in ROLE_OF.items())
    + " ELSE 'source' END"
)

GENERATIONS_SQL = [
    # The transitions' payloads list their inputs by URL, as a Pixverse sync stores them.
    """UPDATE assets a
    SET media_metadata = a.media_metadata
        || jsonb_build_object('create_mode', 'transition', 'customer_img_urls', s.urls)
    FROM (
        SELECT l.child_asset_id, jsonb_agg(p.remote_url ORDER BY l.sequence_order, l.id) AS urls
        FROM asset_lineage l JOIN assets p ON p.id = l.parent_asset_id
        WHERE l.relation_type = 'TRANSITION_INPUT'
        GROUP BY l.child_asset_id
    ) s
    WHERE s.child_asset_id = a.id""",
    f"""INSERT INTO generations (id, user_id, operation_type, provider_id, canonical_params,
        inputs, final_prompt, status, created_at, updated_at, started_at, completed_at,
        estimated_credits, actual_credits, credit_type, asset_id, origin)
    SELECT a.id, a.user_id, coalesce(a.operation_type, 'text_to_image'), a.provider_id,
        json_build_object('model', a.model, 'duration', 5, 'quality', '720p', 'seed', a.id),
        coalesce(i.inputs, '[]'::json), a.prompt, 'completed',
        a.created_at - interval '5 minutes', a.created_at - interval '5 minutes',
        a.created_at - interval '299 seconds', a.created_at, 40, 40, 'web', a.id,
        CASE WHEN a.upload_method = 'pixverse_sync' THEN 'sync' ELSE 'local' END
    FROM assets a
    LEFT JOIN (
        SELECT l.child_asset_id,
            json_agg(json_build_object(
                'role', {_ROLE_CASE},
                'asset', 'asset:' || l.parent_asset_id,
                'sequence_order', l.sequence_order,
                'time', CASE WHEN l.parent_start_time IS NOT NULL THEN
                    json_build_object('start', l.parent_start_time, 'end', l.parent_end_time) END,
                'frame', l.parent_frame
            ) ORDER BY l.sequence_order, l.id) AS inputs
        FROM asset_lineage l
        GROUP BY l.child_asset_id
    ) i ON i.child_asset_id = a.id
    WHERE a.source_generation_id IS NOT NULL""",
]

GENERATION_LOOKUP_INDEXES = [
    "CREATE INDEX idx_asset_provider_lookup ON assets (provider_id, provider_asset_id)",
]
