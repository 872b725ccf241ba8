"""The styrdiagram (XmR chart) of an indicator: monthly values, mean, process limits and target, special causes.

Never colour alone: a month's class (common variation, special cause for the better or worse, or higher/lower
without direction) is told by the point's shape as well as its colour, and by the legend's words; the lines are
labelled at their right end. Reported months are filled points, generated demo months hollow ones, as in the
report's other charts.
"""
from __future__ import annotations

from typing import Any

import altair as alt

from .. import sv
from ..calc.spc import RULES, SpcResult
from ..model import Direction, Indicator
from ..sv import fmt_value
from .charts import HEIGHT, WIDTH
from .palette import MUTED_GREYS

CLASS_COLORS = {"common": "#888888", "improvement": "#0072B2", "concern": "#D55E00", "high": "#CC79A7",
                "low": "#CC79A7"}
CLASS_SHAPES = {"common": "circle", "improvement": "square", "concern": "triangle-up", "high": "diamond",
                "low": "diamond"}


def point_class(side: int, direction: Direction) -> str:
    """A month's class from the side of its special cause: 'common', 'improvement', 'concern', 'high' or 'low'."""
    if side == 0:
        return "common"
    if direction is Direction.NONE:
        return "high" if side > 0 else "low"
    return "improvement" if (side > 0) == (direction is Direction.HIGHER) else "concern"


def class_label(name: str) -> str:
    """The legend's words for a class: 'vanlig variation', 'särskild orsak: förbättring'."""
    if name == "common":
        return sv.SPC_COMMON_POINT
    return sv.SPC_SPECIAL_POINT.format(verdict=sv.SPC_VARIATION_LABELS[name])


def verdict_text(result: SpcResult) -> str:
    """'∿ vanlig variation · mål: ⇅ varierar': the verdicts with their symbols, for titles and tables."""
    text = f"{sv.SPC_VARIATION_SYMBOLS[result.variation]} {sv.SPC_VARIATION_LABELS[result.variation]}"
    if result.assurance is not None:
        text += " · " + sv.SPC_TARGET_NOTE.format(symbol=sv.SPC_ASSURANCE_SYMBOLS[result.assurance],
                                                  label=sv.SPC_ASSURANCE_LABELS[result.assurance])
    return text


def rules_text(point: Any) -> str:
    """The rules that flag one month, in words ('utanför styrgränserna; minst sju i rad …')."""
    return "; ".join(sv.SPC_RULE_LABELS[rule] for rule in RULES if bool(getattr(point, rule)))


def _records(result: SpcResult, indicator: Indicator) -> list[dict[str, Any]]:
    points = result.points
    labels = points["label"] if "label" in points.columns else points["key"]
    generated = points["generated"] if "generated" in points.columns else [False] * len(points)
    records = []
    for point, label, made_up in zip(points.itertuples(), labels, generated, strict=True):
        name = point_class(int(point.side), result.direction)
        records.append({
            "label": str(label), "value": float(point.value), "generated": bool(made_up),
            "class": class_label(name), sv.SPC_FIELD_MONTH: str(label),
            sv.CHART_FIELD_VALUE: fmt_value(float(point.value), indicator.unit),
            sv.SPC_FIELD_SIGNAL: rules_text(point) or sv.SPC_COMMON_POINT,
            sv.CHART_FIELD_SOURCE: sv.CHART_SOURCE_GENERATED if made_up else sv.CHART_SOURCE_REPORTED,
        })
    return records


def _lines(result: SpcResult, indicator: Indicator) -> list[dict[str, Any]]:
    lines = [(sv.SPC_UPPER_LABEL, result.upper, [5, 3]), (sv.SPC_MEAN_LABEL, result.mean, [1, 0]),
             (sv.SPC_LOWER_LABEL, result.lower, [5, 3])]
    if result.target is not None:
        lines.append((sv.TARGET_LABEL, result.target, [2, 2]))
    return [{"value": value, "dash": dash, "text": f"{name} {fmt_value(value, indicator.unit)}"}
            for name, value, dash in lines]


def spc_chart(result: SpcResult, indicator: Indicator) -> alt.LayerChart | alt.FacetChart:
    """The styrdiagram of `result` (from `calc.spc.xmr`, with `label` and `generated` columns when known).

    >>> deep = build_deep_dive("data", "rvb-hsn", "bhv-hembesok")
    >>> [layer["mark"]["type"] for layer in spc_chart(deep.spc, deep.indicator).to_dict()["layer"]][:3]
    ['rule', 'text', 'line']
    """
    records = _records(result, indicator)
    order = [r["label"] for r in records]
    present = [c for c in ("common", "improvement", "concern", "high", "low")
               if class_label(c) in {r["class"] for r in records}]
    x = alt.X("label:O", sort=order, scale=alt.Scale(domain=order), title=None,
              axis=alt.Axis(labelAngle=-45, labelOverlap=True))
    y = alt.Y("value:Q", title=sv.UNIT_AXIS_TITLES.get(indicator.unit, indicator.unit.capitalize()),
              scale=alt.Scale(zero=False))
    classes = [class_label(c) for c in present]
    color = alt.Color("class:N", scale=alt.Scale(domain=classes, range=[CLASS_COLORS[c] for c in present]),
                      legend=alt.Legend(orient="bottom", title=None))
    shape = alt.Shape("class:N", scale=alt.Scale(domain=classes, range=[CLASS_SHAPES[c] for c in present]),
                      legend=alt.Legend(orient="bottom", title=None))
    tooltip = [alt.Tooltip(f"{sv.SPC_FIELD_MONTH}:N"), alt.Tooltip(f"{sv.CHART_FIELD_VALUE}:N"),
               alt.Tooltip(f"{sv.SPC_FIELD_SIGNAL}:N"), alt.Tooltip(f"{sv.CHART_FIELD_SOURCE}:N")]
    data = alt.Data(values=records)
    base = alt.Chart(data).encode(x=x, y=y)
    lines = alt.Data(values=_lines(result, indicator))
    rules = alt.Chart(lines).mark_rule(color="#444444", strokeWidth=1.2).encode(
        y="value:Q", strokeDash=alt.StrokeDash("dash:N", scale=None, legend=None),
        tooltip=[alt.Tooltip("text:N", title=sv.CHART_REFERENCE_TITLE)])
    labels = alt.Chart(lines).mark_text(align="left", baseline="middle", dx=4, fontSize=11, color="#333333").encode(
        y="value:Q", x=alt.value(WIDTH), text="text:N")
    layers = [
        rules, labels,
        base.mark_line(color=MUTED_GREYS[0], strokeWidth=1.5),
        base.transform_filter("!datum.generated").mark_point(size=60, filled=True, opacity=1)
        .encode(color=color, shape=shape, tooltip=tooltip),
        base.transform_filter("datum.generated").mark_point(size=60, filled=False, strokeWidth=1.6, opacity=1)
        .encode(color=color, shape=shape, tooltip=tooltip),
    ]
    # The verdict is part of the title, so that the figure's text for screen readers and PDF tags carries it too.
    title = [sv.SPC_CHART_TITLE, sv.SPC_VERDICT_LINE.format(verdict=verdict_text(result))]
    return alt.layer(*layers).properties(width=WIDTH, height=HEIGHT + 40, title=title)
