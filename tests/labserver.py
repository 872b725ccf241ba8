"""A real JupyterLab server on 127.0.0.1 for the end-to-end tests, driven through the project's Chromium driver.

The server runs on a copy of the checkout's notebooks in a git repository of its own (with the checkout's
.gitattributes and the nbstripout filter `make` sets up), so that tests can run, save and `git diff` notebooks
without touching the checkout. `expose_app_in_browser` gives the page `window.jupyterapp`, whose commands are
the ones Lab's menus run (Run All, Save, Close).
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from checkout import ROOT
from malrapport.render.browser import Page

LAB_SETTINGS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
LAB_CONFIG = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_lab_config.json"


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)


def make_project(root: Path) -> Path:
    """A git repository with the checkout's notebooks, analyses and git filter; data and .venv linked."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copy(ROOT / ".gitattributes", root / ".gitattributes")
    (root / ".gitignore").write_text((ROOT / ".gitignore").read_text() + "/.venv\n/data\n")
    (root / "data").symlink_to(ROOT / "data")
    (root / ".venv").symlink_to(Path(sys.prefix))
    git(root, "init", "-q")
    for key in ("filter.nbstripout.clean", "filter.nbstripout.smudge", "diff.ipynb.textconv"):
        value = subprocess.run(["git", "config", "--get", key], cwd=ROOT, capture_output=True, text=True).stdout
        assert value.strip(), f"git config {key} is not set in the checkout: run `make lab-setup`"
        git(root, "config", key, value.strip())
    git(root, "add", ".gitattributes", ".gitignore", "notebooks")
    git(root, "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-qm", "notebooks")
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LabServer:
    """`jupyter lab` with the project's installed configuration, on a free port of 127.0.0.1."""

    def __init__(self, root: Path, home: Path) -> None:
        self.root, self.port, self.token = root, free_port(), secrets.token_hex(16)
        env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
               "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
        self.log = (home / "lab.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--ServerApp.root_dir={root}",
             f"--ServerApp.port={self.port}", f"--IdentityProvider.token={self.token}",
             "--LabApp.expose_app_in_browser=True", *(["--allow-root"] if os.geteuid() == 0 else [])],
            cwd=root, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url('api/status')}", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"JupyterLab did not start: {(home / 'lab.log').read_text(errors='replace')[-2000:]}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


def wait_for(page: Page, expression: str, timeout: float = 120, what: str = "") -> Any:
    """Poll a JavaScript expression in the page until it is truthy; its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"JupyterLab: {what or expression} within {timeout:.0f} s")
        time.sleep(0.25)


APP = "window.jupyterapp"
CURRENT = f"{APP}.shell.currentWidget"


def command(page: Page, name: str, args: dict[str, Any] | None = None, timeout: float = 120) -> Any:
    """Run one of Lab's commands (what its menus and shortcuts run) and wait for it to finish."""
    return page.evaluate(f"{APP}.commands.execute({json.dumps(name)}, {json.dumps(args or {})}).then(() => true)",
                         await_promise=True, timeout=timeout)


def open_notebook(page: Page, server: LabServer, path: str) -> None:
    """Open Lab, then the notebook at `path` (relative to the root), and wait until its kernel is idle."""
    page.navigate(server.url("lab"), timeout=60)
    wait_for(page, f"{APP} && {APP}.restored && {APP}.commands.hasCommand('docmanager:open')", 90, "Lab started")
    page.evaluate(f"{APP}.restored.then(() => true)", await_promise=True, timeout=60)
    command(page, "docmanager:open", {"path": path})
    wait_for(page, f"{CURRENT} && {CURRENT}.context && {CURRENT}.context.path === {json.dumps(path)} "
                   f"&& {CURRENT}.sessionContext.session && {CURRENT}.sessionContext.session.kernel "
                   f"&& {CURRENT}.sessionContext.session.kernel.status === 'idle'", 120, f"{path} open, kernel idle")


def run_all(page: Page, timeout: float = 180) -> None:
    """Run All, then wait until every code cell has run and the kernel is idle again."""
    command(page, "notebook:run-all-cells")
    wait_for(page, f"""(() => {{ const nb = {CURRENT}.content;
        const code = nb.widgets.filter(c => c.model.type === 'code');
        return {CURRENT}.sessionContext.session.kernel.status === 'idle'
            && code.every(c => c.model.executionCount !== null && !c.hasClass('jp-mod-executing')
                                && c.promptNode && !c.promptNode.textContent.includes('*')); }})()""",
             timeout, "Run All finished")
