"""Nothing one report sets reaches the next on a reused kernel, and data read once per kernel stays correct."""
from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import numpy as np
import papermill
import pytest

from checkout import DATA, TEST_NOTEBOOKS
from malrapport.batch._runner import ReportRunner
from malrapport.batch._tasks import RunnerSettings, Task
from malrapport.inputs.project import project_root
from malrapport.render.job import ReportJob

pytestmark = pytest.mark.kernel
PER_RUN = ("random", "numpy_random", "kernel_pid")


@pytest.fixture(scope="module")
def runner() -> Iterator[ReportRunner]:
    """A pool of ONE kernel, so that every report below runs in the same kernel process."""
    started = ReportRunner(RunnerSettings(kernels=1, recycle_after=100))
    yield started
    started.close()


def run(runner: ReportRunner, notebook: str, out: Path, organisation: str = "rn-ls1",
        data_dir: Path = DATA) -> dict:
    job = ReportJob(organisation, "2022-T1", notebook=str(TEST_NOTEBOOKS / notebook), data_dir=str(data_dir))
    result = runner.run(Task(job, job.notebook, str(out)))
    assert result.ok, result.error
    nb = nbformat.read(result.outputs["ipynb"], as_version=4)
    printed = [o["text"] for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stdout"]
    return json.loads(printed[-1]) if printed[-1].lstrip().startswith("{") else {"text": printed[-1]}


def fresh_kernel_state() -> dict:
    """The state a report sees in a kernel of its own, as with papermill (same parameters as `run`)."""
    job = ReportJob("rn-ls1", "2022-T1", notebook=str(TEST_NOTEBOOKS / "reads_global_state.ipynb"),
                    data_dir=str(DATA))
    nb = papermill.execute_notebook(job.notebook, None, parameters=job.parameters(), progress_bar=False,
                                    kernel_name="python3", cwd=str(project_root()))
    return json.loads(nb.cells[-1].outputs[0]["text"])


def seeded_values() -> tuple[float, float]:
    state, np_state = random.getstate(), np.random.get_state()
    random.seed(1234)
    np.random.seed(1234)
    values = (random.random(), float(np.random.random()))
    random.setstate(state)
    np.random.set_state(np_state)
    return values


@pytest.mark.slow
def test_global_state_set_by_one_report_does_not_reach_the_next(runner: ReportRunner, tmp_path: Path) -> None:
    fresh = fresh_kernel_state()
    before = run(runner, "reads_global_state.ipynb", tmp_path)
    changed = run(runner, "sets_global_state.ipynb", tmp_path)
    after = run(runner, "reads_global_state.ipynb", tmp_path)
    assert changed == {"text": "global state changed\n"}
    assert before["kernel_pid"] == after["kernel_pid"], "the same kernel must be reused"
    expected = {k: v for k, v in fresh.items() if k not in PER_RUN}
    assert {k: v for k, v in before.items() if k not in PER_RUN} == expected
    assert {k: v for k, v in after.items() if k not in PER_RUN} == expected
    assert expected["variable_defined"] is False and expected["cwd"] == str(project_root())
    # a kernel that imports malrapport has the project's Altair theme active (analysts' own charts, issue 13)
    assert expected["pandas_max_rows"] == 60 and expected["altair_theme"] == "malrapport"
    assert (after["random"], after["numpy_random"]) != seeded_values()


def test_data_is_read_once_per_kernel_and_again_when_a_file_changes(runner: ReportRunner, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA / "rn-ls1", data / "rn-ls1")
    first = run(runner, "reads_organisation.ipynb", tmp_path / "ut", data_dir=data)
    second = run(runner, "reads_organisation.ipynb", tmp_path / "ut", data_dir=data)
    assert second["cache"]["hits"] == first["cache"]["hits"] + 1
    assert second["summary"] == first["summary"] and first["outcome_rows"] > 0
    assessment = data / "rn-ls1" / "assessments" / "2022-T1.yaml"
    text = assessment.read_text(encoding="utf-8")
    assessment.write_text(text.replace("summary: |", "summary: |\n  Ändrad sammanfattning.", 1), encoding="utf-8")
    third = run(runner, "reads_organisation.ipynb", tmp_path / "ut", data_dir=data)
    assert third["summary"].startswith("Ändrad sammanfattning.")
    assert third["cache"]["misses"] == second["cache"]["misses"] + 1


def test_a_failing_report_recycles_its_kernel(runner: ReportRunner, tmp_path: Path) -> None:
    before = run(runner, "reads_global_state.ipynb", tmp_path)
    job = ReportJob("rjh-rs", "2018-T2", notebook=str(TEST_NOTEBOOKS / "fails_in_cell.ipynb"), data_dir=str(DATA))
    failed = runner.run(Task(job, job.notebook, str(tmp_path)))
    assert not failed.ok and failed.error == "ValueError: avsiktligt fel för rjh-rs 2018-T2"
    after = run(runner, "reads_global_state.ipynb", tmp_path)
    assert after["kernel_pid"] != before["kernel_pid"]


@pytest.mark.slow
def test_kernels_are_replaced_after_the_configured_number_of_reports(tmp_path: Path) -> None:
    recycling = ReportRunner(RunnerSettings(kernels=1, recycle_after=2))
    try:
        pids = [run(recycling, "reads_global_state.ipynb", tmp_path)["kernel_pid"] for _ in range(3)]
    finally:
        recycling.close()
    assert pids[0] == pids[1] != pids[2]


@pytest.mark.slow
def test_a_kernel_is_replaced_when_it_has_grown_not_on_a_short_count(tmp_path: Path) -> None:
    """The default keeps a healthy kernel for many reports (a report kernel levels off ~140 MB above its warm size);
    one whose memory has grown past `recycle_growth_mb` over its warm size is replaced after its report."""
    assert RunnerSettings().recycle_after >= 100 and RunnerSettings().recycle_growth_mb >= 512
    kept = ReportRunner(RunnerSettings(kernels=1))
    try:
        kept_pids = [run(kept, "reads_global_state.ipynb", tmp_path)["kernel_pid"] for _ in range(3)]
        warm = next(iter(kept.pool._all)).warm_mb
    finally:
        kept.close()
    assert len(set(kept_pids)) == 1
    assert warm is not None and 50 < warm < 2000, warm  # the kernel's resident memory once warm, in MB
    # Any growth at all counts as too much here, so every report ends with its kernel replaced.
    growing = ReportRunner(RunnerSettings(kernels=1, recycle_growth_mb=-1.0))
    try:
        pids = [run(growing, "reads_global_state.ipynb", tmp_path)["kernel_pid"] for _ in range(3)]
    finally:
        growing.close()
    assert len(set(pids)) == 3


def test_bad_data_fails_the_report_naming_the_file(runner: ReportRunner, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA / "rn-ls1", data / "rn-ls1")
    broken = data / "rn-ls1" / "assessments" / "2022-T2.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("status: delvis", "status: kanske", 1),
                      encoding="utf-8")
    job = ReportJob("rn-ls1", "2022-T1", notebook=str(TEST_NOTEBOOKS / "reads_organisation.ipynb"), data_dir=str(data))
    failed = runner.run(Task(job, job.notebook, str(tmp_path / "ut")))
    assert not failed.ok
    assert failed.error.startswith("MalrapportError: ") and "2022-T2.yaml" in failed.error and "kanske" in failed.error
    assert Path(failed.failed_notebook).name == "rn-ls1-2022-T1-reads_organisation.failed.ipynb"
