"""The indicator notebook's sections: one indicator in depth (`calc.deep_dive`), shown as headings, tables and
charts: the series per tertial and per year, the comparison across units, the definition and source:

>>> import malrapport as mr
>>> deep = mr.build_deep_dive(mr.resolve_data_dir(), "rn-ls1", "fallskador")
>>> mr.indicator_view.show_comparison(deep)  # doctest: +SKIP
"""
from __future__ import annotations

from .. import sv
from ..calc.deep_dive import IndicatorDeepDive
from ..model import describe_target
from ..sv import fmt_value
from . import chart_text, charts, display, tables
from .payload import ReportPayload, payload_bundle


def show_title(view: IndicatorDeepDive) -> None:
    organisation = view.data.plan.organisation
    indicator = view.indicator
    display.show_heading(indicator.name, 1)
    field = sv.DEEP_DIVE_FIELDS
    facts = [
        (field["organisation"], organisation.full_name),
        (field["as_of"], view.period.label),
        (field["target"], describe_target(indicator.target, indicator.unit) or "–"),
        (field["unit"], indicator.unit),
        (field["direction"], sv.DIRECTION_LABELS[indicator.direction.value]),
    ]
    table = tables.key_value_table(facts, sv.TABLE_HEADERS_KEY_VALUE)
    tables.show_table(table)


def show_series(view: IndicatorDeepDive) -> None:
    display.show_heading(sv.DEEP_DIVE_SERIES_HEADING, 2)
    if view.tertials.empty and view.years.empty:
        organisation = view.data.plan.organisation.name
        display.show_markdown(f"*{sv.DEEP_DIVE_NO_OUTCOMES.format(organisation=organisation)}*")
        return
    if not view.tertials.empty and charts.restarts_each_year(view.indicator):
        display.show_chart(charts.year_over_year_chart(view.indicator, view.tertials)
                           .properties(title=sv.DEEP_DIVE_TERTIALS_BY_YEAR_TITLE),
                           "serie-tertial", chart_text.indicator_alt(view.indicator, view.tertials))
    elif not view.tertials.empty:
        order = sorted(set(zip(view.tertials["order"], view.tertials["label"], strict=True)))
        labels = [label for _, label in order]
        display.show_chart(charts.indicator_chart(view.indicator, view.tertials, labels)
                           .properties(title=sv.DEEP_DIVE_TERTIALS_TITLE), "serie-tertial",
                           chart_text.indicator_alt(view.indicator, view.tertials))
    if not view.years.empty:
        order = sorted(set(zip(view.years["order"], view.years["label"], strict=True)))
        labels = [label for _, label in order]
        display.show_chart(charts.indicator_chart(view.indicator, view.years, labels)
                           .properties(title=sv.DEEP_DIVE_YEARS_TITLE), "serie-ar",
                           chart_text.indicator_alt(view.indicator, view.years))
    latest = view.tertials[view.tertials["period"] == view.period.key]
    if not latest.empty:
        parts = [f"{sv.SEX_LABELS[r.sex].lower()} {fmt_value(r.value, view.indicator.unit)}"
                 for r in latest.itertuples()]
        display.show_markdown(sv.DEEP_DIVE_LATEST.format(period=view.period.label, values=", ".join(parts)))


def show_comparison(view: IndicatorDeepDive) -> None:
    if view.comparison.empty or view.comparison_period is None:
        display.show_markdown(f"*{sv.DEEP_DIVE_NO_COMPARISON}*")
        return
    reference_value = view.reference[1] if view.reference else None
    reference_label = view.reference[0] if view.reference else sv.NATIONAL_REFERENCE
    chart = charts.units_chart(view.comparison, view.indicator, view.unit, reference_value, reference_label)
    period = view.comparison_period.label
    display.show_chart(chart.properties(title=sv.DEEP_DIVE_COMPARISON_TITLE.format(period=period)), "jamforelse",
                       chart_text.units_alt(view.indicator, view.comparison, period, view.reference))
    rows = [(r.name, fmt_value(r.value, view.indicator.unit))
            for r in view.comparison.sort_values("value", ascending=False).itertuples()]
    if view.reference:
        rows.append((view.reference[0], fmt_value(view.reference[1], view.indicator.unit)))
    headers = (sv.DEEP_DIVE_COMPARISON_UNIT_HEADER, sv.DEEP_DIVE_COMPARISON_VALUE_HEADER.format(period=period))
    table = tables.key_value_table(rows, headers)
    tables.show_table(table)


def show_definition(view: IndicatorDeepDive) -> None:
    indicator = view.indicator
    display.show_heading(sv.DEEP_DIVE_DEFINITION_HEADING, 2)
    calculation = sv.DEEP_DIVE_CALCULATION.format(window=sv.WINDOW_LABELS.get(indicator.window, indicator.window),
                                                  aggregation=sv.AGGREGATION_LABELS[indicator.aggregation.value])
    lines = [indicator.definition or f"*{sv.DEEP_DIVE_NO_DEFINITION}*", "",
             f"- {calculation}",
             f"- {sv.DEEP_DIVE_SOURCE.format(source=indicator.source or sv.DEEP_DIVE_SOURCE_NOT_GIVEN)}"]
    if indicator.note:
        lines.append(f"- {sv.DEEP_DIVE_NOTE.format(note=indicator.note)}")
    display.show_markdown("\n".join(lines))


def emit_payload(view: IndicatorDeepDive) -> None:
    """A hidden output for the renderer: the page title, the PDF's running header and its date (the first day
    of the period's last month: a deep dive has no title block date, and its PDF must not depend on the clock)."""
    organisation = view.data.plan.organisation
    last = view.period.last_month
    payload = ReportPayload(title=f"{view.indicator.name} – {organisation.name}",
                            running_header=f"{organisation.full_name} · {view.indicator.name} · {view.period.label}",
                            date=f"{last.year:04d}-{last.month:02d}-01")
    display.publish(payload_bundle(payload, sv.DEEP_DIVE_PAYLOAD_TEXT))
