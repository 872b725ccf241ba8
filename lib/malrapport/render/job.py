"""Render one report: execute the notebook with papermill, then write HTML, PDF, the executed notebook and figures.

This is what `malrapport render` runs. Batches (`malrapport.batch`) reuse `write_outputs` with their own
warm-kernel executor, so both paths produce the same files.
"""
from __future__ import annotations

import ast
import datetime as dt
import json
import keyword
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
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
REPORT_PARAMETERS = ("region", "period", "data_dir", "report_date", "indicator")
"""The parameters malrapport gives a notebook itself, each only to a notebook whose `parameters` cell declares it."""


@dataclass(frozen=True)
class ReportJob:
    """One report to produce: which notebook, for which organisation and period, with which parameters.

    `user_parameters` are the run definition's `parameters:` for the notebook (or `render -p`), passed as they
    are, like papermill's; `declared` are the names the notebook's `parameters` cell declares (None: read from
    the notebook when first needed).
    """

    organisation: str
    period: str
    notebook: str = "malrapport"
    data_dir: str = ""
    report_date: str = ""
    extra: tuple[tuple[str, str], ...] = ()
    user_parameters: tuple[tuple[str, Any], ...] = field(default=(), hash=False)  # values may be lists, mappings
    declared: tuple[str, ...] | None = None

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

    def declared_names(self) -> tuple[str, ...] | None:
        """The notebook's declared parameters; None when the notebook cannot be read (its run will say why)."""
        if self.declared is not None:
            return self.declared
        try:
            return declared_parameters(notebook_path(self.notebook))
        except MalrapportError:
            return None

    def parameters(self) -> dict[str, Any]:
        """What is injected: the report parameters the notebook declares, then the user's parameters, all of them.

        A report parameter the notebook does not declare is left out (a general notebook gets no `report_date`);
        any notebook that declares it gets it, whatever its file is called.
        """
        offered: dict[str, Any] = {"region": self.organisation, "period": self.period, "data_dir": self.data_dir,
                                   "report_date": self.report_date, **dict(self.extra)}
        declared = self.declared_names()
        params = {name: value for name, value in offered.items()
                  if declared is None or name in declared or name not in REPORT_PARAMETERS}
        params.update(self.user_parameters)
        return params

    def unknown_parameters(self) -> list[str]:
        """The user's parameters the notebook does not declare: papermill passes them with a warning, as we do."""
        declared = self.declared_names()
        if declared is None:
            return []
        return [name for name, _ in self.user_parameters if name not in declared]

    def output_dir(self, out: Path) -> Path:
        return out / self.organisation / self.period


@lru_cache(maxsize=64)
def _declared_in(path: str, mtime_ns: int, size: int) -> tuple[str, ...] | None:
    try:
        cells = json.loads(Path(path).read_bytes())["cells"]
        cell = next((c for c in cells if "parameters" in ((c.get("metadata") or {}).get("tags") or [])), None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if cell is None or cell.get("cell_type") != "code":
        return ()
    source = cell.get("source") or ""
    return assigned_names("".join(source) if isinstance(source, list) else str(source))


ASSIGNMENT = re.compile(r"^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)")
"""`name = value` or `name: type = value` at the start of a line: papermill's reading of a parameters cell."""


def assigned_names(source: str) -> tuple[str, ...]:
    """The names a parameters cell assigns at top level, in order.

    Read with Python's own parser (IPython's `%magic` and `!command` lines blanked); a cell Python cannot parse
    is read line by line as papermill does.
    """
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        found = (ASSIGNMENT.match(line) for line in lines)
        return tuple(dict.fromkeys(m.group(1) for m in found if m))
    names: list[str] = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) \
            else []
        for target in targets:
            names.extend(_target_names(target))
    return tuple(dict.fromkeys(names))


def _target_names(target: ast.expr) -> list[str]:
    """`a` of `a = …`, `a, b` of `a, b = …`; nothing for `d["k"] = …` or `obj.x = …`."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _target_names(element)]
    return []


def declared_parameters(path: Path) -> tuple[str, ...] | None:
    """The parameter names the notebook's `parameters`-tagged cell declares (() without such a cell); None when
    the file is not a readable notebook.

    Read once per notebook version (path, size and modification time), from the JSON and Python's parser: a batch
    with nothing to do decides that without importing papermill or nbformat.
    """
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return _declared_in(str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)


REPORT_PARAMETER_HINTS = {"report_date": "ange datumet med report_date: i körningsfilen (--date i render)",
                          "indicator": "ange indikatorerna med indicators: i körningsfilen (--indicator i render)"}


def parameter_name_problem(name: object) -> tuple[str, str] | None:
    """Why `name` cannot be a user parameter, with what to do (None when it can): not a Python name, or one of
    the report parameters, which malrapport sets itself for every report."""
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        return (f"'{name}' är inget giltigt variabelnamn i Python",
                "använd bokstäver, siffror och _, och inte en siffra först")
    if name in REPORT_PARAMETERS:
        return (f"parametern '{name}' sätts av malrapport själv för varje rapport",
                REPORT_PARAMETER_HINTS.get(name, "välj ett annat namn; organisation, period och datamapp kommer "
                                                 "från körningsfilen"))
    return None


def plain_value(value: Any) -> Any:
    """A parameter value as papermill passes it and JSON stores it: dates as ISO text, mappings as dicts.

    Raises ValueError for a value that is neither text, number, boolean, null, list nor mapping.
    """
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain_value(v) for k, v in value.items()}
    raise ValueError(type(value).__name__)


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


_TRANSIENT_METADATA = ("orig_nbformat", "orig_nbformat_minor", "signature")


def notebook_text(nb: Mapping[str, Any]) -> str:
    """The executed notebook as .ipynb text: keys sorted, nbformat's transient values left out, one line per cell.

    nbformat.writes indents every level, which only Python's slow JSON encoder does: for a report whose charts
    carry their Vega-Lite specs that is 0,15-0,25 CPU s of a report's ~2. Each cell on one line is written by the
    C encoder in a tenth of that, and reads back as the same notebook (tests/test_executed_notebook.py).
    """
    def compact(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    def cell_text(cell: Mapping[str, Any]) -> str:
        metadata = {k: v for k, v in cell.get("metadata", {}).items() if k != "trusted"}
        return compact({**cell, "metadata": metadata})

    lines = []
    for key in sorted(nb):
        if key == "cells":
            cells = ",\n  ".join(cell_text(cell) for cell in nb["cells"])
            lines.append(f' "cells": [\n  {cells}\n ]' if cells else ' "cells": []')
        elif key == "metadata":
            lines.append(f' "metadata": {compact({k: v for k, v in nb[key].items() if k not in _TRANSIENT_METADATA})}')
        else:
            lines.append(f" {compact(key)}: {compact(nb[key])}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


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

    from ..present.figures import write_figures
    from .html import export_html
    from .pdf import print_report_pdf

    directory.mkdir(parents=True, exist_ok=True)
    stable_cell_ids(nb)
    without_timestamps(nb, directory / f"{job.stem}.ipynb")
    staging = Path(tempfile.mkdtemp(prefix=f".{job.stem}.", dir=directory))
    try:
        staged: dict[str, Path] = {}
        staged["ipynb"] = atomic_write_text(staging / f"{job.stem}.ipynb", notebook_text(nb))
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
        with _papermill_unknown_parameter_warnings_muted():  # said in Swedish by `malrapport render` itself
            return papermill.execute_notebook(str(source), None, parameters=job.parameters(), progress_bar=False,
                                              cwd=str(cwd or working_folder()), kernel_name="python3",
                                              execution_timeout=cell_timeout,
                                              coalesce_streams=True)  # as the batch: same outputs however timed
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


class _NotUnknownParameter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Passed unknown parameter")


@contextmanager
def _papermill_unknown_parameter_warnings_muted() -> Iterator[None]:
    log = logging.getLogger("papermill")
    muted = _NotUnknownParameter()
    log.addFilter(muted)
    try:
        yield
    finally:
        log.removeFilter(muted)


def unknown_parameter_warning(notebook: str, name: str) -> str:
    """The operator's warning for a parameter the notebook does not declare (papermill: 'Passed unknown
    parameter'); the value is passed all the same."""
    return (f"Varning: anteckningsboken {notebook} har ingen parameter '{name}' i sin parameters-cell; värdet "
            f"skickas ändå (som papermill gör) – kontrollera namnet")


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
