"""The indicator notebook's sections: one indicator in depth (`calc.deep_dive`), shown as headings, tables and
charts: the series per tertial and per year, the styrdiagram of the monthly values, the comparison across units,
the definition and source:

>>> import malrapport as mr
>>> deep = mr.build_deep_dive(mr.resolve_data_dir(), "rn-ls1", "fallskador")
>>> mr.indicator_view.show_comparison(deep)  # doctest: +SKIP
"""
from __future__ import annotations

from .. import sv
from ..calc.deep_dive import IndicatorDeepDive
from ..calc.spc import MIN_POINTS, RULES, SpcResult
from ..model import describe_target
from ..sv import fmt_value
from . import chart_text, charts, display, tables
from .payload import ReportPayload, payload_bundle
from .spc_chart import point_class, spc_chart


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
        parts = [f"{sv.sex_labels(view.indicator.children)[r.sex].lower()} {fmt_value(r.value, view.indicator.unit)}"
                 for r in latest.itertuples()]
        display.show_markdown(sv.DEEP_DIVE_LATEST.format(period=view.period.label, values=", ".join(parts)))


def show_spc(view: IndicatorDeepDive) -> None:
    """The styrdiagram of the monthly values: what it shows, the chart, its verdicts in words and the months of
    each special cause; or why there is none (no monthly values, or fewer than a year of months)."""
    display.show_heading(sv.SPC_HEADING, 2)
    result = view.spc
    if result is None:
        organisation = view.data.plan.organisation.name
        display.show_markdown(f"*{sv.SPC_NO_MONTHS.format(organisation=organisation)}*")
        return
    if not result.enough:
        display.show_markdown(f"*{sv.SPC_TOO_FEW.format(count=len(result.points), minimum=MIN_POINTS)}*")
        return
    display.show_markdown(sv.SPC_INTRO)
    display.show_chart(spc_chart(result, view.indicator), "styrdiagram")
    labels = result.points["label"].tolist()
    assurance = sv.SPC_ASSURANCE_LABELS[result.assurance] if result.assurance else ""
    target = fmt_value(result.target, view.indicator.unit) if result.target is not None else ""
    display.show_markdown(sv.spc_sentence(sv.SPC_VARIATION_LABELS[result.variation], len(labels), labels[0],
                                          labels[-1], assurance, target))
    signals = _signal_spans(result)
    if signals:
        table = tables.Table(headers=sv.SPC_SIGNALS_HEADERS,
                             rows=tuple(tuple(tables.Cell(text) for text in row) for row in signals))
        display.show_table(tables.to_html(table), tables.to_markdown(table))
    if bool(result.points["generated"].any()):
        display.show_markdown(f"*{sv.CHARTS_GENERATED_NOTE}*")


def _signal_spans(result: SpcResult) -> list[tuple[str, str, str]]:
    """The special causes as spans of consecutive flagged months on the same side: the months, better or worse,
    and every rule met in the span."""
    spans: list[tuple[str, str, list[str]]] = []
    last_index = -2
    for index, point in enumerate(result.points.itertuples()):
        if not point.special:
            continue
        verdict = sv.SPC_VARIATION_LABELS[point_class(int(point.side), result.direction)]
        rules = [rule for rule in RULES if bool(getattr(point, rule))]
        if spans and index == last_index + 1 and spans[-1][1] == verdict:
            months, _, met = spans[-1]
            spans[-1] = (f"{months.split('–')[0]}–{point.label}", verdict, [*met, *rules])
        else:
            spans.append((str(point.label), verdict, rules))
        last_index = index
    return [(months, verdict, "; ".join(sv.SPC_RULE_LABELS[r] for r in RULES if r in met))
            for months, verdict, met in spans]


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
