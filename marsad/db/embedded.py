"""The embedded default database: a private PostgreSQL 15 + PostGIS cluster under a project folder.

It listens only on a Unix socket inside its own folder (no TCP port, no clash with other servers).
PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

DB_NAME = "marsad"
SUPERUSER = "postgres"


class ClusterError(RuntimeError):
    """The embedded cluster could not be provisioned or started; the message says what to do."""


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise ClusterError(
            "PostgreSQL server binaries not found. Install them with: "
            "apt-get install -y postgresql-15 postgresql-15-postgis-3"
        )
    return Path(found[-1]).parent


@dataclass(frozen=True)
class EmbeddedCluster:
    root: Path

    @property
    def pgdata(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "run"

    @property
    def logfile(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = DB_NAME) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.socket_dir.resolve()}"

    # -- running commands as the right user ------------------------------------------------
    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = list(args)
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise ClusterError(f"{' '.join(args[:2])} failed: {proc.stderr.strip() or proc.stdout.strip()}")
        return proc

    def _own(self) -> None:
        if os.geteuid() != 0:
            return
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise ClusterError("no 'postgres' system user: install postgresql-15 with apt-get") from exc
        for path in [self.root, *self.root.rglob("*")]:
            os.chown(path, pw.pw_uid, pw.pw_gid, follow_symlinks=False)
        # postgres must be able to reach the folder
        for parent in self.root.resolve().parents:
            if parent.stat().st_mode & 0o001 == 0:
                raise ClusterError(f"{parent} is not searchable by the postgres user; choose another data_dir")

    def _prepare(self) -> None:
        """The cluster's folder and socket folder, private, owned by the postgres user."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        os.chmod(self.root, 0o700)
        self._own()

    # -- lifecycle --------------------------------------------------------------------------
    def is_initialised(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists()

    def is_running(self) -> bool:
        if not self.is_initialised():
            return False
        return self._run(str(_bindir() / "pg_ctl"), "status", "-D", str(self.pgdata), check=False).returncode == 0

    def init(self) -> bool:
        """Create the cluster if missing. Returns True if it was created now."""
        if self.is_initialised():
            return False
        self._prepare()
        self._run(
            str(_bindir() / "initdb"),
            "-D",
            str(self.pgdata),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-instructions",
        )
        with open(self.pgdata / "postgresql.conf", "a") as conf:
            conf.write(
                "\n# marsad embedded cluster\nlisten_addresses = ''\n"
                f"unix_socket_directories = '{self.socket_dir.resolve()}'\n"
                "shared_buffers = 256MB\nwork_mem = 32MB\nmaintenance_work_mem = 256MB\n"
                "max_wal_size = 2GB\nfsync = on\n"
            )
        return True

    def has_socket(self) -> bool:
        return any(self.socket_dir.glob(".s.PGSQL.*"))

    def start(self) -> bool:
        """Start the server if it is not running (or restart it if it lost its socket, which happens when
        another server once used the same folder). Returns True if it was (re)started now."""
        if self.is_running():
            if self.has_socket():
                return False
            self._run(
                str(_bindir() / "pg_ctl"),
                "restart",
                "-w",
                "-t",
                "60",
                "-m",
                "fast",
                "-D",
                str(self.pgdata),
                "-l",
                str(self.logfile.resolve()),
            )
            return True
        pid = self.pgdata / "postmaster.pid"
        if pid.exists():  # stale pid file from a killed server
            pid.unlink()
        self._run(
            str(_bindir() / "pg_ctl"),
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(self.pgdata),
            "-l",
            str(self.logfile.resolve()),
        )
        return True

    def ensure_database(self, name: str = DB_NAME) -> str:
        """Create database `name` (a plain identifier chosen by code) if missing; return its URL."""
        if not name.isidentifier():
            raise ClusterError(f"invalid database name {name!r}")
        psql = str(_bindir() / "psql")
        host = str(self.socket_dir.resolve())
        exists = self._run(
            psql,
            "-h",
            host,
            "-U",
            SUPERUSER,
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
        ).stdout.strip()
        if exists != "1":
            self._run(str(_bindir() / "createdb"), "-h", host, "-U", SUPERUSER, name)
        return self.url(name)

    def up(self) -> str:
        self.init()
        self.start()
        return self.ensure_database()

    def stop(self) -> bool:
        if not self.is_running():
            return False
        self._run(str(_bindir() / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(self.pgdata))
        return True

    def kill(self) -> None:
        """Stop at once, as a crash would (pg_ctl stop -m immediate): for failure tests and benchmarks."""
        if self.is_running():
            self._run(str(_bindir() / "pg_ctl"), "stop", "-m", "immediate", "-D", str(self.pgdata))

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass(frozen=True)
class EmbeddedReplica(EmbeddedCluster):
    """A streaming replica of an embedded cluster, for development and tests (issue "beyond one machine"): a base
    backup of `primary` taken over its socket (pg_basebackup -R, WAL streamed), started as a hot standby that
    listens on its own socket and keeps replaying the primary's WAL."""

    primary: EmbeddedCluster | None = None

    def init(self) -> bool:
        if self.is_initialised():
            return False
        if self.primary is None or not self.primary.is_running():
            raise ClusterError("the primary is not running: start it first (marsad db up)")
        self._prepare()
        self._run(
            str(_bindir() / "pg_basebackup"),
            "-h",
            str(self.primary.socket_dir.resolve()),
            "-U",
            SUPERUSER,
            "-D",
            str(self.pgdata),
            "-R",  # standby.signal and primary_conninfo: a standby of the primary from its first start
            "-X",
            "stream",
            "-c",
            "fast",
        )
        with open(self.pgdata / "postgresql.conf", "a") as conf:  # later lines win over the primary's copied ones
            conf.write(
                f"\n# marsad embedded replica\nunix_socket_directories = '{self.socket_dir.resolve()}'\n"
                "hot_standby = on\nhot_standby_feedback = on\n"
            )
        return True

    def up(self) -> str:
        self.init()
        self.start()
        return self.url()
