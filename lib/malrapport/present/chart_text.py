"""Alternative texts of the charts: what each chart shows, in words, for a screen reader and the tagged PDF.

A chart in the PDF is a figure whose drawing is read by no one; its alternative text must carry what a sighted
reader takes from it. The texts come from the same data as the chart (the report's history, the summary, the
comparison across units), worded by `sv`.
"""
from __future__ import annotations

import pandas as pd

from .. import sv
from ..calc.summary import Summary
from ..model import Indicator, Plan, Status, describe_target
from ..sv import fmt_value

SEX_ORDER = ("T", "K", "M")
OVERVIEW_ORDER = (Status.MET, Status.PARTLY, Status.NOT_MET, Status.NOT_ASSESSED)


def indicator_alt(indicator: Indicator, history: pd.DataFrame) -> str:
    """Indicator, first and last period, the last period's value per sex (total, women, men) and the target.

    `history` has the columns of `calc.aggregate.SERIES_COLUMNS` (period, label, order, sex, value, generated).

    >>> report = build_report("data", "rn-ls1", "2022-T1")
    >>> text = indicator_alt(report.plan.indicator("vant-90-besok"), report.indicator_history("vant-90-besok"))
    >>> text[text.index("Senast"):].replace("\N{NO-BREAK SPACE}", " ")  # seed 002 p. 9
    'Senast (T1 2022): totalt 51 %, kvinnor 45 %, män 60 %. Mål: 100 %.'
    """
    target = describe_target(indicator.target, indicator.unit)
    values = history.dropna(subset=["value"])
    if values.empty:
        return sv.chart_alt_text(indicator.name, "", "", [], target)
    ordered = values.sort_values("order")
    first, last = str(ordered["label"].iloc[0]), str(ordered["label"].iloc[-1])
    latest = ordered[ordered["order"] == ordered["order"].iloc[-1]]
    by_sex = {str(row.sex): fmt_value(row.value, indicator.unit) for row in latest.itertuples()}
    pairs = [(sex, by_sex[sex]) for sex in SEX_ORDER if sex in by_sex]
    return sv.chart_alt_text(indicator.name, first, last, pairs, target, children=indicator.children)


def overview_alt(summary: Summary, plan: Plan) -> str:
    """Per top-level goal (in plan order), how many sub-goals have each of the analysts' statuses."""
    order = {root.id: i for i, root in enumerate(plan.roots)}
    counts: dict[tuple[int, str], dict[Status, int]] = {}
    for row in summary.rows:
        key = (order.get(row.top_goal_id, 0), row.top_goal_name)
        status = row.assessed or Status.NOT_ASSESSED
        counts.setdefault(key, {})[status] = counts.setdefault(key, {}).get(status, 0) + 1
    goals = [(name, [(s.value, by_status[s]) for s in OVERVIEW_ORDER if s in by_status])
             for (_, name), by_status in sorted(counts.items())]
    return sv.overview_alt_text(plan.subgoal_level.plural.lower(), goals)


def units_alt(indicator: Indicator, values: pd.DataFrame, period: str,
              reference: tuple[str, float] | None = None) -> str:
    """Every unit's value, best first as in the chart, and the reference value when there is one."""
    descending = indicator.direction.value != "lower"
    ordered = values.sort_values("value", ascending=not descending)
    pairs = [(str(row.name), fmt_value(row.value, indicator.unit)) for row in ordered.itertuples()]
    ref = f"{reference[0]} {fmt_value(reference[1], indicator.unit)}" if reference else ""
    return sv.units_alt_text(indicator.name, period, pairs, ref)
