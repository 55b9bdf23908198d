"""A throw-away PostgreSQL cluster started from the installed server binaries, for tests and benchmarks.

``initdb`` and ``postgres`` refuse to run as root; when we are root the cluster runs as the ``postgres``
system user (``runuser``), in a directory that user owns. It listens on loopback only, with durability off
(``fsync=off``): it lives for one test run.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    """The directory of ``initdb``/``pg_ctl``: ``$ALGOSCOPE_PG_BINDIR``, Debian's layout, or the PATH."""
    candidates = [os.environ.get("ALGOSCOPE_PG_BINDIR", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    which = shutil.which("initdb")
    if which:
        candidates.append(str(Path(which).parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    raise PostgresUnavailable(
        "PostgreSQL server binaries not found (initdb, pg_ctl). Install them (scripts/install-system-packages) "
        "or set ALGOSCOPE_PG_BINDIR."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class TemporaryPostgres:
    bindir: Path
    root: Path
    port: int
    run_as: str | None

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.run_as, "--", *args] if self.run_as else list(args)

    @classmethod
    def start(cls) -> TemporaryPostgres:
        bindir = find_bindir()
        run_as = None
        root = Path(tempfile.mkdtemp(prefix="algoscope-pg-"))
        if os.geteuid() == 0:
            run_as = "postgres"
            try:
                entry = pwd.getpwnam(run_as)
            except KeyError as exc:
                raise PostgresUnavailable("running as root needs the 'postgres' system user") from exc
            os.chown(root, entry.pw_uid, entry.pw_gid)
            os.chmod(root, 0o700)
        cluster = cls(bindir=bindir, root=root, port=_free_port(), run_as=run_as)
        cluster._run(
            str(bindir / "initdb"),
            "-D",
            str(root / "data"),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-p {cluster.port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        )
        cluster._run(
            str(bindir / "pg_ctl"),
            "-D",
            str(root / "data"),
            "-o",
            options,
            "-l",
            str(root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        return cluster

    def _run(self, *args: str) -> None:
        result = subprocess.run(self._cmd(*args), capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise PostgresUnavailable(f"{' '.join(args[:2])} failed: {result.stderr or result.stdout}\n{tail}")

    def stop(self) -> None:
        subprocess.run(  # noqa: S603
            self._cmd(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop"),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)
