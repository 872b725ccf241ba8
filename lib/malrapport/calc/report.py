"""One report's figures: everything computed for one organisation and one period, before any presentation.

`build_report` is the orchestrator the notebooks call: load → evaluate indicators → summarise → history for charts.
Presentation (tables, charts, narrative) only reads a `Report`; it computes nothing of its own.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..inputs.datatree import OrganisationData, load_organisation
from ..inputs.provenance import InputFile, input_files
from ..model import Assessment, GapTarget, Period, Plan
from ._kinds import kind_misses, kind_sentences
from ._monthly_spc import indicator_spc
from .aggregate import SERIES_COLUMNS, series_records, shared_indexes, unit_rows_by_indicator
from .comments import merge_comments, outcome_comments, total_outside_parts
from .comparison import UnitRow, unit_comparison
from .spc import SpcResult
from .status import IndicatorResult, evaluate_all
from .summary import Summary, summarise

HISTORY_YEARS = 3


@dataclass(frozen=True)
class Report:
    """The computed content of one report: the organisation's data, the period and every figure shown.

    >>> report = build_report("data", "rn-ls1", "2022-T1")
    >>> report.period.label, report.plan.organisation.name, report.previous_period
    ('per april 2022', 'Division Länssjukvård 1', None)
    """

    data: OrganisationData
    unit: str
    period: Period
    results: Mapping[str, IndicatorResult]
    summary: Summary
    history: pd.DataFrame = field(repr=False)
    inputs: tuple[InputFile, ...] = ()
    spc: Mapping[str, SpcResult] = field(default_factory=dict, repr=False)
    """The styrdiagram (XmR chart) of the total per indicator id, for the indicators with monthly values."""
    data_dir: str = ""
    """The data directory the report was built from, absolute (the provenance shows it)."""

    @property
    def plan(self) -> Plan:
        return self.data.plan

    @property
    def assessment(self) -> Assessment | None:
        return self.data.assessments.get(self.period.key)

    @property
    def date(self) -> str:
        """The report's date (ISO): the day the analysts signed this period's assessments off (`date:` in the
        assessment file), else the plan document's publication date, else ''. Never the clock: the same inputs
        give the same report.

        >>> build_report("data", "rn-ls1", "2022-T1").date  # seed 002's date
        '2022-08-26'
        """
        assessment = self.assessment
        if assessment is not None and assessment.date:
            return assessment.date
        return self.plan.document.published or ""

    @property
    def previous_period(self) -> Period | None:
        return self.period.previous_in_year()

    @property
    def previous_assessment(self) -> Assessment | None:
        prev = self.previous_period
        return self.data.assessments.get(prev.key) if prev else None

    @cached_property
    def generated_share(self) -> float:
        """Share of the indicator values shown for this period that come from the demo generator."""
        shown = [s for r in self.results.values() for s in r.by_sex if s.value is not None]
        return sum(s.generated for s in shown) / len(shown) if shown else 0.0

    @cached_property
    def kind_sentences(self) -> tuple[str, ...]:
        """How many indicators of each kind the plan names reach their target ('Av regionstyrelsens 8 aktiva mål …')."""
        return kind_sentences(self.plan, self.results, self.period)

    @property
    def kind_misses(self) -> list[tuple[str, list[IndicatorResult]]]:
        """Per kind the plan counts (its plural), the indicators of that kind missing their target (`kind_misses`)."""
        return kind_misses(self.plan, self.results)

    @cached_property
    def outcome_comments(self) -> dict[str, list[str]]:
        """The outcome files' comments on this period's figures, per indicator id (see `calc.comments`)."""
        return outcome_comments(self.data.outcomes, self.unit, self.period)

    def indicator_comments(self, analysts: Mapping[str, str] | None = None,
                           proposals: Mapping[str, str] | None = None) -> dict[str, str]:
        """What stands beside each indicator's figures: a word where the total lies outside its parts, the outcome
        files' comments, the analysts' comment (`analysts`, by indicator id, from the assessment), then a proposed
        adjustment (`proposals`, worded for the reader).

        >>> report = build_report("data", "rn-ls1", "2022-T1")
        >>> report.indicator_comments()["vant-90-op"]  # seed 002 p. 9
        'Totalt 431 patienter på väntelistan.'
        """
        outside = {key: total_outside_parts(result) for key, result in self.results.items()}
        return merge_comments(outside, self.outcome_comments, dict(analysts or {}), dict(proposals or {}))

    def unit_comparison(self, indicator_id: str) -> tuple[UnitRow, ...]:
        """This unit beside the other units with figures for the same period (seed 002), or () when none has."""
        with shared_indexes():
            return unit_comparison(self.data.outcomes, self.plan.indicator(indicator_id), self.plan.organisation,
                                   self.unit, self.period)

    def reference_history(self, indicator_id: str) -> pd.DataFrame | None:
        """The history of the unit a gap target compares with (riket), as `indicator_history`; None for others."""
        indicator = self.plan.indicator(indicator_id)
        target = indicator.target
        if not isinstance(target, GapTarget):
            return None
        rows = self.data.outcomes[(self.data.outcomes["unit"] == target.reference_unit)
                                  & (self.data.outcomes["indicator"] == indicator.id)]
        records = series_records(rows, indicator, history_periods(self.period)) if not rows.empty else []
        return pd.DataFrame(records, columns=SERIES_COLUMNS)

    def indicator_history(self, indicator_id: str) -> pd.DataFrame:
        return self.history[self.history["indicator"] == indicator_id]


def history_periods(period: Period, years: int = HISTORY_YEARS) -> list[Period]:
    """The tertials of this and the previous years up to and including `period`, oldest first."""
    out = []
    for year in range(period.year - years + 1, period.year + 1):
        for n in (1, 2, 3):
            p = Period.tertial(year, n)
            if p <= period:
                out.append(p)
    return out


def _history(plan: Plan, outcomes: pd.DataFrame, unit: str, period: Period) -> pd.DataFrame:
    periods = history_periods(period)
    rows = []
    by_indicator = unit_rows_by_indicator(outcomes, unit)
    for indicator in plan.indicators():
        ind_rows = by_indicator.get(indicator.id)
        if ind_rows is None:
            continue
        rows += [{"indicator": indicator.id, **record} for record in series_records(ind_rows, indicator, periods)]
    return pd.DataFrame(rows, columns=["indicator", *SERIES_COLUMNS])


def _spc(plan: Plan, outcomes: pd.DataFrame, unit: str, period: Period) -> dict[str, SpcResult]:
    """The XmR chart of each indicator with monthly values, up to the report's period."""
    by_indicator = unit_rows_by_indicator(outcomes, unit)
    charts = {}
    for indicator in plan.indicators():
        rows = by_indicator.get(indicator.id)
        chart = indicator_spc(rows, indicator, period) if rows is not None else None
        if chart is not None:
            charts[indicator.id] = chart
    return charts


def build_report(data_dir: str | Path, organisation: str, period: str | Period, unit: str | None = None) -> Report:
    """Load an organisation's data and compute everything one report shows for `period`.

    >>> report = build_report("data", "rn-ls1", "2022-T1")
    >>> report.summary.sentence[:56]  # seed 002
    'Av divisionens 14 framgångsfaktorer är bedömningen per a'
    >>> report.results["vant-90-besok"].sex("K").reason.replace("\xa0", " ")  # seed 002 p. 9
    '45 % mot målvärdet 100 %'
    """
    period = Period.parse_tertial(period)
    data = load_organisation(Path(data_dir), organisation, year=period.year)
    with shared_indexes():  # the tables below are only read: each is indexed once, however often it is read
        return _build(data, data_dir, unit or data.plan.organisation.id, period)


def _build(data: OrganisationData, data_dir: str | Path, unit: str, period: Period) -> Report:
    results = evaluate_all(data.plan, data.outcomes, unit, period)
    statuses = {key: result.status for key, result in results.items()}
    previous = period.previous_in_year()
    summary = summarise(data.plan, data.assessments.get(period.key), statuses, period,
                        data.assessments.get(previous.key) if previous else None)
    inputs = input_files((p for p in map(Path, data.files) if _read_for(p, period)), Path(data_dir))
    return Report(data=data, unit=unit, period=period, results=results, summary=summary,
                  history=_history(data.plan, data.outcomes, unit, period), inputs=inputs,
                  spc=_spc(data.plan, data.outcomes, unit, period),
                  data_dir=str(Path(data_dir).resolve()))


def _read_for(path: Path, period: Period) -> bool:
    """Whether a file of the organisation feeds the report of `period`: assessments of later periods do not."""
    if path.parent.name != "assessments":
        return True
    previous = period.previous_in_year()
    return path.stem in {period.key, previous.key if previous else ""}
