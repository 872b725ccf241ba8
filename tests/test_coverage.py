"""Coverage (issue 9, point 3): a figure is judged and compared only on enough of its window, and like with like.

Expected values come from the real files read with plain pandas, or from hand calculations written here.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import malrapport as mr
from malrapport import sv
from malrapport.calc.aggregate import observe
from malrapport.calc.status import evaluate
from malrapport.errors import ProblemCollector
from malrapport.inputs.outcomes import read_outcomes
from malrapport.inputs.records import generate_waiting_list
from malrapport.model import (
    Aggregation,
    Direction,
    Indicator,
    MinCoverage,
    Period,
    Status,
    parse_schedule,
    parse_target,
)

NAN = math.nan
NBSP = "\u00a0"
FK_FILE = "fk_sjukfall_f43_andel_region_ar_kon.csv"
SOS_FILE = "vantetider_bup_forstabesok_median_region_manad.csv"
T1 = Period.parse("2024-T1")
COLUMNS = ["unit", "indicator", "period", "sex", "value", "numerator", "denominator", "comment", "source", "months"]


def rows(*items: tuple) -> pd.DataFrame:
    """Rows as (period, sex, value[, months[, numerator, denominator]]) of unit 'u' and indicator 'x'."""
    records = []
    for item in items:
        period, sex, value, months, numerator, denominator = (*item, *("", NAN, NAN)[len(item) - 3:])
        records.append({"unit": "u", "indicator": "x", "period": period, "sex": sex, "value": float(value),
                        "numerator": float(numerator), "denominator": float(denominator), "comment": "",
                        "source": "test", "months": months})
    return pd.DataFrame(records, columns=COLUMNS)


def indicator(target: str = "", direction: str = "lower", unit: str = "procent", aggregation: str = "mean",
              window: str = "ytd", schedule: str = "DÅ04,08,ÅR", **fields) -> Indicator:  # type: ignore[no-untyped-def]
    return Indicator("x", "Test", unit, Direction(direction), parse_target(target, direction),
                     schedule=parse_schedule(schedule),
                     aggregation=Aggregation(aggregation), window=window, **fields)


# --- Försäkringskassan: 2026 is January–May --------------------------------------------------------------------

def test_fk_2026_is_five_months_and_gets_no_status_and_no_comparison(realdata: Path) -> None:
    """The real file's 2026 is the mean of five months: never judged nor compared as if it were a whole year."""
    raw = pd.read_csv(realdata / FK_FILE, dtype={"kolada_region_id": str})
    assert set(raw.loc[raw["year"] == 2026, "months_in_average"]) == {5}
    outcomes = mr.read_fk_yearly(realdata / FK_FILE, "x")
    assert set(outcomes.loc[outcomes["period"] == "2026", "months"]) == {"2026-01..2026-05"}
    assert set(outcomes.loc[outcomes["period"] == "2025", "months"]) == {"2025-01..2025-12"}
    level, fewer = indicator("Minska till 20 % eller lägre"), indicator("Minska")
    judged = 0
    for region_id, region_rows in outcomes.groupby("unit"):
        this_year = evaluate(level, region_rows, Period.parse("2026"))
        assert this_year.status is Status.NOT_ASSESSED, region_id
        assert this_year.reason == "5 av 12 månader rapporterade (jan–maj 2026) – ingen bedömning"
        total = this_year.sex("T")
        assert total is not None and total.previous is None and total.trend == "unknown"
        # With a minimum of five months the level is judged, but 'Minska' still has no January–May 2025 to compare.
        five = evaluate(indicator("Minska", min_coverage=MinCoverage(months=5)), region_rows, Period.parse("2026"))
        assert five.status is Status.NO_COMPARISON
        assert five.reason == ("jämförelsevärde för samma månader (jan–maj 2025) saknas; värdet för 2025 avser "
                               "andra månader")
        # 2025 and 2024 are both whole years: compared as before.
        by_year = raw[(raw["kolada_region_id"] == region_id) & (raw["sex"] == "T")].set_index("year")["value"]
        full = evaluate(fewer, region_rows, Period.parse("2025"))
        assert full.sex("T").previous == pytest.approx(by_year[2024])  # type: ignore[union-attr]
        assert full.status in (Status.MET, Status.PARTLY, Status.NOT_MET)
        judged += 1
    assert judged == 22


def test_fk_five_months_compare_with_the_same_five_months_when_given(realdata: Path) -> None:
    """A row for January–May 2025 (a hand-made figure) is the like-with-like comparison for January–May 2026."""
    outcomes = mr.read_fk_yearly(realdata / FK_FILE, "x")
    norrbotten = outcomes[(outcomes["unit"] == "0025") & (outcomes["sex"] == "T")]
    now = float(norrbotten.loc[norrbotten["period"] == "2026", "value"].iloc[0])
    earlier = pd.DataFrame([{**norrbotten.iloc[0].to_dict(), "period": "2025", "value": now + 1.0,
                             "months": "2025-01..2025-05"}])
    same_months = pd.concat([norrbotten[norrbotten["period"] == "2026"], earlier], ignore_index=True)
    result = evaluate(indicator("Minska", min_coverage=MinCoverage(months=5)), same_months, Period.parse("2026"))
    assert result.status is Status.MET  # one point lower than the same months a year earlier
    assert result.sex("T").previous == pytest.approx(now + 1.0)  # type: ignore[union-attr]


# --- Socialstyrelsen's monthly medians --------------------------------------------------------------------------

def sos_rows(realdata: Path, region_id: str) -> pd.DataFrame:
    frame = mr.read_sos_waiting_export(realdata / SOS_FILE, "x")
    return frame[frame["unit"] == region_id].assign(unit="u")


def sos_months(realdata: Path, name: str) -> pd.Series:
    """One region's row of the export as month key → value (NaN for 'N'), with plain pandas."""
    raw = pd.read_csv(realdata / SOS_FILE, sep=";", skiprows=[0], header=None, dtype=str, skipfooter=1,
                      engine="python")
    years, months = raw.iloc[0, 1:].tolist(), raw.iloc[1, 1:].tolist()
    names = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december"]
    keys = [f"{y}-{names.index(m.lower()) + 1:02d}" for y, m in zip(years, months, strict=True)]
    row = raw[raw[0] == name].iloc[0, 1:].tolist()
    return pd.Series([NAN if c == "N" else float(c.replace(",", ".")) for c in row], index=keys)


def test_a_may_to_august_median_is_not_judged_on_may_and_june_alone(realdata: Path) -> None:
    """The export ends in June 2026: the tertial May–August has two of its four months."""
    values = sos_months(realdata, "Stockholm")
    present = [k for k in ("2026-05", "2026-06", "2026-07", "2026-08") if k in values and not math.isnan(values[k])]
    assert present == ["2026-05", "2026-06"]
    wait = indicator("Minska till 30 dagar eller lägre", unit="dagar", aggregation="median", window="period",
                     combine_months="mean")
    result = evaluate(wait, sos_rows(realdata, "0001"), Period.parse("2026-T2"))
    assert result.status is Status.NOT_ASSESSED
    assert result.reason == "2 av 4 månader rapporterade (maj–jun 2026) – ingen bedömning"
    latest = evaluate(indicator("Minska till 30 dagar eller lägre", unit="dagar", aggregation="median",
                                window="period"), sos_rows(realdata, "0001"), Period.parse("2026-T2"))
    assert latest.status is Status.NOT_ASSESSED
    assert latest.reason == "värde för aug 2026 saknas (senaste är jun 2026) – ingen bedömning"


def test_a_rolling_year_is_not_judged_on_five_months(realdata: Path) -> None:
    """Norrbotten's 'N' from July 2025 to January 2026 leaves five of the twelve months to June 2026."""
    values = sos_months(realdata, "Norrbotten")
    count = int(values.notna().sum())
    assert count == 5
    rolling = indicator("Minska till 30 dagar eller lägre", unit="dagar", aggregation="mean", window="rolling12")
    result = evaluate(rolling, sos_rows(realdata, "0025"), Period.parse("2026-06"))
    assert result.status is Status.NOT_ASSESSED
    assert result.reason == f"{count} av 12 månader rapporterade (feb–jun 2026) – ingen bedömning"
    allowed = indicator("Minska till 30 dagar eller lägre", unit="dagar", aggregation="mean", window="rolling12",
                        min_coverage=MinCoverage(share=0.4))  # 40 % of 12 months: 4.8, so 5 months suffice
    assert evaluate(allowed, sos_rows(realdata, "0025"), Period.parse("2026-06")).status is Status.MET


def test_autumn_medians_latest_month_or_labelled_mean(realdata: Path) -> None:
    """T3 2025 (September–December): the plan chooses December's median or the labelled mean of four medians."""
    values = sos_months(realdata, "Stockholm")
    autumn = values[["2025-09", "2025-10", "2025-11", "2025-12"]]
    target = "Minska till 20 dagar eller lägre"
    latest = evaluate(indicator(target, unit="dagar", aggregation="median", window="period"),
                      sos_rows(realdata, "0001"), Period.parse("2025-T3"))
    assert latest.sex("T").value == autumn["2025-12"]  # type: ignore[union-attr]
    assert latest.reason.endswith("; median för dec 2025 (senaste månaden)")
    mean = evaluate(indicator(target, unit="dagar", aggregation="median", window="period", combine_months="mean"),
                    sos_rows(realdata, "0001"), Period.parse("2025-T3"))
    total = mean.sex("T")
    assert total is not None and total.value == pytest.approx(autumn.mean())
    assert total.note == "medelvärde av månadsmedianer"
    assert mean.reason.endswith("; medelvärde av månadsmedianer")
    blekinge = evaluate(indicator(target, unit="dagar", aggregation="median", window="period"),
                        sos_rows(realdata, "0010"), Period.parse("2025-T3"))
    assert blekinge.status is Status.NOT_ASSESSED  # 'N' in November and December
    assert blekinge.reason == "värde för dec 2025 saknas (senaste är okt 2025) – ingen bedömning"


def test_the_mean_of_medians_is_labelled_in_table_and_chart_axis() -> None:
    wait = Indicator("x", "Väntetid BUP", "dagar", Direction.LOWER, parse_target("Minska till 20 dagar eller lägre",
                     "lower"), aggregation=Aggregation.MEDIAN, window="period", combine_months="mean")
    data = rows(*[(f"2025-{m:02d}", "T", v) for m, v in zip(range(9, 13), [19, 21, 16, 19], strict=True)])
    result = evaluate(wait, data, Period.parse("2025-T3"))
    table = mr.indicator_table([wait], {"x": result}, "Indikator")
    assert table.rows[0][2].note == "medelvärde av månadsmedianer"
    history = pd.DataFrame({"period": ["2025-T2", "2025-T3"], "label": ["T2 2025", "T3 2025"], "order": [0, 1],
                            "sex": ["T", "T"], "value": [20.0, 18.75], "generated": [False, False]})
    spec = mr.indicator_chart(wait, history, ["T2 2025", "T3 2025"]).to_dict()
    assert "Dagar (medelvärde av månadsmedianer)" in str(spec)


# --- record-level data: the true median -------------------------------------------------------------------------

def test_true_median_of_a_tertial_from_records_is_preferred_to_monthly_medians() -> None:
    visits = generate_waiting_list(4000, ["A", "B"], ["2024-01..2024-08"], seed=7)
    assert isinstance(visits, pd.DataFrame)
    medians = mr.quantile_waited(visits, "x", ["2024-T1", "2024-T2"], window="ytd")
    p90 = mr.quantile_waited(visits, "x", ["2024-T2"], window="period", percentile=90)
    a = visits[visits["unit"] == "A"]
    month = a["date"].dt.month
    by_hand = {
        ("2024-T1", "T"): a.loc[month <= 4, "days_waited"].median(),
        ("2024-T2", "T"): a.loc[month <= 8, "days_waited"].median(),
        ("2024-T2", "K"): a.loc[(month <= 8) & (a["sex"] == "K"), "days_waited"].median(),
    }
    found = medians[medians["unit"] == "A"].set_index(["period", "sex"])
    for key, value in by_hand.items():
        assert found.loc[key, "value"] == pytest.approx(value), key
    assert found.loc[("2024-T2", "T"), "months"] == "2024-01..2024-08"
    assert found.loc[("2024-T2", "T"), "denominator"] == (month <= 8).sum()
    ninety = p90[(p90["unit"] == "A") & (p90["sex"] == "T")]["value"].iloc[0]
    assert ninety == pytest.approx(a.loc[(month >= 5) & (month <= 8), "days_waited"].quantile(0.9))
    # Monthly medians alongside: the tertial's own row wins, so the judged value is the true median.
    monthly = a.assign(period=a["date"].dt.strftime("%Y-%m")).groupby("period")["days_waited"].median()
    data = pd.concat([medians[medians["unit"] == "A"].assign(unit="u", comment=""),
                      rows(*[(p, "T", v) for p, v in monthly.items()])], ignore_index=True)
    wait = Indicator("x", "Väntetid", "dagar", Direction.LOWER, parse_target("Minska till 30 dagar eller lägre",
                     "lower"), aggregation=Aggregation.MEDIAN)
    result = evaluate(wait, data, Period.parse("2024-T2"))
    assert result.sex("T").value == pytest.approx(by_hand[("2024-T2", "T")])  # type: ignore[union-attr]
    assert result.sex("T").value != pytest.approx(monthly.iloc[:8].mean())  # type: ignore[union-attr]


# --- totals from women and men ----------------------------------------------------------------------------------

def test_a_total_from_women_and_men_uses_only_the_months_both_have() -> None:
    """Four months of women, three of men (April missing): T is pooled over January–March, by hand."""
    women = [(f"2024-{m:02d}", "K", NAN, "", n, d) for m, n, d in [(1, 8, 10), (2, 9, 10), (3, 7, 10), (4, 10, 10)]]
    men = [(f"2024-{m:02d}", "M", NAN, "", n, d) for m, n, d in [(1, 5, 10), (2, 6, 10), (3, 4, 10)]]
    share = indicator("70 %", direction="higher", aggregation="ratio", min_coverage=MinCoverage(months=3))
    found = observe(rows(*women, *men), share, Period.parse("2024-T1"), "T")
    assert found is not None and found.derived_total
    assert found.value == pytest.approx((8 + 9 + 7 + 5 + 6 + 4) / 60 * 100)  # not (34 + 15) / 70
    assert found.covered == ("2024-01", "2024-02", "2024-03")
    assert "de 3 månader både kvinnor och män har" in found.note
    strict = evaluate(indicator("70 %", direction="higher", aggregation="ratio"), rows(*women, *men), T1)
    assert strict.sex("T").status is Status.NOT_ASSESSED  # type: ignore[union-attr]
    assert strict.sex("K").status is Status.MET  # type: ignore[union-attr]


def test_women_and_men_give_the_status_when_a_ratio_has_no_total() -> None:
    """Shares for K and M without numerators: no total can be computed, so K met and M not met is 'delvis'."""
    data = rows(("2024-T1", "K", 75), ("2024-T1", "M", 60))
    result = evaluate(indicator("70 %", direction="higher", aggregation="ratio"), data, T1)
    assert result.sex("T").status is Status.NO_OUTCOME  # type: ignore[union-attr]
    assert result.status is Status.PARTLY
    assert result.reason == ("kvinnor: uppnås, män: uppnås inte; totalt saknas och kan inte beräknas, så bedömningen "
                             "bygger på kvinnor och män")
    both = evaluate(indicator("70 %", direction="higher", aggregation="ratio"),
                    rows(("2024-T1", "K", 75), ("2024-T1", "M", 71)), T1)
    assert both.status is Status.MET


# --- zero denominators ------------------------------------------------------------------------------------------

def test_no_patients_is_its_own_state_not_missing_data(tmp_path: Path) -> None:
    path = tmp_path / "utfall.csv"
    path.write_text("unit;indicator;period;sex;value;numerator;denominator\n"
                    "u;x;2024-01;T;;0;0\nu;x;2024-02;T;;0;0\nu;x;2024-03;T;;0;0\nu;x;2024-04;T;;0;0\n"
                    "u;x;2024-05;T;;3;0\n", encoding="utf-8")
    problems = ProblemCollector()
    frame = read_outcomes(path, problems)
    assert list(frame["period"]) == ["2024-01", "2024-02", "2024-03", "2024-04"]
    [problem] = problems.problems
    assert (problem.row, problem.key) == (6, "denominator") and "täljaren 3" in problem.message
    share = indicator("90 %", direction="higher", aggregation="ratio")
    result = evaluate(share, frame, T1)
    assert result.status is Status.NO_CASES
    assert result.reason == "inga patienter under perioden (nämnaren är noll); inget att bedöma"
    assert Status.NO_CASES.label == "inga patienter"
    table = mr.indicator_table([share], {"x": result}, "Indikator")
    assert (table.rows[0][2].text, table.rows[0][2].note) == ("–", "inga patienter")
    assert table.rows[0][table.headers.index("Status")].text == "∅ inga patienter"
    # One month with patients among months without: pooled as usual, 2 of 4 → 50 %.
    mixed = pd.concat([frame.iloc[:3], rows(("2024-04", "T", NAN, "", 2, 4))], ignore_index=True)
    assert evaluate(share, mixed, T1).sex("T").value == pytest.approx(50.0)  # type: ignore[union-attr]


# --- the outcome file's months column and the plan's min_coverage -----------------------------------------------

def test_the_months_column_is_read_canonically_and_faults_name_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "utfall.csv"
    path.write_text("unit;indicator;period;sex;value;månader\n"
                    "u;x;2026;T;24,2;1-5\nu;x;2026-T1;T;20;2025-11..2026-02\nu;x;2025;T;25;\n"
                    "u;x;2026;T;1;13\nu;x;2026-T1;T;1;2026-03..2026-06\nu;x;2026-T2;T;1;5-2\n", encoding="utf-8")
    problems = ProblemCollector()
    frame = read_outcomes(path, problems)
    assert frame["months"].tolist() == ["2026-01..2026-05", "2025-11..2026-02", ""]
    assert [(p.row, p.key) for p in problems.problems] == [(5, "months"), (6, "months"), (7, "months")]
    assert "utanför perioden 2026-T1" in problems.problems[1].message


def test_min_coverage_in_the_plan_is_read_and_checked(tmp_path: Path) -> None:
    plan = (Path(__file__).resolve().parents[1] / "data" / "rn-ls1" / "plan-2022.yaml").read_text(encoding="utf-8")
    good = plan.replace("aggregation: mean", "aggregation: mean\n                min_coverage: 3", 1)
    folder = tmp_path / "rn-ls1"
    folder.mkdir()
    (folder / "plan-2022.yaml").write_text(good, encoding="utf-8")
    loaded = mr.load_plan(folder / "plan-2022.yaml")
    assert any(i.min_coverage == MinCoverage(months=3) for i in loaded.indicators())
    bad = plan.replace("aggregation: mean", "aggregation: mean\n                min_coverage: många", 1)
    (folder / "plan-2022.yaml").write_text(bad, encoding="utf-8")
    [problem] = mr.run_check(folder / "plan-2022.yaml").problems
    assert "min_coverage 'många'" in problem.message and problem.key and problem.key.endswith("min_coverage")


def test_same_months_of_last_year_from_monthly_rows() -> None:
    """Three of four months this year (min_coverage 3) against the same three months last year, by hand."""
    this_year = [("2024-01", "T", 10), ("2024-02", "T", 12), ("2024-03", "T", 14)]
    last_year = [("2023-01", "T", 15), ("2023-02", "T", 15), ("2023-03", "T", 15), ("2023-04", "T", 3)]
    fewer = indicator("Minska", unit="dagar", min_coverage=MinCoverage(months=3))
    result = evaluate(fewer, rows(*this_year, *last_year), T1)
    assert result.sex("T").previous == pytest.approx(15.0)  # type: ignore[union-attr]  # not (15*3 + 3) / 4 = 12
    assert result.status is Status.MET
    assert result.reason.startswith(f"12{NBSP}dagar jämfört med 15{NBSP}dagar T1 2023")


def test_the_rules_are_written_in_the_method_section_and_the_readme() -> None:
    """The reader's method section quotes the reasons the library gives, word for word; the README states them."""
    root = Path(__file__).resolve().parents[1]
    method = " ".join(sv.method_text(("Delmål", "Delmål"), ("Indikator", "Indikatorer"), medians=True).split())
    assert f"”{sv.too_little_coverage_reason(3, 4, 4)}”" in method
    assert f"”{sv.mean_of_monthly_note(sv.MEDIAN_LABEL)}”" in method
    assert f"*{Status.NO_CASES.label.capitalize()}* ({Status.NO_CASES.symbol})" in method
    assert "samma månader föregående år" in method and "bara för de månader som båda har" in method
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    for rule in ("**Coverage.**", "**Like with like.**", "**No patients.**", "**Women and men without a total.**",
                 "| `months` | no |", "`combine_months`", "`min_coverage`"):
        assert rule in readme, rule


def test_a_change_from_a_reference_year_uses_the_same_months_of_that_year() -> None:
    """'Minska med 10 % jmf med 2020' on January–May 2022: against January–May 2020, or not at all."""
    change = indicator("Minska med 10 % jmf med 2020", unit="dagar", min_coverage=MinCoverage(months=5))
    current = ("2022", "T", 18, "1-5")
    whole_2020 = evaluate(change, rows(current, ("2020", "T", 30)), Period.parse("2022"))
    assert whole_2020.status is Status.NO_COMPARISON
    assert whole_2020.reason == ("jämförelsevärde för samma månader (jan–maj 2020) saknas; värdet för 2020 avser "
                                 "andra månader")
    monthly_2020 = [(f"2020-{m:02d}", "T", v) for m, v in zip(range(1, 13), [20] * 5 + [40] * 7, strict=True)]
    result = evaluate(change, rows(current, *monthly_2020), Period.parse("2022"))
    # January–May 2020: mean 20 days; the goal is 20 × 0,9 = 18 days, and 18 reaches it.
    assert result.sex("T").target_value == pytest.approx(18.0)  # type: ignore[union-attr]
    assert result.status is Status.MET


def test_an_annual_sum_on_fewer_months_is_set_against_the_goal_for_those_months() -> None:
    """'125,6 mkr helår' read per augusti with seven of eight months allowed: the goal is 125,6 × 7 / 12."""
    costs = Indicator("x", "Kostnad bemanningsföretag", "mnkr", Direction.LOWER,
                      parse_target("2015 års nivå = 125,6 mkr helår", "lower"), aggregation=Aggregation.SUM,
                      min_coverage=MinCoverage(months=7))
    data = rows(*[(f"2018-{m:02d}", "T", 11) for m in (1, 2, 3, 4, 5, 6, 8)])  # July not reported
    result = evaluate(costs, data, Period.parse("2018-T2"))
    assert result.sex("T").value == 77  # type: ignore[union-attr]
    assert result.sex("T").target_value == pytest.approx(125.6 * 7 / 12)  # type: ignore[union-attr]  # 73,3
    assert "pro rata för 7 av 12 månader" in result.reason
