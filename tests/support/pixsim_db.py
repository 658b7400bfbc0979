"""pixsim7-shaped test databases on SQLite and PostgreSQL, with the columns the kit ignores.

The PostgreSQL DDL follows pixsim7's baseline: native enums ``mediatype``,
``operationtype`` (all 15 labels), ``syncstatus`` and ``contentdomain``, jsonb and
json columns, and many columns the kit never reads. No foreign keys: the tests
need dangling rows, which pixsim7's FKs would forbid.

The writer engine here is the test's own; the kit only ever gets a read-only store.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

import lineage_kit as lk
from lineage_kit import schema
from lineage_kit.sources.sample import sample_rows as packaged_rows

_counter = itertools.count()

PG_DDL = [
    "CREATE TYPE mediatype AS ENUM ('VIDEO', 'IMAGE', 'AUDIO', 'MODEL_3D')",
    "CREATE TYPE operationtype AS ENUM ("
    + ", ".join(f"'{label}'" for label in schema.OPERATION_ENUM_LABELS)
    + ")",
    "CREATE TYPE syncstatus AS ENUM ('REMOTE', 'DOWNLOADING', 'DOWNLOADED', 'ERROR')",
    "CREATE TYPE contentdomain AS ENUM ('GENERAL', 'ADULT', 'MEDICAL', 'SPORTS', 'FASHION', "
    "'EDUCATION')",
    """CREATE TABLE assets (
        id integer PRIMARY KEY,
        user_id integer NOT NULL,
        sha256 varchar, content_id integer,
        media_type mediatype NOT NULL,
        provider_id varchar NOT NULL, provider_asset_id varchar NOT NULL,
        provider_account_id integer, model varchar(64), provider_uploads jsonb,
        remote_url varchar, local_path varchar, thumbnail_url varchar,
        stored_key varchar(512), thumbnail_key varchar(512), preview_key varchar(512),
        storage_root_id varchar(64), mime_type varchar, width integer, height integer,
        duration_sec double precision,
        prompt text, description varchar,
        content_domain contentdomain NOT NULL DEFAULT 'GENERAL',
        content_rating varchar NOT NULL DEFAULT 'general',
        asset_kind varchar(32) NOT NULL DEFAULT 'content',
        original_source_url varchar, upload_method varchar, upload_context jsonb,
        media_metadata jsonb, prompt_analysis json,
        sync_status syncstatus NOT NULL DEFAULT 'REMOTE',
        is_archived boolean NOT NULL DEFAULT false,
        operation_type varchar(64), reproducible_hash varchar(64), gen_seed bigint,
        prompt_version_id uuid, version_family_id uuid, version_number integer,
        parent_asset_id integer, source_generation_id integer,
        created_at timestamp without time zone NOT NULL DEFAULT now(),
        last_accessed_at timestamp without time zone NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX ix_assets_user_id ON assets (user_id)",
    "CREATE INDEX ix_assets_source_generation_id ON assets (source_generation_id)",
    """CREATE TABLE asset_lineage (
        id integer PRIMARY KEY,
        child_asset_id integer NOT NULL,
        parent_asset_id integer NOT NULL,
        relation_type varchar NOT NULL,
        operation_type operationtype NOT NULL,
        parent_start_time double precision, parent_end_time double precision,
        parent_frame integer,
        sequence_order integer NOT NULL,
        created_at timestamp without time zone NOT NULL DEFAULT now(),
        influence_type varchar(32), influence_weight double precision,
        influence_region varchar(64), prompt_ref_name varchar(64), edit_summaries json
    )""",
    "CREATE INDEX idx_lineage_child ON asset_lineage (child_asset_id)",
    "CREATE INDEX idx_lineage_parent ON asset_lineage (parent_asset_id)",
    "CREATE INDEX idx_lineage_child_full ON asset_lineage (child_asset_id, sequence_order)",
]

PG_GENERATIONS_DDL = [
    """CREATE TABLE generations (
        id integer PRIMARY KEY,
        user_id integer NOT NULL,
        workspace_id integer,
        operation_type character varying(50) NOT NULL,
        provider_id character varying(50) NOT NULL,
        canonical_params json NOT NULL DEFAULT '{}',
        inputs json NOT NULL DEFAULT '[]',
        reproducible_hash character varying(64),
        prompt_version_id uuid,
        final_prompt text,
        status character varying(20) NOT NULL DEFAULT 'pending',
        priority integer DEFAULT 5 NOT NULL,
        scheduled_at timestamp without time zone,
        started_at timestamp without time zone,
        completed_at timestamp without time zone,
        error_message text,
        retry_count integer DEFAULT 0 NOT NULL,
        parent_generation_id integer,
        asset_id integer,
        name character varying(255),
        description text,
        created_at timestamp without time zone NOT NULL DEFAULT now(),
        updated_at timestamp without time zone NOT NULL DEFAULT now(),
        prompt_config json,
        prompt_source_type character varying(20),
        account_id integer,
        estimated_credits integer,
        actual_credits integer,
        credit_type character varying(50),
        billing_state character varying(7) DEFAULT 'pending'::character varying,
        charged_at timestamp without time zone,
        billing_error text,
        origin character varying(9) DEFAULT 'local'::character varying NOT NULL,
        preferred_account_id integer,
        resolved_params json,
        error_code character varying(60),
        attempt_id integer DEFAULT 0 NOT NULL,
        deferred_action character varying(10),
        run_context jsonb,
        prompt_text_hash character varying(64)
    )""",
    "CREATE INDEX ix_generations_user_id ON generations (user_id)",
    "CREATE INDEX ix_generations_asset_id ON generations (asset_id)",
    "CREATE INDEX ix_generations_status ON generations (status)",
    "CREATE INDEX idx_generation_user_status_created ON generations (user_id, status, created_at)",
]
"""pixsim7's ``generations`` as its baseline migration (``20260420_9900``) and
``20260604_0001`` (``prompt_text_hash``) make it: ``operation_type`` and ``status`` are plain
varchar (its enums are ``native_enum=False``), ``inputs`` and ``canonical_params`` json,
``run_context`` jsonb. Kept apart so a test can make a database without the table."""

PG_SEARCH_INDEXES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX idx_asset_description_trgm ON assets USING gin (description gin_trgm_ops) "
    "WHERE (description IS NOT NULL)",
    "CREATE INDEX idx_asset_prompt_fts ON assets "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(prompt, ''::text))) "
    "WHERE (prompt IS NOT NULL)",
    "CREATE INDEX idx_asset_provider_lookup ON assets (provider_id, provider_asset_id)",
    "CREATE INDEX ix_assets_provider_asset_id ON assets (provider_asset_id)",
    "CREATE INDEX idx_asset_local_path ON assets (local_path) WHERE (local_path IS NOT NULL)",
    "CREATE INDEX idx_asset_stored_key ON assets (stored_key) WHERE (stored_key IS NOT NULL)",
    "CREATE INDEX idx_asset_user_sha256 ON assets (user_id, sha256) WHERE (sha256 IS NOT NULL)",
]
"""pixsim7's indexes for finding assets (baseline ``20260420_9900``), with the ``pg_trgm``
extension the description index needs: what a live pixsim7 database has and the kit's
search rides. Kept apart from :data:`PG_DDL` so the plain test databases stay bare."""

SQLITE_DDL = [
    """CREATE TABLE assets (
        id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, sha256 TEXT,
        media_type TEXT NOT NULL, provider_id TEXT NOT NULL, provider_asset_id TEXT NOT NULL,
        model TEXT, provider_uploads TEXT, remote_url TEXT, local_path TEXT, thumbnail_url TEXT,
        stored_key TEXT, thumbnail_key TEXT, preview_key TEXT, original_source_url TEXT,
        upload_method TEXT, mime_type TEXT, width INTEGER, height INTEGER, prompt TEXT,
        description TEXT, content_domain TEXT NOT NULL DEFAULT 'GENERAL', media_metadata TEXT,
        is_archived BOOLEAN NOT NULL DEFAULT 0, operation_type TEXT,
        source_generation_id INTEGER,
        created_at DATETIME, last_accessed_at DATETIME)""",
    """CREATE TABLE asset_lineage (
        id INTEGER PRIMARY KEY, child_asset_id INTEGER NOT NULL, parent_asset_id INTEGER NOT NULL,
        relation_type TEXT NOT NULL, operation_type TEXT NOT NULL,
        parent_start_time REAL, parent_end_time REAL, parent_frame INTEGER,
        sequence_order INTEGER NOT NULL, created_at DATETIME,
        influence_type TEXT, influence_weight REAL, influence_region TEXT, prompt_ref_name TEXT,
        edit_summaries TEXT)""",
    "CREATE INDEX idx_lineage_child ON asset_lineage (child_asset_id)",
    "CREATE INDEX idx_lineage_parent ON asset_lineage (parent_asset_id)",
]

SQLITE_GENERATIONS_DDL = [
    """CREATE TABLE generations (
        id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, workspace_id INTEGER,
        operation_type TEXT NOT NULL, provider_id TEXT NOT NULL,
        canonical_params TEXT NOT NULL DEFAULT '{}', inputs TEXT NOT NULL DEFAULT '[]',
        reproducible_hash TEXT, final_prompt TEXT, status TEXT NOT NULL DEFAULT 'pending',
        priority INTEGER NOT NULL DEFAULT 5, started_at DATETIME, completed_at DATETIME,
        error_message TEXT, retry_count INTEGER NOT NULL DEFAULT 0, asset_id INTEGER,
        created_at DATETIME, updated_at DATETIME, estimated_credits INTEGER,
        actual_credits INTEGER, credit_type TEXT, origin TEXT NOT NULL DEFAULT 'local',
        error_code TEXT)""",
]

_MEDIA_LABEL = {"video": "VIDEO", "image": "IMAGE", "audio": "AUDIO", "3d_model": "MODEL_3D"}


def sample_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The bundled sample as row dicts (thumbnails inlined as data: URIs)."""
    rows = packaged_rows()
    return rows["assets"], rows["asset_lineage"]


def sample_generations() -> list[dict[str, Any]]:
    """The bundled sample's ``generations`` rows (JSON columns decoded)."""
    return packaged_rows()["generations"]


class PixsimDB:
    """One pixsim7-shaped database that a test fills, and the kit's read-only store on it."""

    def __init__(self, writer: sa.Engine, url: str) -> None:
        self.writer = writer
        self.url = url
        self.media_dir: Path | None = None
        """The media folder the store reads thumbnails from (the sample's, for the sample)."""
        self._store: lk.Store | None = None

    @classmethod
    def sqlite(cls, folder: Path, *, generations: bool = True) -> PixsimDB:
        """A new SQLite file in ``folder``; ``generations=False``: without that table."""
        path = Path(folder) / f"pixsim-{next(_counter)}.db"
        writer = sa.create_engine(f"sqlite:///{path}")
        with writer.begin() as conn:
            for stmt in SQLITE_DDL + (SQLITE_GENERATIONS_DDL if generations else []):
                conn.exec_driver_sql(stmt)
        return cls(writer, f"sqlite:///{path}")

    @classmethod
    def postgresql(
        cls,
        server: Any,
        name: str | None = None,
        *,
        search_indexes: bool = False,
        generations: bool = True,
    ) -> PixsimDB:
        """A new database on ``server``; ``search_indexes`` adds :data:`PG_SEARCH_INDEXES`,
        ``generations=False`` leaves :data:`PG_GENERATIONS_DDL` out."""
        url = server.create_database(name or f"pixsim_{next(_counter)}")
        writer = sa.create_engine(url)
        ddl = PG_DDL + (PG_GENERATIONS_DDL if generations else [])
        with writer.begin() as conn:
            for stmt in ddl + (PG_SEARCH_INDEXES if search_indexes else []):
                conn.exec_driver_sql(stmt)
        return cls(writer, url)

    @property
    def store(self) -> lk.Store:
        if self._store is None:
            self._store = lk.connect(self.url, media_dir=self.media_dir)
        return self._store

    def load(
        self,
        assets: Iterable[Mapping[str, Any]],
        lineage: Iterable[Mapping[str, Any]],
        generations: Iterable[Mapping[str, Any]] | None = None,
    ) -> None:
        """Replace the tables' contents (media types given in value or label form); the
        ``generations`` too when given (and the database has the table)."""
        a_rows = [_asset_row(r) for r in assets]
        l_rows = [_lineage_row(r) for r in lineage]
        a_cols = sorted({k for r in a_rows for k in r} | {"id"})
        l_cols = sorted({k for r in l_rows for k in r} | {"id"})
        if generations is not None:
            self.load_generations(generations)
        with self.writer.begin() as conn:
            conn.exec_driver_sql("DELETE FROM asset_lineage")
            conn.exec_driver_sql("DELETE FROM assets")
            if conn.dialect.name == "postgresql":  # COPY: fast enough for 100,000-row hubs
                raw = conn.connection.driver_connection
                for table, rows, cols in (
                    ("assets", a_rows, a_cols),
                    ("asset_lineage", l_rows, l_cols),
                ):
                    with (
                        raw.cursor() as cur,
                        cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy,
                    ):
                        for r in rows:
                            copy.write_row([_copy_value(r.get(c)) for c in cols])
                    # A live database has planner statistics; without them PostgreSQL
                    # may pick nested loops that take seconds on a hub.
                    conn.exec_driver_sql(f"ANALYZE {table}")
                return
            if a_rows:
                conn.execute(_insert("assets", a_cols, conn), [_fill(r, a_cols) for r in a_rows])
            if l_rows:
                conn.execute(
                    _insert("asset_lineage", l_cols, conn), [_fill(r, l_cols) for r in l_rows]
                )

    def load_generations(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Replace the ``generations`` rows (JSON columns given as Python values or text)."""
        g_rows = [_generation_row(r) for r in rows]
        with self.writer.begin() as conn:
            conn.exec_driver_sql("DELETE FROM generations")
            for row in g_rows:  # each row's own columns: the others keep their defaults
                cols = sorted(row)
                conn.execute(_insert("generations", cols, conn), [_fill(row, cols)])

    def add_lineage(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Insert lineage rows in one transaction (one INSERT, as pixsim7's writers batch)."""
        l_rows = [_lineage_row(r) for r in rows]
        if not l_rows:
            return
        cols = sorted({k for r in l_rows for k in r} | {"id"})
        with self.writer.begin() as conn:
            conn.execute(_insert("asset_lineage", cols, conn), [_fill(r, cols) for r in l_rows])

    def refresh_child(self, child: int, rows: Iterable[Mapping[str, Any]]) -> int:
        """Rebuild a child's rows the way pixsim7's lineage refresh does
        (``services/asset/lineage_refresh.py``): delete every row where the asset is the
        child and commit, then write the rows again in a new transaction. The caller gives
        the new rows (new ids, a new ``created_at``). Returns how many rows were deleted."""
        with self.writer.begin() as conn:
            removed = conn.exec_driver_sql(
                "DELETE FROM asset_lineage WHERE child_asset_id = %s"
                if conn.dialect.name == "postgresql"
                else "DELETE FROM asset_lineage WHERE child_asset_id = ?",
                (child,),
            ).rowcount
        self.add_lineage(rows)
        return int(removed or 0)

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> None:
        """Run one writing statement (``:name`` parameters) in its own transaction."""
        with self.writer.begin() as conn:
            conn.execute(sa.text(sql), dict(params or {}))

    def dispose(self) -> None:
        if self._store is not None:
            self._store.close()
        self.writer.dispose()


def _copy_value(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, (dict, list)) else value


def _fill(row: Mapping[str, Any], cols: list[str]) -> dict[str, Any]:
    return {c: row.get(c) for c in cols}


def _insert(table: str, cols: list[str], conn: sa.Connection) -> sa.TextClause:
    casts = _PG_CASTS if conn.dialect.name == "postgresql" else {}
    values = ", ".join(
        f"CAST(:{c} AS {casts[(table, c)]})" if (table, c) in casts else f":{c}" for c in cols
    )
    return sa.text(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({values})")


_PG_CASTS = {
    ("assets", "media_type"): "mediatype",
    ("assets", "media_metadata"): "jsonb",
    ("asset_lineage", "operation_type"): "operationtype",
    ("generations", "inputs"): "json",
    ("generations", "canonical_params"): "json",
}


def _generation_row(r: Mapping[str, Any]) -> dict[str, Any]:
    row = {k: v for k, v in r.items() if v is not None}
    for name in ("inputs", "canonical_params"):
        if name in row and not isinstance(row[name], str):
            row[name] = json.dumps(row[name])
    return row


def _asset_row(r: Mapping[str, Any]) -> dict[str, Any]:
    row = dict(r)
    mt = row.get("media_type")
    row["media_type"] = _MEDIA_LABEL.get(mt, mt)
    if isinstance(row.get("media_metadata"), (dict, list)):
        row["media_metadata"] = json.dumps(row["media_metadata"])
    return row


def _lineage_row(r: Mapping[str, Any]) -> dict[str, Any]:
    return dict(r)


def kit_backends(db: PixsimDB) -> set[int]:
    """Server processes of the kit's sessions (``application_name = lineage_kit``) on ``db``'s
    server: take them before opening a store, to tell its own sessions from other stores'."""
    with db.writer.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'lineage_kit' "
            "AND pid <> pg_backend_pid()"
        )
        return {int(pid) for (pid,) in rows}


def terminate(db: PixsimDB, pids: set[int]) -> int:
    """End these server processes, as a DBA's ``pg_terminate_backend`` would; how many ended."""
    with db.writer.connect() as conn:
        return sum(
            bool(conn.exec_driver_sql("SELECT pg_terminate_backend(%s)", (pid,)).scalar())
            for pid in pids
        )
