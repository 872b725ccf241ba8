"""Parameters reach a batch report exactly as papermill injects them."""
from __future__ import annotations

from pathlib import Path

import nbformat
import papermill

from checkout import DATA, TEST_NOTEBOOKS
from malrapport.batch._runner import inject_parameters
from malrapport.inputs.project import notebook_path
from malrapport.render.job import ReportJob


def code_sources(nb: object) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.source, tuple(c.metadata.get("tags", []))) for c in nb.cells]  # type: ignore[attr-defined]


def test_injected_cell_equals_papermills_for_the_report_notebook() -> None:
    job = ReportJob("rn-ls1", "2022-T1", data_dir=str(DATA), report_date="2022-05-20")
    path = notebook_path(job.notebook)
    ours = inject_parameters(path, job.parameters())
    theirs = papermill.execute_notebook(str(path), None, parameters=job.parameters(), prepare_only=True,
                                        kernel_name="python3", progress_bar=False)
    assert code_sources(ours) == code_sources(theirs)
    assert ours.metadata["papermill"]["parameters"] == theirs.metadata["papermill"]["parameters"]
    assert ours.metadata["papermill"]["input_path"] == theirs.metadata["papermill"]["input_path"] == str(path)
    tags = [c.metadata.get("tags", []) for c in ours.cells]
    injected = tags.index(["injected-parameters"])
    assert "parameters" in tags[injected - 1]
    source = ours.cells[injected].source
    for line in ('region = "rn-ls1"', 'period = "2022-T1"', 'report_date = "2022-05-20"',
                 f'data_dir = "{DATA}"'):
        assert line in source


def test_injection_replaces_earlier_injections_and_error_markers_like_papermill(tmp_path: Path) -> None:
    first = inject_parameters(TEST_NOTEBOOKS / "fails_in_cell.ipynb", {"region": "rjh-rs"})
    marker = nbformat.v4.new_markdown_cell("An Exception was encountered")
    marker.metadata["tags"] = ["papermill-error-cell-tag"]
    first.cells.insert(0, marker)
    saved = tmp_path / "earlier.ipynb"
    saved.write_text(nbformat.writes(first), encoding="utf-8")
    again = inject_parameters(saved, {"region": "rn-ls1"})
    theirs = papermill.execute_notebook(str(saved), None, parameters={"region": "rn-ls1"}, prepare_only=True,
                                        kernel_name="python3", progress_bar=False)
    assert code_sources(again) == code_sources(theirs)
    assert sum("injected-parameters" in c.metadata.get("tags", []) for c in again.cells) == 1
    assert not any("papermill-error-cell-tag" in c.metadata.get("tags", []) for c in again.cells)
