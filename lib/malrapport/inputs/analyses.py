"""The analysts' own analyses: notebooks in `data/<organisation>/analyser/` that extend that organisation's report.

An analysis is an ordinary notebook that runs on its own in JupyterLab. Its first code cell, tagged `parameters`
like the report's, names the report section it belongs in, `section = "<id of a goal or sub-goal in the plan>"`,
besides `region`, `period` and `data_dir`. The section is read here without running anything (the batch hashes
analyses and `check` validates them before any kernel starts); `present.analyses` runs them inside the report.
"""
from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MalrapportError, Problem

ANALYSES_DIR = "analyser"
SECTION_VARIABLE = "section"
PARAMETERS_TAG = "parameters"


@dataclass(frozen=True)
class Analysis:
    """One analysis notebook and the id of the plan node (goal or sub-goal) whose section it extends."""

    path: Path
    section: str


def analysis_files(org_dir: str | Path) -> list[Path]:
    """The analysis notebooks of an organisation, by name; none when it has no `analyser/` folder."""
    folder = Path(org_dir) / ANALYSES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.ipynb") if p.is_file() and not p.name.startswith("."))


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def notebook_cells(path: Path) -> list[dict[str, Any]]:
    """The cells of a notebook file; a Swedish error naming the file when it is not a notebook."""
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise MalrapportError(f"analysen kan inte läsas som en anteckningsbok ({type(error).__name__})", file=path,
                              hint="öppna och spara den i JupyterLab, eller ta bort den ur mappen "
                                   f"{ANALYSES_DIR}/") from None
    if not isinstance(cells, list):
        raise MalrapportError("analysen har inga celler", file=path, hint="öppna och spara den i JupyterLab")
    return [c for c in cells if isinstance(c, dict)]


def _section_of(cell: dict[str, Any], path: Path) -> str | None:
    try:
        tree = ast.parse(_text(cell.get("source")))
    except SyntaxError as error:
        raise MalrapportError(Problem(str(path), f"parametercellen är inte giltig Python: {error.msg}",
                                      "rätta cellen i JupyterLab", row=error.lineno)) from None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == SECTION_VARIABLE
                                                for t in node.targets):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str) and node.value.value:
                return node.value.value
            raise MalrapportError(Problem(str(path), f"{SECTION_VARIABLE} ska vara ett id ur planen inom "
                                          "citattecken", f'skriv t.ex. {SECTION_VARIABLE} = "MED-1-1"',
                                          row=node.lineno, key=SECTION_VARIABLE))
    return None


def read_analysis(path: str | Path) -> Analysis:
    """The analysis at `path` with its section, read from the cell tagged `parameters` (or the first code cell)."""
    path = Path(path)
    code = [c for c in notebook_cells(path) if c.get("cell_type") == "code"]
    tagged = [c for c in code if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    cells = tagged or code
    section = _section_of(cells[0], path) if cells else None
    if section is None:
        raise MalrapportError(Problem(str(path), f"analysen säger inte var i rapporten den hör hemma "
                                      f"({SECTION_VARIABLE} saknas)",
                                      f'skriv {SECTION_VARIABLE} = "<id för ett mål eller delmål i planen>" i den '
                                      f"första kodcellen och tagga cellen {PARAMETERS_TAG}", key=SECTION_VARIABLE))
    return Analysis(path, section)


def read_analyses(org_dir: str | Path) -> list[Analysis]:
    """Every analysis of an organisation, in file-name order."""
    return [read_analysis(path) for path in analysis_files(org_dir)]
