"""Which files of an organisation's outcomes/ folder are outcome tables: listed without reading them.

Kept apart from `outcomes` (which reads and checks the tables with pandas and Arrow) so that deciding what a batch
has to do, which only lists and hashes files, loads neither.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import ProblemCollector
from .files import TABLE_LIMIT, not_readable

OUTCOME_SUFFIXES = (".csv", ".parquet")
DOCUMENT_SUFFIXES = (".md", ".txt")


def list_outcome_files(directory: str | Path, problems: ProblemCollector | None = None) -> list[Path]:
    """CSV and Parquet files of an outcomes folder, sorted; other files (e.g. .xlsx) are problems.

    Only regular files within the size limit are listed; a folder, FIFO or device named like a table is a problem.
    """
    found = []
    for path in sorted(Path(directory).iterdir()):
        suffix = path.suffix.lower()
        if path.name.startswith(".") or (path.is_dir() and suffix not in OUTCOME_SUFFIXES):
            continue
        if suffix in OUTCOME_SUFFIXES:
            refused = not_readable(path, TABLE_LIMIT)
            if refused is None:
                found.append(path)
            elif problems is not None:  # never read, never hashed: a FIFO would make both wait for ever
                problems.add(path, *refused)
        elif suffix not in DOCUMENT_SUFFIXES and problems is not None:
            problems.add(path, f"filen läses inte: utfall ska vara CSV eller Parquet, inte '{path.suffix}'",
                         "spara filen som CSV UTF-8 i Excel, eller flytta den från mappen outcomes/")
    return found
