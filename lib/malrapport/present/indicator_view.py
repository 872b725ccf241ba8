"""The indicator notebook's sections: one indicator in depth (`calc.deep_dive`), shown as headings, tables and
charts: the series per tertial and per year, the comparison across units, the definition and source.
"""
from __future__ import annotations

from .. import sv
from ..calc.deep_dive import IndicatorDeepDive
from ..model import describe_target
from ..sv import fmt_value
from . import charts, display, tables
from .payload import ReportPayload, payload_bundle


def show_title(view: IndicatorDeepDive) -> None:
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


def show_series(view: IndicatorDeepDive) -> None:
    display.show_heading("Utveckling över tid", 2)
    if view.tertials.empty and view.years.empty:
        display.show_markdown(f"*Inga utfall finns för {view.data.plan.organisation.name}.*")
        return
    if not view.tertials.empty and charts.restarts_each_year(view.indicator):
        display.show_chart(charts.year_over_year_chart(view.indicator, view.tertials)
                           .properties(title="Per tertial, ackumulerat från årets början: ett år per linje"),
                           "serie-tertial")
    elif not view.tertials.empty:
        order = sorted(set(zip(view.tertials["order"], view.tertials["label"], strict=True)))
        labels = [label for _, label in order]
        display.show_chart(charts.indicator_chart(view.indicator, view.tertials, labels)
                           .properties(title="Per tertial (ackumulerat från årets början)"), "serie-tertial")
    if not view.years.empty:
        order = sorted(set(zip(view.years["order"], view.years["label"], strict=True)))
        labels = [label for _, label in order]
        display.show_chart(charts.indicator_chart(view.indicator, view.years, labels)
                           .properties(title="Per år"), "serie-ar")
    latest = view.tertials[view.tertials["period"] == view.period.key]
    if not latest.empty:
        parts = [f"{sv.SEX_LABELS[r.sex].lower()} {fmt_value(r.value, view.indicator.unit)}"
                 for r in latest.itertuples()]
        display.show_markdown(f"Utfall {view.period.label}: " + ", ".join(parts) + ".")


def show_comparison(view: IndicatorDeepDive) -> None:
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


def show_definition(view: IndicatorDeepDive) -> None:
    indicator = view.indicator
    display.show_heading("Definition och källa", 2)
    lines = [indicator.definition or "*Ingen definition angiven i planen.*", "",
             f"- Beräkning: {sv.WINDOW_LABELS.get(indicator.window, indicator.window)}, "
             f"{sv.AGGREGATION_LABELS[indicator.aggregation.value]}",
             f"- Källa: {indicator.source or 'ej angiven'}"]
    if indicator.note:
        lines.append(f"- Not: {indicator.note}")
    display.show_markdown("\n".join(lines))


def emit_payload(view: IndicatorDeepDive) -> None:
    """A hidden output for the renderer: the page title and the PDF's running header."""
    organisation = view.data.plan.organisation
    payload = ReportPayload(title=f"{view.indicator.name} – {organisation.name}",
                            running_header=f"{organisation.full_name} · {view.indicator.name} · {view.period.label}")
    display.publish(payload_bundle(payload, "Rapportens metadata (dold)."))
