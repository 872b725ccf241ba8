"""The batch orchestrator: plan, skip what is up to date, execute the rest, print PDFs, write manifests last.

Order of work, chosen for speed and safety:
1. Expand the run definition into jobs and hash every job's inputs; a job whose manifest has the same hash
   and whose outputs exist is skipped. Nothing heavy (kernels, browser, pandas charts) starts before this
   is known, so a rerun with nothing to do answers at once.
2. Start the executor's workers (they warm their kernels), then the PDF printer's browser.
3. As each report's HTML arrives, print its PDF in a tab of the one browser and then write its manifest,
   the last file of a report. A report that fails is recorded with its error and its saved notebook; the
   others go on.
4. Ctrl-C: no new report starts, workers and their kernels and the browser stop, every report already
   written stays as it is, and the result says 130.
"""
from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import sys
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .._version import __version__
from ..errors import MalrapportError
from ..inputs.provenance import git_commit
from ._executors import DEFAULT_EXECUTOR, EXECUTORS, ExecutorFactory, check_scheduler, get_executor, sigint_ignored
from ._hashing import Hasher, InputHashes
from ._lock import OutputLock, writable_output
from ._manifest import Manifest, manifest_path, outputs_exist, read_manifest, write_manifest
from ._progress import Finished, Progress, summary_table
from ._tasks import RunnerSettings, Task, TaskResult
from .rundef import RunDefinition

if TYPE_CHECKING:
    from ._printing import PdfPrinter

VERSIONED_PACKAGES = ("pandas", "altair", "vl-convert-python", "nbconvert", "papermill", "nbclient", "typst")

__all__ = ["DEFAULT_EXECUTOR", "EXECUTORS", "BatchResult", "plan_reports", "run_batch"]


@dataclass(frozen=True)
class PlannedReport:
    """A job with its task, manifest path, input hashes and whether it is already up to date."""

    task: Task
    manifest_path: Path
    hashes: InputHashes
    up_to_date: bool


@dataclass(frozen=True)
class BatchContext:
    """What every manifest of a batch shares: package versions and the git commit."""

    versions: Mapping[str, str]
    git_commit: str


@dataclass(frozen=True)
class BatchResult:
    """What a batch did, report by report, and how long it took."""

    reports: tuple[Finished, ...]
    seconds: float
    interrupted: bool = False
    missing_pdf: bool = False

    def count(self, status: str) -> int:
        return sum(1 for r in self.reports if r.status == status)

    @property
    def exit_code(self) -> int:
        """130 after Ctrl-C, 1 when any report failed or PDFs could not be printed, else 0."""
        if self.interrupted:
            return 130
        return 1 if self.count("failed") or self.missing_pdf else 0


def required_outputs(formats: tuple[str, ...]) -> tuple[str, ...]:
    """Output kinds a report must have on disk to count as done."""
    return ("ipynb", "html", "pdf") if "pdf" in formats else ("ipynb", "html")


def output_settings(definition: RunDefinition) -> dict[str, object]:
    """The settings that change a report's files without being notebook parameters."""
    return {"formats": sorted(definition.formats),
            "pdf_engine": definition.pdf_engine if "pdf" in definition.formats else ""}


def plan_reports(definition: RunDefinition, force: bool = False) -> list[PlannedReport]:
    """Every report of the run definition with its inputs hashed and its skip decision made."""
    from ..inputs.datatree import DataTree

    hasher = Hasher()
    tree = DataTree(definition.data_dir)
    data_files: dict[str, list[Path]] = {}
    settings = output_settings(definition)
    required = required_outputs(definition.formats)
    planned = []
    for job in definition.jobs():
        path = manifest_path(definition.output, job)
        existing = read_manifest(path)
        # The run definition's date, else none: the report takes its own from the data (the assessments' sign-off,
        # the plan), never from the clock.
        job = replace(job, report_date=definition.report_date or "")
        notebook = definition.notebook_file(job.notebook)
        if job.organisation not in data_files:
            data_files[job.organisation] = tree.files(job.organisation)
        hashes = hasher.inputs(notebook, job.parameters(), settings, definition.data_dir,
                               data_files[job.organisation])
        up_to_date = (not force and existing is not None and existing.combined_hash == hashes.combined
                      and outputs_exist(existing, path, required))
        task = Task(job, str(notebook), str(definition.output), definition.formats, worker_pdf_engine(definition))
        planned.append(PlannedReport(task, path, hashes, up_to_date))
    return planned


def worker_pdf_engine(definition: RunDefinition) -> str:
    """The engine the workers run for the PDFs (Typst, in process), or '' when the main process prints them."""
    from ..render.pdf import get_engine

    if "pdf" not in definition.formats:
        return ""
    return definition.pdf_engine if get_engine(definition.pdf_engine).in_process else ""


def package_versions() -> dict[str, str]:
    """Versions of Python and the packages that shape a report."""
    versions = {"python": platform.python_version(), "malrapport": __version__}
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "saknas"
    return versions


def _file_entry(path: Path, hasher: Hasher) -> dict[str, str]:
    return {"path": path.name, "sha256": hasher.file(path)}


def build_manifest(planned: PlannedReport, definition: RunDefinition, result: TaskResult,
                   outputs: Mapping[str, Path], timings: Mapping[str, float], executor: str,
                   context: BatchContext) -> Manifest:
    """The manifest of one finished report (see `manifest` for the fields)."""
    job = planned.task.job
    hasher = Hasher()
    return Manifest(
        organisation=job.organisation, period=job.period, notebook=job.notebook,
        notebook_path=planned.task.notebook, stem=job.stem, parameters=job.parameters(),
        report_date=job.report_date, data_dir=job.data_dir, formats=definition.formats,
        pdf_engine=definition.pdf_engine,
        inputs={"files": dict(planned.hashes.files), "combined": planned.hashes.combined},
        outputs={kind: _file_entry(Path(path), hasher) for kind, path in outputs.items()},
        extra=dict(job.extra), report=dict(result.report), versions=dict(context.versions),
        git_commit=context.git_commit, timings={k: round(v, 3) for k, v in timings.items()},
        cpu={k: round(v, 3) for k, v in result.cpu.items()},
        executor=executor, worker=result.worker,
        rendered_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))


class _Batch:
    """The state of one running batch: outcomes so far, shared with the PDF threads."""

    def __init__(self, definition: RunDefinition, planned: list[PlannedReport], executor: str,
                 progress: Progress) -> None:
        self.definition = definition
        self.by_key = {p.task.key: p for p in planned}
        self.executor = executor
        self.progress = progress
        self.finished: dict[str, Finished] = {}
        self.lock = threading.Lock()
        self.closed = False
        self.context = BatchContext({}, "")
        self.missing_pdf = False

    def record(self, planned: PlannedReport, item: Finished) -> None:
        with self.lock:
            if self.closed:
                return
            self.finished[planned.task.key] = item
        self.progress.finished(item)

    def fail(self, planned: PlannedReport, error: str, notebook: str = "") -> None:
        self.record(planned, Finished(planned.task.label, "failed", error=error, notebook=notebook))

    def complete(self, planned: PlannedReport, result: TaskResult, printer: PdfPrinter | None) -> None:
        """PDF (when asked for), then the manifest: the last file of a report."""
        outputs = {kind: Path(path) for kind, path in result.outputs.items()}
        timings = {k: v for k, v in result.timings.items()}
        try:
            if printer is not None:
                pdf = outputs["html"].with_suffix(".pdf")
                timings["pdf"] = printer.print(outputs["html"], pdf, outputs.get("ipynb"))
                outputs["pdf"] = pdf
            timings["total"] = sum(v for k, v in timings.items() if k != "total")
            manifest = build_manifest(planned, self.definition, result, outputs, timings, self.executor,
                                      self.context)
            with self.lock:
                if self.closed:
                    return
            write_manifest(planned.manifest_path, manifest)
        except Exception as error:  # a printing thread's boundary: the report fails, the batch goes on
            self.fail(planned, f"PDF eller manifest kunde inte skrivas: {error}")
            return
        self.record(planned, Finished(planned.task.label, "rendered", seconds=timings["total"], timings=timings))


def run_batch(definition: RunDefinition, *, jobs: int | None = None, force: bool = False,
              executor: str = DEFAULT_EXECUTOR, scheduler: str | None = None, err: TextIO | None = None,
              out: TextIO | None = None) -> BatchResult:
    """Render every report of a run definition that is not up to date; see the module docstring."""
    err = err or sys.stderr
    out = out or sys.stdout
    started = time.perf_counter()
    factory = get_executor(executor)
    check_scheduler(factory, scheduler)
    if jobs is not None and jobs < 1:
        raise MalrapportError(f"--jobs måste vara minst 1, inte {jobs}", hint="utelämna --jobs för en per kärna")
    writable_output(definition.output)
    lock = OutputLock(definition.output)
    lock.acquire()
    try:
        return _run_locked(definition, jobs, force, executor, scheduler, err, out, factory, started)
    finally:
        lock.release()


def _run_locked(definition: RunDefinition, jobs: int | None, force: bool, executor: str, scheduler: str | None,
                err: TextIO, out: TextIO, factory: ExecutorFactory, started: float) -> BatchResult:
    """`run_batch` once the output folder is known writable and locked for this batch."""
    warn_unknown_parameters(definition, err)
    planned = plan_reports(definition, force)
    todo = [p for p in planned if not p.up_to_date]
    progress = Progress(len(planned), err)
    progress.skipped([p.task.label for p in planned if p.up_to_date])
    batch = _Batch(definition, planned, executor, progress)
    interrupted = False
    try:
        if todo:
            interrupted = _execute(batch, todo, factory, jobs, scheduler)
    finally:
        progress.close()
    with batch.lock:
        batch.closed = True
    reports = [batch.finished.get(p.task.key) or Finished(p.task.label, "skipped" if p.up_to_date else "interrupted")
               for p in planned]
    if not interrupted:
        _write_index(definition.output, err)
    result = BatchResult(tuple(reports), time.perf_counter() - started, interrupted, batch.missing_pdf)
    out.write(summary_table(list(result.reports), result.seconds, interrupted))
    out.flush()
    return result


def _execute(batch: _Batch, todo: list[PlannedReport], factory: ExecutorFactory, jobs: int | None,
             scheduler: str | None) -> bool:
    """Run the reports that are not up to date; True when stopped by Ctrl-C."""
    from ._printing import PdfPrinter

    definition = batch.definition
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    settings = RunnerSettings(recycle_after=definition.recycle_after, cell_timeout=definition.cell_timeout,
                              report_timeout=definition.report_timeout)
    runner = factory(settings, workers, scheduler, on_start=batch.progress.started)
    prints = "pdf" in definition.formats and not worker_pdf_engine(definition)
    printer = PdfPrinter(definition.pdf_engine) if prints else None
    pending: list[Future] = []
    interrupted = False
    try:
        batch.progress.starting(start_note(runner, workers, len(todo), scheduler))
        runner.start()
        if printer is not None:
            try:
                printer.start()
            except MalrapportError as error:  # no PDF engine here: the HTML is still written, and the batch says so
                batch.progress.note_problem(f"{error} – HTML skrivs ändå; PDF:erna skrivs vid nästa körning när "
                                            "motorn finns")
                batch.missing_pdf = True
                printer.close(cancel=True)
                printer = None
        batch.context = BatchContext(package_versions(), git_commit())
        for planned in todo:
            runner.submit(planned.task)
        for result in runner.results():
            planned = batch.by_key[result.key]
            if not result.ok:
                batch.fail(planned, result.error, result.failed_notebook)
            elif printer is not None:
                pending.append(printer.submit(batch.complete, planned, result, printer))
            else:
                batch.complete(planned, result, None)
        wait(pending)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        with sigint_ignored():
            if interrupted:
                with batch.lock:
                    batch.closed = True
            runner.shutdown(cancel=interrupted)
            if printer is not None:
                printer.close(cancel=interrupted)
    return interrupted


def warn_unknown_parameters(definition: RunDefinition, err: TextIO) -> None:
    """Once per notebook and name: a parameter of `parameters:` the notebook does not declare (papermill warns the
    same way and passes it all the same, as the batch does)."""
    from ..render.job import unknown_parameter_warning

    for notebook, name in definition.unknown_parameters():
        err.write(unknown_parameter_warning(notebook, name) + "\n")
    err.flush()


def start_note(runner: object, workers: int, reports: int, scheduler: str | None) -> str:
    """What the batch is starting, for the progress output."""
    if getattr(runner, "name", "") == "dask":
        return f"skickar {reports} rapporter till Dask-klustret {scheduler}"
    return f"startar {workers} arbetare med förvärmda kärnor för {reports} rapporter"


def _write_index(out_dir: Path, err: TextIO) -> None:
    """The entry page for readers, `outputs/index.html`; a failure is reported, never fatal for the batch."""
    from ..render.index_page import write_index

    try:
        write_index(out_dir)
    except MalrapportError as error:
        err.write(f"Indexsidan kunde inte skrivas: {error}\n")
