"""SHA-256 of everything a report is made from, to decide which reports a rerun must redo.

A report's inputs are: the notebook file, its parameters, the output settings (formats, PDF engine), every
data, plan and assessment file of its organisation (`DataTree.files`), the package version and the package's
own source files (code, templates, styles). Each gets an entry `kind:name → sha256`; the combined hash is the
SHA-256 of the sorted entries. Files are hashed once per batch however many reports read them.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .._version import __version__
from ..inputs.project import PACKAGE_DIR
from ..inputs.provenance import file_sha256

SKIPPED_PARTS = ("__pycache__",)
SKIPPED_SUFFIXES = (".pyc", ".pyo")


@dataclass(frozen=True)
class InputHashes:
    """Per-input hashes (`notebook:…`, `parameters`, `settings`, `data:…`, `package`, `version`) and their sum."""

    files: Mapping[str, str]
    combined: str


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def combine(entries: Mapping[str, str]) -> str:
    """One hash for a set of named hashes; independent of their order."""
    text = "".join(f"{name}\0{value}\n" for name, value in sorted(entries.items()))
    return sha256_bytes(text.encode("utf-8"))


def package_files(root: Path = PACKAGE_DIR) -> list[Path]:
    """The package's source files: code, templates, styles and assets; no bytecode."""
    return sorted(p for p in root.rglob("*") if p.is_file() and not set(p.parts) & set(SKIPPED_PARTS)
                  and p.suffix not in SKIPPED_SUFFIXES)


class Hasher:
    """Hashes files once per batch (keyed by path, size and modification time) and builds a report's inputs."""

    def __init__(self) -> None:
        self._files: dict[Path, tuple[tuple[int, int], str]] = {}
        self._package: str | None = None

    def file(self, path: Path) -> str:
        path = Path(path).resolve()
        stat = path.stat()
        signature = (stat.st_size, stat.st_mtime_ns)
        known = self._files.get(path)
        if known is None or known[0] != signature:
            known = (signature, file_sha256(path))
            self._files[path] = known
        return known[1]

    def package(self) -> str:
        """The combined hash of the package's source files."""
        if self._package is None:
            self._package = combine({p.relative_to(PACKAGE_DIR).as_posix(): self.file(p) for p in package_files()})
        return self._package

    def inputs(self, notebook: Path, parameters: Mapping[str, object], settings: Mapping[str, object],
               data_dir: Path, data_files: list[Path]) -> InputHashes:
        """All input hashes of one report."""
        entries = {
            f"notebook:{notebook.name}": self.file(notebook),
            "parameters": sha256_bytes(json.dumps(parameters, sort_keys=True, ensure_ascii=False).encode()),
            "settings": sha256_bytes(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode()),
            "package": self.package(),
            "version": __version__,
        }
        for path in data_files:
            entries[f"data:{_relative(path, data_dir)}"] = self.file(path)
        return InputHashes(entries, combine(entries))


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()
