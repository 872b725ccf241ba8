"""A report's figures as plain tables for analysts and other tools: CSV and JSON beside the HTML.

Per indicator and sex: target, outcome, status with its reason, trend; for the total the styrdiagram's verdicts.
Per sub-goal: the analysts' status and the one the indicators suggest. The summary counts per top-level goal and in
total. The record shapes are `present.payload`'s TypedDicts.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .. import sv
from ..calc.report import Report
from ..inputs.files import atomic_write_text
from ..model import Status, describe_target, target_value
from .payload import FIGURE_TABLES, TOTAL_GOAL, Figures, IndicatorFigure, SubgoalFigure, SummaryFigure


def indicator_figures(report: Report) -> list[IndicatorFigure]:
    """Per indicator and sex: target, outcome, status with its reason and trend."""
    rows: list[IndicatorFigure] = []
    for indicator in report.plan.indicators():
        result = report.results.get(indicator.id)
        if result is None:
            continue
        node = report.plan.node_of_indicator(indicator.id)
        chart = report.spc.get(indicator.id)
        for s in result.by_sex:
            spc = chart if s.sex == "T" else None
            rows.append(IndicatorFigure(
                unit=report.unit, period=report.period.key, node=node.id, indicator=indicator.id,
                name=indicator.name, sex=s.sex, unit_of_measure=indicator.unit,
                target=describe_target(indicator.target, indicator.unit),
                target_level=s.target_value if s.target_value is not None else target_value(indicator.target, s.sex),
                outcome=_clean(s.value), previous_year=_clean(s.previous), status=s.status.value,
                status_text=s.status.label, reason=s.reason, trend=s.trend, due=result.due, generated=s.generated,
                variation=spc.variation if spc else None, assurance=spc.assurance if spc else None,
            ))
        if indicator.is_composite:  # no outcome of its own: the status from its components, in one row
            rows.append(IndicatorFigure(
                unit=report.unit, period=report.period.key, node=node.id, indicator=indicator.id,
                name=indicator.name, sex="T", unit_of_measure=indicator.unit,
                target=describe_target(indicator.target, indicator.unit), target_level=None, outcome=None,
                previous_year=None, status=result.status.value, status_text=result.status.label,
                reason=result.reason, trend="unknown", due=result.due, generated=False, variation=None,
                assurance=None,
            ))
    return rows


def subgoal_figures(report: Report) -> list[SubgoalFigure]:
    """Per sub-goal: the analysts' status, the one the indicators suggest, and whether it changed."""
    return [SubgoalFigure(
        unit=report.unit, period=report.period.key, node=r.node_id, name=r.name, top_goal=r.top_goal_name,
        assessed=r.assessed.value if r.assessed else None,
        assessed_text=r.assessed.label if r.assessed else Status.NOT_ASSESSED.label,
        suggested=r.suggested.value if r.suggested else None,
        differs=r.differs, previous=r.previous.value if r.previous else None, changed=r.changed,
    ) for r in report.summary.rows]


def summary_figures(subgoals: list[SubgoalFigure]) -> list[SummaryFigure]:
    """Counts of sub-goals by the analysts' status, per top-level goal in plan order, then over all goals."""
    per_goal: Counter[tuple[str, str]] = Counter()
    total: Counter[str] = Counter()
    for row in subgoals:
        status = row["assessed"] or Status.NOT_ASSESSED.value
        per_goal[(row["top_goal"], status)] += 1
        total[status] += 1
    return ([SummaryFigure(top_goal=goal, assessed=status, count=n) for (goal, status), n in per_goal.items()]
            + [SummaryFigure(top_goal=TOTAL_GOAL, assessed=status, count=n) for status, n in total.items()])


def _clean(value: float | None) -> float | None:
    """NaN becomes None: JSON has no NaN, and a missing value is a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def figures(report: Report) -> Figures:
    """The figures as JSON-ready data: identification, the summary sentence and the three tables as records.

    >>> waiting = [r for r in figures(build_report("data", "rn-ls1", "2022-T1"))["indicators"]
    ...            if r["indicator"] == "vant-90-besok"]
    >>> {r["sex"]: r["outcome"] for r in waiting}  # seed 002 p. 9
    {'T': 51.0, 'K': 45.0, 'M': 60.0}
    """
    subgoals = subgoal_figures(report)
    return Figures(
        organisation=report.plan.organisation.id, organisation_name=report.plan.organisation.full_name,
        unit=report.unit, period=report.period.key, period_text=report.period.label, date=report.date,
        level=report.plan.subgoal_level.plural, sentence=report.summary.sentence,
        indicators=indicator_figures(report), subgoals=subgoals, summary=summary_figures(subgoals),
    )


def figures_json(report: Report) -> str:
    """`figures(report)` as the JSON written beside the report."""
    return json.dumps(figures(report), ensure_ascii=False, indent=2) + "\n"


def _csv(rows: list[Any], columns: tuple[str, ...]) -> str:
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.rename(columns=sv.FIGURE_COLUMNS).to_csv(index=False)


def write_figures(figures: Mapping[str, Any], directory: Path, stem: str) -> list[Path]:
    """Write `<stem>-indikatorer.csv`, `-delmal.csv`, `-sammanfattning.csv` and `<stem>.json` atomically.

    Takes the figures rather than a Report so that a renderer can write what the notebook's kernel computed.
    """
    written = []
    for table, shape in zip(FIGURE_TABLES, (IndicatorFigure, SubgoalFigure, SummaryFigure), strict=True):
        columns = tuple(shape.__annotations__)
        written.append(atomic_write_text(directory / f"{stem}-{sv.FIGURE_FILES[table]}.csv",
                                         _csv(list(figures.get(table, [])), columns)))
    written.append(atomic_write_text(directory / f"{stem}.json",
                                     json.dumps(figures, ensure_ascii=False, indent=2) + "\n"))
    return written
