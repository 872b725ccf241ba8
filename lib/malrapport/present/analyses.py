"""The analysts' own analyses, run inside the report: their text, tables and charts under the right heading.

`inputs.analyses` finds the notebooks (`data/<organisation>/analyser/*.ipynb`) and the section each extends;
`show_analyses(report, node)` runs those of one plan node where the report shows that node. Markdown cells are
shown as the analysts' narrative (safe, as every narrative); code cells run in a namespace of their own that
starts with the report's parameters (`region`, `period`, `data_dir`) and the built `report`, so that an analysis
never changes the report's variables. The cell tagged `parameters` is skipped there, as papermill replaces it.
A value a cell ends with is displayed, as in JupyterLab.
"""
from __future__ import annotations

import ast
import difflib
from pathlib import Path
from typing import Any

from ..calc.report import Report
from ..errors import MalrapportError, Problem
from ..inputs.analyses import PARAMETERS_TAG, SECTION_VARIABLE, Analysis, notebook_cells, read_analyses
from ..model import Node
from . import display, lab


def organisation_dir(report: Report) -> Path:
    """The organisation's folder in the data directory: where its plan file is."""
    plans = [Path(p) for p in report.data.files if Path(p).name.startswith("plan-")]
    return plans[0].parent if plans else Path(report.data.files[0]).parent


def analyses_of(report: Report, node_id: str) -> list[Analysis]:
    """The organisation's analyses that extend the section of plan node `node_id`; an error names an analysis
    whose section is no node of the plan (it would be left out of the report without a word)."""
    found = read_analyses(organisation_dir(report))
    known = [node.id for node in report.plan.nodes()]
    for analysis in found:
        if analysis.section not in known:
            close = difflib.get_close_matches(analysis.section, known, n=1)
            guess = f"menade du '{close[0]}'? " if close else ""
            raise MalrapportError(Problem(
                str(analysis.path), f"avsnittet '{analysis.section}' finns inte i planen för "
                f"{report.plan.organisation.id} {report.plan.year}",
                f"{guess}skriv id för ett mål eller delmål i planen, t.ex. '{known[0]}'", key=SECTION_VARIABLE))
    return [a for a in found if a.section == node_id]


def _python(source: str) -> str:
    """Cell source as Python: IPython's `%magic` and `!command` lines become calls, as in JupyterLab."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return source
    return TransformerManager().transform_cell(source)


def run_cell(source: str, namespace: dict[str, Any], filename: str) -> None:
    """Run one code cell in `namespace` and display the value of a final expression, as JupyterLab does."""
    tree = ast.parse(_python(source), filename)
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Expr):
        tree.body.pop()
    exec(compile(tree, filename, "exec"), namespace)
    if isinstance(last, ast.Expr):
        value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
        if value is not None:
            from IPython.display import display as show

            show(value)


def run_analysis(analysis: Analysis, report: Report) -> None:
    """Show one analysis in the report; its errors name the file and the cell."""
    data_dir = organisation_dir(report).parent
    namespace: dict[str, Any] = {"__name__": "__main__", "region": report.data.plan.organisation.id,
                                 "period": report.period.key, "data_dir": str(data_dir), "report": report}
    try:
        from IPython import get_ipython

        namespace["get_ipython"] = get_ipython
    except ImportError:
        pass
    for number, cell in enumerate(notebook_cells(analysis.path), start=1):
        source = "".join(cell.get("source", "")) if isinstance(cell.get("source"), list) else cell.get("source", "")
        if not source.strip():
            continue
        if cell.get("cell_type") == "markdown":
            display.show_markdown(source)
        elif cell.get("cell_type") == "code" and PARAMETERS_TAG not in cell.get("metadata", {}).get("tags", []):
            try:
                run_cell(source, namespace, f"{analysis.path.name}, cell {number}")
            except Exception as error:
                raise MalrapportError(f"analysen kunde inte köras, cell {number}: {type(error).__name__}: {error}",
                                      file=analysis.path,
                                      hint="öppna analysen i JupyterLab och kör den där för att se felet") from None


def show_analyses(report: Report, node: Node) -> None:
    """Run the analyses that extend `node`'s section, each as its own outputs in report order."""
    found = analyses_of(report, node.id)
    if not found:
        return
    lab.enable()  # an analyst's own Altair chart shows as in JupyterLab, also after a kernel reset
    with display.ungrouped():
        for analysis in found:
            run_analysis(analysis, report)
