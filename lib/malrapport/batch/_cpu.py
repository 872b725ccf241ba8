"""CPU seconds of a report's steps (for the manifest and the benchmark) and a kernel's memory (for recycling).

Wall times say how long a report took on a busy machine; CPU seconds say what it cost, whatever else ran. The
worker counts its own thread (`time.thread_time`), so that a kernel warming up in a background thread is not
counted, and the kernel's process as a whole (Vega's threads included).
"""
from __future__ import annotations

import time
from typing import Any


def _process(kernel: Any) -> Any:
    """The kernel's process (psutil), or None: no process yet, or a provisioner without one."""
    try:
        import psutil  # type: ignore[import-untyped]  # a dependency of ipykernel, without type stubs

        return psutil.Process(kernel.km.provisioner.process.pid)
    except Exception:  # no figure rather than a failed report
        return None


def kernel_cpu(kernel: Any) -> float:
    """CPU seconds the kernel process has used so far (user and system); 0.0 when it cannot be read."""
    try:
        times = _process(kernel).cpu_times()
    except Exception:  # no process, or it has ended
        return 0.0
    return float(times.user + times.system)


def thread_cpu() -> float:
    """CPU seconds of the calling thread so far."""
    return time.thread_time()


def kernel_memory_mb(kernel: Any) -> float | None:
    """The kernel process's resident memory in MB, or None when it cannot be read."""
    try:
        return float(_process(kernel).memory_info().rss) / 2**20
    except Exception:  # no process, or it has ended
        return None
