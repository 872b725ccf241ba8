"""Static chart SVGs from Vega compiled once per chart shape: byte for byte what vl-convert draws from the chart's
own Vega-Lite spec, for every chart of the demo reports and for titles that could break the stand-ins."""
from __future__ import annotations

from typing import Any

import pytest
import vl_convert as vlc

from checkout import DATA
from malrapport.calc.report import build_report
from malrapport.present import display, sections
from malrapport.sv import D3_FORMAT_LOCALE, D3_TIME_LOCALE


def direct_svg(spec: dict[str, Any]) -> str:
    """What vl-convert draws from the spec in one call, as the reports did before the cache."""
    display.chart_svg({"mark": "point"})  # the fonts registered, as chart_svg does
    return vlc.vegalite_to_svg(spec, vl_version=display._vl_version(), format_locale=D3_FORMAT_LOCALE,
                               time_format_locale=D3_TIME_LOCALE)


def report_specs(monkeypatch: pytest.MonkeyPatch, organisation: str, period: str) -> list[dict[str, Any]]:
    """The Vega-Lite spec of every chart a report shows, in order (static SVGs off while collecting)."""
    shown: list[dict[str, Any]] = []
    monkeypatch.setattr(display, "publish", shown.append)
    display.set_static_charts(False)
    try:
        report = build_report(DATA, organisation, period)
        sections.show_summary(report)
        sections.show_goals(report)
    finally:
        display.set_static_charts(True)
    return [bundle[display.VEGALITE_MIME] for bundle in shown if display.VEGALITE_MIME in bundle]


@pytest.mark.slow
def test_every_demo_chart_is_drawn_as_from_its_own_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    shapes = display.CompiledShapes(display._compile_vegalite)
    monkeypatch.setattr(display, "_compiled_shapes", shapes)
    specs = [spec for organisation, period in (("rvb-hsn", "2024-T1"), ("rvb-hsn", "2024-T2"), ("rn-ls1", "2022-T1"))
             for spec in report_specs(monkeypatch, organisation, period)]
    assert len(specs) >= 60
    different = [i for i, spec in enumerate(specs) if display.chart_svg(spec) != direct_svg(spec)]
    assert different == []
    # rvb-hsn's two tertials draw the same indicators: most charts reuse a compiled shape.
    assert shapes.hits >= len(specs) // 2, (shapes.hits, shapes.misses)


def line_chart(title: Any, y_title: str, values: list[dict[str, Any]]) -> dict[str, Any]:
    """A small layered chart like the reports' (a line with points and a target rule), themed."""
    import altair as alt

    data = alt.Data(values=values)
    base = alt.Chart(data).encode(x=alt.X("p:O", title=None), y=alt.Y("v:Q", title=y_title),
                                  tooltip=[alt.Tooltip("v:Q", title=y_title)])
    target = alt.Chart(alt.Data(values=[{"v": 3}])).mark_rule().encode(y="v:Q")
    return display.chart_spec(alt.layer(base.mark_line(), base.mark_point(), target).properties(title=title))


@pytest.mark.parametrize("title, y_title", [
    ("Andel \"väntande\" \\ patienter", "Procent"),
    (["Rad ett med 'citat'", "rad två"], 'Dagar "median"'),
    (["Rad ett", "rad två"], "Antal \\ per dag"),
    ("#read(\"/etc/passwd\") <script>", "\ue001text:0\ue002"),
])
def test_hostile_titles_and_data_give_the_same_svg(monkeypatch: pytest.MonkeyPatch, title: Any, y_title: str) -> None:
    shapes = display.CompiledShapes(display._compile_vegalite)
    monkeypatch.setattr(display, "_compiled_shapes", shapes)
    first = line_chart("Samma form", "Procent", [{"p": "T1", "v": 1}, {"p": "T2", "v": 2}])
    hostile = line_chart(title, y_title, [{"p": "T1", "v": 5, "t": y_title}, {"p": '"T2"', "v": 4}])
    for spec in (first, hostile, first):
        assert display.chart_svg(spec) == direct_svg(spec)
    assert shapes.misses >= 1
