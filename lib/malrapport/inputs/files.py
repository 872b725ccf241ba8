"""Files in and out: atomic writes (a temporary file in the same folder, then a rename, so no reader sees half a
file), and reading input files only when they are regular files of a sane size."""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import ProblemCollector

READABLE = 0o644  # mkstemp makes 0600 files; reports are read by others (an intranet web server, colleagues)


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, READABLE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


MEGABYTE = 1 << 20
TABLE_LIMIT = 512 * MEGABYTE
"""Largest outcome table read (CSV or Parquet): ten times a region's basenheter, monthly, for five years."""
YAML_LIMIT = 16 * MEGABYTE
"""Largest plan, assessment or run definition read; the largest real plan is about 100 kB."""


def cache_dir() -> Path:
    """Where things built once are kept between processes ($XDG_CACHE_HOME/malrapport, else ~/.cache/malrapport)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "malrapport"


def cached_text(path: Path, build: Callable[[], str]) -> str:
    """The text kept at `path`, else `build()` written there atomically for the next process (a cache that cannot
    be written is skipped: the text is built again next time)."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    text = build()
    try:
        atomic_write_text(path, text)
    except OSError:
        pass
    return text


def not_readable(path: str | Path, limit: int) -> tuple[str, str] | None:
    """Why `path` is not read as an input file, as (message, hint); None for a regular file within `limit` bytes.

    Only regular files are read: a folder named like a data file, a FIFO (reading would wait for ever) or a link
    to a device such as /dev/zero (reading would never end) is refused without opening it.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        return f"filen kan inte läsas ({exc.strerror or exc})", "kontrollera sökvägen och behörigheten"
    if stat.S_ISDIR(info.st_mode):
        return ("namnet är en datafils men det är en mapp, som inte läses",
                "byt namn på mappen eller flytta den, så att bara datafiler har datafilers namn")
    if not stat.S_ISREG(info.st_mode):
        kind = "en namngiven rörledning (FIFO)" if stat.S_ISFIFO(info.st_mode) else "en specialfil (t.ex. en enhet)"
        return (f"filen är {kind}, inte en vanlig fil, och läses inte",
                "ersätt den med en vanlig fil med innehållet, eller ta bort den")
    if info.st_size > limit:
        return (f"filen är {info.st_size / MEGABYTE:.0f} MB, större än gränsen {limit // MEGABYTE} MB",
                "dela upp filen i flera mindre (t.ex. en per år), eller kontrollera att det är rätt fil")
    return None


def read_input_bytes(path: str | Path, limit: int, problems: ProblemCollector) -> bytes | None:
    """The bytes of an input file, or None with a problem when it is not a regular file within `limit` bytes."""
    refused = not_readable(path, limit)
    if refused is not None:
        problems.add(path, *refused)
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        problems.add(path, f"filen kan inte läsas ({exc.strerror or exc})", "kontrollera sökvägen och behörigheten")
        return None
    if len(data) > limit:  # grew since it was looked at
        problems.add(path, f"filen är större än gränsen {limit // MEGABYTE} MB", "dela upp filen i flera mindre")
        return None
    return data


def open_input(path: str | Path, limit: int, problems: ProblemCollector) -> tuple[int, int] | None:
    """An open descriptor of an input file and its size, or None with a problem as `read_input_bytes` gives.

    The file is opened without waiting (a FIFO swapped in after the first look cannot block) and looked at again
    through the descriptor, so what is read is the regular file that was judged. The caller closes it.
    """
    refused = not_readable(path, limit)
    if refused is not None:
        problems.add(path, *refused)
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        problems.add(path, f"filen kan inte läsas ({exc.strerror or exc})", "kontrollera sökvägen och behörigheten")
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:  # changed since it was looked at
        os.close(fd)
        problems.add(path, "filen ändrades medan den lästes (den är inte längre en vanlig fil inom gränsen "
                           f"{limit // MEGABYTE} MB)", "läs in filen igen när den är färdigskriven")
        return None
    return fd, info.st_size
