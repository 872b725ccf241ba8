"""The output folder of a batch: checked writable before any report starts, and locked against a second batch."""
from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path
from typing import IO

from ..errors import MalrapportError

LOCK_NAME = ".malrapport-batch.lock"


def writable_output(out: Path) -> None:
    """Create the output folder and try a file in it; a MalrapportError naming the folder when either fails."""
    hint = "ange en annan utmapp med output: i körningsfilen, eller ge skrivrätt till mappen"
    if out.exists() and not out.is_dir():
        raise MalrapportError("utmappen är en fil, inte en mapp", file=out, hint=hint)
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".malrapport-prov.", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise MalrapportError(f"utmappen kan inte skrivas ({exc.strerror or exc})", file=out, hint=hint) from None


class OutputLock:
    """An exclusive lock on `out/.malrapport-batch.lock` for the whole batch; released when the process ends."""

    def __init__(self, out: Path) -> None:
        self.path = out / LOCK_NAME
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise a MalrapportError naming the batch that holds it."""
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the batch's lifetime
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "okänd process"
            handle.close()
            raise MalrapportError(f"en annan körning ({holder}) skriver redan till utmappen", file=self.path.parent,
                                  hint="vänta tills den är klar och kör sedan igen (oförändrade rapporter hoppas "
                                       "över), eller ange en annan utmapp") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None
