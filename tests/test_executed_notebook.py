"""The executed notebook written beside a report is the same bytes on every rerun, and says where it was written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkout import DATA, TEST_NOTEBOOKS
from malrapport.batch._runner import ReportRunner
from malrapport.batch._tasks import RunnerSettings, Task
from malrapport.render.job import ReportJob

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
