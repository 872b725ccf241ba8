"""Indicator status per sex and in total, for every target kind, with the Swedish reason."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from checkout import ROOT
from malrapport.calc.status import evaluate, evaluate_all
from malrapport.errors import MalrapportError
from malrapport.inputs.plans import load_plan
from malrapport.model import (
    Aggregation,
    Direction,
    Indicator,
    Level,
    Node,
    Organisation,
    Period,
    Plan,
    Status,
    parse_schedule,
    parse_target,
)

NAN = math.nan
NBSP = "\u00a0"
T1, T2 = Period.parse("2024-T1"), Period.parse("2024-T2")
COLUMNS = ["unit", "indicator", "period", "sex", "value", "numerator", "denominator", "comment", "source"]


def frame(*rows: tuple, unit: str = "u", indicator_id: str = "x") -> pd.DataFrame:
    """Rows as (period, sex, value[, source]) of one unit and indicator."""
    records = [{"unit": unit, "indicator": indicator_id, "period": r[0], "sex": r[1], "value": float(r[2]),
                "numerator": NAN, "denominator": NAN, "comment": "", "source": r[3] if len(r) > 3 else "test"}
               for r in rows]
    return pd.DataFrame(records, columns=COLUMNS)


def indicator(target: str, direction: str = "higher", unit: str = "procent", aggregation: str = "mean",
              schedule: str = "DÅ04,08,ÅR", tolerance: float | None = None, indicator_id: str = "x") -> Indicator:
    return Indicator(indicator_id, "Testindikator", unit, Direction(direction), parse_target(target, direction),
                     tolerance, parse_schedule(schedule), Aggregation(aggregation))


def statuses(result) -> dict[str, Status]:  # type: ignore[no-untyped-def]
    return {r.sex: r.status for r in result.by_sex}


# --- level targets ---------------------------------------------------------------------------------------------------

def test_a_level_is_met_partly_met_or_not_met_per_sex() -> None:
    result = evaluate(indicator("70 %"), frame(("2024-T2", "T", 72), ("2024-T2", "K", 65), ("2024-T2", "M", 50)), T2)
    assert statuses(result) == {"T": Status.MET, "K": Status.PARTLY, "M": Status.NOT_MET}
    assert [r.sex for r in result.by_sex] == ["T", "K", "M"]
    assert (result.status, result.reason) == (Status.MET, f"72{NBSP}% mot målvärdet 70{NBSP}%")
    assert result.sex("K").reason == f"65{NBSP}% mot målvärdet 70{NBSP}%; inom toleransen"  # type: ignore[union-attr]
    assert result.sex("M").target_value == 70 and result.due  # type: ignore[union-attr]


def test_lower_is_better_within_the_default_tolerance_of_ten_percent() -> None:
    rows = frame(("2024-T2", "T", 6.2), ("2024-T2", "K", 6.4), ("2024-T2", "M", 5.0))
    result = evaluate(indicator("5,8 % helår", "lower"), rows, T2)
    assert result.reason == f"6,2{NBSP}% mot målvärdet 5,8{NBSP}% (lägre är bättre); inom toleransen"
    assert statuses(result) == {"T": Status.PARTLY, "K": Status.NOT_MET, "M": Status.MET}


def test_the_indicators_own_tolerance_replaces_the_default() -> None:
    tolerant = indicator("5,8 %", "lower", tolerance=1.0)
    assert evaluate(tolerant, frame(("2024-T2", "T", 6.7)), T2).status is Status.PARTLY
    assert evaluate(tolerant, frame(("2024-T2", "T", 6.9)), T2).status is Status.NOT_MET


def test_a_strict_comparator_is_not_met_at_the_level_itself() -> None:
    target = "Lägre andel än 2014 <15 %"
    assert evaluate(indicator(target, "lower"), frame(("2024-T2", "T", 14)), T2).status is Status.MET
    at_level = evaluate(indicator(target, "lower"), frame(("2024-T2", "T", 15)), T2)
    assert at_level.status is Status.PARTLY
    assert at_level.reason == f"15{NBSP}% mot målvärdet < 15{NBSP}%; inom toleransen"


def test_an_annual_sum_is_compared_pro_rata_year_to_date() -> None:
    ind = indicator("2015 års nivå = 125,6 mkr helår", "lower", "mnkr", "sum")
    under = frame(*[(f"2024-{m:02d}", "T", 10) for m in range(1, 9)])
    result = evaluate(ind, under, T2)
    assert result.status is Status.MET
    assert result.sex("T").target_value == pytest.approx(125.6 * 8 / 12)  # type: ignore[union-attr]
    assert "pro rata för 8 av 12 månader" in result.reason and f"125,6{NBSP}mnkr för helåret" in result.reason
    assert result.reason.startswith(f"80{NBSP}mnkr mot målvärdet ≤ 83,7{NBSP}mnkr")
    over = frame(*[(f"2024-{m:02d}", "T", 11) for m in range(1, 9)])
    assert evaluate(ind, over, T2).status is Status.PARTLY
    year = frame(*[(f"2024-{m:02d}", "T", 11) for m in range(1, 13)])
    full = evaluate(ind, year, Period.parse("2024"))
    assert full.status is Status.PARTLY and "pro rata" not in full.reason
    assert full.sex("T").target_value == pytest.approx(125.6)  # type: ignore[union-attr]


def test_without_direction_a_level_must_be_hit_within_the_tolerance() -> None:
    ind = indicator("70 %", "none", tolerance=2)
    assert evaluate(ind, frame(("2024-T2", "T", 71.5)), T2).status is Status.MET
    assert evaluate(ind, frame(("2024-T2", "T", 73)), T2).status is Status.NOT_MET
    assert evaluate(ind, frame(("2024-T2", "T", 67)), T2).status is Status.NOT_MET


# --- direction and change targets -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("target", "direction", "now", "status", "trend"), [
    ("Öka", "higher", 60, Status.MET, "better"),
    ("Öka", "higher", 55.3, Status.PARTLY, "unchanged"),
    ("Öka", "higher", 50, Status.NOT_MET, "worse"),
    ("Minska", "lower", 50, Status.MET, "better"),
    ("Minska", "lower", 60, Status.NOT_MET, "worse"),
    ("Förbättring jmf med föregående år", "lower", 50, Status.MET, "better"),
    ("Förbättring jmf med föregående år", "higher", 50, Status.NOT_MET, "worse"),
])
def test_a_direction_is_judged_against_the_same_period_last_year(target: str, direction: str, now: float,
                                                                 status: Status, trend: str) -> None:
    result = evaluate(indicator(target, direction), frame(("2023-T2", "T", 55), ("2024-T2", "T", now)), T2)
    assert (result.status, result.sex("T").trend, result.sex("T").previous) == (status, trend, 55)  # type: ignore
    assert "T2 2023" in result.reason


def test_the_direction_reason_names_both_values_and_the_wanted_way() -> None:
    result = evaluate(indicator("Öka"), frame(("2023-T2", "T", 55), ("2024-T2", "T", 58)), T2)
    assert result.reason == f"58{NBSP}% jämfört med 55{NBSP}% T2 2023 (ska öka); bättre"


def test_a_direction_without_last_years_value_has_no_comparison() -> None:
    # The outcome is there; what is missing is last year's value: not "utfall saknas" beside a value (issue 11).
    result = evaluate(indicator("Öka"), frame(("2024-T2", "T", 58)), T2)
    assert (result.status, result.reason) == (Status.NO_COMPARISON, "jämförelsevärde för T2 2023 saknas")
    assert result.sex("T").value == 58  # type: ignore[union-attr]


@pytest.mark.parametrize(("now", "status"), [(9, Status.MET), (10, Status.MET), (15, Status.PARTLY),
                                             (21, Status.NOT_MET)])
def test_a_relative_change_from_the_reference_year(now: float, status: Status) -> None:
    ind = indicator("Minska med 50 % jmf med 2020", "lower", "antal", "sum")
    result = evaluate(ind, frame(("2020-T2", "T", 20), ("2024-T2", "T", now)), T2)
    assert result.status is status
    assert result.sex("T").target_value == 10  # type: ignore[union-attr]
    assert "från 20 T2 2020" in result.reason


def test_the_reference_year_falls_back_to_its_year_value_and_may_be_missing() -> None:
    ind = indicator("Minska med 50 % jmf med 2020", "lower", "antal", "sum")
    from_year = evaluate(ind, frame(("2020", "T", 40), ("2024-T2", "T", 19)), T2)
    assert from_year.status is Status.MET and from_year.sex("T").target_value == 20  # type: ignore[union-attr]
    missing = evaluate(ind, frame(("2024-T2", "T", 19)), T2)
    assert (missing.status, missing.reason) == (Status.NO_COMPARISON, "jämförelsevärde för T2 2020 saknas")


@pytest.mark.parametrize(("now", "status"), [(11.2, Status.MET), (12.0, Status.PARTLY), (12.6, Status.NOT_MET)])
def test_an_absolute_change_from_a_stated_baseline(now: float, status: Status) -> None:
    ind = indicator("Minska med 1 dag jmf med 2014= 12,4 dagar", "lower", "dagar")
    result = evaluate(ind, frame(("2024-T2", "T", now)), T2)
    assert result.status is status
    assert result.sex("T").target_value == pytest.approx(11.4)  # type: ignore[union-attr]
    assert f"från 12,4{NBSP}dagar 2014" in result.reason


def test_a_change_without_amount_is_judged_against_the_reference_year() -> None:
    ind = indicator("Antal enheter jämfört med 2017", "higher", "antal", "sum")
    rows = frame(("2017", "T", 6), ("2019", "T", 1), ("2020", "T", 5))
    result = evaluate(ind, rows, Period.parse("2020"))
    assert result.status is Status.NOT_MET
    assert result.reason == "5 jämfört med 6 2017 (ska öka); sämre"
    assert result.sex("T").previous == 1 and result.sex("T").trend == "better"  # type: ignore[union-attr]


# --- per sex, activity ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("women", "men", "total"), [
    (15, 17, Status.MET), (15, 18, Status.PARTLY), (20, 25, Status.NOT_MET), (15, 25, Status.PARTLY),
])
def test_per_sex_levels_judge_each_sex_and_combine_into_the_total(women: float, men: float, total: Status) -> None:
    rows = frame(("2024-T2", "T", 16), ("2024-T2", "K", women), ("2024-T2", "M", men))
    result = evaluate(indicator("M: 17,2 % K: 16 %", "lower"), rows, T2)
    assert result.status is total
    assert (result.sex("K").target_value, result.sex("M").target_value) == (16, 17.2)  # type: ignore[union-attr]
    assert result.sex("T").target_value is None and result.sex("T").value == 16  # type: ignore[union-attr]


def test_per_sex_reason_and_a_missing_sex() -> None:
    rows = frame(("2024-T2", "K", 15), ("2024-T2", "M", 18))
    result = evaluate(indicator("M: 17,2 % K: 16 %", "lower"), rows, T2)
    assert result.reason == "kvinnor: uppnås, män: delvis"
    only_women = evaluate(indicator("M: 17,2 % K: 16 %", "lower"), frame(("2024-T2", "K", 15)), T2)
    assert statuses(only_women) == {"K": Status.MET, "M": Status.NO_OUTCOME}
    assert only_women.status is Status.NO_OUTCOME
    assert only_women.reason == "män: utfall saknas per augusti 2024"


@pytest.mark.parametrize(("rows", "period", "status", "reason"), [
    ((("2024-T2", "T", 1),), "2024-T2", Status.MET, "genomförd"),
    ((("2024-T2", "T", 0),), "2024-T2", Status.PARTLY,
     "ännu inte genomförd per augusti; ska vara genomförd vid årets slut"),
    ((("2024-T3", "T", 0),), "2024-T3", Status.NOT_MET, "inte genomförd vid årets slut"),
    ((), "2024-T2", Status.NO_OUTCOME, "utfall saknas per augusti 2024"),
])
def test_an_activity_is_done_or_not_yet_or_not_by_the_end_of_the_year(rows: tuple, period: str, status: Status,
                                                                       reason: str) -> None:
    result = evaluate(indicator("Genomförd aktivitet", unit="aktivitet", aggregation="last"), frame(*rows),
                      Period.parse(period))
    assert (result.status, result.reason) == (status, reason)
    assert [r.sex for r in result.by_sex] == ["T"]


# --- not due, no outcome, no target -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("schedule", "reason"), [
    ("ÅR", "följs upp i årsrapporten"), ("DÅ08,ÅR", "följs upp DÅ08, ÅR"),
    ("under utredning", "följs inte upp (under utredning)"),
])
def test_not_due_keeps_the_values_but_not_the_judgement(schedule: str, reason: str) -> None:
    rows = frame(("2023-T1", "T", 40), ("2024-T1", "T", 51), ("2024-T1", "K", 45))
    result = evaluate(indicator("100 %", schedule=schedule), rows, T1)
    assert (result.due, result.status, result.reason) == (False, Status.NOT_DUE, reason)
    assert set(statuses(result).values()) == {Status.NOT_DUE}
    total = result.sex("T")
    assert total is not None and (total.value, total.previous, total.trend) == (51, 40, "better")


def test_a_due_indicator_without_values_has_no_outcome() -> None:
    result = evaluate(indicator("70 %"), frame(("2023-T2", "T", 60)), T2)
    assert (result.status, result.reason) == (Status.NO_OUTCOME, "utfall saknas per augusti 2024")
    assert result.sex("T").previous == 60  # type: ignore[union-attr]


@pytest.mark.parametrize(("target", "reason"), [
    ("", "målvärde saknas"), ("Ingen", "målvärde saknas"), ("Under utredning", "målvärde är inte fastställt"),
])
def test_no_target_is_said_as_such(target: str, reason: str) -> None:
    result = evaluate(indicator(target), frame(("2024-T2", "T", 50), ("2024-T2", "K", 45)), T2)
    assert (result.status, result.reason) == (Status.NO_TARGET, reason)
    assert statuses(result) == {"T": Status.NO_TARGET, "K": Status.NO_TARGET}
    assert result.sex("T").value == 50  # type: ignore[union-attr]


# --- totals, flags and evaluate_all -----------------------------------------------------------------------------------

def test_without_a_total_the_overall_status_combines_women_and_men() -> None:
    rows = frame(("2024-T2", "K", 75), ("2024-T2", "M", 50))
    result = evaluate(indicator("70 %"), rows, T2)
    assert [r.sex for r in result.by_sex] == ["K", "M"]
    assert (result.status, result.reason) == (Status.PARTLY, "kvinnor: uppnås, män: uppnås inte")


def test_a_derived_total_is_judged_and_noted() -> None:
    rows = frame(("2024-T2", "K", 30), ("2024-T2", "M", 20))
    result = evaluate(indicator("40", unit="antal", aggregation="sum"), rows, T2)
    total = result.sex("T")
    assert total is not None and total.value == 50 and total.status is Status.MET
    assert "totalt beräknat från kvinnor och män" in total.note


def test_a_generated_value_is_flagged_and_a_direction_none_trend_goes_up() -> None:
    rows = frame(("2023-T2", "T", 40), ("2024-T2", "T", 50, "genererad"))
    total = evaluate(indicator("50", "none", "antal"), rows, T2).sex("T")
    assert total is not None and total.generated and total.trend == "up"


def test_evaluate_all_reads_only_the_units_rows_and_keeps_plan_order() -> None:
    first, second = indicator("70 %", indicator_id="b"), indicator("Öka", indicator_id="a")
    plan = Plan(Organisation("u", "Enheten"), 2024, (Level("Delmål", "Delmål", assessed=True),),
                (Node("n", "Delmålet", 0, indicators=(first, second)),))
    outcomes = pd.concat([frame(("2024-T2", "T", 75), indicator_id="b"),
                          frame(("2024-T2", "T", 10), unit="annan", indicator_id="b"),
                          frame(("2023-T2", "T", 1), ("2024-T2", "T", 2), indicator_id="a")])
    results = evaluate_all(plan, outcomes, "u", T2)
    assert list(results) == ["b", "a"]
    assert results["b"].status is Status.MET and results["b"].sex("T").value == 75  # type: ignore[union-attr]
    assert results["a"].status is Status.MET
    assert evaluate_all(plan, outcomes, "ingen", T2)["b"].status is Status.NO_OUTCOME


# --- real data -------------------------------------------------------------------------------------------------------

def test_real_kolada_values_against_a_level_and_last_year(realdata: Path) -> None:
    data = pd.read_csv(realdata / "kolada_hos_regioner_2016_2025.csv", dtype={"region_id": str})
    waiting = data[data["kpi"] == "N79221"].drop(columns="unit").rename(
        columns={"region_id": "unit", "year": "period", "gender": "sex"})
    waiting = waiting.assign(indicator="x", period=waiting["period"].astype(str), numerator=NAN, denominator=NAN,
                             comment="", source="Kolada")[COLUMNS]
    year = Period.parse("2024")
    level, more = indicator("70 %"), indicator("Öka")
    judged = 0
    for unit, rows in waiting.groupby("unit"):
        values = rows.set_index("period")["value"]
        if "2024" not in values or "2023" not in values:
            continue
        now, before = values["2024"], values["2023"]
        expected = Status.MET if now >= 70 else Status.PARTLY if now >= 63 else Status.NOT_MET
        assert evaluate(level, rows, year).status is expected, unit
        change = now - before
        expected = Status.PARTLY if abs(change) <= 0.5 else Status.MET if change > 0 else Status.NOT_MET
        assert evaluate(more, rows, year).status is expected, unit
        judged += 1
    assert judged >= 20


def test_real_sick_leave_shares_against_per_sex_targets(realdata: Path) -> None:
    data = pd.read_csv(realdata / "fk_sjukfall_f43_andel_region_ar_kon.csv",
                       dtype={"kolada_region_id": str})
    norrbotten = data[(data["region"] == "Norrbotten") & (data["year"] == 2024)]
    rows = frame(*[("2024", sex, value) for sex, value in zip(norrbotten["sex"], norrbotten["value"], strict=True)])
    result = evaluate(indicator("K: 26 % M: 10 %", "lower", schedule="ÅR"), rows, Period.parse("2024"))
    assert statuses(result) == {"T": Status.PARTLY, "K": Status.MET, "M": Status.PARTLY}
    assert result.sex("K").value == pytest.approx(25.3)  # type: ignore[union-attr]
    men = result.sex("M")
    assert men is not None
    assert men.reason == f"10,8{NBSP}% mot målvärdet 10{NBSP}% (lägre är bättre); inom toleransen"


def test_minska_at_zero_in_both_years_is_met() -> None:
    """'Minska' with 0 events in T1 2021 and in T1 2022: nothing is left to decrease, so the goal is reached."""
    result = evaluate(indicator("Minska", "lower", unit="antal", aggregation="sum"),
                      frame(("2021-T1", "T", 0), ("2022-T1", "T", 0)), Period.parse("2022-T1"))
    assert result.status is Status.MET
    assert "noll går inte att minska" in result.reason
    still = evaluate(indicator("Minska", "lower", unit="antal", aggregation="sum"),
                     frame(("2021-T1", "T", 2), ("2022-T1", "T", 2)), Period.parse("2022-T1"))
    assert still.status is Status.PARTLY  # unchanged above zero stays 'delvis'


def test_oka_with_only_last_year_as_a_whole_compares_with_the_whole_year() -> None:
    """Seed 002: 78,5 % in the first tertial 2022 is 'sämre … än för år 2021, då medelvärde var 82,5 procent'."""
    rows = frame(("2021", "T", 82.5), ("2022-T1", "T", 78.5))
    result = evaluate(indicator("Öka", "higher", unit="procent", aggregation="mean"), rows, Period.parse("2022-T1"))
    assert result.status is Status.NOT_MET
    assert result.reason == f"78,5{NBSP}% jämfört med 82,5{NBSP}% helår 2021 (ska öka); sämre"


def test_a_sum_of_four_months_is_never_set_against_a_whole_year() -> None:
    """Seed 002's fall injuries: 90 in T1 2022; a year total of 2021 cannot show whether they fell."""
    rows = frame(("2021", "T", 210), ("2022-T1", "T", 90))
    result = evaluate(indicator("Minska", "lower", unit="antal", aggregation="sum"), rows, Period.parse("2022-T1"))
    assert result.status is Status.NO_COMPARISON
    assert result.reason == "jämförelsevärde för T1 2021 saknas"


# --- per-day comparison of counts (issue 9 point 6) -----------------------------------------------------------------

def _falls(per_day: bool, window: str = "period") -> Indicator:
    return Indicator("fall", "Antal fall", "antal", direction=Direction.LOWER, target=parse_target("Minska"),
                     aggregation=Aggregation.SUM, window=window, per_day=per_day)


def _monthly(values: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame([{"unit": "u", "indicator": "fall", "period": key, "sex": "T", "value": value}
                         for key, value in values.items()])


def test_a_leap_day_does_not_flip_february_when_the_plan_compares_per_day() -> None:
    # 290 falls in the 29 days of February 2024 and 280 in the 28 of February 2023: 10,0 a day both years.
    rows = _monthly({"2023-02": 280, "2024-02": 290})
    february = Period.parse("2024-02")
    plain = evaluate(_falls(per_day=False), rows, february)
    daily = evaluate(_falls(per_day=True), rows, february)
    assert plain.status is Status.NOT_MET and plain.sex("T").trend == "worse"  # 290 > 280 counted as it stands
    assert daily.sex("T").trend == "unchanged" and daily.status is Status.PARTLY
    assert daily.reason.startswith("per dag: 10 jämfört med 10 feb 2023"), daily.reason
    assert daily.sex("T").value == 290  # the table still shows the count


def test_per_day_year_to_date_counts_the_days_of_each_window() -> None:
    # January–April: 121 days in 2024, 120 in 2023. 1 210 falls against 1 212: 10,0 against 10,1 a day, a fall of
    # 1 % of last year's rate that the threshold (1 %) still calls unchanged; 1 150 (9,5 a day) is better.
    rows = _monthly({"2023-01": 303, "2023-02": 303, "2023-03": 303, "2023-04": 303,
                     "2024-01": 300, "2024-02": 300, "2024-03": 310, "2024-04": 300})
    result = evaluate(_falls(per_day=True, window="ytd"), rows, Period.parse("2024-T1"))
    assert result.sex("T").value == 1210 and result.sex("T").trend == "unchanged"
    fewer = rows.assign(value=[303, 303, 303, 303, 280, 290, 290, 290])
    better = evaluate(_falls(per_day=True, window="ytd"), fewer, Period.parse("2024-T1"))
    assert better.sex("T").value == 1150 and better.sex("T").trend == "better" and better.status is Status.MET


def test_per_day_is_only_for_summed_counts(tmp_path) -> None:
    folder = tmp_path / "org"
    folder.mkdir()
    plan = (ROOT / "data" / "rn-ls1" / "plan-2022.yaml").read_text(encoding="utf-8")
    line = "                aggregation: mean\n"
    assert line in plan
    (folder / "plan-2022.yaml").write_text(plan.replace(line, line + "                per_day: true\n", 1),
                                           encoding="utf-8")
    with pytest.raises(MalrapportError) as caught:
        load_plan(folder / "plan-2022.yaml")
    assert "per_day gäller bara antal som summeras" in str(caught.value)


def test_the_trend_compares_a_share_with_last_year_as_a_whole_when_only_that_is_known_but_never_a_sum() -> None:
    # Seed 002: läkemedelsberättelser 78,5 % per april 2022 against 82,5 % for 2021 as a whole: worse, and it says so.
    share = Indicator("x", "Andel", "procent", target=parse_target("70 %"), aggregation=Aggregation.MEAN)
    result = evaluate(share, frame(("2021", "T", 82.5), ("2022-T1", "T", 78.5)), Period.parse("2022-T1"))
    total = result.sex("T")
    assert (total.previous, total.trend, total.previous_label) == (82.5, "worse", "helår 2021")
    count = Indicator("x", "Antal", "antal", target=parse_target("Öka"), aggregation=Aggregation.SUM)
    summed = evaluate(count, frame(("2021", "T", 1200), ("2022-T1", "T", 300)), Period.parse("2022-T1"))
    assert (summed.sex("T").previous, summed.sex("T").trend) == (None, "unknown")  # 4 months never against 12
