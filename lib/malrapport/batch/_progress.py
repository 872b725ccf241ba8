"""What operators see while a batch runs (stderr) and when it ends (stdout): progress and a summary table.

On a terminal the progress is one line redrawn in place – a bar, counts and the reports running now – with
failures printed above it as they happen; elsewhere (logs, CI) it is one line per finished report.
"""
from __future__ import annotations

import shutil
import statistics
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TextIO

from ..errors import MESSAGE_LIMIT, shorten, visible

BAR_WIDTH = 24
STATUS_WORDS = {"rendered": "klar", "skipped": "oförändrad", "failed": "FEL", "interrupted": "avbruten"}


def seconds_text(seconds: float) -> str:
    """'4,2 s' with a Swedish decimal comma."""
    return f"{seconds:.1f}".replace(".", ",") + " s"


@dataclass(frozen=True)
class Finished:
    """One report's end as the summary lists it."""

    label: str
    status: str
    seconds: float = 0.0
    error: str = ""
    notebook: str = ""
    timings: Mapping[str, float] | None = None


class Progress:
    """Thread-safe progress output for `total` reports."""

    def __init__(self, total: int, stream: TextIO, tty: bool | None = None) -> None:
        self.total = total
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.counts = {status: 0 for status in STATUS_WORDS}
        self.running: dict[str, None] = {}
        self.note = ""
        self._lock = threading.Lock()

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def skipped(self, labels: list[str]) -> None:
        """Reports whose inputs are unchanged: counted, and mentioned in one line."""
        with self._lock:
            self.counts["skipped"] += len(labels)
            if labels and not self.tty:
                self.stream.write(f"[{self.done}/{self.total}] {len(labels)} oförändrade rapporter hoppas över\n")
            self._draw()

    def starting(self, note: str) -> None:
        """Said once before the first kernel is warm, so that the wait has an explanation."""
        with self._lock:
            self.note = note
            if not self.tty:
                self.stream.write(f"[{self.done}/{self.total}] {self.note}\n")
            self._draw()
            self.stream.flush()

    def note_problem(self, text: str) -> None:
        """A problem of the whole batch that does not stop it (e.g. no PDF engine), on a line of its own."""
        with self._lock:
            prefix = "\r\x1b[K" if self.tty else ""
            self.stream.write(prefix + visible(text) + "\n")
            self._draw()
            self.stream.flush()

    def started(self, label: str) -> None:
        with self._lock:
            self.running[label] = None
            self._draw()

    def finished(self, item: Finished) -> None:
        with self._lock:
            self.running.pop(item.label, None)
            self.counts[item.status] = self.counts.get(item.status, 0) + 1
            line = self._line(item)
            if self.tty:
                if item.status == "failed":
                    self.stream.write("\r\x1b[K" + line + "\n")
                self._draw()
            else:
                self.stream.write(line + "\n")
            self.stream.flush()

    def _line(self, item: Finished) -> str:
        word = STATUS_WORDS.get(item.status, item.status)
        text = f"[{self.done}/{self.total}] {word:<10} {visible(item.label)}"
        if item.seconds:
            text += f"  {seconds_text(item.seconds)}"
        if item.error:
            text += f" – {visible(shorten(item.error, MESSAGE_LIMIT))}"
        if item.notebook:
            text += f" (körd anteckningsbok: {item.notebook})"
        return text

    def _draw(self) -> None:
        if not self.tty:
            return
        filled = int(BAR_WIDTH * self.done / self.total) if self.total else BAR_WIDTH
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        text = (f"[{bar}] {self.done}/{self.total}  klara {self.counts['rendered']}  oförändrade "
                f"{self.counts['skipped']}  fel {self.counts['failed']}")
        if self.running:
            text += "  kör: " + visible(", ".join(self.running))
        elif self.note and self.done < self.total:
            text += f"  {self.note}"
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self.stream.write("\r\x1b[K" + text[:width])
        self.stream.flush()

    def close(self) -> None:
        with self._lock:
            if self.tty:
                self.stream.write("\n")
                self.stream.flush()


def median_timings(items: Iterable[Finished]) -> dict[str, float]:
    """Median seconds per step (execute, html, pdf) over the rendered reports."""
    steps: dict[str, list[float]] = {}
    for item in items:
        for step, seconds in (item.timings or {}).items():
            steps.setdefault(step, []).append(seconds)
    return {step: statistics.median(values) for step, values in steps.items() if values}


STEP_LABELS = {"execute": "körning", "html": "HTML", "pdf": "PDF"}


def summary_table(items: list[Finished], total_seconds: float, interrupted: bool = False) -> str:
    """The table printed at the end: rendered, skipped, failed, interrupted, total time, median per step."""
    counts = {status: sum(1 for i in items if i.status == status) for status in STATUS_WORDS}
    rows = [("Skrivna rapporter", str(counts["rendered"])),
            ("Oförändrade (hoppades över)", str(counts["skipped"])),
            ("Misslyckade", str(counts["failed"]))]
    if interrupted or counts["interrupted"]:
        rows.append(("Avbrutna", str(counts["interrupted"])))
    rows.append(("Total tid", seconds_text(total_seconds)))
    medians = median_timings(i for i in items if i.status == "rendered")
    steps = [f"{label} {seconds_text(medians[step])}" for step, label in STEP_LABELS.items() if step in medians]
    if steps:
        rows.append(("Tid per rapport (median)", " · ".join(steps)))
    width = max(len(label) for label, _ in rows)
    lines = ["Avbrutet – inga nya rapporter startades." if interrupted else "Sammanfattning"]
    lines += [f"  {label:<{width}}  {value}" for label, value in rows]
    failed = [i for i in items if i.status == "failed"]
    if failed:
        lines.append("Misslyckade rapporter:")
        for item in failed:
            lines.append(f"  {visible(item.label)}: {visible(shorten(item.error, MESSAGE_LIMIT))}")
            if item.notebook:
                lines.append(f"    körd anteckningsbok med felet markerat: {item.notebook}")
    return "\n".join(lines) + "\n"
