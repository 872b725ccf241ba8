"""What a report notebook hands to the renderer: a hidden output with the title, running header and figures.

The shapes are defined once here, as TypedDicts, and read by the figures export (CSV and JSON beside the
HTML), the batch (a report's manifest) and the index page. Keys are English; the Swedish column names of the
CSV files a reader opens in Excel come from `malrapport.sv`.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, NotRequired, TypedDict

from .. import sv

HIDDEN_MIME_PREFIX = "application/vnd.malrapport."
"""Outputs whose MIME type starts so are data for the renderer and the batch, never shown to readers."""
PAYLOAD_MIME = f"{HIDDEN_MIME_PREFIX}report+json"
TOTAL_GOAL = sv.TOTAL


class IndicatorFigure(TypedDict):
    """One indicator for one sex in the report's period: target, outcome, status with its reason, trend, and for the
    total of an indicator with monthly values the styrdiagram's verdicts (`calc.spc`: variation, assurance)."""

    unit: str
    period: str
    node: str
    indicator: str
    name: str
    sex: str
    unit_of_measure: str
    target: str
    target_level: float | None
    outcome: float | None
    previous_year: float | None
    status: str
    status_text: str
    reason: str
    trend: str | None
    due: bool
    generated: bool
    variation: str | None
    assurance: str | None


class SubgoalFigure(TypedDict):
    """One sub-goal: the analysts' status, what the indicators suggest and the change since the last report."""

    unit: str
    period: str
    node: str
    name: str
    top_goal: str
    assessed: str | None
    assessed_text: str
    suggested: str | None
    differs: bool
    previous: str | None
    changed: bool


class SummaryFigure(TypedDict):
    """Sub-goals counted by the analysts' status, per top-level goal, and for all goals as `TOTAL_GOAL`."""

    top_goal: str
    assessed: str
    count: int


class Figures(TypedDict):
    """A report's figures: who and when, the summary sentence, and the three tables as records."""

    organisation: str
    organisation_name: str
    unit: str
    period: str
    period_text: str
    date: str
    """The report's own date (ISO; `Report.date`: the assessments' sign-off, else the plan's), '' when none."""
    level: str
    sentence: str
    indicators: list[IndicatorFigure]
    subgoals: list[SubgoalFigure]
    summary: list[SummaryFigure]


FIGURE_TABLES = ("indicators", "subgoals", "summary")


class ReportPayload(TypedDict):
    """The hidden output of a report notebook; indicator deep dives carry no figures."""

    title: str
    running_header: str
    date: NotRequired[str]
    """The report's date (ISO, as in its title block): the PDF's creation date, so that reruns give equal bytes."""
    figures: NotRequired[Figures]


def payload_bundle(payload: ReportPayload, text: str) -> dict[str, Any]:
    """The MIME bundle that carries `payload`; `text` is what a plain-text front end shows instead."""
    return {PAYLOAD_MIME: dict(payload), "text/plain": text}


def find_payload(outputs: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The payload among a notebook's outputs (as `nbformat` gives them), or {} when there is none."""
    for output in outputs:
        data = output.get("data", {})
        if PAYLOAD_MIME in data:
            payload = data[PAYLOAD_MIME]
            return json.loads(payload) if isinstance(payload, str) else dict(payload)
    return {}


def status_totals(figures: Mapping[str, Any]) -> dict[str, int]:
    """Sub-goals per analysts' status over all goals: the `TOTAL_GOAL` rows of the summary table."""
    rows = figures.get("summary") or []
    return {str(row.get("assessed")): row["count"] for row in rows
            if isinstance(row, dict) and row.get("top_goal") == TOTAL_GOAL and isinstance(row.get("count"), int)}
