"""One report on a warm kernel, exactly as papermill runs it, then its notebook, figures and HTML on disk.

The notebook is loaded and parameterised with papermill's own functions (`load_notebook_node`,
`parameterize_notebook`, `prepare_notebook_metadata`, `remove_error_markers`), executed through papermill's
engine and notebook client on a kernel that is already running, and checked with papermill's
`raise_for_execution_errors`, which marks the failing cell exactly as papermill does. Outputs are written by
`run.write_outputs`, the same function `malrapport render` uses, so both give the same files.
"""
from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MalrapportError
from ..inputs.files import atomic_write_text
from ..present.payload import status_totals
from ..render.job import notebook_text, report_payload, write_outputs
from ..render.pdf import print_report_pdf
from ._cpu import kernel_cpu, thread_cpu
from ._kernels import KernelError, KernelPool, WarmKernel
from ._tasks import HTML_FORMATS, RunnerSettings, Task, TaskResult

if TYPE_CHECKING:
    import nbformat

QUIET_LOG = logging.getLogger("malrapport.batch.nbclient")
"""nbclient's log in workers: its English 'Kernel died …' would only repeat the report's own message."""
QUIET_LOG.addHandler(logging.NullHandler())
QUIET_LOG.propagate = False
FAILED_SUFFIX = ".failed.ipynb"
"""A failing report's executed notebook, with papermill's error cells, is saved as `<stem>.failed.ipynb`."""


def failed_notebook_path(task: Task) -> Path:
    return task.job.output_dir(Path(task.out)) / f"{task.job.stem}{FAILED_SUFFIX}"


def inject_parameters(notebook: str | Path, parameters: Mapping[str, object],
                      kernel_name: str = "python3") -> nbformat.NotebookNode:
    """The notebook as papermill prepares it: an `injected-parameters` cell after the `parameters` cell."""
    from papermill.execute import prepare_notebook_metadata, remove_error_markers
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    path = str(notebook)
    nb = load_notebook_node(path)
    nb = parameterize_notebook(nb, dict(parameters), False, kernel_name=kernel_name)
    nb = prepare_notebook_metadata(nb, path, None)
    return remove_error_markers(nb)


@cache
def _warm_engine() -> Any:
    """papermill's nbclient engine, with the kernel manager of a warm kernel instead of a new one.

    nbclient is asynchronous: it waits for output and for the reply at once and checks every second that the
    kernel is alive. It gets its own asynchronous client of the warm kernel (a blocking client would block that
    loop, and a kernel that dies would be waited for for ever), whose liveness is the kernel process's.
    """
    from jupyter_client.asynchronous import AsyncKernelClient
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine

    class ProcessWatchingClient(AsyncKernelClient):
        """Alive while the kernel process is: a dead process is known at once, not after missed heartbeats."""

        manager: Any = None

        async def is_alive(self) -> bool:
            return bool(self.manager is not None and self.manager.is_alive())

    class WarmEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                     stdout_file: Any = None, stderr_file: Any = None, start_timeout: int = 60,
                                     execution_timeout: float | None = None, kernel: WarmKernel | None = None,
                                     **kwargs: Any) -> Any:
            assert kernel is not None
            client = PapermillNotebookClient(
                nb_man, km=kernel.km, timeout=execution_timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=QUIET_LOG, log_output=log_output, stdout_file=stdout_file,
                stderr_file=stderr_file,
                coalesce_streams=True)  # one print can arrive as two stream messages under load: one output always
            kc = ProcessWatchingClient()  # a session of its own: one shared with the warm client mixes up replies
            kc.load_connection_info(kernel.km.get_connection_info())
            kc.manager = kernel.km
            kc.start_channels()
            client.kc = kc
            try:
                return client.execute()
            finally:
                kc.stop_channels()

    return WarmEngine


def execute_on(kernel: WarmKernel, nb: nbformat.NotebookNode, kernel_name: str = "python3",
               cell_timeout: float | None = None) -> nbformat.NotebookNode:
    """Execute a prepared notebook on a warm kernel the way `papermill.execute_notebook` does.

    A cell running longer than `cell_timeout` seconds raises nbclient's CellTimeoutError, a kernel that dies
    DeadKernelError (within a second or two).
    """
    return _warm_engine().execute_notebook(nb, kernel_name, output_path=None, progress_bar=False,
                                           log_output=False, start_timeout=60, kernel=kernel,
                                           execution_timeout=cell_timeout)


def running_cell(nb: nbformat.NotebookNode) -> str:
    """'cell 4': the last cell papermill started (counted from 1 in the executed notebook); '' when none was."""
    started = [i for i, cell in enumerate(nb.cells) if cell.get("metadata", {}).get("papermill", {}).get("start_time")]
    return f"cell {started[-1] + 1}" if started else ""


def execution_failure(failure: BaseException, nb: nbformat.NotebookNode, settings: RunnerSettings,
                      timed_out: bool) -> str:
    """The operator's message for a report whose execution stopped: dead kernel, timeouts, anything else."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    where = running_cell(nb)
    at = f" i {where}" if where else ""
    if timed_out:
        return (f"rapporten kördes längre än tidsgränsen {seconds(settings.report_timeout)} per rapport "
                f"(report_timeout) och stoppades{at} – rapporten skrevs inte, kärnan ersattes")
    if isinstance(failure, CellTimeoutError):
        return (f"{where or 'en cell'} kördes längre än tidsgränsen {seconds(settings.cell_timeout)} per cell "
                "(cell_timeout) – rapporten skrevs inte, kärnan ersattes")
    if isinstance(failure, DeadKernelError):
        return (f"kärnan dog{at} (processen avslutades: os._exit, en krasch i en C-modul eller slut på minne) "
                "– rapporten skrevs inte, kärnan ersattes")
    return f"{type(failure).__name__}: {failure}"


def seconds(value: float | None) -> str:
    """'600 s' for messages ('ingen' when there is no limit)."""
    return "ingen" if value is None else f"{value:g} s".replace(".", ",")


class ReportWatchdog:
    """Kills a report's kernel when the report runs past `report_timeout`; the kernel is then replaced."""

    def __init__(self, kernel: WarmKernel, limit: float | None) -> None:
        self.fired = False
        self._kernel = kernel
        self._timer = threading.Timer(limit, self._fire) if limit else None
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        self._kernel.kill()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def mark_errors(nb: nbformat.NotebookNode, failed_path: Path) -> str:
    """'' when the notebook ran cleanly; else 'ename: evalue', with the marked notebook saved to failed_path."""
    from papermill.exceptions import PapermillExecutionError
    from papermill.execute import raise_for_execution_errors

    failed_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{failed_path.stem}.", suffix=".ipynb", dir=failed_path.parent)
    os.close(fd)
    try:
        raise_for_execution_errors(nb, tmp)
    except PapermillExecutionError as error:
        os.replace(tmp, failed_path)
        return f"{error.ename}: {error.evalue}"
    finally:
        Path(tmp).unlink(missing_ok=True)
    return ""


def report_summary(nb: nbformat.NotebookNode) -> dict[str, object]:
    """Title, summary sentence and sub-goals by status from the report's hidden payload, for the manifest."""
    payload = report_payload(nb)
    figures = payload.get("figures", {}) if isinstance(payload.get("figures"), dict) else {}
    summary: dict[str, object] = {}
    if payload.get("title"):
        summary["title"] = payload["title"]
    if figures.get("sentence"):
        summary["sentence"] = figures["sentence"]
    totals = status_totals(figures)
    if totals:
        summary["subgoals_by_status"] = totals
    return summary


class ReportRunner:
    """Runs reports on the warm kernels of one worker; `run` never raises for a failing report."""

    def __init__(self, settings: RunnerSettings | None = None, name: str = "", kernels: int | None = None) -> None:
        self.settings = settings or RunnerSettings()
        self.name = name or f"pid {os.getpid()}"
        self.pool = KernelPool(self.settings, kernels)

    def run(self, task: Task) -> TaskResult:
        """Execute one report and write its notebook, figures and HTML; failures come back as a result."""
        failed_notebook_path(task).unlink(missing_ok=True)
        try:
            nb = inject_parameters(task.notebook, task.job.parameters(), self.settings.kernel_name)
        except Exception as failure:  # an unreadable notebook file fails its reports, not the kernel
            return self._failed(task, f"anteckningsboken kan inte läsas: {type(failure).__name__}: {failure}")
        started = time.perf_counter()
        try:
            kernel = self.pool.acquire()
        except KernelError as failure:
            return self._failed(task, str(failure))
        waited = time.perf_counter() - started
        error, healthy = "", False
        watchdog = ReportWatchdog(kernel, self.settings.report_timeout)
        cpu_started, kernel_started = thread_cpu(), kernel_cpu(kernel)
        try:
            kernel.reset()
            nb = execute_on(kernel, nb, self.settings.kernel_name, self.settings.cell_timeout)
            watchdog.cancel()
            error = mark_errors(nb, failed_notebook_path(task))
            healthy = not error and kernel.clean()
        except KernelError as failure:
            error = execution_failure(failure, nb, self.settings, True) if watchdog.fired else str(failure)
        except Exception as failure:  # a dead kernel, a timeout, a broken notebook: the report fails, the batch goes on
            error = execution_failure(failure, nb, self.settings, watchdog.fired)
            atomic_write_text(failed_notebook_path(task), notebook_text(nb))
        finally:
            watchdog.cancel()
            cpu = {"kernel": kernel_cpu(kernel) - kernel_started, "worker": thread_cpu() - cpu_started}
            self.pool.release(kernel, healthy)
        executed = time.perf_counter() - started
        if error:
            saved = failed_notebook_path(task)
            return self._failed(task, error, str(saved) if saved.exists() else "")
        return self._write(task, nb, {"wait": waited, "execute": executed - waited}, cpu)

    def _write(self, task: Task, nb: nbformat.NotebookNode, timings: dict[str, float],
               cpu: dict[str, float]) -> TaskResult:
        started, cpu_started = time.perf_counter(), thread_cpu()
        try:
            written = write_outputs(nb, task.job, Path(task.out), HTML_FORMATS)
        except MalrapportError as error:
            return self._failed(task, f"HTML kunde inte skrivas: {error}")
        except Exception as error:  # the worker's boundary: this report fails, the batch goes on
            return self._failed(task, f"HTML kunde inte skrivas: {type(error).__name__}: {error}")
        html_done, html_cpu = time.perf_counter(), thread_cpu()
        timings = {**timings, "html": html_done - started}
        cpu = {**cpu, "html": html_cpu - cpu_started}
        if task.pdf_engine and "pdf" in task.formats:
            try:
                written["pdf"] = print_report_pdf(written.get("html"), Path(written["html"]).with_suffix(".pdf"),
                                                  engine=task.pdf_engine, notebook=nb)
            except MalrapportError as error:
                return self._failed(task, f"PDF kunde inte skrivas: {error}")
            timings["pdf"] = time.perf_counter() - html_done
            cpu["pdf"] = thread_cpu() - html_cpu
        failed_notebook_path(task).unlink(missing_ok=True)
        return TaskResult(task.key, True, outputs={k: str(v) for k, v in written.items()}, timings=timings,
                          worker=self.name, report=report_summary(nb), cpu=cpu)

    def _failed(self, task: Task, error: str, notebook: str = "") -> TaskResult:
        return TaskResult(task.key, False, error=error or "okänt fel", failed_notebook=notebook, worker=self.name)

    def warm_exporter(self) -> None:
        """Load the HTML template and build the Vega bundle now, while the kernel warms up, not in report one."""
        import nbformat

        from ..render.html import export_html, vega_bundle

        vega_bundle()
        export_html(nbformat.v4.new_notebook(), title="uppvärmning")

    def close(self) -> None:
        self.pool.close()
