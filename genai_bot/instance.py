"""Which instance this process is, stably across restarts: the name the outbox claims rows under.

`GENAI_INSTANCE_ID` names it when set (the operator promises no two live processes share it: a StatefulSet pod
name, a systemd unit instance). Otherwise it is `<host name>-<slot>`: the lowest slot number whose lock file this
process can hold (`flock`, in the temporary directory, one set per database). Two processes on one host against
one database get different slots, so they never take each other's rows; a process that restarts gets its old slot
back — the kernel drops a dead process's lock, even after SIGKILL — and with it the rows it held when it died, at
once. Holding a slot proves its previous holder is gone, so taking over its rows is safe whichever process gets it.
Where the host name changes on restart (containers), the short outbox lease brings the rows back within seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import tempfile
import uuid
from pathlib import Path

from sqlalchemy.engine.url import make_url

__all__ = ["InstanceSlot", "host_instance_slot"]

_MAX_SLOTS = 64


class InstanceSlot:
    """An instance name and the lock that keeps it this process's own (released on `release()` or at exit)."""

    def __init__(self, name: str, fd: int | None = None) -> None:
        self.name = name
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


def host_instance_slot(database_url: str, *, lock_dir: Path | None = None) -> InstanceSlot:
    """`<host name>-<slot>` for this process against `database_url`, held until released or the process ends;
    `<host name>-<pid>-<random>` where file locks are not available (or all slots are taken)."""
    host = socket.gethostname() or "host"
    fallback = InstanceSlot(f"{host}-{os.getpid()}-{uuid.uuid4().hex[:6]}")
    try:
        import fcntl
    except ImportError:  # not on POSIX: no stable slot, the lease alone brings rows back
        return fallback
    where = make_url(database_url).set(password=None).render_as_string(hide_password=False)
    prefix = hashlib.sha256(where.encode()).hexdigest()[:12]
    folder = lock_dir or Path(tempfile.gettempdir()) / f"genai-bot-instances-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return fallback
    for slot in range(_MAX_SLOTS):
        try:
            fd = os.open(folder / f"{prefix}-{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        return InstanceSlot(f"{host}-{slot}", fd)
    return fallback
