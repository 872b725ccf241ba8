"""Render one report: execute the notebook with papermill, then write HTML, PDF, the executed notebook and figures.

This is what `malrapport render` runs. Batches (`malrapport.batch`) reuse `write_outputs` with their own
warm-kernel executor, so both paths produce the same files.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MalrapportError
from ..inputs.files import atomic_write_bytes, atomic_write_text
from ..inputs.project import NOTEBOOKS, notebook_path, working_folder
from ..model import Period
from ..present.payload import find_payload
from .pdf import DEFAULT_ENGINE

if TYPE_CHECKING:  # nbformat and the figures (pandas) load lazily: a batch with nothing to do needs neither
    import nbformat

FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class ReportJob:
    """One report to produce: which notebook, for which organisation and period, with which parameters."""

    organisation: str
    period: str
    notebook: str = "malrapport"
    data_dir: str = ""
    report_date: str = ""
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def stem(self) -> str:
        base = f"{self.organisation}-{self.period}"
        if self.notebook == "malrapport":
            return base
        indicator = dict(self.extra).get("indicator", "")
        if self.notebook in NOTEBOOKS:
            return f"{base}-{self.notebook}-{indicator}"
        name = Path(self.notebook).stem  # a notebook given by path: its file name, never its folders
        return f"{base}-{name}-{indicator}" if indicator else f"{base}-{name}"

    def parameters(self) -> dict[str, str]:
        params = {"region": self.organisation, "period": self.period, "data_dir": self.data_dir}
        if self.notebook == "malrapport":
            params["report_date"] = self.report_date
        params.update(dict(self.extra))
        return params

    def output_dir(self, out: Path) -> Path:
        return out / self.organisation / self.period


def report_payload(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """What the notebook's last, hidden cell emitted: title, running header and the report's figures."""
    return find_payload(output for cell in nb.cells for output in cell.get("outputs", []))


INJECTED_TAG = "injected-parameters"


def stable_cell_ids(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Give papermill's injected cell a fixed id instead of its random one: same inputs, same bytes."""
    for cell in nb.cells:
        if INJECTED_TAG in cell.get("metadata", {}).get("tags", []) and "id" in cell:
            cell["id"] = INJECTED_TAG
    return nb


TIMING_KEYS = ("start_time", "end_time", "duration")


def without_timestamps(nb: nbformat.NotebookNode, output_path: Path) -> nbformat.NotebookNode:
    """Drop papermill's and nbclient's clock times (the manifest keeps the timings), so that a rerun of the same
    inputs writes the same bytes; record where the executed notebook is written, as papermill's `output_path`."""
    papermill = nb.metadata.get("papermill")
    if papermill is not None:
        papermill.update(dict.fromkeys(TIMING_KEYS))
        papermill["output_path"] = str(output_path)
    for cell in nb.cells:
        metadata = cell.get("metadata", {})
        metadata.pop("execution", None)
        if "papermill" in metadata:
            metadata["papermill"].update(dict.fromkeys(TIMING_KEYS))
    return nb


def write_outputs(nb: nbformat.NotebookNode, job: ReportJob, out: Path, formats: Sequence[str],
                  pdf_engine: str = DEFAULT_ENGINE, browser=None) -> dict[str, Path]:
    """Write the executed notebook, HTML, PDF and figures of one executed report; returns paths by kind.

    All or nothing: a fault on the way (a full disk) leaves the report's earlier files as they were and raises a
    MalrapportError naming the path.
    """
    directory = job.output_dir(out)
    try:
        return _write_all(nb, job, directory, formats, pdf_engine, browser)
    except OSError as exc:  # disk full, a read-only folder, a file where a folder should be
        where = exc.filename or directory
        raise MalrapportError(f"rapporten {job.stem} kunde inte skrivas ({exc.strerror or exc}); inga av dess filer "
                              "skrevs", file=where, hint="kontrollera att det finns plats på disken och att utmappen "
                                                         "är en skrivbar mapp") from None


def _write_all(nb: nbformat.NotebookNode, job: ReportJob, directory: Path, formats: Sequence[str], pdf_engine: str,
               browser: Any) -> dict[str, Path]:
    """All of a report's files or none: each is made in a staging folder beside them, then all are moved in."""
    import nbformat

    from ..present.figures import write_figures
    from .html import export_html
    from .pdf import print_report_pdf

    directory.mkdir(parents=True, exist_ok=True)
    stable_cell_ids(nb)
    without_timestamps(nb, directory / f"{job.stem}.ipynb")
    staging = Path(tempfile.mkdtemp(prefix=f".{job.stem}.", dir=directory))
    try:
        staged: dict[str, Path] = {}
        staged["ipynb"] = atomic_write_text(staging / f"{job.stem}.ipynb", nbformat.writes(nb) + "\n")
        payload = report_payload(nb)
        if "figures" in payload:
            for path in write_figures(payload["figures"], staging, job.stem):
                staged[path.name] = path
        html_text = export_html(nb, title=payload.get("title", job.stem),
                                running_header=payload.get("running_header", ""))
        if "html" in formats or "pdf" in formats:
            staged["html"] = atomic_write_bytes(staging / f"{job.stem}.html", html_text.encode("utf-8"))
        if "pdf" in formats:
            staged["pdf"] = print_report_pdf(staged["html"], staging / f"{job.stem}.pdf", engine=pdf_engine,
                                             ipynb_path=staged["ipynb"], browser=browser,
                                             notebook=nb)
        written = {}
        for kind, path in staged.items():
            os.replace(path, directory / path.name)
            written[kind] = directory / path.name
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def execute_with_papermill(job: ReportJob, cwd: Path | None = None, cell_timeout: float | None = None) \
        -> nbformat.NotebookNode:
    """Run the notebook once in a fresh kernel, parameters injected as papermill does.

    A cell running past `cell_timeout` seconds, or a kernel that dies, ends in a MalrapportError saying so.
    """
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    source = notebook_path(job.notebook)
    try:
        return papermill.execute_notebook(str(source), None, parameters=job.parameters(), progress_bar=False,
                                          cwd=str(cwd or working_folder()), kernel_name="python3",
                                          execution_timeout=cell_timeout,
                                          coalesce_streams=True)  # as the batch: the same outputs however timed
    except papermill.PapermillExecutionError as error:
        raise MalrapportError(f"rapporten {job.stem} kunde inte köras: {error.ename}: {error.evalue}",
                              file=source, hint="kontrollera data med 'malrapport check' och se cellen som "
                                                "misslyckades i den körda anteckningsboken") from None
    except CellTimeoutError:
        raise MalrapportError(f"rapporten {job.stem} stoppades: en cell kördes längre än {cell_timeout:g} s",
                              file=source, hint="ge en längre tid med --cell-timeout, eller none för ingen "
                                                "gräns") from None
    except DeadKernelError:
        raise MalrapportError(f"rapporten {job.stem} kunde inte köras: kärnan dog (processen avslutades: "
                              "os._exit, en krasch i en C-modul eller slut på minne)", file=source,
                              hint="kör anteckningsboken i JupyterLab för att se i vilken cell") from None


def render(job: ReportJob, out: Path, formats: Sequence[str] = FORMATS, pdf_engine: str = DEFAULT_ENGINE,
           cell_timeout: float | None = None) -> dict[str, Path]:
    """`malrapport render`: validate the parameters, execute, and write every requested output."""
    Period.parse_tertial(job.period)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise MalrapportError(f"okänt format: {', '.join(unknown)}", hint="välj html, pdf eller html,pdf")
    from .pdf import get_engine

    if "pdf" in formats and not get_engine(pdf_engine).available():  # the HTML still; the caller says why no PDF
        formats = [f for f in formats if f != "pdf"] or ["html"]
    nb = execute_with_papermill(job, cell_timeout=cell_timeout)
    return write_outputs(nb, job, out, formats, pdf_engine)


def parameters_text(params: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())
