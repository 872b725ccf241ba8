"""Where reports execute: worker processes on this machine, or the workers of a Dask cluster.

Both executors take `Task`s and give back `TaskResult`s; each worker holds its own warm kernels
(`ReportRunner`) and writes a report's notebook, figures and HTML itself. The registry `EXECUTORS` maps the
names of `--executor` to them, like the PDF engines.

Local workers are spawned processes (one per core by default) that ignore Ctrl-C – the main process decides
when to stop – and stop by themselves when the main process disappears. The main process hands one task at a
time to each idle worker, so it always knows which report a worker that dies was running.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import queue
import signal
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import MalrapportError, did_you_mean
from ._tasks import RunnerSettings, Task, TaskResult

POLL_SECONDS = 0.5
STOP_SECONDS = 10.0


class Executor(Protocol):
    """Runs tasks somewhere and yields their results as they finish."""

    name: str

    def start(self) -> None: ...

    def submit(self, task: Task) -> None: ...

    def results(self) -> Iterator[TaskResult]: ...

    def shutdown(self, cancel: bool = False) -> None: ...


@contextmanager
def sigint_ignored() -> Iterator[None]:
    """Ctrl-C ignored for a while: child processes started now inherit the ignoring; cleanup is not cut short."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to change
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def local_worker(name: str, inbox: Any, results: Any, settings: RunnerSettings) -> None:
    """Body of a local worker process: warm up, then run tasks until told to stop or orphaned.

    SIGTERM (the main process cancelling) ends the report in progress; the kernels are stopped on the way out.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from ._runner import ReportRunner

    runner = ReportRunner(settings, name=name)

    def stop(signum: int, frame: Any) -> None:
        runner.pool.stop_replacing()
        # The cell being run is abandoned with its kernel: its task then fails with DeadKernelError, which asyncio
        # would print as a traceback ("Task exception was never retrieved") when it is collected.
        logging.getLogger("asyncio").disabled = True
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    parent = mp.parent_process()
    try:
        runner.warm_exporter()
        while True:
            try:
                task = inbox.get(timeout=1.0)
            except queue.Empty:
                if parent is not None and not parent.is_alive():
                    break
                continue
            if task is None:
                break
            results.put(("start", name, task.key))
            result = runner.run(task)
            results.put(("done", name, result))
    finally:
        runner.close()


@dataclass
class _Worker:
    name: str
    process: Any
    inbox: Any
    task: Task | None = None


class LocalExecutor:
    """Spawned worker processes on this machine, each with its own warm kernel and HTML exporter."""

    name = "local"
    needs_scheduler = False

    def __init__(self, settings: RunnerSettings, workers: int, scheduler: str | None = None,
                 on_start: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        self.size = max(1, workers)
        self.on_start = on_start
        self._context = mp.get_context("spawn")
        self._results: Any = None
        self._workers: list[_Worker] = []
        self._pending: deque[Task] = deque()
        self._count = 0

    def start(self) -> None:
        self._results = self._context.Queue()
        for _ in range(self.size):
            self._workers.append(self._spawn())

    def _spawn(self) -> _Worker:
        self._count += 1
        name = f"lokal-{self._count}"
        inbox = self._context.Queue()
        process = self._context.Process(target=local_worker, args=(name, inbox, self._results, self.settings),
                                        name=f"malrapport-{name}", daemon=True)
        with sigint_ignored():
            process.start()
        return _Worker(name, process, inbox)

    def submit(self, task: Task) -> None:
        self._pending.append(task)

    def _dispatch(self) -> None:
        for worker in self._workers:
            if worker.task is None and self._pending and worker.process.is_alive():
                worker.task = self._pending.popleft()
                worker.inbox.put(worker.task)

    def _busy(self) -> bool:
        return bool(self._pending) or any(w.task is not None for w in self._workers)

    def results(self) -> Iterator[TaskResult]:
        self._dispatch()
        while self._busy():
            try:
                kind, name, payload = self._results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                yield from self._replace_dead()
                self._dispatch()
                continue
            worker = next((w for w in self._workers if w.name == name), None)
            if kind == "start":
                if self.on_start is not None and worker is not None and worker.task is not None:
                    self.on_start(worker.task.label)
                continue
            if worker is not None:
                worker.task = None
            self._dispatch()
            yield payload

    def _replace_dead(self) -> Iterator[TaskResult]:
        for index, worker in enumerate(self._workers):
            if worker.process.is_alive():
                continue
            if worker.task is not None:
                code = worker.process.exitcode
                yield TaskResult(worker.task.key, False, worker=worker.name,
                                 error=f"arbetsprocessen {worker.name} avslutades oväntat (kod {code})")
                worker.task = None
            if self._pending:
                self._workers[index] = self._spawn()

    def shutdown(self, cancel: bool = False) -> None:
        """Stop the workers: let them finish and shut their kernels down, or (cancel) stop them now."""
        for worker in self._workers:
            if cancel:
                if worker.process.is_alive():
                    worker.process.terminate()
            else:
                try:
                    worker.inbox.put(None)
                except (OSError, ValueError):
                    pass
        for worker in self._workers:
            worker.process.join(STOP_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(STOP_SECONDS)
        for channel in [self._results, *(w.inbox for w in self._workers)]:
            if channel is not None:
                channel.close()
                channel.cancel_join_thread()
        self._workers = []


class DaskExecutor:
    """The workers of an existing Dask cluster; each keeps warm kernels in a worker plugin."""

    name = "dask"
    needs_scheduler = True

    def __init__(self, settings: RunnerSettings, workers: int, scheduler: str | None = None,
                 on_start: Callable[[str], None] | None = None) -> None:
        check_scheduler(self, scheduler)
        self.settings = settings
        self.scheduler = scheduler
        self.client: Any = None
        self._futures: dict[Any, Task] = {}
        self._batch = uuid.uuid4().hex[:8]

    def start(self) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise MalrapportError("Dask är inte installerat",
                                  hint='installera med pip install "dask[distributed]" eller använd --executor '
                                       'local') from None
        from ._dask_worker import KernelPoolPlugin

        try:
            self.client = Client(self.scheduler, timeout=30, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise MalrapportError(f"kan inte ansluta till Dask-schemaläggaren {self.scheduler} ({error})",
                                  hint="kontrollera adressen och att klustret är igång") from None
        self.client.register_plugin(KernelPoolPlugin(self.settings), name=KernelPoolPlugin.name)

    def submit(self, task: Task) -> None:
        from ._dask_worker import run_on_worker

        future = self.client.submit(run_on_worker, task, key=f"malrapport-{task.job.stem}-{self._batch}",
                                    pure=False, retries=0)
        self._futures[future] = task

    def results(self) -> Iterator[TaskResult]:
        from distributed import as_completed

        for future in as_completed(list(self._futures), loop=self.client.loop):
            task = self._futures.pop(future)
            try:
                yield future.result()
            except Exception as error:  # the worker died or the task could not run: this report failed
                yield TaskResult(task.key, False, error=f"{type(error).__name__}: {error}", worker="dask")

    def shutdown(self, cancel: bool = False) -> None:
        if self.client is None:
            return
        try:
            if cancel and self._futures:
                self.client.cancel(list(self._futures))
            from ._dask_worker import PLUGIN_NAME

            self.client.unregister_worker_plugin(PLUGIN_NAME)
        except Exception:  # the cluster is gone already; nothing left to stop
            pass
        finally:
            self.client.close()
            self.client = None


def check_scheduler(factory: object, scheduler: str | None) -> None:
    """An executor that runs on a cluster needs its address before anything starts."""
    if getattr(factory, "needs_scheduler", False) and not scheduler:
        raise MalrapportError(f"--executor {getattr(factory, 'name', '')} behöver adressen till ett Dask-kluster",
                              hint="ange --scheduler, t.ex. --scheduler tcp://127.0.0.1:8786")


ExecutorFactory = Callable[..., Executor]
EXECUTORS: dict[str, ExecutorFactory] = {"local": LocalExecutor, "dask": DaskExecutor}
"""The executors by the name `--executor` and run definitions use; the first is the default."""
DEFAULT_EXECUTOR = next(iter(EXECUTORS))


def get_executor(name: str) -> ExecutorFactory:
    """The executor called `name`; an unknown name is a MalrapportError listing the choices."""
    try:
        return EXECUTORS[name]
    except KeyError:
        raise MalrapportError(f"okänd exekverare '{name}'",
                              hint=did_you_mean(name, EXECUTORS) or f"välj en av: {', '.join(EXECUTORS)}") from None
