"""A batch stopped half-way (Ctrl-C or killed) leaves only whole reports, and the next run does the rest."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from checkout import DATA, ROOT, TEST_NOTEBOOKS

pytestmark = [pytest.mark.kernel, pytest.mark.slow]
NOTEBOOK = TEST_NOTEBOOKS / "takes_a_while.ipynb"
TOTAL = 6
TOKEN_VARIABLE = "MALRAPPORT_TEST_BATCH_TOKEN"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for organisation in ("rjh-rs", "rn-ls1"):
        shutil.copytree(DATA / organisation, tmp_path / "data" / organisation)
    (tmp_path / "run.yaml").write_text(
        f"notebook: {NOTEBOOK}\norganisations: all\nperiods: plan\nformats: [html]\n"
        f"data_dir: {tmp_path / 'data'}\noutput: {tmp_path / 'ut'}\n", encoding="utf-8")
    return tmp_path


def ctrl_c_as_on_a_terminal() -> None:
    """Ctrl-C at its default in the batch process: a pytest started in the background (`&`, nohup) ignores SIGINT,
    its children inherit that, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(project: Path, token: str) -> subprocess.Popen:
    """`malrapport batch` in its own process group, as a terminal runs it; every descendant carries the token."""
    env = {**os.environ, TOKEN_VARIABLE: token}
    return subprocess.Popen([sys.executable, "-m", "malrapport", "batch", str(project / "run.yaml"), "--jobs", "1"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=ctrl_c_as_on_a_terminal)


def manifests(project: Path) -> list[Path]:
    return sorted((project / "ut").rglob("*.manifest.json"))


def wait_for_first_report(project: Path, process: subprocess.Popen, more_than: int = 0,
                          timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while len(manifests(project)) <= more_than:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no report was written in time"
        time.sleep(0.05)


def processes_with(token: str) -> list[int]:
    """Processes (workers, kernels) started by the batch, found by the token in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f"{TOKEN_VARIABLE}={token}".encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_until_gone(token: str, timeout: float = 30) -> list[int]:
    deadline = time.monotonic() + timeout
    while (left := processes_with(token)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def assert_whole(project: Path) -> None:
    """Every report with a manifest has all its outputs, every HTML is complete, no temporary file is left."""
    for path in manifests(project):
        manifest = json.loads(path.read_text(encoding="utf-8"))
        for entry in manifest["outputs"].values():
            assert (path.parent / entry["path"]).is_file()
    for html in (project / "ut").rglob("*.html"):
        assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert not [p for p in (project / "ut").rglob("*") if p.name.startswith(".") and p.is_file()
                and p.name != ".malrapport-batch.lock"]


def resume(project: Path, already: int) -> None:
    done = subprocess.run([sys.executable, "-m", "malrapport", "batch", str(project / "run.yaml"), "--jobs", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"Skrivna rapporter            {TOTAL - already}" in done.stdout
    assert f"Oförändrade (hoppades över)  {already}" in done.stdout
    assert len(manifests(project)) == TOTAL
    assert_whole(project)


def test_a_batch_stopped_by_ctrl_c_or_killed_leaves_whole_reports_and_resumes(project: Path) -> None:
    token = uuid.uuid4().hex
    process = start(project, token)
    wait_for_first_report(project, process)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "Avbrutet" in out
    assert wait_until_gone(token) == [], "workers and kernels must stop with the batch"
    after_ctrl_c = len(manifests(project))
    assert 1 <= after_ctrl_c < TOTAL
    assert_whole(project)

    token = uuid.uuid4().hex
    process = start(project, token)
    wait_for_first_report(project, process, more_than=after_ctrl_c)
    process.kill()
    process.communicate(timeout=60)
    assert wait_until_gone(token) == [], "orphaned workers and kernels must stop by themselves"
    after_kill = len(manifests(project))
    assert after_ctrl_c < after_kill < TOTAL
    assert_whole(project)

    resume(project, after_kill)
