"""Warm kernels: started once, heavy imports done at start, reset between reports, replaced after N runs.

A `WarmKernel` starts in a background thread (kernel process, client, the warm-up imports), so a worker can do
other work – importing nbconvert, exporting the previous report's HTML – while it gets ready. A `KernelPool`
hands out ready kernels one at a time and replaces a kernel after any error, when it has grown (its memory more than
`recycle_growth_mb` above what it held once warm: a notebook that leaks), or after `recycle_after` reports. A report
kernel levels off about 140 MB above its warm size (measured over 25 reports of the three demo plans), so a healthy
kernel is not restarted for nothing: each start costs some 5 CPU seconds.
"""
from __future__ import annotations

import queue
import signal
import subprocess
import threading
import time
from typing import Any

from ._cpu import kernel_memory_mb
from ._kernelside import CHECK_CODE, RESET_CODE, WARM_CODE
from ._tasks import RunnerSettings

POLL_SECONDS = 0.25
HISTORY_IN_MEMORY = "--HistoryManager.hist_file=:memory:"
"""As nbclient starts kernels: no SQLite history file shared (and locked) by parallel kernels."""


class KernelError(RuntimeError):
    """A kernel could not start, warm up or reset."""


class WarmKernel:
    """One ipykernel with its manager and client; becomes ready in the background (see `wait_ready`)."""

    def __init__(self, settings: RunnerSettings) -> None:
        self.settings = settings
        self.runs = 0
        self.warm_mb: float | None = None
        self.km: Any = None
        self.kc: Any = None
        self._error: BaseException | None = None
        self._cancelled = threading.Event()
        self._thread = threading.Thread(target=self._start, name="malrapport-kernel-start", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            from jupyter_client import KernelManager

            km = KernelManager(kernel_name=self.settings.kernel_name)
            km.start_kernel(cwd=self.settings.cwd, extra_arguments=[HISTORY_IN_MEMORY],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.km = km
            kc = km.client()
            kc.start_channels()
            kc.allow_stdin = False
            self.kc = kc
            kc.wait_for_ready(timeout=self.settings.startup_timeout)
            self.run_code(WARM_CODE, self.settings.startup_timeout)
            self.warm_mb = kernel_memory_mb(self)
        except BaseException as error:  # reported to whoever waits for this kernel
            self._error = error

    def wait_ready(self) -> None:
        """Block until the kernel is started and warm; raises KernelError when it could not start."""
        self._thread.join()
        if self._error is not None:
            raise KernelError(f"kärnan kunde inte startas: {type(self._error).__name__}: {self._error}")

    @property
    def grown(self) -> bool:
        """Whether the kernel holds more memory than `recycle_growth_mb` above what it held once warm."""
        now = kernel_memory_mb(self)
        return now is not None and self.warm_mb is not None and now - self.warm_mb > self.settings.recycle_growth_mb

    @property
    def alive(self) -> bool:
        return self.km is not None and self._error is None and bool(self.km.is_alive())

    def run_code(self, code: str, timeout: float = 60.0) -> None:
        """Run code silently (no history, no outputs kept); raises KernelError with the kernel's error.

        Polls in short steps, so that a kernel being shut down (or dying) ends the wait at once.
        """
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + timeout
        while True:
            if self._cancelled.is_set():
                raise KernelError("kärnan stängdes")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise KernelError(f"kärnan svarade inte inom {timeout:.0f} s")
            try:
                reply = self.kc.get_shell_msg(timeout=min(POLL_SECONDS, remaining))
            except queue.Empty:
                if not self.km.is_alive():
                    raise KernelError("kärnan avslutades oväntat") from None
                continue
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            content = reply.get("content", {})
            if content.get("status") != "ok":
                raise KernelError(f"kärnan kunde inte förberedas: {content.get('ename', '')}: "
                                  f"{content.get('evalue', '')}")
            return

    def kill(self) -> None:
        """End the kernel process at once (a report past its time limit); whoever waits on it sees it die."""
        km = self.km
        if km is not None:
            try:
                km.signal_kernel(signal.SIGKILL)
            except Exception:  # already gone
                pass

    def reset(self) -> None:
        """Clear variables and global state left by the previous report (see `kernelside.reset`)."""
        self.run_code(RESET_CODE)

    def clean(self) -> bool:
        """Whether the report just run left nothing `reset` cannot undo (e.g. a running thread)."""
        try:
            self.run_code(CHECK_CODE)
        except KernelError:
            return False
        return True

    def shutdown(self) -> None:
        """Stop the kernel process and close the client's channels; safe to call more than once.

        A kernel still warming up stops warming at once (see `run_code`).
        """
        self._cancelled.set()
        self._thread.join(timeout=self.settings.startup_timeout)
        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:  # already closed
                pass
            self.kc = None
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            except Exception:  # already gone
                pass
            self.km = None


class KernelPool:
    """Warm kernels of one worker; thread-safe, so several threads of a Dask worker may share it."""

    def __init__(self, settings: RunnerSettings, size: int | None = None) -> None:
        self.settings = settings
        self._idle: queue.Queue[WarmKernel] = queue.Queue()
        self._all: set[WarmKernel] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, size or settings.kernels)):
            self._add()

    def _add(self) -> None:
        kernel = WarmKernel(self.settings)
        with self._lock:
            self._all.add(kernel)
        self._idle.put(kernel)

    def acquire(self) -> WarmKernel:
        """A ready kernel for one report; a kernel that failed to start is replaced and KernelError raised."""
        kernel = self._idle.get()
        try:
            kernel.wait_ready()
        except KernelError:
            self._discard(kernel)
            raise
        return kernel

    def release(self, kernel: WarmKernel, healthy: bool) -> None:
        """Give a kernel back after a report; replace it after an error, once it has grown by more than
        `recycle_growth_mb`, or after `recycle_after` runs."""
        kernel.runs += 1
        if healthy and kernel.runs < self.settings.recycle_after and kernel.alive and not kernel.grown:
            self._idle.put(kernel)
        else:
            self._discard(kernel)

    def _discard(self, kernel: WarmKernel) -> None:
        """Start the replacement first, so that it warms up while the old kernel stops."""
        with self._lock:
            self._all.discard(kernel)
            closed = self._closed
        if not closed:
            self._add()
        kernel.shutdown()

    def stop_replacing(self) -> None:
        """From now on a kernel given back is stopped, not replaced (the worker is stopping)."""
        with self._lock:
            self._closed = True

    def close(self) -> None:
        """Shut every kernel down, also those in use."""
        with self._lock:
            self._closed = True
            kernels = list(self._all)
            self._all.clear()
        for kernel in kernels:
            kernel.shutdown()
