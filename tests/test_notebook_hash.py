"""A notebook counts for the batch by what changes its report: cell sources, types and tags, never outputs,
execution counts or the kernel metadata that JupyterLab writes. The organisation's own analyses count so too."""
from __future__ import annotations

import copy
import io
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from checkout import DATA, ROOT
from malrapport.batch._hashing import Hasher
from malrapport.batch.engine import run_batch
from malrapport.batch.rundef import load_run_definition

REPORT_NOTEBOOK = ROOT / "notebooks" / "malrapport.ipynb"


def write(path: Path, nb: dict) -> Path:
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def digest(tmp_path: Path, nb: dict) -> str:
    return Hasher().notebook(write(tmp_path / f"nb-{len(list(tmp_path.iterdir()))}.ipynb", nb))


def as_lab_saves_after_running(nb: dict) -> dict:
    """What JupyterLab writes after Run All: outputs, counts, timing metadata, expanded kernel metadata."""
    ran = copy.deepcopy(nb)
    for count, cell in enumerate(c for c in ran["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = count + 1
        cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                            "data": {"text/html": "<p>utfall</p>", "text/plain": "utfall"}}]
        cell["metadata"]["execution"] = {"iopub.execute_input": "2026-01-01T10:00:00Z"}
        cell["id"] = f"ny-{count}"
    ran["metadata"]["language_info"] = {"name": "python", "version": "3.11.2", "mimetype": "text/x-python",
                                        "codemirror_mode": {"name": "ipython", "version": 3}}
    ran["metadata"]["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return ran


def test_running_and_saving_leaves_the_hash_and_editing_changes_it(tmp_path: Path) -> None:
    nb = json.loads(REPORT_NOTEBOOK.read_text(encoding="utf-8"))
    committed = digest(tmp_path, nb)
    assert digest(tmp_path, as_lab_saves_after_running(nb)) == committed

    edited = copy.deepcopy(nb)
    edited["cells"][2]["source"] = ["mr.sections.show_title(report, '2022-05-20')"]
    tagged = copy.deepcopy(nb)
    tagged["cells"][2]["metadata"]["tags"] = ["remove-cell"]
    added = copy.deepcopy(nb)
    added["cells"].insert(3, {"cell_type": "markdown", "id": "x", "metadata": {}, "source": ["Ny text."]})
    parameters = copy.deepcopy(nb)
    parameters["cells"][0]["source"] = [line.replace('"2022-T1"', '"2022-T2"') for line in nb["cells"][0]["source"]]
    hashes = {committed, digest(tmp_path, edited), digest(tmp_path, tagged), digest(tmp_path, added),
              digest(tmp_path, parameters)}
    assert len(hashes) == 5, "a changed source, tag, cell or parameter default changes the hash"


def test_a_file_that_is_no_notebook_is_hashed_whole(tmp_path: Path) -> None:
    broken = tmp_path / "trasig.ipynb"
    broken.write_text("{inte json", encoding="utf-8")
    assert Hasher().notebook(broken) == Hasher().file(broken)


def test_analyses_of_the_organisation_are_inputs_by_their_sources(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA / "rn-ls1", data / "rn-ls1")
    (data / "rn-ls1" / "analyser").mkdir(exist_ok=True)
    analysis = {"cells": [{"cell_type": "code", "execution_count": None, "id": "a", "outputs": [],
                           "metadata": {"tags": ["parameters"]}, "source": ['section = "MED-1-1"']}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = write(data / "rn-ls1" / "analyser" / "extra.ipynb", analysis)

    def inputs() -> dict[str, str]:
        return dict(Hasher().inputs(REPORT_NOTEBOOK, {"region": "rn-ls1", "period": "2022-T1"}, {}, data, []).files)

    first = inputs()
    assert "analysis:rn-ls1/analyser/extra.ipynb" in first
    write(path, as_lab_saves_after_running(analysis))
    assert inputs() == first
    analysis["cells"][0]["source"] = ['section = "MED-1"']
    write(path, analysis)
    assert inputs()["analysis:rn-ls1/analyser/extra.ipynb"] != first["analysis:rn-ls1/analyser/extra.ipynb"]


@pytest.mark.kernel
@pytest.mark.slow
def test_the_batch_skips_a_report_whose_notebook_was_only_run_and_saved(tmp_path: Path) -> None:
    """The real report notebook, run by a kernel and saved with its outputs, as JupyterLab leaves it."""
    notebook = shutil.copy(REPORT_NOTEBOOK, tmp_path / "malrapport.ipynb")
    (tmp_path / "run.yaml").write_text(
        f"notebook: {notebook}\norganisations: [rjh-rs]\nperiods: [2018-T1]\nformats: [html]\n"
        f"data_dir: {DATA}\noutput: {tmp_path / 'ut'}\n", encoding="utf-8")

    def batch() -> set[str]:
        result = run_batch(load_run_definition(tmp_path / "run.yaml"), jobs=1, err=io.StringIO(),
                           out=io.StringIO())
        assert result.exit_code == 0
        return {r.status for r in result.reports}

    assert batch() == {"rendered"}
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    assert sum(len(c.get("outputs", [])) for c in nb.cells) > 10
    nbformat.write(nb, notebook)
    assert batch() == {"skipped"}
    nb.cells[2].source += "  # ändrad"
    nbformat.write(nb, notebook)
    assert batch() == {"rendered"}
