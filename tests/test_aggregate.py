"""Monthly values → reporting windows per sex: direct rows, aggregations, windows, missing months, derived totals."""
from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from malrapport import sv
from malrapport.calc.aggregate import Observation, observe, series, shared_indexes
from malrapport.calc.report import build_report
from malrapport.model import Aggregation, Indicator, Period

NAN = math.nan
T2 = Period.parse("2024-T2")
DATA = Path(__file__).resolve().parents[1] / "data"
COLUMNS = ["unit", "indicator", "period", "sex", "value", "numerator", "denominator", "comment", "source"]


def frame(*rows: tuple) -> pd.DataFrame:
    """Rows as (period, sex, value[, numerator, denominator[, source]]) of unit 'u' and indicator 'x'."""
    records = []
    for row in rows:
        period, sex, value, numerator, denominator, source = (*row, NAN, NAN, "test")[:6] if len(row) == 3 \
            else (*row, "test")[:6] if len(row) == 5 else row
        records.append({"unit": "u", "indicator": "x", "period": period, "sex": sex, "value": float(value),
                        "numerator": float(numerator), "denominator": float(denominator), "comment": "",
                        "source": source})
    return pd.DataFrame(records, columns=COLUMNS)


def indicator(aggregation: str, window: str = "ytd", unit: str = "antal") -> Indicator:
    return Indicator("x", "Test", unit, aggregation=Aggregation(aggregation), window=window)


def months(year: int, first: int, last: int, sex: str = "T", values: list[float] | None = None) -> list[tuple]:
    numbers = values or [float(m) for m in range(first, last + 1)]
    return [(f"{year}-{m:02d}", sex, v) for m, v in zip(range(first, last + 1), numbers, strict=True)]


def test_a_direct_row_for_the_period_is_used_as_reported() -> None:
    rows = frame(("2024-T2", "T", 51), *months(2024, 1, 8))
    assert observe(rows, indicator("sum"), T2, "T") == Observation(51.0)


def test_a_direct_share_without_value_is_numerator_over_denominator() -> None:
    rows = frame(("2024-T2", "T", NAN, 30, 40))
    found = observe(rows, indicator("ratio", unit="procent"), T2, "T")
    assert found is not None and found.value == pytest.approx(75)
    assert (found.numerator, found.denominator) == (30, 40)


@pytest.mark.parametrize(("aggregation", "expected"), [("sum", 36), ("mean", 4.5), ("last", 8)])
def test_monthly_values_combine_year_to_date(aggregation: str, expected: float) -> None:
    found = observe(frame(*months(2024, 1, 8)), indicator(aggregation), T2, "T")
    assert found is not None
    assert found.value == pytest.approx(expected)
    assert (found.months, found.expected_months, found.note) == (8, 8, "")


def test_a_ratio_pools_numerators_and_denominators() -> None:
    rows = frame(("2024-01", "T", NAN, 1, 10), ("2024-02", "T", NAN, 9, 10), ("2024-03", "T", NAN, 90, 180),
                 ("2024-04", "T", NAN, 0, 0))
    found = observe(rows, indicator("ratio", unit="procent"), Period.parse("2024-T1"), "T")
    assert found is not None
    assert found.value == pytest.approx(100 / 200 * 100)
    assert (found.numerator, found.denominator) == (100, 200)
    # April's 0 of 0 is a month without patients, reported: it adds nothing to the ratio and is not missing.
    assert (found.months, found.note) == (4, "")


def test_a_rate_per_1000_uses_its_own_scale() -> None:
    rows = frame(("2024-01", "T", NAN, 3, 1000), ("2024-02", "T", NAN, 5, 1000))
    found = observe(rows, indicator("ratio", "period", "per 1000 invånare"), Period.parse("2024-02"), "T")
    assert found is not None and found.value == pytest.approx(5.0)
    found = observe(rows, indicator("ratio", unit="per 1000 invånare"), Period.parse("2024-02"), "T")
    assert found is not None and found.value == pytest.approx(4.0)


def test_a_ratio_without_numerators_falls_back_to_the_mean_and_says_so() -> None:
    rows = frame(("2024-01", "T", 40, 4, 10), ("2024-02", "T", 60))
    found = observe(rows, indicator("ratio", unit="procent"), Period.parse("2024-02"), "T")
    assert found is not None and found.value == pytest.approx(50)
    assert found.numerator is None
    assert "medelvärde av månadsvärden" in found.note


def test_last_takes_the_latest_month_present_and_notes_the_gap() -> None:
    found = observe(frame(*months(2024, 1, 6)), indicator("last"), T2, "T")
    assert found is not None and found.value == 6
    assert (found.months, found.expected_months, found.note) == (6, 8, "6 av 8 månader")


@pytest.mark.parametrize(("window", "expected", "count"), [
    ("ytd", sum(range(1, 9)), 8), ("period", 5 + 6 + 7 + 8, 4), ("rolling12", sum(range(1, 9)) + 100 * 4, 12),
])
def test_the_window_decides_which_months_count(window: str, expected: float, count: int) -> None:
    rows = frame(*months(2023, 1, 12, values=[100.0] * 12), *months(2024, 1, 12))
    found = observe(rows, indicator("sum", window), T2, "T")
    assert found is not None and found.value == expected and found.expected_months == count


def test_no_rows_or_none_in_the_window_gives_none() -> None:
    assert observe(frame(), indicator("sum"), T2, "T") is None
    assert observe(frame(*months(2023, 1, 12)), indicator("sum"), T2, "T") is None
    assert observe(frame(("2024-03", "T", NAN)), indicator("sum"), T2, "T") is None


def test_tertial_3_falls_back_to_the_year_and_the_year_to_tertial_3() -> None:
    assert observe(frame(("2024", "T", 70)), indicator("mean"), Period.parse("2024-T3"), "T") == Observation(70.0)
    assert observe(frame(("2024-T3", "T", 71)), indicator("mean"), Period.parse("2024"), "T") == Observation(71.0)


def test_no_year_fallback_for_the_period_window_where_tertial_3_is_autumn_only() -> None:
    rows = frame(("2024", "T", 70), *months(2024, 9, 12, values=[10.0, 20.0, 30.0, 40.0]))
    found = observe(rows, indicator("mean", "period"), Period.parse("2024-T3"), "T")
    assert found is not None and found.value == 25 and found.months == 4


@pytest.mark.parametrize("aggregation", ["sum", "ratio"])
def test_the_total_is_derived_from_women_and_men_for_sums_and_ratios(aggregation: str) -> None:
    rows = frame(("2024-01", "K", 30, 30, 60), ("2024-01", "M", 10, 10, 40))
    found = observe(rows, indicator(aggregation, "period", "procent" if aggregation == "ratio" else "antal"),
                    Period.parse("2024-01"), "T")
    assert found is not None and found.derived_total
    assert found.value == pytest.approx(40 if aggregation == "sum" else 40 / 100 * 100)
    assert "totalt beräknat från kvinnor och män" in found.note


@pytest.mark.parametrize("aggregation", ["mean", "last"])
def test_the_total_is_never_derived_for_means_and_last_values(aggregation: str) -> None:
    rows = frame(*months(2024, 1, 8, "K"), *months(2024, 1, 8, "M"))
    assert observe(rows, indicator(aggregation), T2, "T") is None
    assert observe(rows, indicator(aggregation), T2, "K") is not None


def test_no_derived_total_when_a_sex_is_missing_or_a_share_has_no_counts() -> None:
    assert observe(frame(*months(2024, 1, 8, "K")), indicator("sum"), T2, "T") is None
    shares = frame(("2024-T2", "K", 45), ("2024-T2", "M", 60))
    assert observe(shares, indicator("ratio", unit="procent"), T2, "T") is None


def test_existing_total_rows_win_over_a_derived_total() -> None:
    rows = frame(("2024-T2", "T", 99), ("2024-T2", "K", 30), ("2024-T2", "M", 10))
    found = observe(rows, indicator("sum"), T2, "T")
    assert found == Observation(99.0)


def test_a_generated_row_marks_the_observation() -> None:
    rows = frame(("2024-01", "T", 1, NAN, NAN, "genererad"), ("2024-02", "T", 2, NAN, NAN, "seed 002 s. 9"))
    assert observe(rows, indicator("sum"), Period.parse("2024-02"), "T").generated  # type: ignore[union-attr]
    assert not observe(rows, indicator("sum", "period"), Period.parse("2024-02"), "T").generated  # type: ignore


def test_series_follows_the_periods_given_with_gaps_as_none() -> None:
    rows = frame(("2023-T2", "K", 40), ("2024-T2", "K", 45))
    wanted = [Period.parse(k) for k in ("2024-T2", "2022-T2", "2023-T2")]
    found = series(rows, indicator("mean"), wanted, "K")
    assert [p for p, _ in found] == wanted
    assert [o.value if o else None for _, o in found] == [45, None, 40]


# --- real data -------------------------------------------------------------------------------------------------------

def waiting_time_rows(realdata: Path, region: str) -> pd.DataFrame:
    """Monthly medians of one region from Socialstyrelsen's export (semicolon, decimal comma, 'N' = missing)."""
    lines = (realdata / "vantetider_bup_forstabesok_median_region_manad.csv").read_text(
        encoding="utf-8").splitlines()
    years, names = lines[1].split(";")[1:], lines[2].split(";")[1:]
    cells = next(line.split(";")[1:] for line in lines[3:] if line.split(";")[0] == region)
    keys = [f"{y}-{sv.MONTHS.index(n.lower()) + 1:02d}" for y, n in zip(years, names, strict=True)]
    return frame(*[(k, "T", NAN if c == "N" else float(c.replace(",", "."))) for k, c in zip(keys, cells, strict=True)])


def test_real_waiting_times_mean_and_last_of_the_autumn(realdata: Path) -> None:
    rows = waiting_time_rows(realdata, "Stockholm")
    autumn = Period.parse("2025-T3")
    assert observe(rows, indicator("mean", "period", "dagar"), autumn, "T").value == 18.75  # type: ignore[union-attr]
    assert observe(rows, indicator("last", "period", "dagar"), autumn, "T").value == 19  # type: ignore[union-attr]


def test_real_missing_months_are_aggregated_and_counted(realdata: Path) -> None:
    found = observe(waiting_time_rows(realdata, "Norrbotten"), indicator("mean", "rolling12", "dagar"),
                    Period.parse("2026-06"), "T")
    assert found is not None
    assert found.value == pytest.approx((23 + 27 + 21 + 22 + 23) / 5)
    assert (found.months, found.expected_months, found.note) == (5, 12, "5 av 12 månader")
    blekinge = observe(waiting_time_rows(realdata, "Blekinge"), indicator("mean", "period", "dagar"),
                       Period.parse("2025-T3"), "T")
    assert blekinge is not None and blekinge.value == 14 and blekinge.note == "2 av 4 månader"


def test_real_case_counts_give_the_published_total_from_women_and_men(realdata: Path) -> None:
    data = pd.read_csv(realdata / "fk_sjukfall_f43_andel_region_ar_kon.csv",
                       dtype={"kolada_region_id": str})
    data = data[data["year"] == 2024]
    assert data["region"].nunique() == 22
    for region, group in data.groupby("region"):
        by_sex = group.set_index("sex")
        counts = frame(*[("2024", sex, by_sex.loc[sex, "count"]) for sex in ("K", "M")])
        shares = frame(*[("2024", sex, by_sex.loc[sex, "value"]) for sex in ("K", "M")])
        derived = observe(counts, indicator("sum"), Period.parse("2024"), "T")
        assert derived is not None and derived.derived_total, region
        assert derived.value == by_sex.loc["T", "count"], region
        assert observe(shares, indicator("mean", unit="procent"), Period.parse("2024"), "T") is None


# --- indexes shared within one computation (calc.aggregate.shared_indexes) --------------------------------------

def test_shared_indexes_give_what_observing_each_time_gives() -> None:
    # Women 10 + 20 and men 5 + 5 over January–February: the total is derived as 40 (rule 4), K 30, M 10.
    rows = frame(*months(2024, 1, 2, "K", [10, 20]), *months(2024, 1, 2, "M", [5, 5]))
    feb = Period.parse("2024-02")
    sexes = ("T", "K", "M")
    with shared_indexes():
        inside = [observe(rows, indicator("sum"), feb, sex) for sex in sexes]
        again = [observe(rows, indicator("sum"), feb, sex) for sex in sexes]
    outside = [observe(rows, indicator("sum"), feb, sex) for sex in sexes]
    assert [found.value if found else None for found in inside] == [40.0, 30.0, 10.0]
    assert inside == again == outside


def test_a_changed_table_inside_the_block_gives_its_own_figures() -> None:
    feb = Period.parse("2024-02")
    first = frame(*months(2024, 1, 2, "T", [1, 2]))
    changed = frame(*months(2024, 1, 2, "T", [1, 7]))  # a new table, as every report and group makes
    with shared_indexes():
        before = observe(first, indicator("sum"), feb, "T")
        after = observe(changed, indicator("sum"), feb, "T")
    assert (before and before.value, after and after.value) == (3.0, 8.0)


def test_a_report_built_again_after_its_outcome_file_changed_shows_the_new_figure(tmp_path: Path) -> None:
    # Seed 002 p. 9: women 45 % in 2022-T1; the row changed to 12 gives 12 in a report built afterwards.
    shutil.copytree(DATA / "rn-ls1", tmp_path / "rn-ls1")
    assert build_report(tmp_path, "rn-ls1", "2022-T1").results["vant-90-besok"].sex("K").value == 45.0
    seed = tmp_path / "rn-ls1" / "outcomes" / "seed.csv"
    text = seed.read_text(encoding="utf-8")
    assert "rn-ls1;vant-90-besok;2022-T1;K;45;" in text
    seed.write_text(text.replace("rn-ls1;vant-90-besok;2022-T1;K;45;", "rn-ls1;vant-90-besok;2022-T1;K;12;"),
                    encoding="utf-8")
    assert build_report(tmp_path, "rn-ls1", "2022-T1").results["vant-90-besok"].sex("K").value == 12.0
