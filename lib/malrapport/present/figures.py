"""A report's figures as plain tables for analysts and other tools: CSV and JSON beside the HTML.

Per indicator and sex: target, outcome, status with its reason, trend. Per sub-goal: the analysts' status and
the one the indicators suggest. The summary counts per top-level goal and in total.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from ..inputs.files import atomic_write_text
from ..model.plan import Status
from ..calc.report import Report
from ..model.targets import describe_target, target_value


def indicator_figures(report: Report) -> pd.DataFrame:
    rows = []
    for indicator in report.plan.indicators():
        result = report.results.get(indicator.id)
        if result is None:
            continue
        node = report.plan.node_of_indicator(indicator.id)
        for s in result.by_sex:
            rows.append({
                "enhet": report.unit, "period": report.period.key, "nod": node.id,
                "indikator": indicator.id, "namn": indicator.name, "kon": s.sex, "enhetstyp": indicator.unit,
                "malvarde": describe_target(indicator.target, indicator.unit),
                "malniva": s.target_value if s.target_value is not None else target_value(indicator.target, s.sex),
                "utfall": s.value, "fg_ar": s.previous, "status": s.status.value, "status_text": s.status.label,
                "skal": s.reason, "trend": s.trend, "foljs_upp": result.due, "genererad": s.generated,
            })
    return pd.DataFrame(rows)


def subgoal_figures(report: Report) -> pd.DataFrame:
    rows = [{
        "enhet": report.unit, "period": report.period.key, "nod": r.node_id, "namn": r.name,
        "overordnat_mal": r.top_goal_name,
        "bedomning": r.assessed.value if r.assessed else None,
        "bedomning_text": r.assessed.label if r.assessed else Status.NOT_ASSESSED.label,
        "indikatorerna_visar": r.suggested.value if r.suggested else None,
        "avviker": r.differs, "forra_rapporten": r.previous.value if r.previous else None, "andrad": r.changed,
    } for r in report.summary.rows]
    return pd.DataFrame(rows)


def summary_figures(report: Report) -> pd.DataFrame:
    """Counts of sub-goals by the analysts' status, per top-level goal and in total."""
    subgoals = subgoal_figures(report)
    if subgoals.empty:
        return pd.DataFrame(columns=["overordnat_mal", "bedomning", "antal"])
    subgoals["bedomning"] = subgoals["bedomning"].fillna(Status.NOT_ASSESSED.value)
    per_goal = subgoals.groupby(["overordnat_mal", "bedomning"], sort=False).size().reset_index(name="antal")
    total = subgoals.groupby("bedomning", sort=False).size().reset_index(name="antal")
    total.insert(0, "overordnat_mal", "Totalt")
    return pd.concat([per_goal, total], ignore_index=True)


TABLES = ("indikatorer", "delmal", "sammanfattning")


def figures(report: Report) -> dict[str, pd.DataFrame]:
    return {"indikatorer": indicator_figures(report), "delmal": subgoal_figures(report),
            "sammanfattning": summary_figures(report)}


def _clean(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def figures_payload(report: Report) -> dict[str, object]:
    """The figures as JSON-ready data: identification, the summary sentence and the three tables as records."""
    return {
        "organisation": report.plan.organisation.id, "organisation_namn": report.plan.organisation.full_name,
        "enhet": report.unit, "period": report.period.key, "period_text": report.period.label,
        "nivå": report.plan.subgoal_level.plural, "mening": report.summary.sentence,
        **{name: [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
           for name, frame in figures(report).items()},
    }


def figures_json(report: Report) -> str:
    return json.dumps(figures_payload(report), ensure_ascii=False, indent=2) + "\n"


def write_figures(payload: dict, directory: Path, stem: str) -> list[Path]:
    """Write `<stem>-indikatorer.csv`, `-delmal.csv`, `-sammanfattning.csv` and `<stem>.json` atomically.

    Takes the payload rather than a Report so that a renderer can write what the notebook's kernel computed.
    """
    written = []
    for name in TABLES:
        frame = pd.DataFrame(payload.get(name, []))
        written.append(atomic_write_text(directory / f"{stem}-{name}.csv", frame.to_csv(index=False)))
    written.append(atomic_write_text(directory / f"{stem}.json",
                                     json.dumps(payload, ensure_ascii=False, indent=2) + "\n"))
    return written
