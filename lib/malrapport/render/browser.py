"""One headless Chromium driven over the DevTools protocol on a pipe, for printing many report pages to PDF.

Chromium is started with `--remote-debugging-pipe`: it reads commands from file descriptor 3 and writes
replies and events to descriptor 4, one JSON message per NUL byte. Only the standard library is needed.
Each page is printed in its own tab; several threads may print through one browser at the same time.
"""
from __future__ import annotations

import base64
import fcntl
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MalrapportError
from ..inputs.files import atomic_write_bytes

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge",
              "microsoft-edge-stable")
ENV_EXECUTABLE = "MALRAPPORT_CHROMIUM"

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows", "--remote-debugging-pipe",
)
OFFLINE_FLAGS = ("--host-resolver-rules=MAP * ~NOTFOUND",)
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")

READY_SCRIPT = """new Promise(function (resolve) {
  function check() {
    if (document.readyState === 'complete' && window.__malrapportReady !== false) { resolve(true); }
    else { setTimeout(check, 20); }
  }
  check();
})"""

PDF_OPTIONS: dict[str, Any] = {
    "printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False,
    "generateTaggedPDF": True, "generateDocumentOutline": True,
}


def find_chromium() -> str | None:
    """Path of Chromium, Chrome or Edge: $MALRAPPORT_CHROMIUM first, then the usual names on PATH."""
    configured = os.environ.get(ENV_EXECUTABLE, "").strip()
    if configured:
        return shutil.which(configured) or (configured if os.access(configured, os.X_OK) else None)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_missing_message() -> str:
    """What to do when no Chromium-type browser is found (Swedish, for analysts)."""
    return ("PDF med motorn chromium kräver Chromium, Google Chrome eller Microsoft Edge. "
            "Installera Chromium: sudo apt-get install chromium, eller ange webbläsarens sökväg i "
            f"miljövariabeln {ENV_EXECUTABLE}. HTML-rapporten skrivs ändå och kan skrivas ut från en webbläsare.")


@dataclass(frozen=True)
class ConsoleMessage:
    """A console message or uncaught exception of a page."""

    level: str
    text: str


class _Reply:
    """A reply slot filled by the reader thread."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.message: dict[str, Any] = {}


class _Connection:
    """DevTools messages over two pipes: writes are serialised, a reader thread dispatches replies and events."""

    def __init__(self, write_fd: int, read_fd: int) -> None:
        self._write_fd, self._read_fd = write_fd, read_fd
        self._write_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._replies: dict[int, _Reply] = {}
        self._listeners: dict[str, Callable[[dict[str, Any]], None]] = {}
        self._lock = threading.Lock()
        self.closed = threading.Event()
        self._reader = threading.Thread(target=self._read_loop, name="malrapport-devtools", daemon=True)
        self._reader.start()

    def listen(self, session_id: str, callback: Callable[[dict[str, Any]], None]) -> None:
        with self._lock:
            self._listeners[session_id] = callback

    def forget(self, session_id: str) -> None:
        with self._lock:
            self._listeners.pop(session_id, None)

    def send(self, method: str, params: dict[str, Any] | None = None, *, session_id: str | None = None,
             timeout: float = 30.0) -> dict[str, Any]:
        """Send one command and wait for its result; protocol errors raise RuntimeError."""
        if self.closed.is_set():
            raise RuntimeError("webbläsaren har avslutats")
        message_id = next(self._ids)
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session_id:
            message["sessionId"] = session_id
        reply = _Reply()
        with self._lock:
            self._replies[message_id] = reply
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            with self._write_lock:
                view = memoryview(data)
                while view:
                    view = view[os.write(self._write_fd, view):]
        except OSError as error:
            with self._lock:
                self._replies.pop(message_id, None)
            raise RuntimeError(f"webbläsaren har avslutats ({error.strerror})") from None
        try:
            if not reply.event.wait(timeout):
                raise TimeoutError(f"webbläsaren svarade inte på {method} inom {timeout:.0f} s")
        finally:
            with self._lock:
                self._replies.pop(message_id, None)
        if "error" in reply.message:
            raise RuntimeError(f"{method}: {reply.message['error'].get('message', reply.message['error'])}")
        return reply.message.get("result", {})

    def _read_loop(self) -> None:
        buffer = b""
        try:
            while True:
                chunk = os.read(self._read_fd, 1 << 16)
                if not chunk:
                    break
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for raw in messages:
                    if raw:
                        self._dispatch(json.loads(raw))
        except OSError:
            pass
        finally:
            self.closed.set()
            with self._lock:
                pending = list(self._replies.values())
            for reply in pending:
                reply.message = {"error": {"message": "webbläsaren har avslutats"}}
                reply.event.set()

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message:
            with self._lock:
                reply = self._replies.get(message["id"])
            if reply is not None:
                reply.message = message
                reply.event.set()
            return
        with self._lock:
            callback = self._listeners.get(message.get("sessionId", ""))
        if callback is not None:
            callback(message)

    def close(self) -> None:
        """Close the command pipe, let the reader see the end of the event pipe, then close that too."""
        try:
            os.close(self._write_fd)
        except OSError:
            pass
        self._reader.join(timeout=5)
        try:
            os.close(self._read_fd)
        except OSError:
            pass


class Page:
    """One browser tab: navigate, wait until the report is drawn, evaluate JavaScript, print to PDF.

    Records console errors, uncaught exceptions and every requested URL. Methods hold a per-page lock,
    so a page may be shared between threads; tabs of one browser work in parallel.
    """

    def __init__(self, connection: _Connection, target_id: str, session_id: str) -> None:
        self._connection = connection
        self.target_id = target_id
        self.session_id = session_id
        self._lock = threading.RLock()
        self._loaded = threading.Event()
        self.console: list[ConsoleMessage] = []
        self.requests: list[str] = []
        self.closed = False
        connection.listen(session_id, self._on_event)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")

    def _on_event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method", ""), message.get("params", {})
        if method == "Page.loadEventFired":
            self._loaded.set()
        elif method == "Network.requestWillBeSent":
            self.requests.append(params.get("request", {}).get("url", ""))
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append(ConsoleMessage(params.get("type", "log"), text))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text", "")
            self.console.append(ConsoleMessage("error", text))
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            self.console.append(ConsoleMessage(entry.get("level", "info"), entry.get("text", "")))

    @property
    def errors(self) -> list[ConsoleMessage]:
        """Console errors, failed asserts and uncaught exceptions seen so far."""
        return [m for m in self.console if m.level in ("error", "assert")]

    @property
    def remote_requests(self) -> list[str]:
        """Requested URLs that are not local (file:, data:, about:, blob:)."""
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 30.0) -> dict[str, Any]:
        """Send a DevTools command to this tab."""
        with self._lock:
            return self._connection.send(method, params, session_id=self.session_id, timeout=timeout)

    def navigate(self, url: str, timeout: float = 30.0) -> None:
        """Open `url` and wait for its load event."""
        with self._lock:
            self._loaded.clear()
            result = self.send("Page.navigate", {"url": url}, timeout=timeout)
            if result.get("errorText"):
                raise RuntimeError(f"{url}: {result['errorText']}")
            if not self._loaded.wait(timeout):
                raise TimeoutError(f"{url} laddades inte klart inom {timeout:.0f} s")

    def evaluate(self, expression: str, *, await_promise: bool = False, timeout: float = 30.0) -> Any:
        """Value of a JavaScript expression in the page (awaited when it is a promise and await_promise)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": await_promise}, timeout=timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise RuntimeError(details.get("exception", {}).get("description") or details.get("text", ""))
        return result.get("result", {}).get("value")

    def wait_until_ready(self, timeout: float = 60.0) -> None:
        """Wait for the document, its fonts and charts: `window.__malrapportReady` (set by report pages)."""
        self.evaluate(READY_SCRIPT, await_promise=True, timeout=timeout)

    def pdf(self, timeout: float = 120.0, **options: Any) -> bytes:
        """The page printed to PDF with the page size and margins of its CSS (`@page`)."""
        result = self.send("Page.printToPDF", {**PDF_OPTIONS, **options}, timeout=timeout)
        return base64.b64decode(result["data"])

    def close(self) -> None:
        """Close the tab."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
            self._connection.forget(self.session_id)
            if not self._connection.closed.is_set():
                try:
                    self._connection.send("Target.closeTarget", {"targetId": self.target_id}, timeout=10)
                except (RuntimeError, TimeoutError, OSError):
                    pass

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Puts the pipe ends on descriptors 3 and 4, where --remote-debugging-pipe expects them, then becomes Chromium.
_TRAMPOLINE = ("import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
               "os.execv(sys.argv[3], sys.argv[3:])")


def _high_fd(fd: int) -> int:
    """A copy of `fd` numbered 10 or above, so that mapping it to 3 or 4 in the child cannot clash."""
    copy = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return copy


def _stop(process: subprocess.Popen, profile: tempfile.TemporaryDirectory) -> None:
    """Make sure the browser process is gone and its profile removed (also when a Browser is not closed)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    profile.cleanup()


class Browser:
    """One headless Chromium for many pages; a context manager. `offline` blocks every host name lookup."""

    def __init__(self, executable: str | None = None, *, offline: bool = True, max_pages: int = 4,
                 start_timeout: float = 30.0) -> None:
        found = executable or find_chromium()
        if not found:
            raise MalrapportError(chromium_missing_message())
        self.executable = found
        self._pages = threading.BoundedSemaphore(max(1, max_pages))
        self._idle: dict[bool, list[Page]] = {True: [], False: []}
        self._idle_lock = threading.Lock()
        self._profile = tempfile.TemporaryDirectory(prefix="malrapport-chromium-", ignore_cleanup_errors=True)
        self._log_path = Path(self._profile.name) / "chromium.log"
        command_read, command_write = os.pipe()
        event_read, event_write = os.pipe()
        child_in, child_out = _high_fd(command_read), _high_fd(event_write)
        args = [*FLAGS, *(OFFLINE_FLAGS if offline else ()), f"--user-data-dir={Path(self._profile.name) / 'profile'}",
                "about:blank"]
        with open(self._log_path, "wb") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-c", _TRAMPOLINE, str(child_in), str(child_out), found, *args],
                pass_fds=(child_in, child_out), stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        os.close(child_in)
        os.close(child_out)
        self._finalizer = weakref.finalize(self, _stop, self._process, self._profile)
        self._connection = _Connection(command_write, event_read)
        try:
            self.version = self._connection.send("Browser.getVersion", timeout=start_timeout).get("product", "")
        except (RuntimeError, TimeoutError) as error:
            tail = self._log_tail()
            self.close()
            raise MalrapportError(f"webbläsaren {found} kunde inte startas ({error})",
                                  hint=f"kontrollera installationen; loggen: {tail}") from None

    def _log_tail(self) -> str:
        try:
            return " ".join(self._log_path.read_text(errors="replace").splitlines()[-5:]) or "tom"
        except OSError:
            return "saknas"

    @property
    def alive(self) -> bool:
        return self._process.poll() is None and not self._connection.closed.is_set()

    def new_page(self) -> Page:
        """A new tab (close it, or use it as a context manager)."""
        target = self._connection.send("Target.createTarget", {"url": "about:blank"})
        session = self._connection.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
        return Page(self._connection, target["targetId"], session["sessionId"])

    def print_pdf(self, html_path: str | Path, pdf_path: str | Path, *, timeout: float = 120.0,
                  static: bool = True) -> Path:
        """Print a local HTML file to an A4 PDF (written atomically); safe to call from several threads.

        With `static` the page is printed with JavaScript off: charts print as their static SVG (vl-convert's
        drawing of the same spec) instead of being drawn again by Vega, which is most of a PDF's time.
        """
        source, target = Path(html_path).resolve(), Path(pdf_path)
        if not source.is_file():
            raise MalrapportError("HTML-filen som skulle skrivas ut finns inte", file=source,
                                  hint="exportera rapporten till HTML först")
        with self._pages:
            page = self._print_page(static)
            try:
                page.navigate(source.as_uri(), timeout=timeout)
                page.wait_until_ready(timeout=timeout)
                data = page.pdf(timeout=timeout)
            except (RuntimeError, TimeoutError) as error:
                page.close()
                raise MalrapportError(f"utskriften till PDF misslyckades: {error}", file=source,
                                      hint="öppna HTML-filen i en webbläsare för att se felet, eller prova "
                                           "--pdf-engine quarto") from None
            except BaseException:  # e.g. Ctrl-C: the tab is in an unknown state, so it is not used again
                page.close()
                raise
            page.console.clear()
            page.requests.clear()
            with self._idle_lock:
                self._idle[static].append(page)
        return atomic_write_bytes(target, data)

    def _print_page(self, static: bool) -> Page:
        """An idle tab for printing, or a new one: opening a tab costs about a tenth of a second per PDF."""
        with self._idle_lock:
            if self._idle[static]:
                return self._idle[static].pop()
        page = self.new_page()
        if static:
            page.send("Emulation.setScriptExecutionDisabled", {"value": True})
        return page

    def close(self) -> None:
        """Close the browser and remove its temporary profile."""
        with self._idle_lock:
            idle = self._idle[True] + self._idle[False]
            self._idle = {True: [], False: []}
        for page in idle:
            page.close()
        if self._finalizer.alive and self.alive:
            try:
                self._connection.send("Browser.close", timeout=5)
                self._process.wait(timeout=5)
            except (RuntimeError, TimeoutError, OSError, subprocess.TimeoutExpired):
                pass
        self._finalizer()
        self._connection.close()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def print_pdf(html_path: str | Path, pdf_path: str | Path, browser: Browser | None = None) -> Path:
    """Print one HTML file to PDF, starting (and closing) a browser when none is given."""
    if browser is not None:
        return browser.print_pdf(html_path, pdf_path)
    with Browser() as own:
        return own.print_pdf(html_path, pdf_path)
