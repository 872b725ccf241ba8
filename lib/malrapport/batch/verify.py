"""`malrapport verify`: execute a rendered report again from its manifest and compare the result.

The report is executed with the manifest's notebook and exactly the parameters it records (report date and the
run definition's `parameters:` included) into a temporary folder, on
a warm kernel as in a batch, and its HTML, figure files and Typst PDF are compared byte for byte with the files
on disk.
A difference is named: which file, from which line, and – when they explain it – the inputs or the git commit
that changed since the report was rendered, or an HTML file edited after its manifest was written.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import MalrapportError
from ..inputs.provenance import file_sha256, git_commit
from ..render.job import REPORT_PARAMETERS, ReportJob
from ._hashing import Hasher
from ._manifest import SUFFIX, Manifest, read_manifest
from ._runner import ReportRunner
from ._tasks import RunnerSettings, Task

EXCERPT = 70
NOT_COMPARED = ("ipynb",)
"""The executed notebook holds execution times; the HTML, figures and a Typst PDF may not differ."""
UNREPRODUCIBLE_PDF = "pdf"
"""A PDF printed by Chromium or Quarto holds its creation time, so only a Typst PDF is compared."""


@dataclass(frozen=True)
class Verification:
    """The outcome for one report: identical or not, and what differs."""

    manifest: Path
    identical: bool
    differences: tuple[str, ...] = ()


def find_manifests(path: str | Path) -> list[Path]:
    """Manifests named by PATH: a manifest, a report's HTML (its manifest beside it) or a folder of reports."""
    path = Path(path)
    if path.is_dir():
        found = sorted(path.rglob(f"*{SUFFIX}"))
        if not found:
            raise MalrapportError("mappen innehåller inga rapporter med manifest", file=path,
                                  hint="kör 'malrapport batch' först, eller ange en rapports HTML-fil")
        return found
    if path.name.endswith(SUFFIX):
        candidate = path
    else:
        candidate = path.with_name(path.name.removesuffix(path.suffix) + SUFFIX)
    if not candidate.is_file():
        raise MalrapportError("hittar inget manifest för rapporten", file=path,
                              hint=f"manifestet ska ligga bredvid rapporten och sluta på {SUFFIX}; rapporter "
                                   "som skrivits med 'malrapport render' har inget")
    return [candidate]


def first_difference(expected: bytes, actual: bytes) -> str:
    """Where two texts first differ: line number and an excerpt of each side."""
    limit = min(len(expected), len(actual))
    index = next((i for i in range(limit) if expected[i] != actual[i]), limit)
    line = expected.count(b"\n", 0, index) + 1
    start = max(0, index - EXCERPT // 2)

    def excerpt(data: bytes) -> str:
        text = data[start:start + EXCERPT].decode("utf-8", errors="replace").replace("\n", "⏎")
        return text or "(slut på filen)"

    return f"rad {line}: på disken '{excerpt(expected)}', vid omkörning '{excerpt(actual)}'"


def changed_inputs(manifest: Manifest) -> list[str]:
    """Inputs whose hash differs from the manifest's (data files, notebook, package), as 'kind:name'."""
    from ..inputs.datatree import DataTree

    recorded = dict(manifest.inputs.get("files", {}))
    hasher = Hasher()
    now: dict[str, str] = {}
    notebook = Path(manifest.notebook_path)
    if notebook.is_file():
        now[f"notebook:{notebook.name}"] = hasher.notebook(notebook)
    now["package"] = hasher.package()
    try:
        files = DataTree(manifest.data_dir).files(manifest.organisation)
    except MalrapportError:
        files = []
    data_dir = Path(manifest.data_dir)
    for path in files:
        now[f"data:{Path(path).resolve().relative_to(data_dir.resolve()).as_posix()}"] = hasher.file(path)
    now.update(hasher.analyses(data_dir, manifest.organisation))
    keys = {k for k in recorded if k.startswith(("notebook:", "data:", "analysis:", "package"))} | set(now)
    return sorted(k for k in keys if recorded.get(k) != now.get(k))


def in_process_engine(manifest: Manifest) -> str:
    """The manifest's PDF engine when it runs in the worker and gives the same bytes again (Typst), else ''."""
    from ..render.pdf import ENGINES

    engine = ENGINES.get(manifest.pdf_engine)
    return manifest.pdf_engine if "pdf" in manifest.formats and engine is not None and engine.in_process else ""


def compare(manifest_file: Path, manifest: Manifest, rerun: dict[str, str]) -> list[str]:
    """Differences between the report on disk and the re-executed one (HTML, figures and a Typst PDF)."""
    differences = []
    for kind, entry in sorted(manifest.outputs.items()):
        if kind in NOT_COMPARED or (kind == UNREPRODUCIBLE_PDF and not in_process_engine(manifest)):
            continue
        on_disk = manifest_file.parent / entry["path"]
        fresh = Path(rerun[kind]) if kind in rerun else None
        if not on_disk.is_file():
            differences.append(f"{entry['path']} saknas på disken")
            continue
        if fresh is None or not fresh.is_file():
            differences.append(f"{entry['path']} skrevs inte vid omkörningen")
            continue
        expected, actual = on_disk.read_bytes(), fresh.read_bytes()
        if expected != actual and kind == UNREPRODUCIBLE_PDF:
            differences.append(f"{entry['path']} skiljer sig från PDF-filen som omkörningen gav")
        elif expected != actual:
            differences.append(f"{entry['path']} skiljer sig, {first_difference(expected, actual)}")
        if file_sha256(on_disk) != entry.get("sha256"):
            differences.append(f"{entry['path']} har ändrats efter att manifestet skrevs")
    return differences


def explain(manifest: Manifest) -> list[str]:
    """Likely causes of a difference: changed inputs, another git commit."""
    notes = []
    changed = changed_inputs(manifest)
    if changed:
        notes.append(f"indata har ändrats sedan körningen: {', '.join(changed)}")
    commit = git_commit()
    if manifest.git_commit and commit != manifest.git_commit:
        notes.append(f"git-commit är nu {commit[:12]}, rapporten skrevs vid {manifest.git_commit[:12]} "
                     "(commit-id visas i rapportens bilaga)")
    return notes


def recorded_job(manifest: Manifest) -> ReportJob:
    """The job as it ran: the parameters the manifest records are injected again, no more and no fewer."""
    passed = dict(manifest.parameters)
    given = tuple((name, value) for name, value in passed.items()
                  if name not in REPORT_PARAMETERS and name not in manifest.extra)
    return replace(manifest.job(), user_parameters=given, declared=tuple(passed))


def verify_manifest(manifest_file: Path, runner: ReportRunner) -> Verification:
    """Execute one report from its manifest into a temporary folder and compare."""
    manifest = read_manifest(manifest_file)
    if manifest is None:
        raise MalrapportError("manifestet kan inte läsas", file=manifest_file,
                              hint="rendera rapporten igen med 'malrapport batch --force'")
    with tempfile.TemporaryDirectory(prefix="malrapport-verify-") as folder:
        task = Task(recorded_job(manifest), manifest.notebook_path, folder, manifest.formats,
                    in_process_engine(manifest))
        result = runner.run(task)
        if not result.ok:
            return Verification(manifest_file, False, (f"omkörningen misslyckades: {result.error}",))
        differences = compare(manifest_file, manifest, dict(result.outputs))
    if differences:
        differences += explain(manifest)
    return Verification(manifest_file, not differences, tuple(differences))


def verify(path: str | Path, settings: RunnerSettings | None = None) -> list[Verification]:
    """Verify every report PATH names, on one warm kernel."""
    manifests = find_manifests(path)
    runner = ReportRunner(settings or RunnerSettings())
    try:
        return [verify_manifest(m, runner) for m in manifests]
    finally:
        runner.close()
