"""One indicator in depth for one unit: the longest series per tertial and per year, women and men apart,
and a comparison across the units in the data with the report's unit highlighted and a national reference.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import sv
from ..calc.aggregate import observe, series
from ..errors import MalrapportError
from ..inputs.datatree import OrganisationData, load_organisation
from ..model import SEXES, Indicator, Period, describe_target
from ..sv.numbers import fmt_value
from . import charts, display, tables
from .payload import ReportPayload, payload_bundle

REFERENCE_UNITS = {"riket": "Riket", "0000": "Riket"}


@dataclass(frozen=True)
class IndicatorView:
    data: OrganisationData
    indicator: Indicator
    unit: str
    period: Period
    tertials: pd.DataFrame = field(repr=False)
    years: pd.DataFrame = field(repr=False)
    comparison: pd.DataFrame = field(repr=False)
    comparison_period: Period | None = None
    reference: tuple[str, float] | None = None


def _periods_with_data(rows: pd.DataFrame) -> list[Period]:
    return sorted({Period.parse(p) for p in rows["period"].unique()})


def _series_frame(rows: pd.DataFrame, indicator: Indicator, periods: list[Period]) -> pd.DataFrame:
    records = []
    for sex in SEXES:
        for index, (p, obs) in enumerate(series(rows, indicator, periods, sex)):
            if obs is not None and obs.value is not None:
                records.append({"period": p.key, "label": p.short_label, "order": index, "sex": sex,
                                "value": float(obs.value), "generated": bool(obs.generated)})
    return pd.DataFrame(records, columns=["period", "label", "order", "sex", "value", "generated"])


def build(data_dir: str | Path, organisation: str, indicator_id: str, period: str | None = None) -> IndicatorView:
    """Gather everything the indicator notebook shows; `period` None means the latest tertial with data."""
    data = load_organisation(Path(data_dir), organisation)
    try:
        indicator = data.plan.indicator(indicator_id)
    except KeyError:
        known = ", ".join(i.id for i in data.plan.indicators())
        raise MalrapportError(f"indikatorn '{indicator_id}' finns inte i planen för {organisation}",
                              hint=f"välj en av: {known}") from None
    unit = data.plan.organisation.id
    rows = data.outcomes[data.outcomes["indicator"] == indicator.id]
    own = rows[rows["unit"] == unit]
    available = _periods_with_data(own) if not own.empty else []
    last = Period.parse(period) if period else _latest_tertial(available, data.plan.year)
    first_year = min((p.year for p in available), default=last.year)
    tertial_periods = [Period.tertial(y, n) for y in range(first_year, last.year + 1) for n in (1, 2, 3)
                       if Period.tertial(y, n) <= last]
    year_periods = [Period.year_of(y) for y in range(first_year, last.year + 1)
                    if Period.year_of(y).last_month <= last.last_month]
    tertials = _series_frame(own, indicator, tertial_periods)
    years = _series_frame(own, indicator, year_periods)
    comparison, comparison_period, reference = _comparison(data, rows, indicator, unit, last)
    return IndicatorView(data, indicator, unit, last, tertials, years, comparison, comparison_period, reference)


def _latest_tertial(available: list[Period], plan_year: int) -> Period:
    tertials = [p for p in available if p.kind == "tertial"]
    months = [p for p in available if p.kind == "month"]
    if tertials:
        return max(tertials)
    if months:
        last = max(months)
        return Period.tertial(last.year, (last.number - 1) // 4 + 1)
    return Period.tertial(plan_year, 3)


def _comparison(data: OrganisationData, rows: pd.DataFrame, indicator: Indicator, unit: str,
                period: Period) -> tuple[pd.DataFrame, Period | None, tuple[str, float] | None]:
    """Values per unit for the latest period (at or before `period`) where more than one unit has data."""
    organisation = data.plan.organisation
    candidates = [period] + [p for p in sorted(_periods_with_data(rows), reverse=True)
                             if p <= period and p.kind in ("tertial", "year") and p != period]
    for candidate in candidates:
        records, reference = [], None
        for other, unit_rows in rows.groupby("unit", sort=True):
            obs = observe(unit_rows, indicator, candidate, "T")
            if obs is None or obs.value is None:
                continue
            if other in REFERENCE_UNITS:
                reference = (REFERENCE_UNITS[other], float(obs.value))
                continue
            records.append({"unit": other, "name": _unit_name(organisation, other), "value": float(obs.value)})
        if len(records) > 1:
            return pd.DataFrame(records), candidate, reference
    return pd.DataFrame(columns=["unit", "name", "value"]), None, None


def _unit_name(organisation, unit_id: str) -> str:
    name = organisation.unit_name(unit_id)
    if name == unit_id:
        from ..model import find_region
        region = find_region(unit_id)
        if region is not None:
            return region.name
    return name


def show_title(view: IndicatorView) -> None:
    organisation = view.data.plan.organisation
    indicator = view.indicator
    display.show_heading(indicator.name, 1)
    facts = [
        ("Organisation", organisation.full_name),
        ("Till och med", view.period.label),
        ("Målvärde", describe_target(indicator.target, indicator.unit) or "–"),
        ("Enhet", indicator.unit),
        ("Riktning", sv.DIRECTION_LABELS[indicator.direction.value]),
    ]
    table = tables.key_value_table(facts, ("Uppgift", "Värde"))
    display.show_table(tables.to_html(table), tables.to_markdown(table))


def show_series(view: IndicatorView) -> None:
    display.show_heading("Utveckling över tid", 2)
    if view.tertials.empty and view.years.empty:
        display.show_markdown(f"*Inga utfall finns för {view.data.plan.organisation.name}.*")
        return
    if not view.tertials.empty and charts.restarts_each_year(view.indicator):
        display.show_chart(charts.year_over_year_chart(view.indicator, view.tertials)
                           .properties(title="Per tertial, ackumulerat från årets början: ett år per linje"),
                           "serie-tertial")
    elif not view.tertials.empty:
        order = sorted(set(zip(view.tertials["order"], view.tertials["label"])))
        labels = [label for _, label in order]
        display.show_chart(charts.indicator_chart(view.indicator, view.tertials, labels)
                           .properties(title="Per tertial (ackumulerat från årets början)"), "serie-tertial")
    if not view.years.empty:
        order = sorted(set(zip(view.years["order"], view.years["label"])))
        labels = [label for _, label in order]
        display.show_chart(charts.indicator_chart(view.indicator, view.years, labels)
                           .properties(title="Per år"), "serie-ar")
    latest = view.tertials[view.tertials["period"] == view.period.key]
    if not latest.empty:
        parts = [f"{sv.SEX_LABELS[r.sex].lower()} {fmt_value(r.value, view.indicator.unit)}"
                 for r in latest.itertuples()]
        display.show_markdown(f"Utfall {view.period.label}: " + ", ".join(parts) + ".")


def show_comparison(view: IndicatorView) -> None:
    if view.comparison.empty or view.comparison_period is None:
        display.show_markdown("*Underlaget har bara en enhet för den här indikatorn; ingen jämförelse görs.*")
        return
    reference_value = view.reference[1] if view.reference else None
    reference_label = view.reference[0] if view.reference else "Riket"
    chart = charts.units_chart(view.comparison, view.indicator, view.unit, reference_value, reference_label)
    display.show_chart(chart.properties(title=f"Jämförelse {view.comparison_period.label}"), "jamforelse")
    rows = [(r.name, fmt_value(r.value, view.indicator.unit))
            for r in view.comparison.sort_values("value", ascending=False).itertuples()]
    if view.reference:
        rows.append((view.reference[0], fmt_value(view.reference[1], view.indicator.unit)))
    table = tables.key_value_table(rows, ("Enhet", f"Utfall {view.comparison_period.label}"))
    display.show_table(tables.to_html(table), tables.to_markdown(table))


def show_definition(view: IndicatorView) -> None:
    indicator = view.indicator
    display.show_heading("Definition och källa", 2)
    lines = [indicator.definition or "*Ingen definition angiven i planen.*", "",
             f"- Beräkning: {sv.WINDOW_LABELS.get(indicator.window, indicator.window)}, "
             f"{sv.AGGREGATION_LABELS[indicator.aggregation.value]}",
             f"- Källa: {indicator.source or 'ej angiven'}"]
    if indicator.note:
        lines.append(f"- Not: {indicator.note}")
    display.show_markdown("\n".join(lines))


def emit_payload(view: IndicatorView) -> None:
    """A hidden output for the renderer: the page title and the PDF's running header."""
    organisation = view.data.plan.organisation
    payload = ReportPayload(title=f"{view.indicator.name} – {organisation.name}",
                            running_header=f"{organisation.full_name} · {view.indicator.name} · {view.period.label}")
    display.publish(payload_bundle(payload, "Rapportens metadata (dold)."))
