"""The report's charts: valid Vega-Lite (validation is skipped at render time, so it is checked here),
status and sex told by more than colour, targets drawn in, generated values marked."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from checkout import DATA
from malrapport.calc.report import build_report, history_periods
from malrapport.model import PerSexTarget, Status
from malrapport.present import charts


@pytest.fixture(scope="module")
def report():
    return build_report(DATA, "rn-ls1", "2022-T1")


def layers_of(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def test_overview_chart_is_valid_and_its_legend_has_symbol_and_word(report) -> None:
    spec = charts.overview_chart(report.summary, report.plan).to_dict(validate=True)
    domain = layers_of(spec)[0]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["○ uppnås inte", "◐ delvis", "● uppnås", "? ej bedömt"]
    goals = {row["goal"] for row in spec["datasets"][spec["data"]["name"]]} if "datasets" in spec else set()
    assert goals <= {root.name for root in report.plan.roots}


def test_indicator_chart_draws_women_and_men_apart_and_the_target(report) -> None:
    indicator = report.plan.indicator("vant-90-besok")
    periods = [p.short_label for p in history_periods(report.period)]
    spec = charts.indicator_chart(indicator, report.indicator_history(indicator.id), periods).to_dict(validate=True)
    layers = layers_of(spec)
    line = layers[0]
    assert line["encoding"]["strokeDash"]["scale"]["domain"] == ["Totalt", "Kvinnor", "Män"]
    dashes = line["encoding"]["strokeDash"]["scale"]["range"]
    assert len({json.dumps(d) for d in dashes}) == 3, "each sex has its own dash pattern"
    texts = [v["text"] for layer in layers if isinstance(layer.get("data"), dict)
             for v in layer["data"].get("values", []) if "text" in v]
    assert "Mål 100\u00a0%" in texts
    values = spec["data"]["values"]
    real = [v for v in values if v["label"] == "T1 2022" and v["Kön"] == "Kvinnor"]
    assert real and real[0]["value"] == 45.0 and real[0]["Värde"] == "45\u00a0%" and not real[0]["generated"]


@pytest.mark.parametrize("indicator_id", ["vant-90-besok", "per-sex", "no-target", "total-only", "fallskador"])
def test_the_template_spec_equals_the_altair_chart_with_the_theme(report, indicator_id: str) -> None:
    """The report draws indicator charts from a template; it must give exactly what Altair builds."""
    from malrapport.model import target_value
    from malrapport.present.display import chart_spec

    indicators = list(report.plan.indicators())
    pick = {
        "vant-90-besok": lambda i: i.id == "vant-90-besok",
        "per-sex": lambda i: isinstance(i.target, PerSexTarget),
        "no-target": lambda i: all(target_value(i.target, sex) is None for sex in "TKM"),
        "total-only": lambda i: set(report.indicator_history(i.id)["sex"]) == {"T"},
        "fallskador": lambda i: i.id == "fallskador",
    }[indicator_id]
    indicator = next(i for i in indicators if pick(i))
    history = report.indicator_history(indicator.id)
    periods = [p.short_label for p in history_periods(report.period)]
    expected = chart_spec(charts.indicator_chart(indicator, history, periods))
    spec = charts.indicator_chart_spec(indicator, history, periods)
    assert json.dumps(spec, sort_keys=True) == json.dumps(expected, sort_keys=True)
    assert "\ue000" not in json.dumps(spec), "no template marker is left"
    charts.indicator_chart(indicator, history, periods).to_dict(validate=True)


def segments(spec: dict, series: str) -> dict[str, str]:
    """The stretch of line each period of one series is drawn in (period label → segment)."""
    values = spec["data"]["values"] if "data" in spec else layers_of(spec)[0]["data"]["values"]
    return {v["label"]: v["segment"] for v in values if v["Kön"] == series}


def test_year_to_date_sums_by_tertial_are_drawn_one_year_at_a_time(report) -> None:
    """Sums that restart every January would read as a fall at each T1 on one continuous line."""
    indicator = report.plan.indicator("fallskador")
    assert charts.restarts_each_year(indicator)
    history = report.indicator_history(indicator.id)
    periods = [p.short_label for p in history_periods(report.period)]
    spec = charts.indicator_chart(indicator, history, periods).to_dict(validate=True)
    line = layers_of(spec)[0]
    assert line["mark"]["type"] == "line" and line["encoding"]["detail"]["field"] == "segment"
    total = segments(spec, "Totalt")
    assert total["T3 2021"] != total["T1 2022"] and total["T2 2021"] == total["T3 2021"]

    share = report.plan.indicator("vant-90-besok")
    share_history = report.indicator_history(share.id)
    share_spec = charts.indicator_chart(share, share_history, periods).to_dict(validate=True)
    shown = segments(share_spec, "Totalt")
    assert shown["T3 2021"] == shown["T1 2022"], "other measures run on across the years"

    whole_years = pd.DataFrame({"period": ["2020", "2021"], "label": ["2020", "2021"], "order": [0, 1],
                                "sex": ["T", "T"], "value": [310.0, 290.0], "generated": [False, False]})
    yearly = charts.indicator_chart(indicator, whole_years, ["2020", "2021"]).to_dict(validate=True)
    assert len(set(segments(yearly, "Totalt").values())) == 1, "full-year totals are one line"


def test_the_line_is_broken_where_periods_have_no_value(report) -> None:
    """rn's structured suicide assessment (data/rn-ls1/outcomes): generated T1–T3 2020, then seed 002's whole year
    2021 (drawn at T3 2021) and T1 2022. T1 and T2 2021 have no value: the line must not bridge them."""
    indicator = report.plan.indicator("suicidbedomning")
    periods = [p.short_label for p in history_periods(report.period)]
    spec = charts.indicator_chart(indicator, report.indicator_history(indicator.id), periods).to_dict(validate=True)
    for series in ("Totalt", "Kvinnor", "Män"):
        drawn = segments(spec, series)
        assert "T1 2021" not in drawn and "T2 2021" not in drawn
        assert drawn["T1 2020"] == drawn["T2 2020"] == drawn["T3 2020"]
        assert drawn["T3 2021"] == drawn["T1 2022"] != drawn["T3 2020"]


def test_generated_values_are_hollow_points_and_reported_ones_filled(report) -> None:
    indicator = report.plan.indicator("vant-90-besok")
    history = report.indicator_history(indicator.id)
    assert history["generated"].any() and (~history["generated"]).any()
    spec = charts.indicator_chart(indicator, history, sorted(set(history["label"]))).to_dict(validate=True)
    points = [layer for layer in layers_of(spec) if layer.get("mark", {}).get("type") == "point"]
    assert {p["mark"]["filled"] for p in points} == {True, False}
    assert {p["transform"][0]["filter"] for p in points} == {"!datum.generated", "datum.generated"}


def test_per_sex_target_draws_one_rule_per_sex(report) -> None:
    indicator = next(i for i in report.plan.indicators() if isinstance(i.target, PerSexTarget))
    history = report.indicator_history(indicator.id)
    spec = charts.indicator_chart(indicator, history, sorted(set(history["label"]))).to_dict(validate=True)
    texts = sorted({v["text"] for layer in layers_of(spec) if isinstance(layer.get("data"), dict)
                   for v in layer["data"].get("values", []) if "text" in v and v["text"].startswith("Mål")})
    assert texts == ["Mål kvinnor 16\u00a0%", "Mål män 17,2\u00a0%"]


def test_units_chart_highlights_the_report_unit_and_draws_the_reference() -> None:
    from malrapport.model import Indicator

    indicator = Indicator(id="x", name="Andel", unit="procent")
    values = pd.DataFrame({"unit": ["a", "b", "c"], "name": ["A", "B", "C"], "value": [50.0, 60.0, 55.0]})
    spec = charts.units_chart(values, indicator, "b", reference=57.5).to_dict(validate=True)
    bars = spec["layer"][0]
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Rapportens enhet", "Övriga"]
    rows = spec["datasets"][bars["data"]["name"]] if "datasets" in spec else bars["data"]["values"]
    assert [r["markerad"] for r in rows if r["unit"] == "b"] == ["Rapportens enhet"]
    assert any("Riket 57,5\u00a0%" in json.dumps(layer, ensure_ascii=False) for layer in spec["layer"][1:]) \
        or "Riket 57,5" in json.dumps(spec, ensure_ascii=False)


def test_status_colours_differ_for_every_status_in_the_overview() -> None:
    from malrapport.present.palette import STATUS_COLORS

    shown = [STATUS_COLORS[s] for s in charts.OVERVIEW_STATUSES]
    assert len(set(shown)) == len(shown)
    assert Status.MET in charts.OVERVIEW_STATUSES


def test_activities_and_one_or_two_points_get_no_chart(report) -> None:
    # Two points are the table's value and its "fg år": a line over them says nothing more (issue 11 point 2).
    from malrapport.model import Indicator

    one_period = pd.DataFrame({"period": ["2022-T1"], "label": ["T1 2022"], "order": [0], "sex": ["T"],
                               "value": [1.0], "generated": [False]})
    two_periods = pd.concat([one_period, one_period.assign(period="2021-T1", label="T1 2021")])
    three_periods = pd.concat([two_periods, one_period.assign(period="2020-T1", label="T1 2020")])
    assert not charts.worth_a_chart(Indicator(id="a", name="Aktivitet", unit="aktivitet"), three_periods)
    assert not charts.worth_a_chart(Indicator(id="b", name="Antal", unit="antal"), one_period)
    assert not charts.worth_a_chart(Indicator(id="b", name="Antal", unit="antal"), two_periods)
    assert charts.worth_a_chart(Indicator(id="b", name="Antal", unit="antal"), three_periods)


def test_year_to_date_sums_are_drawn_one_line_per_year_over_the_tertials() -> None:
    from malrapport.model import Aggregation, Indicator

    indicator = Indicator(id="fall", name="Fallskador", unit="antal", aggregation=Aggregation.SUM)
    tertials = pd.DataFrame({
        "period": ["2021-T1", "2021-T2", "2021-T3", "2022-T1", "2022-T1"],
        "sex": ["T", "T", "T", "T", "K"], "value": [68.0, 130.0, 215.0, 90.0, 50.0],
        "generated": [False, True, True, False, False]})
    spec = charts.year_over_year_chart(indicator, tertials).to_dict(validate=True)
    line = spec["layer"][0]
    assert line["encoding"]["x"]["scale"]["domain"] == ["T1", "T2", "T3"]
    assert line["encoding"]["color"]["scale"]["domain"] == ["2021", "2022"]
    values = spec["layer"][0]["data"]["values"] if "data" in spec["layer"][0] else spec["data"]["values"]
    assert [(v["år"], v["tertial"], v["value"]) for v in values] == [
        ("2021", "T1", 68.0), ("2021", "T2", 130.0), ("2021", "T3", 215.0), ("2022", "T1", 90.0)]
