"""PDFs of a batch printed in the main process (engines `chromium` and `quarto`): one browser for all reports,
several tabs at a time. Typst PDFs (the default) are compiled by the workers themselves and need none of this.

Chromium starts in the background as soon as the batch knows it has work, so it is ready when the first HTML
arrives; a browser that dies is replaced for the next PDF. Quarto needs no browser.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import MalrapportError

TABS = 4


class PdfPrinter:
    """Prints HTML reports to PDF with one engine; `submit` runs a job on one of `tabs` printing threads."""

    def __init__(self, engine: str, tabs: int = TABS) -> None:
        self.engine = engine
        self.tabs = tabs
        self._pool = ThreadPoolExecutor(max_workers=tabs, thread_name_prefix="malrapport-pdf")
        self._browser: Any = None
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Check that the engine is installed, and start the browser in the background."""
        from ..render.pdf import get_engine, pdf_unavailable_message

        if not get_engine(self.engine).available():
            raise MalrapportError(pdf_unavailable_message(self.engine),
                                  hint="ta bort pdf ur formats i körningsfilen för att bara skriva HTML")
        if self.engine == "chromium":
            self._pool.submit(self._browser_for_print)  # a failure shows again, with its message, at the first PDF

    def _browser_for_print(self) -> Any:
        from ..render.browser import Browser

        with self._lock:
            if self._closed:
                raise MalrapportError("utskriften är avbruten")
            if self._browser is None or not self._browser.alive:
                if self._browser is not None:
                    self._browser.close()
                self._browser = Browser(max_pages=self.tabs)
            return self._browser

    def print(self, html: Path, pdf: Path, ipynb: Path | None) -> float:
        """Print one report; returns the seconds it took. Raises MalrapportError when it cannot."""
        from ..render.pdf import print_report_pdf

        started = time.perf_counter()
        browser = self._browser_for_print() if self.engine == "chromium" else None
        print_report_pdf(html, pdf, engine=self.engine, ipynb_path=ipynb, browser=browser)
        return time.perf_counter() - started

    def submit(self, work: Callable[..., Any], *args: Any) -> Future:
        return self._pool.submit(work, *args)

    def close(self, cancel: bool = False) -> None:
        """Stop printing (after the queued PDFs, or at once) and close the browser."""
        with self._lock:
            self._closed = cancel
        self._pool.shutdown(wait=not cancel, cancel_futures=cancel)
        with self._lock:
            self._closed = True
            if self._browser is not None:
                self._browser.close()
                self._browser = None
