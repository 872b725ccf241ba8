"""malrapport: goal follow-up reports (måluppfyllelse) for Swedish regions.

What an analyst's notebook uses is named here, in `__all__`; the README's "Library" section shows each with an
example. A report notebook reads:

    import malrapport as mr

    report = mr.build_report(mr.resolve_data_dir(), "rn-ls1", "2022-T1")
    mr.sections.show_summary(report)

Everything else lives in the layer folders (sv, model, inputs, calc, present, render, batch, demo); modules whose
names start with `_` are used only inside their own folder. The names below are imported when first used, so that
`import malrapport` (and the command line, and a batch with nothing to do) stays fast: pandas and Altair load
only when a report is built or shown.
"""
from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import MalrapportError, Problem

if TYPE_CHECKING:
    from .calc.deep_dive import IndicatorDeepDive, build_deep_dive
    from .calc.report import Report, build_report
    from .calc.spc import SpcResult, xmr
    from .calc.status import IndicatorResult, evaluate, evaluate_all
    from .inputs.assessments import load_assessment
    from .inputs.check import run_check
    from .inputs.datatree import load_organisation
    from .inputs.fk import read_fk_yearly
    from .inputs.kolada import kolada_import, read_kolada, read_sos_waiting_export
    from .inputs.outcomes import load_outcomes
    from .inputs.plans import load_plan
    from .inputs.project import resolve_data_dir
    from .inputs.records import count_events, quantile_waited, rate_per_population, share_waited_within, share_with_flag
    from .model import Indicator, Node, Period, Plan, Status, Target, describe_target, parse_target, target_value
    from .present import indicator_view, sections
    from .present.charts import indicator_chart, overview_chart, units_chart
    from .present.display import show_chart, show_heading, show_markdown
    from .present.figures import figures
    from .present.tables import indicator_table, key_value_table, show_table
    from .sv import fmt_date, fmt_number, fmt_signed, fmt_value, parse_number

_EXPORTS: dict[str, str] = {
    # building a report and its parts
    "build_report": "calc.report", "Report": "calc.report", "resolve_data_dir": "inputs.project",
    "build_deep_dive": "calc.deep_dive", "IndicatorDeepDive": "calc.deep_dive",
    "sections": "present", "indicator_view": "present",
    # reading and checking the analysts' files
    "load_organisation": "inputs.datatree", "load_plan": "inputs.plans", "load_outcomes": "inputs.outcomes",
    "load_assessment": "inputs.assessments", "run_check": "inputs.check",
    "read_kolada": "inputs.kolada", "kolada_import": "inputs.kolada", "read_sos_waiting_export": "inputs.kolada",
    "read_fk_yearly": "inputs.fk", "quantile_waited": "inputs.records",
    "share_waited_within": "inputs.records", "count_events": "inputs.records",
    "rate_per_population": "inputs.records", "share_with_flag": "inputs.records",
    # judgements
    "evaluate": "calc.status", "evaluate_all": "calc.status", "IndicatorResult": "calc.status",
    "xmr": "calc.spc", "SpcResult": "calc.spc",
    "parse_target": "model", "describe_target": "model", "target_value": "model",
    "Plan": "model", "Node": "model", "Indicator": "model", "Target": "model", "Status": "model", "Period": "model",
    # showing things in a notebook
    "indicator_chart": "present.charts", "overview_chart": "present.charts", "units_chart": "present.charts",
    "indicator_table": "present.tables", "key_value_table": "present.tables", "figures": "present.figures",
    "show_chart": "present.display", "show_table": "present.tables", "show_markdown": "present.display",
    "show_heading": "present.display",
    # Swedish formats
    "fmt_value": "sv", "fmt_number": "sv", "fmt_signed": "sv", "fmt_date": "sv", "parse_number": "sv",
}

__all__ = [
    "MalrapportError", "Problem", "__version__", "build_report", "Report", "resolve_data_dir", "build_deep_dive",
    "IndicatorDeepDive", "sections", "indicator_view", "load_organisation", "load_plan", "load_outcomes",
    "load_assessment", "run_check", "read_kolada", "kolada_import", "read_sos_waiting_export",
    "read_fk_yearly", "quantile_waited", "share_waited_within", "count_events", "rate_per_population",
    "share_with_flag", "evaluate", "evaluate_all",
    "IndicatorResult", "xmr", "SpcResult", "parse_target", "describe_target", "target_value", "Plan", "Node",
    "Indicator", "Target",
    "Status", "Period", "indicator_chart", "overview_chart", "units_chart", "indicator_table", "key_value_table",
    "figures", "show_chart", "show_table", "show_markdown", "show_heading", "fmt_value", "fmt_number",
    "fmt_signed", "fmt_date", "parse_number",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562) and keep it, so the next use costs nothing."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'malrapport' has no attribute {name!r}")
    package = import_module(f"{__name__}.{module}")
    value = getattr(package, name) if hasattr(package, name) else import_module(f"{package.__name__}.{name}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _in_kernel() -> bool:
    """Whether the package is imported in a running Jupyter kernel (JupyterLab, papermill, the batch)."""
    if "ipykernel" not in sys.modules:
        return False
    from IPython import get_ipython

    return getattr(get_ipython(), "kernel", None) is not None


if _in_kernel():  # analysts' own Altair charts then show offline with the project's theme (present/lab.py)
    import_module(f"{__name__}.present.lab").enable()
