"""A kernel that dies or a cell that never ends fails its report within seconds; the batch goes on and ends."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from checkout import DATA, ROOT, TEST_NOTEBOOKS
from malrapport.batch._runner import ReportRunner
from malrapport.batch._tasks import RunnerSettings, Task
from malrapport.render.job import ReportJob

pytestmark = [pytest.mark.kernel, pytest.mark.slow]
HARD_TIMEOUT = 300  # seconds; the batch used to hang for ever on a dead kernel


@pytest.fixture(scope="module")
def faulty_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str], float]:
    """rjh-rs's three tertials with a notebook that ends its kernel in 2018-T2 and one that sleeps there."""
    project = tmp_path_factory.mktemp("project")
    run = project / "run.yaml"
    run.write_text(f"notebooks: ['{TEST_NOTEBOOKS / 'ends_kernel.ipynb'}', '{TEST_NOTEBOOKS / 'sleeps.ipynb'}']\n"
                   f"organisations: [rjh-rs]\nperiods: plan\nformats: [html]\ndata_dir: {DATA}\n"
                   f"output: {project / 'ut'}\ncell_timeout: 3\n", encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "malrapport", "batch", str(run), "--jobs", "1"], cwd=ROOT,
                          capture_output=True, text=True, timeout=HARD_TIMEOUT)
    return project / "ut", done, time.monotonic() - started


def test_the_batch_ends_and_writes_the_good_reports(faulty_batch: tuple[Path, subprocess.CompletedProcess[str],
                                                                        float]) -> None:
    out_dir, done, seconds = faulty_batch
    assert done.returncode == 1, done.stderr
    written = sorted(p.name.removesuffix(".manifest.json") for p in out_dir.rglob("*.manifest.json"))
    assert written == sorted(f"rjh-rs-2018-T{n}-{name}" for n in (1, 3) for name in ("ends_kernel", "sleeps"))
    assert "Skrivna rapporter            4" in done.stdout and "Misslyckade                  2" in done.stdout
    assert seconds < 150, "a dead kernel or a sleeping cell must cost seconds, not the default time limits"
    assert not list(out_dir.rglob("rjh-rs-2018-T2-*.html"))


def test_the_dead_kernel_is_reported_with_unit_period_and_reason(
        faulty_batch: tuple[Path, subprocess.CompletedProcess[str], float]) -> None:
    _, done, _ = faulty_batch
    line = next(line for line in done.stdout.splitlines() if line.startswith("  rjh-rs 2018-T2 (ends_kernel)"))
    # cells: heading, parameters, injected parameters, print, os._exit → the fifth
    assert "kärnan dog i cell 5" in line and "os._exit" in line and "kärnan ersattes" in line
    assert "Traceback" not in done.stderr and "Kernel died" not in done.stderr


def test_the_sleeping_cell_is_stopped_by_the_cell_timeout(
        faulty_batch: tuple[Path, subprocess.CompletedProcess[str], float]) -> None:
    _, done, _ = faulty_batch
    line = next(line for line in done.stdout.splitlines() if line.startswith("  rjh-rs 2018-T2 (sleeps)"))
    # cells: heading, parameters, injected parameters, sleep → the fourth
    assert "cell 4 kördes längre än tidsgränsen 3 s per cell (cell_timeout)" in line


def test_a_report_past_its_time_limit_is_stopped_and_the_next_runs(tmp_path: Path) -> None:
    runner = ReportRunner(RunnerSettings(kernels=1, cell_timeout=None, report_timeout=6))
    try:
        results = []
        for organisation, period in (("rjh-rs", "2018-T2"), ("rjh-rs", "2018-T3")):
            job = ReportJob(organisation, period, notebook=str(TEST_NOTEBOOKS / "sleeps.ipynb"), data_dir=str(DATA))
            started = time.monotonic()
            results.append((runner.run(Task(job, job.notebook, str(tmp_path))), time.monotonic() - started))
    finally:
        runner.close()
    (stopped, seconds), (following, _) = results
    assert not stopped.ok and seconds < 30
    assert stopped.error.startswith("rapporten kördes längre än tidsgränsen 6 s per rapport (report_timeout)")
    assert following.ok, following.error


def test_a_timeout_in_the_run_definition_must_be_seconds(tmp_path: Path) -> None:
    run = tmp_path / "run.yaml"
    run.write_text(f"organisations: [rn-ls1]\nperiods: plan\nformats: [html]\ndata_dir: {DATA}\n"
                   "cell_timeout: soon\nreport_timeout: -5\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "malrapport", "batch", str(run)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{run}, rad 5, cell_timeout: 'cell_timeout' ska vara ett antal sekunder större än 0, inte 'soon'" \
        in done.stderr
    assert "rad 6, report_timeout: 'report_timeout' ska vara ett antal sekunder större än 0, inte '-5'" in done.stderr
