"""Notebooks live in git without outputs: what is committed is the source, never a rendered result."""
from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import pytest

from checkout import ROOT


def tracked_notebooks() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        return sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("tests/notebooks/*.ipynb"))
    return [ROOT / name for name in listed.stdout.split()]


@pytest.mark.parametrize("path", tracked_notebooks(), ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a cell has an execution count"


def test_both_report_notebooks_are_tracked_with_a_parameters_cell() -> None:
    names = {p.name for p in tracked_notebooks()}
    assert {"malrapport.ipynb", "indikator.ipynb"} <= names
    for name in ("malrapport.ipynb", "indikator.ipynb"):
        nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and nb.cells[0] is tagged[0]
