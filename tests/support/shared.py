"""The session's PostgreSQL server and sample database, shared by fixtures and notebooks.

Started on first use and stopped by the root ``conftest.py`` at session end.
"""

from __future__ import annotations

import signal

from lineage_kit.sources.sample import sample_media_dir

from .pgserver import PgServer
from .pixsim_db import PixsimDB, sample_generations, sample_rows

_shared: dict[str, object] = {}


def _sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def shared_server() -> PgServer:
    """The session's PostgreSQL server, started on first use."""
    if "server" not in _shared:
        # CI's timeout sends SIGTERM: as KeyboardInterrupt, session teardown still runs.
        try:
            if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
                signal.signal(signal.SIGTERM, _sigterm)
        except ValueError:
            pass
        _shared["server"] = PgServer.launch()
    return _shared["server"]  # type: ignore[return-value]


def shared_sample() -> PixsimDB:
    """The sample in pixsim7-shaped PostgreSQL tables, loaded once."""
    if "sample" not in _shared:
        db = PixsimDB.postgresql(shared_server(), "sample")
        db.load(*sample_rows(), generations=sample_generations())
        db.media_dir = sample_media_dir()  # the same pictures as the embedded sample
        _shared["sample"] = db
    return _shared["sample"]  # type: ignore[return-value]


def stop_shared() -> None:
    sample = _shared.pop("sample", None)
    if isinstance(sample, PixsimDB):
        sample.dispose()
    server = _shared.pop("server", None)
    if isinstance(server, PgServer):
        server.destroy()
