"""SHA-256 of everything a report is made from, to decide which reports a rerun must redo.

A report's inputs are: the notebook, its parameters, the output settings (formats, PDF engine), every data, plan
and assessment file of its organisation (`DataTree.files`), the organisation's own analyses
(`data/<organisation>/analyser/*.ipynb`), the package version and the package's own source files (code,
templates, styles). Each gets an entry `kind:name → sha256`; the combined hash is the SHA-256 of the sorted
entries. Files are hashed once per batch however many reports read them.

A notebook counts by what changes a report: its cells' types, sources and tags (`notebook_digest`). Outputs,
execution counts, cell ids and metadata (kernel, language version) do not, so a notebook only run and saved in
JupyterLab leaves its reports up to date.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .._version import __version__
from ..inputs.analyses import analysis_files
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


def _text(source: object) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def notebook_digest(path: Path) -> str:
    """SHA-256 of what in a notebook changes its report: each cell's type, source and tags, in order.

    A file that is not a readable notebook is hashed whole (running it will then say what is wrong).
    """
    data = Path(path).read_bytes()
    try:
        cells = json.loads(data)["cells"]
        kept = [[cell.get("cell_type", ""), _text(cell.get("source")),
                 sorted(map(str, (cell.get("metadata") or {}).get("tags") or []))] for cell in cells]
    except (ValueError, KeyError, TypeError, AttributeError):
        return sha256_bytes(data)
    return sha256_bytes(json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


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
        self._files: dict[tuple[Path, bool], tuple[tuple[int, int], str]] = {}
        self._package: str | None = None

    def file(self, path: Path) -> str:
        """SHA-256 of a file's bytes."""
        return self._hashed(path, notebook=False)

    def notebook(self, path: Path) -> str:
        """The hash of a notebook as an input: its cells' types, sources and tags (`notebook_digest`)."""
        return self._hashed(path, notebook=True)

    def _hashed(self, path: Path, notebook: bool) -> str:
        path = Path(path).resolve()
        stat = path.stat()
        signature = (stat.st_size, stat.st_mtime_ns)
        known = self._files.get((path, notebook))
        if known is None or known[0] != signature:
            known = (signature, notebook_digest(path) if notebook else file_sha256(path))
            self._files[(path, notebook)] = known
        return known[1]

    def analyses(self, data_dir: Path, organisation: str) -> dict[str, str]:
        """The entries `analysis:<org>/analyser/<name>` of an organisation's own analyses."""
        folder = Path(data_dir) / organisation
        return {f"analysis:{_relative(path, data_dir)}": self.notebook(path) for path in analysis_files(folder)}

    def package(self) -> str:
        """The combined hash of the package's source files."""
        if self._package is None:
            self._package = combine({p.relative_to(PACKAGE_DIR).as_posix(): self.file(p) for p in package_files()})
        return self._package

    def inputs(self, notebook: Path, parameters: Mapping[str, object], settings: Mapping[str, object],
               data_dir: Path, data_files: list[Path]) -> InputHashes:
        """All input hashes of one report."""
        entries = {
            f"notebook:{notebook.name}": self.notebook(notebook),
            "parameters": sha256_bytes(json.dumps(parameters, sort_keys=True, ensure_ascii=False).encode()),
            "settings": sha256_bytes(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode()),
            "package": self.package(),
            "version": __version__,
        }
        for path in data_files:
            entries[f"data:{_relative(path, data_dir)}"] = self.file(path)
        organisation = str(parameters.get("region", "") or "")
        if organisation:
            entries.update(self.analyses(data_dir, organisation))
        return InputHashes(entries, combine(entries))


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()
