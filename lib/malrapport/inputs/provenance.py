"""Provenance: what a report was made from, so that anyone can reproduce it and see that nothing changed.

The input files with their SHA-256, the parameters, the package version and the git commit of the checkout.
"""
from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import sv
from .._version import __version__


@dataclass(frozen=True)
class InputFile:
    """An input file of a report: its path as shown to readers, and its SHA-256."""

    path: str
    sha256: str


@dataclass(frozen=True)
class Provenance:
    """Everything needed to reproduce a report: parameters, input files, package version and git commit."""

    parameters: Mapping[str, object]
    inputs: tuple[InputFile, ...]
    version: str = __version__
    git_commit: str = field(default_factory=lambda: git_commit())


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def git_commit(start: Path | None = None) -> str:
    """The git commit of the checkout the package runs from, or 'okänd' outside a checkout."""
    here = start or Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return sv.UNKNOWN_COMMIT
    return out.stdout.strip() if out.returncode == 0 else sv.UNKNOWN_COMMIT


def display_path(path: Path, data_dir: Path) -> str:
    """'data/rn-ls1/plan-2022.yaml': relative to the data directory's parent, the same in every checkout."""
    try:
        return path.resolve().relative_to(data_dir.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def input_files(paths: Iterable[Path], data_dir: Path) -> tuple[InputFile, ...]:
    """The files with their SHA-256, in path order, as a report's provenance lists them."""
    return tuple(InputFile(display_path(p, data_dir), file_sha256(p)) for p in sorted(paths))
