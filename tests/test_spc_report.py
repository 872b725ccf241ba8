"""The styrdiagram in the reports: the verdict column of the indicator tables and the deep dive's chart, text and
signals, for the demo organisation with monthly values (rvb-hsn). Limits are worked out with plain pandas from the
outcome file: women's and men's numerators and denominators pooled per month."""
from __future__ import annotations

from unittest import mock

import pandas as pd
import pytest

import malrapport as mr
from checkout import DATA
from malrapport.present import display, tables
from malrapport.present.spc_chart import spc_chart


def plain_monthly_share(indicator: str, first: str, last: str) -> pd.Series:
    """The monthly share of the total from the outcome file: (num K + num M) / (den K + den M) × 100."""
    rows = pd.read_csv(DATA / "rvb-hsn" / "outcomes" / "generated.csv", sep=";", dtype={"period": str})
    rows = rows[(rows["unit"] == "rvb-hsn") & (rows["indicator"] == indicator)]
    rows = rows[(rows["period"] >= first) & (rows["period"] <= last)]
    pooled = rows.groupby("period")[["numerator", "denominator"]].sum()
    return (pooled["numerator"] / pooled["denominator"] * 100).sort_index()


@pytest.fixture(scope="module")
def report() -> mr.Report:
    return mr.build_report(DATA, "rvb-hsn", "2024-T1")


def test_the_report_holds_a_styrdiagram_per_indicator_with_monthly_values(report: mr.Report) -> None:
    # Per april 2024: the months of 2022, 2023 and January–April 2024, 28 of them.
    values = plain_monthly_share("vhu-genomforda", "2022-01", "2024-04")
    assert len(values) == 28
    ranges = values.diff().abs().dropna()
    chart = report.spc["vhu-genomforda"]
    assert chart.points["key"].tolist() == values.index.tolist()
    assert chart.mean == pytest.approx(values.mean())
    assert chart.upper == pytest.approx(values.mean() + 2.66 * ranges.mean())
    assert chart.lower == pytest.approx(values.mean() - 2.66 * ranges.mean())
    assert chart.target == 60.0
    # The target 60 % lies above the upper limit: higher is better, so it is not met without a change.
    assert values.mean() + 2.66 * ranges.mean() < 60
    assert chart.assurance == "fail"
    # A yearly survey written as its December has no monthly values, hence no chart.
    assert "hme-medarbetare" not in report.spc


def test_sums_get_no_assurance_since_a_month_is_no_year_to_date_sum(report: mr.Report) -> None:
    chart = report.spc["fallskador-inlaggningar"]      # antal, summa, "Minska"
    assert chart.target is None and chart.assurance is None
    assert chart.variation in {"improvement", "concern", "common"}


def test_the_indicator_table_shows_the_verdicts_in_a_variation_column(report: mr.Report) -> None:
    indicators = [report.plan.indicator("vhu-genomforda"), report.plan.indicator("hme-medarbetare")]
    table = tables.indicator_table(indicators, dict(report.results), "Indikator", report.spc)
    assert table.headers[-2:] == ("Variation", "Följs upp")
    column = table.headers.index("Variation")
    chart = report.spc["vhu-genomforda"]
    word = {"improvement": "förbättring", "concern": "försämring", "common": "vanlig variation"}[chart.variation]
    vhu = table.rows[0][column]
    assert vhu.text.endswith(word) and vhu.text[0] in "⊕⊖∿"
    assert vhu.note == "mål: ✗ uppnås inte utan förändring"
    assert table.rows[1][column].text == "–"          # the survey: no monthly values
    markdown = tables.to_markdown(table)
    assert "| Variation |" in markdown and "uppnås inte utan förändring" in markdown


def test_a_report_without_monthly_values_has_no_variation_column() -> None:
    report = mr.build_report(DATA, "rn-ls1", "2022-T1")        # tertial figures only (seed 002)
    assert dict(report.spc) == {}
    table = tables.indicator_table(list(report.plan.indicators()), dict(report.results), "Styrmått", report.spc)
    assert "Variation" not in table.headers


def test_the_deep_dive_shows_the_chart_the_verdict_in_words_and_the_signals() -> None:
    deep = mr.build_deep_dive(DATA, "rvb-hsn", "vhu-genomforda", "2024-T1")
    published: list[dict] = []
    with mock.patch.object(display, "publish", published.append):
        mr.indicator_view.show_spc(deep)
    texts = [b.get("text/markdown") or b.get("text/plain", "") for b in published]
    assert texts[0].startswith("## Variation månad för månad (styrdiagram)")
    chart = next(b for b in published if "image/svg+xml" in b)
    assert "Senaste månaden:" in chart["text/plain"] and "uppnås inte utan förändring" in chart["text/plain"]
    sentence = next(t for t in texts if t.startswith("Styrdiagrammet bygger på"))
    assert sentence.startswith("Styrdiagrammet bygger på 28 månader (jan 2022–apr 2024).")
    assert "Målvärdet 60\xa0% uppnås inte utan förändring" in sentence
    signals = next(t for t in texts if t.startswith("| Månader |"))
    assert "minst sju i rad på samma sida om medelvärdet" in signals


def test_the_deep_dive_says_why_there_is_no_chart() -> None:
    published: list[dict] = []
    with mock.patch.object(display, "publish", published.append):
        mr.indicator_view.show_spc(mr.build_deep_dive(DATA, "rn-ls1", "fallskador"))
    assert "inga månadsvärden" in published[-1]["text/markdown"]


def test_the_spc_chart_tells_classes_by_shape_and_word_and_draws_limits_and_target() -> None:
    deep = mr.build_deep_dive(DATA, "rvb-hsn", "vhu-genomforda", "2024-T1")
    spec = spc_chart(deep.spc, deep.indicator).to_dict(validate=True)
    points = [layer for layer in spec["layer"] if layer["mark"]["type"] == "point"]
    shape_scale = points[0]["encoding"]["shape"]["scale"]
    assert len(set(shape_scale["range"])) == len(shape_scale["range"])            # one shape per class
    assert all(label == "vanlig variation" or label.startswith("särskild orsak: ") for label in shape_scale["domain"])
    assert {p["mark"]["filled"] for p in points} == {True, False}                  # reported and generated
    lines = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    texts = [row["text"] for row in lines["data"]["values"]]
    assert [t.split(" ")[0] for t in texts] == ["Övre", "Medelvärde", "Nedre", "Mål"]
    assert texts[-1] == "Mål 60\xa0%"


def test_the_method_section_explains_every_rule_and_verdict_with_the_reports_own_words() -> None:
    """'Så här görs bedömningarna' in the report notebook: the limits, the run length, and each verdict with the
    symbol and word the tables use (taken from sv, so that the two cannot drift apart)."""
    from malrapport import sv

    method = sv.method_text(("Delmål", "Delmål"), ("Indikator", "Indikatorer"), spc=True)
    assert "styrdiagram" not in sv.method_text(("Delmål", "Delmål"), ("Indikator", "Indikatorer"))
    assert "± 2,66 gånger den genomsnittliga skillnaden" in method and "minst sju månader i rad" in method
    assert "två av tre månader i rad" in method and "färre än 12 månader" in method
    for key in ("improvement", "concern", "common"):
        assert f"{sv.SPC_VARIATION_SYMBOLS[key]} *{sv.SPC_VARIATION_LABELS[key]}*" in method, key
    for key, label in sv.SPC_ASSURANCE_LABELS.items():
        assert sv.SPC_ASSURANCE_SYMBOLS[key] in method and label.split()[0] in method, key


def test_the_figures_carry_the_verdicts_for_the_total(report: mr.Report) -> None:
    rows = [r for r in mr.figures(report)["indicators"] if r["indicator"] == "vhu-genomforda"]
    by_sex = {r["sex"]: r for r in rows}
    assert by_sex["T"]["assurance"] == "fail"            # the target 60 % above the upper limit (see above)
    assert by_sex["T"]["variation"] in {"improvement", "concern", "common"}
    assert by_sex["K"]["variation"] is None and by_sex["M"]["assurance"] is None
    survey = next(r for r in mr.figures(report)["indicators"] if r["indicator"] == "hme-medarbetare")
    assert survey["variation"] is None


def test_a_short_series_is_shown_as_too_few_months_without_a_verdict() -> None:
    cell = tables.spc_cell(mr.xmr([50, 52, 51, 53, 49], direction="higher", target=50))
    assert (cell.text, cell.note) == ("– för få månader", "5 mån")
    assert tables.spc_cell(None).text == "–"
