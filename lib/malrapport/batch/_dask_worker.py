"""The Dask side of a batch: a worker plugin that keeps warm kernels per worker, and the task it runs.

Loaded only by `--executor dask` (it imports distributed). The plugin starts one warm kernel per worker thread
as soon as it is registered, so kernels warm up while the client is still submitting; unregistering it at
the end of the batch shuts them down. The data directory and the output folder must be reachable under the
same paths on every worker (one machine, or a shared file system).
"""
from __future__ import annotations

from typing import Any, cast

from distributed import WorkerPlugin, get_worker

from ._runner import ReportRunner
from ._tasks import RunnerSettings, Task, TaskResult

PLUGIN_NAME = "malrapport-kernels"


class KernelPoolPlugin(WorkerPlugin):
    """One `ReportRunner` (warm kernels) per Dask worker, kept between tasks of a batch."""

    name = PLUGIN_NAME

    def __init__(self, settings: RunnerSettings) -> None:
        self.settings = settings
        self.runner: ReportRunner | None = None

    def setup(self, worker: Any) -> None:
        threads = getattr(getattr(worker, "state", None), "nthreads", 0) or getattr(worker, "nthreads", 1)
        self.runner = ReportRunner(self.settings, name=str(worker.address), kernels=int(threads))

    def teardown(self, worker: Any) -> None:
        if self.runner is not None:
            self.runner.close()
            self.runner = None


def run_on_worker(task: Task) -> TaskResult:
    """Run one report on this worker's warm kernels (set up by the plugin, or now if it is missing)."""
    worker = get_worker()
    plugin = cast("KernelPoolPlugin | None", worker.plugins.get(PLUGIN_NAME))  # the plugin of that name is ours
    if plugin is None:
        plugin = KernelPoolPlugin(RunnerSettings())
        plugin.setup(worker)
        worker.plugins[PLUGIN_NAME] = plugin
    assert plugin.runner is not None
    return plugin.runner.run(task)
