"""A failing report never stops the others; it is reported with its unit, period, error and marked notebook."""
from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import nbformat
import pytest

from checkout import DATA, TEST_NOTEBOOKS
from malrapport import cli

pytestmark = [pytest.mark.kernel, pytest.mark.slow]
ERROR_TAG = "papermill-error-cell-tag"


@pytest.fixture(scope="module")
def failed_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str, str]:
    """Six reports of a notebook that raises in a cell for rjh-rs 2018-T2 only."""
    project = tmp_path_factory.mktemp("project")
    for organisation in ("rjh-rs", "rn-ls1"):
        shutil.copytree(DATA / organisation, project / "data" / organisation)
    run = project / "run.yaml"
    run.write_text(f"notebook: {TEST_NOTEBOOKS / 'fails_in_cell.ipynb'}\n"
                   f"organisations: all\nperiods: plan\nformats: [html]\ndata_dir: {project / 'data'}\n"
                   f"output: {project / 'ut'}\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["batch", str(run), "--jobs", "2"])
    return project / "ut", code, out.getvalue(), err.getvalue()


def test_exit_code_is_one_and_the_good_reports_are_written(failed_batch: tuple[Path, int, str, str]) -> None:
    out_dir, code, out, _ = failed_batch
    assert code == 1
    written = sorted(p.name.removesuffix(".manifest.json") for p in out_dir.rglob("*.manifest.json"))
    assert written == sorted([f"rjh-rs-2018-T{n}-fails_in_cell" for n in (1, 3)]
                             + [f"rn-ls1-2022-T{n}-fails_in_cell" for n in (1, 2, 3)])
    for name in written:
        html = next(out_dir.rglob(f"{name}.html")).read_text(encoding="utf-8")
        assert html.rstrip().endswith("</html>")
    assert "Skrivna rapporter            5" in out and "Misslyckade                  1" in out


def test_the_exception_is_reported_with_unit_period_error_and_marked_notebook(
        failed_batch: tuple[Path, int, str, str]) -> None:
    out_dir, _, out, err = failed_batch
    saved = out_dir / "rjh-rs" / "2018-T2" / "rjh-rs-2018-T2-fails_in_cell.failed.ipynb"
    expected = "rjh-rs 2018-T2 (fails_in_cell): ValueError: avsiktligt fel för rjh-rs 2018-T2"
    assert expected in out and str(saved) in out
    assert "FEL" in err and "ValueError: avsiktligt fel för rjh-rs 2018-T2" in err
    nb = nbformat.read(saved, as_version=4)
    markers = [i for i, c in enumerate(nb.cells) if ERROR_TAG in c.metadata.get("tags", [])]
    assert len(markers) == 2 and markers[0] == 0
    assert "An Exception was encountered" in nb.cells[0].source
    failing = nb.cells[markers[1] + 1]
    assert "raise ValueError" in failing.source
    assert failing.outputs[-1]["output_type"] == "error" and failing.outputs[-1]["ename"] == "ValueError"
    assert not (out_dir / "rjh-rs" / "2018-T2" / "rjh-rs-2018-T2-fails_in_cell.html").exists()
