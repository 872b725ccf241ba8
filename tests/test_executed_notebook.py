"""The executed notebook written beside a report is the same bytes on every rerun, and says where it was written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkout import DATA, TEST_NOTEBOOKS
from malrapport.batch._runner import ReportRunner
from malrapport.batch._tasks import RunnerSettings, Task
from malrapport.render.job import ReportJob, notebook_text

pytestmark = pytest.mark.kernel


def test_a_rerun_writes_the_same_notebook_bytes(tmp_path: Path) -> None:
    job = ReportJob("rn-ls1", "2022-T1", notebook=str(TEST_NOTEBOOKS / "shows_state.ipynb"), data_dir=str(DATA))
    runner = ReportRunner(RunnerSettings(kernels=1))
    try:
        written = []
        for _ in range(2):
            result = runner.run(Task(job, job.notebook, str(tmp_path)))
            assert result.ok, result.error
            written.append(Path(result.outputs["ipynb"]).read_bytes())
    finally:
        runner.close()
    assert written[0] == written[1]
    nb = json.loads(written[0])
    papermill = nb["metadata"]["papermill"]
    assert papermill["start_time"] is None and papermill["duration"] is None
    assert papermill["output_path"] == result.outputs["ipynb"]
    assert papermill["parameters"] == {"region": "rn-ls1", "period": "2022-T1", "data_dir": str(DATA)}
    assert all(cell["metadata"].get("papermill", {}).get("end_time") is None for cell in nb["cells"])


def test_the_written_notebook_reads_back_as_the_executed_one(tmp_path: Path) -> None:
    import nbformat

    job = ReportJob("rn-ls1", "2022-T1", notebook=str(TEST_NOTEBOOKS / "shows_state.ipynb"), data_dir=str(DATA))
    runner = ReportRunner(RunnerSettings(kernels=1))
    try:
        result = runner.run(Task(job, job.notebook, str(tmp_path)))
    finally:
        runner.close()
    assert result.ok, result.error
    text = Path(result.outputs["ipynb"]).read_text(encoding="utf-8")
    written = nbformat.reads(text, as_version=4)
    nbformat.validate(written)
    # It holds what nbformat's own writer keeps: the same notebook once read back, each cell on one line.
    by_nbformat = nbformat.reads(nbformat.writes(written), as_version=4)
    assert nbformat.reads(notebook_text(written), as_version=4) == by_nbformat
    assert text.count("\n") < len(written.cells) + 10
    assert any(cell.get("outputs") for cell in written.cells)
