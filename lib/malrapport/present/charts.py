"""Altair charts of a report: the status overview, one chart per indicator, and comparisons across units.

Charts are pure functions from figures to `alt.Chart`; the theme (fonts, Swedish number locale) is applied
when they are serialised by `display.chart_bundle`. Status and sex are never told by colour alone: the
legend carries a symbol and a word, lines differ in dash and point shape.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import altair as alt
import pandas as pd
from altair.utils.schemapi import debug_mode

from .. import sv
from ..calc.summary import Summary
from ..model import SEXES, WOMEN_AND_MEN, Aggregation, Indicator, LevelTarget, Plan, Status, target_value
from ..sv import fmt_value
from ._spec_template import fill, slots
from .palette import BLUE, MUTED_GREYS, STATUS_COLORS

WIDTH = 520
HEIGHT = 200
INDICATOR_HEIGHT = 130
"""An indicator's line over nine tertials reads as well at 130 px as at 200, and the report has one per indicator:
a third less height is pages less in a long plan's PDF."""
MIN_CHART_PERIODS = 3
"""Two points say no more than the table's value and its 'fg år' beside it; a line needs three."""

SEX_COLORS = {"T": "#333333", "K": "#CC79A7", "M": "#0072B2"}
SEX_DASHES = {"T": [1, 0], "K": [6, 3], "M": [2, 2]}
SEX_SHAPES = {"T": "circle", "K": "diamond", "M": "square"}
OVERVIEW_STATUSES = (Status.NOT_MET, Status.PARTLY, Status.MET, Status.NOT_ASSESSED)
OVERVIEW_LABEL_COLORS = {Status.NOT_MET: "#000000", Status.PARTLY: "#000000", Status.MET: "#FFFFFF",
                         Status.NOT_ASSESSED: "#000000"}
"""The segment labels' colour: the one that contrasts with the bar beneath (white on blue, black on the others)."""
COUNT_UNITS = frozenset({"antal"})
"""Units whose values are whole things: their axis ticks are whole numbers."""


def status_legend_label(status: Status) -> str:
    """'● uppnås': the symbol and the word, so that the legend does not rely on colour."""
    return f"{status.symbol} {status.label}"


def overview_chart(summary: Summary, plan: Plan) -> alt.LayerChart | alt.FacetChart:
    """Sub-goals by the analysts' status, one stacked bar per top-level goal, in plan order.

    >>> report = build_report("data", "rn-ls1", "2022-T1")
    >>> [layer["mark"]["type"] for layer in overview_chart(report.summary, report.plan).to_dict()["layer"]]
    ['bar', 'text']
    """
    order = {root.id: i for i, root in enumerate(plan.roots)}
    records: list[dict[str, Any]] = []
    for row in summary.rows:
        status = row.assessed or Status.NOT_ASSESSED
        records.append({"goal": row.top_goal_name, "goal_order": order.get(row.top_goal_id, 0),
                        "status": status_legend_label(status), "status_order": OVERVIEW_STATUSES.index(status)})
    frame = pd.DataFrame(records, columns=["goal", "goal_order", "status", "status_order"])
    counts = (frame.groupby(["goal", "goal_order", "status", "status_order"], as_index=False)
              .size().rename(columns={"size": sv.CHART_FIELD_COUNT}))
    domain = [status_legend_label(s) for s in OVERVIEW_STATUSES]
    colors = [STATUS_COLORS[s] for s in OVERVIEW_STATUSES]
    level = plan.subgoal_level.plural.lower()
    goal_sort = [g for g, _ in sorted({(r["goal"], r["goal_order"]) for r in records}, key=lambda x: x[1])]
    base = alt.Chart(counts).encode(
        y=alt.Y("goal:N", sort=goal_sort, title=None, axis=alt.Axis(labelLimit=340)),
        x=alt.X(f"sum({sv.CHART_FIELD_COUNT}):Q", title=sv.OVERVIEW_X_TITLE.format(subgoals=level),
                axis=alt.Axis(tickMinStep=1, format="d")),
        order=alt.Order("status_order:Q"),
    )
    bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
        color=alt.Color("status:N", scale=alt.Scale(domain=domain, range=colors),
                        legend=alt.Legend(title=sv.CHART_ASSESSMENT_TITLE, orient="bottom")),
        tooltip=[alt.Tooltip("goal:N", title=plan.levels[0].name),
                 alt.Tooltip("status:N", title=sv.CHART_ASSESSMENT_TITLE),
                 alt.Tooltip(f"{sv.CHART_FIELD_COUNT}:Q", title=sv.CHART_COUNT_TITLE)],
    )
    # Each segment carries its status symbol and count ('○ 4'), so that the bars read without colour, in grey print.
    inks = {OVERVIEW_STATUSES.index(s): color for s, color in OVERVIEW_LABEL_COLORS.items()}
    ink = " : ".join(f"datum.status_order == {order} ? '{color}'" for order, color in inks.items()) + " : '#000000'"
    labels = alt.Chart(counts).transform_calculate(
        label=f"split(datum.status, ' ')[0] + ' ' + datum['{sv.CHART_FIELD_COUNT}']", ink=ink,
    ).transform_window(
        end=f"sum({sv.CHART_FIELD_COUNT})", groupby=["goal"], sort=[alt.SortField("status_order")],
    ).transform_calculate(middle=f"datum.end - datum['{sv.CHART_FIELD_COUNT}'] / 2").mark_text(
        fontSize=11, fontWeight="bold", baseline="middle",
    ).encode(
        # The ink is a colour of its own (scale=None): the bars' colour scale would paint the label like its bar.
        y=alt.Y("goal:N", sort=goal_sort), x=alt.X("middle:Q"), text="label:N", color=alt.Color("ink:N", scale=None),
    )
    title = sv.OVERVIEW_TITLE.format(subgoals=plan.subgoal_level.plural, top_level=plan.levels[0].name.lower())
    return alt.layer(bars, labels).properties(width=WIDTH, height=max(60, 28 * len(goal_sort)), title=title)


def worth_a_chart(indicator: Indicator, history: pd.DataFrame) -> bool:
    """A chart says something only for a measured quantity with at least three periods of data (two are in the
    indicator table already: the value and last year's)."""
    return indicator.unit != "aktivitet" and history["period"].nunique() >= MIN_CHART_PERIODS


def restarts_each_year(indicator: Indicator) -> bool:
    """Year-to-date sums start from zero every January: their tertials compare within a year, not across years."""
    return indicator.aggregation is Aggregation.SUM and indicator.window == "ytd"


@dataclass(frozen=True)
class Reference:
    """Another unit drawn beside the indicator (a gap target's riket): its name, its history (the columns of
    `history`) and the gap the target allows (the goal: its values plus `gap`), when the target states one."""

    name: str
    history: pd.DataFrame
    gap: float | None = None


def indicator_chart(indicator: Indicator, history: pd.DataFrame, periods: list[str], goal: float | None = None,
                    reference: Reference | None = None) -> alt.LayerChart | alt.FacetChart:
    """The indicator over the tertials of this and the two previous years, women and men apart, target drawn in.

    `history` has columns period, label, order, sex, value, generated; `periods` are the x-axis labels in order.
    The line is broken where a period has no value and, for year-to-date sums by tertial, at each new year, so that
    it never bridges missing data and the restart in January does not read as a fall. The axis starts at zero;
    counts have whole-number ticks. Every numeric target is drawn: a level of the plan, else `goal` (the level a
    change target works out to, 'Minska med 50 % jmf med 2020' → 47,5), and for a gap target the `reference` unit
    with the goal that follows it ('Mål: Riket +1,6 dagar').

    >>> report = build_report("data", "rn-ls1", "2022-T1")
    >>> indicator = report.plan.indicator("vant-90-besok")
    >>> chart = indicator_chart(indicator, report.indicator_history(indicator.id), ["2022-T1"])
    >>> chart.to_dict()["layer"][0]["mark"]["type"]
    'line'
    """
    values = _indicator_values(indicator, history, periods, goal, reference)
    return _indicator_layers(values, _target_count(values), _counts(indicator), _legend(values))


def indicator_chart_spec(indicator: Indicator, history: pd.DataFrame, periods: list[str], goal: float | None = None,
                         reference: Reference | None = None) -> dict[str, Any]:
    """The spec of `indicator_chart` with the project theme, as `display.chart_spec` gives it, made from a
    template: the same dictionary in a fraction of a millisecond instead of ~25 ms of Altair per chart."""
    values = _indicator_values(indicator, history, periods, goal, reference)
    return fill(_indicator_template(_target_count(values), _counts(indicator), _legend(values)), values)


def _legend(values: dict[str, Any]) -> bool:
    """A legend only where there is more than one line to tell apart: a lone total is named by the title."""
    return len(values["sex_labels"]) > 1


PART_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#000000")
PART_DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3])
PART_SHAPES = ("circle", "square", "diamond", "triangle-up", "triangle-down", "cross")


def composite_chart_spec(indicator: Indicator, parts: list[tuple[Indicator, pd.DataFrame]],
                         periods: list[str]) -> dict[str, Any]:
    """One chart for a composite target (seed 004's vårdgaranti): each part's total as a line of its own, told apart
    by colour, dash and point shape, and each distinct target level of the parts drawn once ('Mål 100 %').
    A chart per part would say the same four times over.
    """
    records: list[dict[str, Any]] = []
    names: list[str] = []
    for part, history in parts:
        total = history[history["sex"] == "T"]
        if total.empty:
            continue
        names.append(part.name)
        records += _records(part, total, part.name)
    n = len(names)
    values: dict[str, Any] = {
        "records": records, "periods": list(periods), "sex_labels": names,
        "sex_colors": list(PART_COLORS[:n]), "sex_dashes": [list(d) for d in PART_DASHES[:n]],
        "sex_shapes": list(PART_SHAPES[:n]), "y_title": _unit_title(indicator), "zero": True,
        "title": _wrap(indicator.name),
    }
    levels = sorted({level for part, _ in parts if (level := target_value(part.target, "T")) is not None},
                    reverse=True)
    for i, level in enumerate(levels):
        values[f"target{i}"] = [{"value": level, "text": f"{sv.TARGET_LABEL} {_level_text(level, indicator.unit)}"}]
    _mark_segments(records, values["periods"])
    return fill(_indicator_template(_target_count(values), _counts(indicator), n > 1), values)


def _counts(indicator: Indicator) -> bool:
    return indicator.unit in COUNT_UNITS


_INDICATOR_SLOTS = ("records", "periods", "sex_labels", "sex_colors", "sex_dashes", "sex_shapes", "y_title",
                    "zero", "title")


def _records(indicator: Indicator, history: pd.DataFrame, series: str | None = None,
             shift: float = 0.0) -> list[dict[str, Any]]:
    """Chart records of a history; `series` names them all (another unit, a goal) instead of by sex."""
    return [{"label": label, "value": value + shift, "generated": bool(generated),
             sv.CHART_FIELD_SEX: series or sv.sex_labels(indicator.children)[sex],
             sv.CHART_FIELD_VALUE: fmt_value(value + shift, indicator.unit), sv.CHART_FIELD_SOURCE: _source(generated)}
            for label, sex, value, generated in zip(history["label"], history["sex"], history["value"],
                                                    history["generated"], strict=True)]


def _indicator_values(indicator: Indicator, history: pd.DataFrame, periods: list[str], goal: float | None = None,
                      reference: Reference | None = None) -> dict[str, Any]:
    """Everything of an indicator chart that depends on the indicator and its figures."""
    records = _records(indicator, history)
    if restarts_each_year(indicator) and any("-T" in str(key) for key in history["period"]):
        for record, key in zip(records, history["period"], strict=True):
            record[sv.CHART_FIELD_YEAR] = str(key)[:4]
    present = set(history["sex"])
    sexes = [s for s in SEXES if s in present]
    words = sv.sex_labels(indicator.children)
    values: dict[str, Any] = {
        "records": records, "periods": list(periods), "sex_labels": [words[s] for s in sexes],
        "sex_colors": [SEX_COLORS[s] for s in sexes], "sex_dashes": [list(SEX_DASHES[s]) for s in sexes],
        "sex_shapes": [SEX_SHAPES[s] for s in sexes], "y_title": _unit_title(indicator),
        "zero": True, "title": _wrap(indicator.name),
    }
    if reference is not None:
        _add_reference(values, indicator, reference)
    _mark_segments(values["records"], values["periods"])
    levels = _target_levels(indicator)
    if not levels and goal is not None and reference is None:
        levels = [(sv.TARGET_LABEL, goal)]
    for i, (label, level) in enumerate(sorted(levels, key=lambda item: -item[1])):  # highest first: see the layers
        values[f"target{i}"] = [{"value": level, "text": f"{label} {_level_text(level, indicator.unit)}"}]
    return values


def _level_text(level: float, unit: str) -> str:
    """A target level as written, with the decimal a worked-out goal has even for a count ('Mål 47,5', not 48)."""
    text = fmt_value(level, unit)
    if level != round(level) and fmt_value(round(level), unit) == text:
        return fmt_value(level, unit, decimals=1)
    return text


REFERENCE_STYLE = ("#555555", [4, 2], "triangle-up")
GOAL_STYLE = ("#555555", [1, 3], "cross")


def _add_reference(values: dict[str, Any], indicator: Indicator, reference: Reference) -> None:
    """The reference unit's total as a series of its own and, with a gap, the goal that follows it."""
    total = reference.history[reference.history["sex"] == "T"]
    if total.empty:
        return
    series = [(reference.name, 0.0, REFERENCE_STYLE)]
    if reference.gap is not None:
        gap = sv.fmt_signed(reference.gap, indicator.unit)
        series.append((sv.GAP_GOAL_LABEL.format(reference=reference.name, gap=gap), reference.gap, GOAL_STYLE))
    for name, shift, (color, dash, shape) in series:
        values["records"] = [*values["records"], *_records(indicator, total, name, shift)]
        values["sex_labels"] = [*values["sex_labels"], name]
        values["sex_colors"] = [*values["sex_colors"], color]
        values["sex_dashes"] = [*values["sex_dashes"], dash]
        values["sex_shapes"] = [*values["sex_shapes"], shape]


def _target_count(values: dict[str, Any]) -> int:
    return sum(1 for key in values if key.startswith("target"))


SEGMENT_FIELD = "segment"
"""A record's stretch of line: a series' consecutive periods; a missing period, or for year-to-date sums a new year,
starts the next, so that the line never bridges a gap in the data or reads January's restart as a fall."""


def _mark_segments(records: list[dict[str, Any]], periods: list[str]) -> None:
    """Number each record's stretch of line within its series (in place); see SEGMENT_FIELD."""
    position = {label: i for i, label in enumerate(periods)}
    last: dict[str, tuple[int, str, int]] = {}  # series → (position, year, segment)
    for record in sorted(records, key=lambda r: position.get(r["label"], -1)):
        series, year = record[sv.CHART_FIELD_SEX], record.get(sv.CHART_FIELD_YEAR, "")
        at = position.get(record["label"], -1)
        before = last.get(series)
        segment = 0 if before is None else before[2] + int(at != before[0] + 1 or year != before[1])
        last[series] = (at, year, segment)
        record[SEGMENT_FIELD] = f"{series} {segment}"


@cache
def _indicator_template(targets: int, counts: bool = False, legend: bool = True) -> dict[str, Any]:
    """The spec of an indicator chart with `targets` target rules, built once per process with markers."""
    from .display import chart_spec

    markers = slots([*_INDICATOR_SLOTS, *(f"target{i}" for i in range(targets))])
    with debug_mode(False):  # Altair would check the markers against the schema where it expects lists
        return chart_spec(_indicator_layers(markers, targets, counts, legend))


def _indicator_layers(values: dict[str, Any], targets: int, counts: bool = False,
                      legend: bool = True) -> alt.LayerChart | alt.FacetChart:
    """The indicator chart from its values (real ones, or template markers)."""
    labels = values["sex_labels"]
    x = alt.X("label:O", sort=values["periods"], scale=alt.Scale(domain=values["periods"]), title=None,
              axis=alt.Axis(labelAngle=0, labelOverlap=True))
    # Counts are whole things: whole-number ticks, never 0,5 of a fall.
    axis = alt.Axis(tickMinStep=1, format=",d") if counts else alt.Axis()
    y = alt.Y("value:Q", title=values["y_title"], scale=alt.Scale(zero=values["zero"]), axis=axis)
    sex_field = f"{sv.CHART_FIELD_SEX}:N"
    color = alt.Color(sex_field, scale=alt.Scale(domain=labels, range=values["sex_colors"]),
                      legend=alt.Legend(orient="bottom", title=None) if legend else None)
    dash = alt.StrokeDash(sex_field, scale=alt.Scale(domain=labels, range=values["sex_dashes"]), legend=None)
    shape = alt.Shape(sex_field, scale=alt.Scale(domain=labels, range=values["sex_shapes"]), legend=None)
    tooltip = [alt.Tooltip("label:N", title=sv.CHART_PERIOD_TITLE), alt.Tooltip(sex_field),
               alt.Tooltip(f"{sv.CHART_FIELD_VALUE}:N"), alt.Tooltip(f"{sv.CHART_FIELD_SOURCE}:N")]
    base = alt.Chart().encode(x=x, y=y, color=color, tooltip=tooltip)
    # Reported values are filled points, generated demo values hollow ones, so the difference shows in print too.
    # One stretch of line per run of consecutive periods (see SEGMENT_FIELD).
    line = base.mark_line(strokeWidth=2).encode(strokeDash=dash, detail=alt.Detail(f"{SEGMENT_FIELD}:N"))
    layers: list[alt.Chart] = [
        line,
        base.transform_filter("!datum.generated").mark_point(size=55, filled=True).encode(shape=shape),
        base.transform_filter("datum.generated").mark_point(size=55, filled=False, strokeWidth=1.5)
        .encode(shape=shape),
    ]
    for i in range(targets):  # the lowest of two or more levels labelled below its line, so close labels do not meet
        layers.extend(_target_layers(values[f"target{i}"], below=targets > 1 and i == targets - 1))
    return alt.layer(*layers, data=alt.Data(values=values["records"])).properties(
        width=WIDTH, height=INDICATOR_HEIGHT, title=values["title"])


def _target_levels(indicator: Indicator) -> list[tuple[str, float]]:
    """The target levels to draw: the total target, or else one per sex ('Mål kvinnor'). A full-year level that
    year-to-date sums are compared with pro rata says so ('Mål för helåret 125,6 mnkr'): drawn as is, the sums of
    the first months lie far below it even when they are over their share."""
    total = target_value(indicator.target, "T")
    if total is not None:
        annual = isinstance(indicator.target, LevelTarget) and indicator.target.annual
        return [(sv.TARGET_LABEL_ANNUAL if annual else sv.TARGET_LABEL, total)]
    levels = []
    for sex in WOMEN_AND_MEN:
        value = target_value(indicator.target, sex)
        if value is not None:
            levels.append((sv.TARGET_LABEL_SEX.format(sex=sv.sex_labels(indicator.children)[sex].lower()), value))
    return levels


def _target_layers(rows: Any, below: bool = False) -> list[alt.Chart]:
    """A dashed rule at a target level and its label ('Mål 70 %') at the right end, above the line or `below` it;
    `rows` holds value and text."""
    data = alt.Data(values=rows)
    rule = alt.Chart(data).mark_rule(color="#555555", strokeDash=[4, 4], strokeWidth=1.5).encode(
        y="value:Q", tooltip=[alt.Tooltip("text:N", title=sv.CHART_TARGET_TITLE)])
    label = alt.Chart(data).mark_text(align="right", baseline="top" if below else "bottom", dx=-2,
                                      dy=2 if below else -2, color="#333333",
                                      fontSize=11).encode(y="value:Q", x=alt.value(WIDTH), text="text:N")
    return [rule, label]


def units_chart(values: pd.DataFrame, indicator: Indicator, highlight: str, reference: float | None = None,
                reference_label: str = sv.NATIONAL_REFERENCE) -> alt.LayerChart | alt.FacetChart:
    """One bar per unit (clinic, region), the report's unit highlighted, the national value as a rule.

    `values` has columns unit, name, value.

    >>> falls = build_deep_dive("data", "rn-ls1", "fallskador")
    >>> units_chart(falls.comparison, falls.indicator, "rn-ls1").to_dict()["layer"][0]["mark"]["type"]
    'bar'
    """
    frame = values.copy()
    frame[sv.CHART_FIELD_UNIT] = frame["name"]
    frame[sv.CHART_FIELD_VALUE] = [fmt_value(v, indicator.unit) for v in frame["value"]]
    frame[sv.CHART_FIELD_HIGHLIGHT] = [sv.UNITS_HIGHLIGHTED if u == highlight else sv.UNITS_OTHERS
                                       for u in frame["unit"]]
    descending = indicator.direction.value != "lower"
    sort = alt.EncodingSortField("value", order="descending" if descending else "ascending")
    bars = alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{sv.CHART_FIELD_UNIT}:N", sort=sort, title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("value:Q", title=_unit_title(indicator)),
        color=alt.Color(f"{sv.CHART_FIELD_HIGHLIGHT}:N",
                        scale=alt.Scale(domain=[sv.UNITS_HIGHLIGHTED, sv.UNITS_OTHERS], range=[BLUE, MUTED_GREYS[0]]),
                        legend=alt.Legend(orient="bottom", title=None)),
        tooltip=[alt.Tooltip(f"{sv.CHART_FIELD_UNIT}:N"), alt.Tooltip(f"{sv.CHART_FIELD_VALUE}:N")],
    )
    layers: list[alt.Chart] = [bars]
    if reference is not None:
        ref = pd.DataFrame({"value": [reference],
                            "text": [f"{reference_label} {fmt_value(reference, indicator.unit)}"]})
        layers.append(alt.Chart(ref).mark_rule(color="#222222", strokeDash=[4, 3], strokeWidth=1.5)
                      .encode(x="value:Q", tooltip=[alt.Tooltip("text:N", title=sv.CHART_REFERENCE_TITLE)]))
        layers.append(alt.Chart(ref).mark_text(align="left", dx=3, dy=-4, baseline="bottom", fontSize=11)
                      .encode(x="value:Q", y=alt.value(0), text="text:N"))
    return alt.layer(*layers).properties(width=WIDTH - 120, height=max(80, 18 * len(frame)),
                                         title=_wrap(indicator.name))


def year_over_year_chart(indicator: Indicator, tertials: pd.DataFrame) -> alt.LayerChart | alt.FacetChart:
    """Year-to-date totals by tertial, one line per year: sums that restart every January read as a saw-tooth
    on a single time axis, but compare at a glance when the years lie on top of each other.

    `tertials` has columns period ('2022-T1'), sex, value, generated; only the total (T) is drawn.
    """
    total = tertials[tertials["sex"] == "T"]
    years = sorted({key[:4] for key in total["period"]})
    records = [{"tertial": f"T{key[-1]}", sv.CHART_FIELD_YEAR: key[:4], "value": value,
                sv.CHART_FIELD_VALUE: fmt_value(value, indicator.unit), sv.CHART_FIELD_SOURCE: _source(generated)}
               for key, value, generated in zip(total["period"], total["value"], total["generated"],
                                                     strict=True)]
    shades = [*MUTED_GREYS, BLUE][-len(years):] if len(years) <= 4 else None
    color = alt.Color(f"{sv.CHART_FIELD_YEAR}:O",
                      scale=alt.Scale(domain=years, range=shades) if shades else alt.Undefined,
                      legend=alt.Legend(orient="bottom", title=None))
    base = alt.Chart(alt.Data(values=records)).encode(
        x=alt.X("tertial:O", sort=["T1", "T2", "T3"], scale=alt.Scale(domain=["T1", "T2", "T3"]), title=None,
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=_unit_title(indicator)),
        color=color,
        tooltip=[alt.Tooltip(f"{sv.CHART_FIELD_YEAR}:O", title=sv.CHART_YEAR_TITLE),
                 alt.Tooltip("tertial:N", title=sv.CHART_TERTIAL_TITLE),
                 alt.Tooltip(f"{sv.CHART_FIELD_VALUE}:N"), alt.Tooltip(f"{sv.CHART_FIELD_SOURCE}:N")])
    return alt.layer(base.mark_line(strokeWidth=2), base.mark_point(size=55, filled=True)).properties(
        width=WIDTH, height=HEIGHT, title=_wrap(indicator.name))


def _source(generated: bool) -> str:
    """Where a value comes from, for the tooltip: a reported outcome or generated demo data."""
    return sv.CHART_SOURCE_GENERATED if generated else sv.CHART_SOURCE_REPORTED


def _unit_title(indicator: Indicator) -> str:
    """The unit, and for a median or percentile what the plotted figure is: 'Dagar (medelvärde av månadsmedianer)'."""
    title = sv.UNIT_AXIS_TITLES.get(indicator.unit, indicator.unit.capitalize())
    if indicator.aggregation.is_quantile:
        title += f" ({sv.quantile_how(indicator.quantile_label, indicator.combine_months)})"
    return title


def _wrap(text: str, width: int = 70) -> list[str] | str:
    """Split a long title into lines of at most `width` characters (Vega-Lite accepts a list of lines)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines if len(lines) > 1 else text
