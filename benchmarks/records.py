"""Timings of the record-level indicators on generated waiting lists: `python benchmarks/records.py [rows ...]`."""
from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from malrapport.inputs.records import count_events, generate_waiting_list, share_waited_within

UNITS = [f"klinik-{n:02d}" for n in range(1, 21)]


def timed(label: str, work: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = work()
    print(f"  {label:<28} {time.perf_counter() - start:7.2f} s")
    return result


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            print(f"{rows:,} rader".replace(",", " "))
            path = Path(folder) / f"vantelista-{rows}.parquet"
            timed("generera och skriva Parquet", partial(generate_waiting_list, rows, UNITS, ["2024"], 1, path))
            out = timed("andel inom 90 dagar", partial(share_waited_within, path, 90, "v90"))
            timed("antal per månad", partial(count_events, path, "antal"))
            print(f"  {len(out)} utfallsrader")  # type: ignore[arg-type]


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000_000, 10_000_000])
