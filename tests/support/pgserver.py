"""A throw-away PostgreSQL server for the test suite and the benchmarks (root or not).

PostgreSQL refuses to run as root, and pytest-postgresql's process fixture
cannot hand its 0700 temp dirs to another account. So:
initdb/pg_ctl of the installed server (found through ``pg_config`` or Debian's
``/usr/lib/postgresql/<ver>/bin``) run as ``postgres`` (else ``nobody``) through
``subprocess.run(user=..., group=...)`` when we are root, as ourselves otherwise,
in a fresh ``/tmp`` folder, on a free loopback port.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .lanes import need


def find_pg_bindir() -> Path:
    """Directory holding initdb and pg_ctl (Debian keeps them off PATH)."""
    cands: list[Path] = []
    if os.environ.get("PG_BINDIR"):
        cands.append(Path(os.environ["PG_BINDIR"]))
    which = shutil.which("pg_ctl")
    if which:
        cands.append(Path(which).resolve().parent)
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=10)
        if out.returncode == 0:
            cands.append(Path(out.stdout.strip()))
    except (OSError, subprocess.SubprocessError):
        pass

    def version(p: Path) -> float:
        try:
            return float(p.parent.name)
        except ValueError:
            return -1.0

    cands += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    for c in cands:
        if (c / "initdb").is_file() and (c / "pg_ctl").is_file():
            return c
    raise FileNotFoundError(
        "PostgreSQL server binaries not found: run `make test` (it installs Debian's "
        "postgresql package) or set PG_BINDIR"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _drop_root() -> dict[str, Any]:
    if os.geteuid() != 0:
        return {}
    for name in filter(None, [os.environ.get("PG_TEST_OS_USER"), "postgres", "nobody"]):
        try:
            pw = pwd.getpwnam(name)
        except KeyError:
            continue
        return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
    raise RuntimeError("running as root and no unprivileged account (postgres/nobody) exists")


@dataclass
class PgServer:
    bindir: Path
    base: Path
    port: int
    superuser: str = "postgres"

    @property
    def datadir(self) -> Path:
        return self.base / "data"

    @property
    def logfile(self) -> Path:
        return self.base / "server.log"

    def url(
        self,
        dbname: str = "postgres",
        user: str | None = None,
        password: str | None = None,
        driver: str = "postgresql+psycopg",
    ) -> str:
        auth = user or self.superuser
        if password:
            auth += f":{password}"
        return f"{driver}://{auth}@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str, timeout: int = 120) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        # Output to a file, never a pipe: the postmaster forked by `pg_ctl start`
        # inherits it and subprocess.run would wait for the server to exit.
        with open(self.base / "pgctl.out", "ab") as out:
            cp = subprocess.run(
                [str(self.bindir / args[0]), *args[1:]],
                cwd=self.base,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                **_drop_root(),
            )
        if cp.returncode != 0:
            log = self.logfile.read_text(errors="replace")[-3000:] if self.logfile.exists() else ""
            raise RuntimeError(
                f"{args[0]} failed rc={cp.returncode}:\n"
                + (self.base / "pgctl.out").read_text(errors="replace")[-3000:]
                + log
            )

    def init(self, password: str | None = None) -> None:
        auth = ["--auth=trust"]
        if password is not None:  # TCP logins must give it; the local socket stays trusted
            pwfile = self.base / "pwfile"
            pwfile.write_text(password + "\n")
            kw = _drop_root()
            if kw:
                os.chown(pwfile, kw["user"], kw["group"])
            auth = ["--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}"]
        self._run(
            "initdb",
            "-D",
            str(self.datadir),
            "-U",
            self.superuser,
            *auth,
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        )
        with open(self.datadir / "postgresql.conf", "a") as f:
            f.write(
                "\n# --- lineage_kit test server ---\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.base}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "jit = off\nmax_connections = 60\n"
            )

    def start(self) -> None:
        conf = self.datadir / "postgresql.conf"
        with open(conf, "a") as f:
            f.write(f"port = {self.port}\n")
        self._run(
            "pg_ctl", "start", "-D", str(self.datadir), "-l", str(self.logfile), "-w", "-t", "60"
        )

    def stop(self) -> None:
        if (self.datadir / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "-D", str(self.datadir), "-m", "fast", "-w", "-t", "60")

    def restart(self) -> None:
        self._run(
            "pg_ctl",
            "restart",
            "-D",
            str(self.datadir),
            "-l",
            str(self.logfile),
            "-m",
            "fast",
            "-w",
            "-t",
            "60",
        )

    @classmethod
    def launch(cls, tries: int = 3, password: str | None = None) -> PgServer:
        need("postgres")
        bindir = find_pg_bindir()
        kw = _drop_root()
        # Under /tmp (short socket path, traversable by the postgres account).
        base = Path(tempfile.mkdtemp(prefix="lkpg-", dir="/tmp" if kw else None))
        if kw:
            os.chown(base, kw["user"], kw["group"])
        srv = cls(bindir=bindir, base=base, port=free_port())
        try:
            srv.init(password)
            for attempt in range(tries):  # a small race between free_port() and bind()
                try:
                    srv.start()
                    return srv
                except RuntimeError:
                    if attempt == tries - 1:
                        raise
                    srv.port = free_port()
        except BaseException:
            srv.destroy()
            raise
        raise AssertionError("unreachable")

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def processes(self) -> list[int]:
        """The postmaster's pid and its children's (backends, background workers)."""
        head = (self.datadir / "postmaster.pid").read_text().split("\n", 1)[0]
        postmaster = int(head)
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == postmaster:
                children.append(int(entry.name))
        return [postmaster, *children]

    @contextlib.contextmanager
    def frozen(self) -> Iterator[list[int]]:
        """Every process of this server stopped (SIGSTOP) for the block, then resumed: a
        server that stops answering while its sockets stay open. Never the session's
        shared server: a test freezes a server of its own."""
        pids = self.processes()
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        try:
            yield pids
        finally:
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGCONT)

    def create_database(self, name: str, password: str | None = None) -> str:
        """Create an empty database; return its SQLAlchemy URL (superuser)."""
        import psycopg

        admin = self.url(driver="postgresql", password=password)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name, password=password)
