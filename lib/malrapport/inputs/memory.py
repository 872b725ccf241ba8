"""Giving memory back to the system while a large table is read a batch at a time.

Each batch leaves freed temporaries between the rows kept; the allocators (Arrow's and the C library's) keep such
holes for reuse instead of returning them, so a million-row file would cost twice its table. Handing them back
after each batch keeps the process near what it holds.
"""
from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable

import pyarrow as pa


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, which returns free pages inside the heap too; None on other C libraries."""
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim  # the C library the process runs on
    except (OSError, AttributeError):
        return None
    return trim


def give_back_memory() -> None:
    """Return memory freed by Arrow's pool and the C allocator to the system (a few milliseconds)."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
