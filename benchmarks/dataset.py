"""A pixsim7-shaped benchmark database, generated server-side in a few statements.

Assets come in *families* of 20 made by one owner: images, an image-to-video,
a Pixverse extend chain of four, two paused frames, transitions with 3–5 inputs
(one image used twice), a fusion with five ``COMPOSITION_*`` inputs and a
legacy lower-case ``source`` row beside ``SOURCE_IMAGE``: 34 lineage rows per
family (every family asset but the two frame captures names a generation:
:mod:`benchmarks.generations_data`). Each family's two first images derive from the
same owner's previous family, and one image of every tenth block is a favourite that the following
ten families reuse in a transition and a fusion, so an owner's lineage is one
long connected web and a depth-3 query meets the 50-node cap on some roots.

A *block* holds one family of each of the 100 owners with their ids interleaved
(asset ``id`` = creation order, as in pixsim7), so an owner's assets are
scattered through the table as in a live database. Every tenth block (from the
second) adds one cross-owner row. One image of owner 1 is a *hub* with
``100,000 × scale`` children. A second image, of owner 3, is a smaller hub
(*hub2*) with ``10,000 × scale`` children and four ancestors (two parents, a
grandparent and its parent), for the large answers: pixsim7's own graph
endpoint returns it with its children and three ancestors at its default depth
2 (10,004 assets at scale 1). At ``scale=1.0``: 1,010,006 assets and 1,639,849
lineage rows. The sizes and landmark ids: :class:`benchmarks.plan.Plan`.

The tables, enums and pixsim7's own indexes come from ``tests/support/pixsim_db.py``
(``PG_DDL``); :data:`RECOMMENDED_INDEXES` are the two the kit recommends (its own list:
``store.missing_indexes()``, ``lineage-kit indexes``).

With ``search=True`` (the find benchmark, :mod:`benchmarks.find`) descriptions are worth
searching — three in four assets of each owner carry one of :data:`SUBJECTS` and a take token,
``"<subject> — take <md5(k)[:8]>"`` — and pixsim7's search indexes
(``PG_SEARCH_INDEXES``: pg_trgm, the description trigram and prompt full-text GIN
indexes, the provider, key, path and hash btrees) are built too. Every prompt already
holds a token of its own (``subject <md5(31k)[:12]>``) among words all prompts share.

Examples
--------
>>> generate("postgresql://postgres@127.0.0.1/bench", 0.01)["assets"]  # doctest: +SKIP
9106
"""

from __future__ import annotations

import time
from typing import Any

import psycopg

from benchmarks.generations_data import GENERATION_LOOKUP_INDEXES, GENERATIONS_SQL
from benchmarks.plan import (
    BLOCK,
    FAMILY,
    HUB2_ANCESTORS,
    OWNERS,
    POSITIONS,
    ROWS_PER_FAMILY,
    TEMPLATE,
    Plan,
)
from lineage_kit.sources.sql.indexes import RECOMMENDED_INDEXES

__all__ = [
    "FAMILY",
    "OWNERS",
    "RECOMMENDED_INDEXES",
    "ROWS_PER_FAMILY",
    "SUBJECTS",
    "Plan",
    "create_recommended_indexes",
    "drop_recommended_indexes",
    "generate",
]


SUBJECTS = (
    "a cat rides a skateboard",
    "neon city at night",
    "a dancer on a rooftop",
    "storm over the harbour",
    "a knight in silver armour",
    "drone shot over a green valley",
    "a red-haired pilot on a desert airfield",
    "paper boats leaving the harbour",
    "a lighthouse on a cliff at dusk",
    "slow motion rain on a window",
)
"""What searchable descriptions are about (``search=True``): asset ``k`` gets number
``k // 100 % 10`` (each owner has all ten; ``k % 100`` is the owner)."""


def _values(rows: list[tuple[Any, ...]]) -> str:
    def lit(v: Any) -> str:
        if v is None:
            return "NULL"
        if isinstance(v, str):
            return "'" + v.replace("'", "''") + "'"
        return repr(v)

    return ", ".join("(" + ", ".join(lit(v) for v in r) + ")" for r in rows)


def _description_sql(search: bool) -> str:
    if not search:
        return f"CASE WHEN k % 2 = 0 THEN 'family ' || (k / {BLOCK}) || ' step ' || t.p END"
    subjects = "ARRAY[" + ", ".join(f"'{s}'" for s in SUBJECTS) + "]"
    return (
        f"CASE WHEN k / {OWNERS} % 4 <> 3 THEN ({subjects})[k / {OWNERS} % {len(SUBJECTS)} + 1] "
        "|| ' — take ' || substr(md5(k::text), 1, 8) END"
    )


def _assets_sql(plan: Plan, search: bool = False) -> str:
    pos = _values(POSITIONS)
    return f"""
    INSERT INTO assets (id, user_id, sha256, media_type, provider_id, provider_asset_id,
        provider_account_id, model, remote_url, local_path, thumbnail_url, mime_type,
        width, height, duration_sec, prompt, description, upload_method, media_metadata,
        is_archived, operation_type, created_at, last_accessed_at, source_generation_id)
    SELECT k + 1, k % {OWNERS} + 1, md5(k::text), t.media::mediatype,
        CASE WHEN k % 7 = 0 THEN 'sora' ELSE 'pixverse' END,
        (370000000000000 + k * 7919)::text,
        k % {OWNERS} + 1000,
        CASE WHEN t.media = 'VIDEO' THEN 'v5' ELSE 'image-v4' END,
        'https://media.pixverse.ai/openapi/output/' || md5(k::text)
            || CASE WHEN t.media = 'VIDEO' THEN '.mp4' ELSE '.jpg' END,
        CASE WHEN t.upload = 'video_capture'
            THEN '/data/media/u' || (k % {OWNERS} + 1) || '/' || (k + 1) || '.jpg' END,
        'https://media.pixverse.ai/thumb/' || (k + 1) || '.jpg',
        CASE WHEN t.media = 'VIDEO' THEN 'video/mp4' ELSE 'image/jpeg' END,
        1280, 720,
        CASE WHEN t.media = 'VIDEO' THEN 5.0 END,
        'cinematic tracking shot of subject ' || substr(md5((k * 31)::text), 1, 12)
            || ', golden hour, 35mm lens, shallow depth of field, volumetric light, film grain',
        {_description_sql(search)},
        t.upload,
        CASE WHEN t.media = 'VIDEO' THEN jsonb_build_object(
            'create_mode', coalesce(t.op, 'upload'), 'duration', 5, 'quality', '720p',
            'source_video_id', k, 'customer_paths',
            jsonb_build_object('customer_img_path', 'upload/' || md5(k::text) || '.jpg')) END,
        k % 97 = 0,
        CASE WHEN t.p IN (0, 1) AND k >= {BLOCK} THEN 'image_to_image' ELSE t.op END,
        timestamp '2025-01-01' + k * interval '30 seconds',
        timestamp '2025-06-01' + k * interval '7 seconds',
        CASE WHEN t.upload <> 'video_capture' THEN k + 1 END
    FROM generate_series(0::bigint, {plan.family_assets - 1}) AS k
    JOIN (VALUES {pos}) AS t(p, media, op, upload) ON t.p = (k % {BLOCK}) / {OWNERS}
    """


def _lineage_sql(plan: Plan) -> str:
    tpl = _values([(i, *row) for i, row in enumerate(TEMPLATE)])
    n = ROWS_PER_FAMILY
    return f"""
    INSERT INTO asset_lineage (id, child_asset_id, parent_asset_id, relation_type,
        operation_type, parent_start_time, parent_end_time, parent_frame, sequence_order,
        created_at, influence_type, influence_weight, influence_region)
    SELECT (b * {n} + t.i) * {OWNERS} + f + 1,
        b * {BLOCK} + t.c * {OWNERS} + f + 1,
        CASE WHEN t.par >= 200 THEN (b - b % 10) * {BLOCK} + (t.par - 200) * {OWNERS} + f + 1
             WHEN t.par >= 100 THEN (b - 1) * {BLOCK} + (t.par - 100) * {OWNERS} + f + 1
             ELSE b * {BLOCK} + t.par * {OWNERS} + f + 1 END,
        t.rel, t.op::operationtype, t.st, t.en, t.fr, t.seq,
        timestamp '2025-01-01' + (b * {BLOCK} + t.c * {OWNERS} + f) * interval '30 seconds',
        CASE WHEN t.rel LIKE 'COMPOSITION%' THEN 'content' END,
        CASE WHEN t.rel LIKE 'COMPOSITION%' THEN 0.2 END,
        CASE WHEN t.rel LIKE 'COMPOSITION%' THEN 'full' END
    FROM generate_series(0, {plan.blocks - 1}) AS b
    CROSS JOIN (VALUES {tpl}) AS t(i, c, par, rel, op, seq, fr, st, en)
    CROSS JOIN generate_series(0, {OWNERS - 1}) AS f
    WHERE t.par < 100 OR t.par >= 200 OR b > 0
    ORDER BY 1
    """


def _extra_sql(plan: Plan) -> list[str]:
    base = plan.blocks * ROWS_PER_FAMILY * OWNERS
    return [
        # A fusion of owner 1 that takes an image of owner 100: a cross-owner row.
        f"""INSERT INTO asset_lineage (id, child_asset_id, parent_asset_id, relation_type,
            operation_type, sequence_order, created_at)
        SELECT {base} + b + 1, b * {BLOCK} + 13 * {OWNERS} + 1,
            b * {BLOCK} + 16 * {OWNERS} + {OWNERS}, 'COMPOSITION_STYLE_REFERENCE',
            'fusion', 5, timestamp '2025-01-01' + b * {BLOCK} * interval '30 seconds'
        FROM generate_series(0, {plan.blocks - 1}) AS b WHERE b % 10 = 1""",
        f"""INSERT INTO assets (id, user_id, media_type, provider_id, provider_asset_id,
            remote_url, thumbnail_url, prompt, description, upload_method, is_archived,
            operation_type, created_at, last_accessed_at)
        SELECT {plan.hub_id}, {plan.hub_owner}, 'IMAGE', 'pixverse', 'hub-image',
            'https://media.pixverse.ai/hub.jpg', 'https://media.pixverse.ai/thumb/hub.jpg',
            'the character sheet everybody animates', 'hub image', 'web', false,
            'text_to_image', timestamp '2024-12-31', timestamp '2025-06-01'""",
        *_children_sql(
            "hub",
            plan.hub_id,
            plan.hub_owner,
            plan.hub_id + 1,
            plan.hub_children,
            base + plan.blocks + 1,
            "2026-01",
        ),
        *_hub2_sql(plan, base + plan.blocks + 1 + plan.hub_children),
    ]


def _hub2_sql(plan: Plan, first_row: int) -> list[str]:
    """The second hub, its four ancestors and its children."""
    hub, (a, b, c, d) = plan.hub2_id, plan.hub2_ancestors
    ancestry = [(a, hub, 0), (b, hub, 1), (c, a, 0), (d, c, 0)]  # (parent, child, order)
    rows = ", ".join(
        f"({first_row + k}, {child}, {parent}, 'SOURCE_IMAGE', 'image_to_image'::operationtype, "
        f"{seq})"
        for k, (parent, child, seq) in enumerate(ancestry)
    )
    return [
        f"""INSERT INTO assets (id, user_id, media_type, provider_id, provider_asset_id,
            remote_url, thumbnail_url, prompt, description, upload_method, is_archived,
            operation_type, created_at, last_accessed_at)
        SELECT {hub} + k, {plan.hub2_owner}, 'IMAGE', 'pixverse', 'hub2-' || k,
            'https://media.pixverse.ai/hub2/' || k || '.jpg',
            'https://media.pixverse.ai/thumb/hub2-' || k || '.jpg',
            'a character sheet and its ancestry', 'hub2 ' || k, 'web', false,
            'image_to_image', timestamp '2024-12-01' + k * interval '1 day',
            timestamp '2025-06-01'
        FROM generate_series(0, {HUB2_ANCESTORS}) AS k""",
        f"""INSERT INTO asset_lineage (id, child_asset_id, parent_asset_id, relation_type,
            operation_type, sequence_order, created_at)
        SELECT v.*, timestamp '2024-12-15' FROM (VALUES {rows}) AS v""",
        *_children_sql(
            "hub2",
            hub,
            plan.hub2_owner,
            d + 1,
            plan.hub2_children,
            first_row + HUB2_ANCESTORS,
            "2026-03",
        ),
    ]


def _children_sql(
    tag: str, hub: int, owner: int, first_child: int, n: int, first_row: int, month: str
) -> list[str]:
    """``n`` videos made from image ``hub``, ids from ``first_child``, one row each."""
    return [
        f"""INSERT INTO assets (id, user_id, media_type, provider_id, provider_asset_id,
            remote_url, thumbnail_url, prompt, upload_method, media_metadata, is_archived,
            operation_type, created_at, last_accessed_at)
        SELECT {first_child} + j, {owner}, 'VIDEO', 'pixverse', '{tag}-child-' || j,
            'https://media.pixverse.ai/{tag}/' || j || '.mp4',
            'https://media.pixverse.ai/thumb/{tag}-' || j || '.jpg',
            'animate the character sheet, take ' || j, 'pixverse_sync',
            jsonb_build_object('create_mode', 'i2v', 'duration', 5), false, 'image_to_video',
            timestamp '{month}-01' + j * interval '1 second', timestamp '{month}-28'
        FROM generate_series(0, {n - 1}) AS j""",
        f"""INSERT INTO asset_lineage (id, child_asset_id, parent_asset_id, relation_type,
            operation_type, sequence_order, created_at)
        SELECT {first_row} + j, {first_child} + j, {hub}, 'SOURCE_IMAGE', 'image_to_video', 0,
            timestamp '{month}-01' + j * interval '1 second'
        FROM generate_series(0, {n - 1}) AS j""",
    ]


def _dsn(url: str) -> str:
    """A libpq DSN from a SQLAlchemy URL (``postgresql+psycopg://`` → ``postgresql://``)."""
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest if scheme.startswith("postgres") else url


def generate(
    url: str, scale: float, *, recommended_indexes: bool = False, search: bool = False
) -> dict[str, Any]:
    """Create pixsim7's tables in the empty database ``url`` and fill them for ``scale``.

    Parameters
    ----------
    url
        SQLAlchemy or libpq URL of an empty PostgreSQL database (writable).
    scale
        1.0 = one million assets; the hub has ``100,000 × scale`` children.
    recommended_indexes
        Also create :data:`RECOMMENDED_INDEXES`.
    search
        Searchable descriptions and pixsim7's search indexes (see the module's notes);
        their build time is ``seconds["search_indexes"]``.

    Returns
    -------
    dict
        ``plan`` (:class:`Plan`), ``seconds`` per phase, row counts as stored and
        ``table_mb`` (heap plus indexes per table).

    Examples
    --------
    >>> info = generate(url, 0.01)  # doctest: +SKIP
    >>> info["assets"]  # doctest: +SKIP
    9001
    """
    from tests.support.pixsim_db import PG_DDL, PG_GENERATIONS_DDL, PG_SEARCH_INDEXES

    plan = Plan.for_scale(scale)
    ddl = PG_DDL + PG_GENERATIONS_DDL
    tables = [s for s in ddl if not s.startswith("CREATE INDEX")]
    indexes = [s for s in ddl if s.startswith("CREATE INDEX")]
    if not search:  # the search indexes hold pixsim7's provider lookup index too
        indexes += GENERATION_LOOKUP_INDEXES
    seconds: dict[str, float] = {}
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute("SET work_mem = '256MB'")
        t = time.perf_counter()
        for stmt in tables:
            conn.execute(stmt)
        conn.execute(_assets_sql(plan, search))
        conn.execute(_lineage_sql(plan))
        for stmt in _extra_sql(plan):
            conn.execute(stmt)
        seconds["load"] = time.perf_counter() - t
        t = time.perf_counter()
        for stmt in GENERATIONS_SQL:
            conn.execute(stmt)
        seconds["generations"] = time.perf_counter() - t
        t = time.perf_counter()
        for stmt in indexes:
            conn.execute(stmt)
        if recommended_indexes:
            create_recommended_indexes(conn)
        seconds["indexes"] = time.perf_counter() - t
        if search:
            t = time.perf_counter()
            for stmt in PG_SEARCH_INDEXES:
                conn.execute(stmt)
            seconds["search_indexes"] = time.perf_counter() - t
        t = time.perf_counter()
        # VACUUM sets the visibility map (index-only scans), as autovacuum would on a
        # live database; ANALYZE gives the planner its statistics.
        conn.execute("VACUUM (ANALYZE) assets")
        conn.execute("VACUUM (ANALYZE) asset_lineage")
        conn.execute("VACUUM (ANALYZE) generations")
        seconds["vacuum_analyze"] = time.perf_counter() - t
        n_assets = conn.execute("SELECT count(*) FROM assets").fetchone()[0]  # type: ignore[index]
        n_rows = conn.execute("SELECT count(*) FROM asset_lineage").fetchone()[0]  # type: ignore[index]
        n_gens = conn.execute("SELECT count(*) FROM generations").fetchone()[0]  # type: ignore[index]
        sizes = {
            name: conn.execute("SELECT pg_total_relation_size(%s::regclass)", (name,)).fetchone()[0]  # type: ignore[index]
            / 2**20
            for name in ("assets", "asset_lineage")
        }
    if n_assets != plan.assets or n_rows != plan.lineage_rows:
        raise RuntimeError(
            f"generated {n_assets} assets / {n_rows} rows, planned "
            f"{plan.assets} / {plan.lineage_rows}"
        )
    return {
        "plan": plan,
        "seconds": seconds,
        "assets": n_assets,
        "lineage_rows": n_rows,
        "generations": n_gens,
        "table_mb": sizes,
    }


def create_recommended_indexes(conn: psycopg.Connection[Any]) -> float:
    """Create the kit's recommended indexes and ANALYZE; return the seconds it took."""
    t = time.perf_counter()
    conn.execute("SET maintenance_work_mem = '512MB'")
    for advice in RECOMMENDED_INDEXES:  # the statements lineage-kit indexes prints
        conn.execute(advice.statement("postgresql"))
    conn.execute("VACUUM (ANALYZE) asset_lineage")
    return time.perf_counter() - t


def drop_recommended_indexes(conn: psycopg.Connection[Any]) -> None:
    """Drop the kit's recommended indexes (to measure pixsim7's own indexes alone)."""
    for advice in RECOMMENDED_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {advice.name}")
    conn.execute("ANALYZE asset_lineage")
