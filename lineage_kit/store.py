"""``lk.connect()`` and the :class:`Store`: a pixsim7-shaped database, read-only.

The store is the user's handle on a database: it runs the bounded query
(:func:`lineage_kit.lineage`) over the SQL source, reads whole scoped tables
as :class:`~lineage_kit.Frames`, and closes its connections. What it runs
lives in :mod:`lineage_kit.sources.sql`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from .errors import InvalidArgumentType, warn_no_generations
from .files import check_path
from .model import schema
from .model.lineage import Lineage
from .model.records import normalise_frame
from .model.validate import COUNT_LIMIT_DEFAULT, check_flag, check_seconds, check_user_id
from .query import lineage
from .sources.frames import Frames
from .sources.media import Pixsim7Media, media_settings
from .sources.sql import Database, SqlCatalog
from .sources.sql.bulk import BulkReader, read_frames
from .sources.sql.engines import POOL_SIZE, postgres_engine, sqlite_engine
from .sources.sql.generations import generations_missing, read_generations
from .sources.sql.indexes import IndexAdvice, missing_indexes
from .sources.sql.urls import label_of, parse_url

__all__ = ["DEFAULT_BULK_TIMEOUT", "DEFAULT_TIMEOUT", "Store", "connect"]

DEFAULT_TIMEOUT = 10.0
DEFAULT_BULK_TIMEOUT = 600.0


def connect(
    url: str | os.PathLike[str] | sa.Engine | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    bulk_timeout: float = DEFAULT_BULK_TIMEOUT,
    pixsim7_url: str | None = None,
    media_dir: str | os.PathLike[str] | None = None,
) -> Store:
    """Open a pixsim7-shaped database (read-only), or the embedded sample.

    Parameters
    ----------
    url
        ``None`` for the embedded sample (built from the packaged
        ``data_samples`` in the user cache on first use); ``sqlite:///path.db``;
        or ``postgresql+psycopg://user@host/db`` (``postgresql://`` and
        ``postgres://`` are read as psycopg 3 too); a path object is a SQLite
        file. Leave the password out and libpq's ``PGPASSWORD`` / ``~/.pgpass``
        supply it; a password in the URL (user-info or ``?password=``) is never
        shown. An existing SQLAlchemy engine is used as given (its own
        settings, no timeouts added).
    timeout
        Seconds a query (a neighbourhood, a search, a gallery page) may take in
        all: waiting for a free connection, connecting, and its statements (each
        also cancelled on the server past it). Past it the query raises
        :class:`~lineage_kit.QueryTimeout`, within about half a second, even
        when the database server stops answering.
    bulk_timeout
        The same for the bulk reads of :meth:`Store.frames` and the audit.
    pixsim7_url
        The pixsim7 server's address (``http://host:port``), put in front of the
        URLs it serves thumbnails at (``/api/v1/media/<key>``) so a browser can
        load them. Default: ``$LINEAGE_KIT_PIXSIM7_URL``, else none (the
        summaries keep pixsim7's relative URLs).
    media_dir
        pixsim7's local storage folder (its media root, ``$PIXSIM_HOME/media``),
        when the notebook runs beside pixsim7: thumbnails are read from it as
        small ``data:`` URIs, strictly inside the folder (see
        :class:`~lineage_kit.sources.media.MediaFolder`). Default:
        ``$LINEAGE_KIT_MEDIA_DIR``; the embedded sample brings its own.

    Examples
    --------
    >>> import lineage_kit as lk
    >>> store = lk.connect()
    >>> store.lineage(103, user_id=1).root.asset.media_type
    'video'
    >>> lk.connect(pixsim7_url="http://pixsim.local:8000/").media.origin
    'http://pixsim.local:8000'
    """
    timeout = check_seconds("timeout", timeout)
    bulk_timeout = check_seconds("bulk_timeout", bulk_timeout)
    limits: dict[str, Any] = {"timeout": timeout, "bulk_timeout": bulk_timeout}
    if url is None:
        from .sources.sample import sample_database, sample_media_dir

        engine = sqlite_engine(sample_database(), timeout)
        folder = sample_media_dir() if media_dir is None else media_dir
        media = media_settings(pixsim7_url, folder)
        return Store(engine, label="embedded sample", media=media, slots=POOL_SIZE, **limits)
    media = media_settings(pixsim7_url, media_dir)
    if isinstance(url, sa.Engine):
        return Store(url, label=label_of(url.url), media=media, **limits)  # its own pool
    limits["slots"] = POOL_SIZE  # the kit's own engines: sessions wait for one in time
    if isinstance(url, os.PathLike):  # a path object can only mean a SQLite file
        path = check_path("url", url)
        return Store(sqlite_engine(path, timeout), label=str(path), media=media, **limits)
    if not isinstance(url, str):
        raise InvalidArgumentType(
            f"url must be a database URL string, a path or None, not {type(url).__name__}"
        )
    parsed = parse_url(url)
    if parsed.url.get_backend_name() == "sqlite":
        engine = sqlite_engine(Path(str(parsed.url.database)), timeout)
    else:
        engine = postgres_engine(parsed, timeout)
    return Store(
        engine,
        label=parsed.label,
        media=media,
        secrets=parsed.secrets,
        hidden=parsed.hidden,
        **limits,
    )


class Store:
    """A read-only pixsim7-shaped database: ``assets`` and ``asset_lineage``.

    Use :func:`connect` to make one. The two tables are reflected once, when
    the store opens; optional columns that are absent read as null.
    """

    def __init__(
        self,
        engine: sa.Engine,
        *,
        label: str,
        timeout: float = DEFAULT_TIMEOUT,
        bulk_timeout: float = DEFAULT_BULK_TIMEOUT,
        media: Pixsim7Media | None = None,
        secrets: Mapping[str, str] | None = None,
        hidden: tuple[str, ...] = (),
        slots: int | None = None,
    ) -> None:
        self.db = Database(
            engine,
            label=label,
            timeout=timeout,
            bulk_timeout=bulk_timeout,
            hidden=hidden,
            slots=slots,
        )
        self.media = media if media is not None else media_settings()
        """How summaries report thumbnails: pixsim7's origin and storage folder, if given."""
        self._rows_read = [0]
        self._bulk = (
            BulkReader(engine.url, bulk_timeout, secrets) if self.dialect == "postgresql" else None
        )
        self.db.bulk_reader = self._bulk

    @property
    def engine(self) -> sa.Engine:
        return self.db.engine

    @property
    def label(self) -> str:
        return self.db.label

    @property
    def timeout(self) -> float:
        return self.db.timeout

    @property
    def bulk_timeout(self) -> float:
        return self.db.bulk_timeout

    @property
    def dialect(self) -> str:
        return self.db.dialect

    @property
    def rows_read(self) -> int:
        """Rows the candidate and frontier statements fetched since the store opened (for tests)."""
        return self._rows_read[0]

    def lineage(
        self,
        asset_id: int,
        *,
        user_id: int | None,
        direction: str = "both",
        max_depth: int = 1,
        max_nodes: int = 50,
        count_limit: int = COUNT_LIMIT_DEFAULT,
    ) -> Lineage:
        """The bounded neighbourhood of ``asset_id``; see :func:`lineage_kit.lineage`.

        Two statements whatever the depth: the candidates of every level, then
        the admitted assets' summaries, capped counts and rows (more only when
        a dense graph outgrows the first statement's row budget).

        >>> import lineage_kit as lk
        >>> res = lk.connect().lineage(310, user_id=1, direction="parents")
        >>> [e.parent_asset_id for e in res.parents_of(310)]
        [301, 302, 303, 301]
        """
        return lineage(
            self,
            asset_id,
            user_id=user_id,
            direction=direction,
            max_depth=max_depth,
            max_nodes=max_nodes,
            count_limit=count_limit,
        )

    def frames(
        self, *, user_id: int | None, progress: bool | None = None, generations: bool = False
    ) -> Frames:
        """The scoped tables as DataFrames: one owner's assets and the rows between them.

        With ``user_id=None`` every asset, and every row whose two ends exist.
        Assets come in the database's order (sort them if you need an order), rows
        in the contract's edge order ``(child_asset_id, sequence_order, id)``;
        ``media_metadata`` is JSON text
        (:func:`lineage_kit.asset_details` decodes it).
        On PostgreSQL the tables stream through ADBC into Arrow (no per-row
        Python objects); ``progress`` shows a tqdm bar (``None``: automatic, on
        in notebooks and terminals, off otherwise).

        ``generations=True`` also reads the scope's ``generations`` rows
        (:attr:`Frames.generations`), when the database has the table (else it warns
        once, and the frames hold none).

        >>> import lineage_kit as lk
        >>> f = lk.connect().frames(user_id=2)
        >>> sorted(f.assets["id"])
        [701, 702, 703]
        >>> lk.connect().frames(user_id=2, generations=True).generations["id"].tolist()
        [820]
        """
        uid = check_user_id(user_id)
        held = check_flag("generations", generations)
        assets, rows = read_frames(self.db, uid, progress, self._bulk)
        gens = read_generations(self.db, uid) if held else None
        if held and gens is None:
            warn_no_generations(str(generations_missing(self.db)))
        return Frames(
            normalise_frame(assets, schema.assets),
            normalise_frame(rows, schema.asset_lineage),
            media=self.media,
            generations=gens,
        )

    def missing_indexes(self) -> list[IndexAdvice]:
        """The indexes the kit recommends that this database lacks (read from its catalog).

        Each comes with its reason and :meth:`~IndexAdvice.statement`, the ``CREATE
        INDEX`` a database owner can run; the kit never runs it (it is read-only).
        With pixsim7's own indexes, a hub's children are read and sorted whole
        before its first ``max_nodes`` are known; with the first index they are
        read in order (see ``benchmarks/RESULTS.md``, "Hub").

        >>> import lineage_kit as lk
        >>> lk.connect().missing_indexes()  # the sample's indexes serve both orders
        []
        """
        with self.db.translating():
            return missing_indexes(self.engine)

    def neighbour_source(self) -> SqlCatalog:
        """The store as a source for :func:`lineage_kit.lineage` and the catalog."""
        return SqlCatalog(self.db, self._rows_read, self.media)

    def close(self) -> None:
        """Release the store's connections."""
        if self._bulk is not None:
            self._bulk.close()
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.label})"
