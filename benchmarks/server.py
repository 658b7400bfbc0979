"""The PostgreSQL server a run uses: a throw-away one or the one given, a fresh database
on it, and the facts about the machine that a report states."""

from __future__ import annotations

import os
import platform
import random
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata

import psycopg
import sqlalchemy as sa

__all__ = ["PACKAGES", "database", "dsn", "machine_facts"]

PACKAGES = (
    "lineage-kit",
    "pandas",
    "numpy",
    "pyarrow",
    "SQLAlchemy",
    "psycopg",
    "psycopg-binary",
    "networkx",
    "adbc-driver-postgresql",
)


def dsn(url: str) -> str:
    """A libpq URL from a SQLAlchemy one."""
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def database(pg_url: str | None) -> Iterator[tuple[str, str]]:
    """A fresh database on our own server or on ``pg_url``'s; yields ``(url, server note)``."""
    from tests.support.pgserver import PgServer

    server = None
    if pg_url is None:
        server = PgServer.launch()
        admin = server.url()
        with psycopg.connect(dsn(admin), autocommit=True) as conn:
            # A production-like buffer cache instead of the 128 MB default.
            conn.execute("ALTER SYSTEM SET shared_buffers = '1GB'")
            conn.execute("ALTER SYSTEM SET effective_cache_size = '8GB'")
        server.restart()
        note = "started by the harness (PgServer.launch), fsync off, shared_buffers 1GB"
    else:
        admin = pg_url
        note = "given by --pg-url (settings as found)"
    name = f"lk_bench_{os.getpid()}_{random.randrange(10**6)}"
    try:
        with psycopg.connect(dsn(admin), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = sa.make_url(admin).set(drivername="postgresql+psycopg", database=name)
        try:
            yield url.render_as_string(hide_password=False), note
        finally:
            with psycopg.connect(dsn(admin), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        if server is not None:
            server.destroy()


def machine_facts(url: str) -> dict[str, str]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    with psycopg.connect(dsn(url)) as conn:
        version = conn.execute("SELECT version()").fetchone()[0]  # type: ignore[index]
        settings = {
            name: conn.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "jit")
        }
    versions = []
    for pkg in PACKAGES:
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{pkg} (not installed)")
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "RAM": f"{mem_kb / 2**20:.1f} GiB",
        "OS": platform.platform(),
        "PostgreSQL": version.split(" on ")[0],
        "PostgreSQL settings": ", ".join(f"{k}={v}" for k, v in settings.items()),
        "Python": platform.python_version(),
        "Load average (1, 5, 15 min) at start": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        "Packages": ", ".join(versions),
    }
