"""The values that travel between the batch's main process and its workers: what to run and what came of it.

All are frozen dataclasses of plain values, so that they pickle to worker processes and Dask workers.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..inputs.project import working_folder
from ..render.job import ReportJob

HTML_FORMATS = ("html",)
"""What a worker always writes: the executed notebook, figures and HTML. It writes the PDF too when the task names
an in-process engine (Typst); PDFs printed by a browser or Quarto are made by the main process."""


DEFAULT_CELL_TIMEOUT = 600.0
"""Seconds one cell may run (`cell_timeout`): generous, since a real report's cells take seconds."""
DEFAULT_REPORT_TIMEOUT = 1800.0
"""Seconds one report may run in all (`report_timeout`); then its kernel is stopped and replaced."""


@dataclass(frozen=True)
class RunnerSettings:
    """How a worker runs its kernels: how many, when to replace them, where they start, how long a report may run."""

    kernels: int = 1
    recycle_after: int = 200
    recycle_growth_mb: float = 768.0
    cwd: str = field(default_factory=lambda: str(working_folder()))
    kernel_name: str = "python3"
    startup_timeout: float = 120.0
    cell_timeout: float | None = DEFAULT_CELL_TIMEOUT
    report_timeout: float | None = DEFAULT_REPORT_TIMEOUT


@dataclass(frozen=True)
class Task:
    """One report to execute: the job, the notebook file, the output root and the requested formats."""

    job: ReportJob
    notebook: str
    out: str
    formats: tuple[str, ...] = HTML_FORMATS
    pdf_engine: str = ""
    """The PDF engine the worker runs itself after the HTML (an in-process one, Typst); '' for none."""

    @property
    def key(self) -> str:
        """Unique within a batch: organisation/period/stem."""
        return f"{self.job.organisation}/{self.job.period}/{self.job.stem}"

    @property
    def label(self) -> str:
        """How the report is named to operators: 'rn-ls1 2022-T1' plus the notebook when it is not the report."""
        base = f"{self.job.organisation} {self.job.period}"
        if self.job.notebook == "malrapport":
            return base
        name = " ".join([Path(self.job.notebook).stem, *(value for _, value in self.job.extra)])
        return f"{base} ({name})"


@dataclass(frozen=True)
class TaskResult:
    """What a worker reports back: written files by kind, timings in seconds, or the error and failed notebook."""

    key: str
    ok: bool
    outputs: Mapping[str, str] = field(default_factory=dict)
    timings: Mapping[str, float] = field(default_factory=dict)
    error: str = ""
    failed_notebook: str = ""
    worker: str = ""
    report: Mapping[str, object] = field(default_factory=dict)
    cpu: Mapping[str, float] = field(default_factory=dict)
    """CPU seconds by step: "kernel" and "worker" (the worker's bookkeeping) while executing, "html", "pdf"."""
