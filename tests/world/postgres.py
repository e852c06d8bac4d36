"""A throwaway PostgreSQL server for tests: initdb in a temporary directory, pg_ctl on a free local port.

Standard library only, so `.ci/run` can call it before any virtualenv exists:

    dir=$(mktemp -d)
    python3 tests/world/postgres.py start "$dir"   # prints the server URL (asyncpg form)
    python3 tests/world/postgres.py stop "$dir"

PostgreSQL refuses to run as root, so as root the cluster is created and run as the unprivileged user
named by GENAI_TEST_PG_USER (default: nobody).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
from pathlib import Path


def find_bin(name: str) -> str | None:
    """A PostgreSQL server binary on PATH or in Debian's versioned directories."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def server_available() -> bool:
    return find_bin("postgres") is not None and find_bin("initdb") is not None and find_bin("pg_ctl") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_user(cmd: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *cmd] if user else cmd


def start(directory: Path) -> str:
    """Create and start a cluster under `directory`; returns `postgresql+asyncpg://user@127.0.0.1:port/postgres`."""
    initdb = find_bin("initdb")
    if not initdb or not find_bin("pg_ctl"):
        raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
    run_as = os.environ.get("GENAI_TEST_PG_USER", "nobody") if os.geteuid() == 0 else None
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / "data"
    if run_as:
        pw = pwd.getpwnam(run_as)
        os.chown(directory, pw.pw_uid, pw.pw_gid)
        db_user = run_as
    else:
        db_user = pwd.getpwuid(os.geteuid()).pw_name
    done = subprocess.run(
        _as_user([initdb, "-D", str(data), "-A", "trust", "-U", db_user, "-E", "UTF8", "--no-sync"], run_as),
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"initdb failed (the directory must be reachable by {db_user}): {done.stderr.strip()}")
    port = _free_port()
    _pg_ctl_start(directory, port)
    (directory / "url").write_text(f"postgresql+asyncpg://{db_user}@127.0.0.1:{port}/postgres")
    return (directory / "url").read_text()


def _pg_ctl_start(directory: Path, port: int) -> None:
    pg_ctl = find_bin("pg_ctl")
    assert pg_ctl is not None
    run_as = os.environ.get("GENAI_TEST_PG_USER", "nobody") if os.geteuid() == 0 else None
    options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    data, log = directory / "data", directory / "log"
    subprocess.run(
        _as_user([pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"], run_as),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def pause(directory: Path) -> None:
    """Stop the server started in `directory` (fast shutdown: clients are cut off) and keep its data."""
    pg_ctl = find_bin("pg_ctl")
    assert pg_ctl is not None
    run_as = os.environ.get("GENAI_TEST_PG_USER", "nobody") if os.geteuid() == 0 else None
    subprocess.run(
        _as_user([pg_ctl, "-D", str(directory / "data"), "-m", "fast", "-w", "stop"], run_as),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def resume(directory: Path) -> None:
    """Start a paused server again, on the same port."""
    _pg_ctl_start(directory, int((directory / "url").read_text().rsplit(":", 1)[1].split("/", 1)[0]))


def stop(directory: Path) -> None:
    pg_ctl = find_bin("pg_ctl")
    if pg_ctl and (directory / "data").exists():
        run_as = os.environ.get("GENAI_TEST_PG_USER", "nobody") if os.geteuid() == 0 else None
        subprocess.run(
            _as_user([pg_ctl, "-D", str(directory / "data"), "-m", "fast", "-w", "stop"], run_as),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in {"start", "stop"}:
        sys.exit("usage: postgres.py start|stop DIRECTORY")
    if sys.argv[1] == "start":
        print(start(Path(sys.argv[2])))
    else:
        stop(Path(sys.argv[2]))
