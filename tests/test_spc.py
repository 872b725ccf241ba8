"""Statistical process control (XmR, Making Data Count): limits, the four special-cause rules, the verdicts, and the
real monthly waiting times of Socialstyrelsen. Expected values are worked out here by hand or with plain pandas."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import malrapport as mr
from malrapport.calc.spc import VARIATIONS
from malrapport.model import Direction, find_region


def flagged(result: mr.SpcResult, rule: str) -> list[int]:
    return [i for i, flag in enumerate(result.points[rule]) if flag]


def test_limits_are_the_mean_plus_minus_2_66_mean_moving_ranges() -> None:
    # 10, 14, 12, 16, 13: moving ranges 4, 2, 4, 3 → mean 13 / 4 = 3,25; mean 65 / 5 = 13.
    result = mr.xmr([10, 14, 12, 16, 13], keys=["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"])
    assert result.mean == pytest.approx(13.0)
    assert result.mean_moving_range == pytest.approx(3.25)
    assert result.upper == pytest.approx(13 + 2.66 * 3.25)        # 21,645
    assert result.lower == pytest.approx(13 - 2.66 * 3.25)        # 4,355
    assert result.upper_near == pytest.approx(13 + 2 / 3 * 2.66 * 3.25)  # 2 sigma: 18,763…
    assert result.sigma == pytest.approx(3.25 / 1.128, rel=1e-3)
    assert result.points["key"].tolist()[0] == "2024-01"
    assert result.points["moving_range"].tolist()[1:] == [4, 2, 4, 3]


def test_a_point_outside_the_limits_is_a_special_cause() -> None:
    # 8, 12 alternating around 10, then 30: moving ranges 13 × 4 and 18 → 70 / 14 = 5; mean 170 / 15 = 11,33;
    # upper limit 11,33 + 13,3 = 24,63 < 30. The alternation keeps the other rules quiet.
    result = mr.xmr([8, 12] * 7 + [30])
    assert flagged(result, "outside") == [14]
    assert flagged(result, "special") == [14]
    # 20 instead: ranges 13 × 4 + 8 → 60 / 14 = 4,29; mean 160 / 15 = 10,67; upper 10,67 + 11,40 = 22,07 > 20.
    assert flagged(mr.xmr([8, 12] * 7 + [20]), "outside") == []


def test_seven_points_on_one_side_of_the_mean_are_a_shift() -> None:
    # 12, 8 alternating, then 7 points of 12–13: mean (80 + 87) / 15 = 11,13, so the last seven are all above it.
    result = mr.xmr([12, 8] * 4 + [12, 13, 12, 13, 12, 13, 12])
    assert flagged(result, "shift") == list(range(8, 15))
    assert flagged(result, "special") == list(range(8, 15))
    # Six above (mean (80 + 75 + 8) / 15 = 10,87), then one below: no shift.
    assert flagged(mr.xmr([12, 8] * 4 + [12, 13, 12, 13, 12, 13] + [8]), "shift") == []


def test_a_point_on_the_mean_ends_a_run() -> None:
    # Mean exactly 10 (sum 150 of 15): three 12s, a 10 on the mean, four 12s, then values around it. The 10 splits
    # the seven 12s into runs of 3 and 4; with 13 in its place the eight points above the mean (10,2) are a shift.
    after = [8, 11, 8, 11, 8, 2, 8]
    assert flagged(mr.xmr([12] * 3 + [10] + [12] * 4 + after), "shift") == []
    assert flagged(mr.xmr([12] * 3 + [13] + [12] * 4 + after), "shift") == list(range(8))
    # A constant series lies on its mean: no run, no limit crossed, common variation.
    constant = mr.xmr([5] * 15, direction="higher")
    assert flagged(constant, "special") == [] and constant.variation == "common"


def test_seven_points_each_higher_than_the_one_before_are_a_trend() -> None:
    # 10, 12 alternating, then 9 … 15 rising: 7 points, 6 rises. Mean (88 + 84) / 15 = 11,47, ranges
    # (7 × 2 + 3 + 6) / 14 = 1,64: 15 is inside the upper limit 15,84 and alone beyond 2 sigma (14,38).
    result = mr.xmr([10, 12] * 4 + [9, 10, 11, 12, 13, 14, 15])
    assert flagged(result, "trend") == list(range(8, 15))
    assert flagged(result, "special") == list(range(8, 15))
    assert result.points["side"].tolist()[8:] == [1] * 7
    assert flagged(mr.xmr([10, 12] * 4 + [9, 10, 11, 12, 13, 14, 13]), "trend") == []     # six rising, then a fall
    assert flagged(mr.xmr([10, 12] * 4 + [9, 10, 11, 11, 12, 13, 14]), "trend") == []     # an equal value ends it
    falling = mr.xmr([10, 12] * 4 + [15, 14, 13, 12, 11, 10, 9])
    assert flagged(falling, "trend") == list(range(8, 15)) and falling.points["side"].iloc[-1] == -1


def test_two_of_three_points_beyond_two_sigma_on_one_side_are_a_special_cause() -> None:
    # 9, 11 alternating, then 16, 10, 16: ranges (11 × 2 + 5 + 6 + 6) / 14 = 2,79; mean 162 / 15 = 10,8;
    # 2 sigma = 1,773 × 2,79 = 4,94 → 16 is 5,2 above the mean (beyond), and inside the upper limit 18,21.
    result = mr.xmr([9, 11] * 6 + [16, 10, 16])
    assert flagged(result, "two_of_three") == [12, 14]
    assert flagged(result, "outside") == []
    # One point beyond 2 sigma (16, 10, 10: mean 10,4, 2 sigma 4,18, 16 is 5,6 above) is not enough …
    assert flagged(mr.xmr([9, 11] * 6 + [16, 10, 10]), "two_of_three") == []
    # … nor two on opposite sides (16 and 4 around the mean 10, 2 sigma 4,94).
    assert flagged(mr.xmr([9, 11] * 6 + [16, 10, 4]), "two_of_three") == []


def test_the_variation_verdict_is_that_of_the_latest_point_by_the_indicator_direction() -> None:
    rising = [10, 12] * 4 + [9, 10, 11, 12, 13, 14, 15]
    assert mr.xmr(rising, direction="higher").variation == "improvement"
    assert mr.xmr(rising, direction=Direction.LOWER).variation == "concern"
    assert mr.xmr(rising, direction="none").variation == "high"
    falling = [10, 12] * 4 + [15, 14, 13, 12, 11, 10, 9]
    assert mr.xmr(falling, direction="lower").variation == "improvement"
    assert mr.xmr(falling, direction="none").variation == "low"
    # A special cause earlier in the series (the trend), then a common-cause latest point.
    assert mr.xmr(rising + [12, 11, 12, 11], direction="higher").variation == "common"
    assert mr.xmr([8, 12] * 7 + [11], direction="higher").variation == "common"
    assert mr.xmr([8, 12] * 5, direction="higher").variation == "too_few"   # 10 points, fewer than 12


def test_the_assurance_verdict_sets_the_target_against_the_limits() -> None:
    stable = [8, 12] * 7 + [10]       # mean 10, ranges 4 → limits 10 ± 10,64: −0,64 … 20,64
    assert mr.xmr(stable, direction="higher", target=-1).assurance == "pass"       # below the lower limit
    assert mr.xmr(stable, direction="higher", target=15).assurance == "inconsistent"
    assert mr.xmr(stable, direction="higher", target=21).assurance == "fail"       # above the upper limit
    assert mr.xmr(stable, direction="lower", target=21).assurance == "pass"
    assert mr.xmr(stable, direction="lower", target=5).assurance == "inconsistent"
    assert mr.xmr(stable, direction="lower", target=-1).assurance == "fail"
    assert mr.xmr(stable, direction="higher").assurance is None                    # no target
    assert mr.xmr(stable, direction="none", target=15).assurance is None           # no direction
    assert mr.xmr([8, 12] * 5, direction="higher", target=-1).assurance is None    # too few points


def test_every_verdict_has_a_swedish_word_and_a_symbol() -> None:
    from malrapport import sv

    assert sv.SPC_VARIATION_LABELS["improvement"] == "förbättring"
    assert sv.SPC_VARIATION_LABELS["concern"] == "försämring"
    assert sv.SPC_VARIATION_LABELS["common"] == "vanlig variation"
    assert sv.SPC_ASSURANCE_LABELS == {"pass": "uppnås konsekvent", "inconsistent": "varierar",
                                       "fail": "uppnås inte utan förändring"}
    symbols = [*sv.SPC_VARIATION_SYMBOLS.values(), *sv.SPC_ASSURANCE_SYMBOLS.values()]
    assert all(symbols) and len(set(symbols)) == len(symbols)   # shapes tell them apart, not colour
    assert set(sv.SPC_VARIATION_LABELS) == set(sv.SPC_VARIATION_SYMBOLS) == set(VARIATIONS)


def test_too_few_or_non_finite_values_are_refused() -> None:
    with pytest.raises(ValueError):
        mr.xmr([5])
    with pytest.raises(ValueError):
        mr.xmr([5, float("nan"), 6])


def _plain_waits(realdata: Path) -> pd.DataFrame:
    """The export read with plain pandas: one row per region, one column per month, 'N' as missing."""
    path = realdata / "vantetider_bup_forstabesok_median_region_manad.csv"
    frame = pd.read_csv(path, sep=";", skiprows=2, decimal=",", na_values=["N"], skipfooter=1, engine="python")
    return frame.set_index("Region").astype(float)


def test_the_real_monthly_waits_of_socialstyrelsen(realdata: Path) -> None:
    """Median days to a first visit in BUP, July 2025 – June 2026: limits and special causes per region with 12
    months, worked out with plain pandas, against the library's reader and chart."""
    plain = _plain_waits(realdata)
    complete = plain.dropna()
    assert len(complete) == 19     # 22 rows; Blekinge, Västernorrland and Norrbotten lack months
    rows = mr.read_sos_waiting_export(realdata / "vantetider_bup_forstabesok_median_region_manad.csv")
    for region, values in complete.iterrows():
        found = find_region(str(region))
        assert found is not None, region
        months = rows[rows["unit"] == found.kolada_id].sort_values("period")
        result = mr.xmr(months["value"].tolist(), months["period"].tolist(), direction="lower", target=30)
        mean = values.mean()
        ranges = values.diff().abs().dropna()
        upper, lower = mean + 2.66 * ranges.mean(), mean - 2.66 * ranges.mean()
        assert result.mean == pytest.approx(mean), region
        assert result.mean_moving_range == pytest.approx(ranges.mean()), region
        assert (result.upper, result.lower) == (pytest.approx(upper), pytest.approx(lower)), region
        outside = [i for i, v in enumerate(values) if v > upper or v < lower]
        assert flagged(result, "outside") == outside, region
        expected = "pass" if upper <= 30 else "fail" if lower > 30 else "inconsistent"
        assert result.assurance == expected, region
    # Riket ("Alla regioner"): 28 30 19 20 21 21 28 21 21 25 24 23, mean 23,42, ranges 2 11 1 1 0 7 7 0 4 1 1 →
    # 35 / 11 = 3,18; limits 14,96 … 31,88: no month outside, and June 2026 (23) is common variation; the
    # 30-day target lies between the limits: it is met some months and not others.
    riket = rows[rows["unit"] == "0000"].sort_values("period")
    national = mr.xmr(riket["value"].tolist(), riket["period"].tolist(), direction="lower", target=30)
    assert national.mean == pytest.approx(281 / 12)
    assert national.mean_moving_range == pytest.approx(35 / 11)
    assert (national.variation, national.assurance) == ("common", "inconsistent")
    # Södermanland waits 64–136 days: the whole band lies above 30 days, which it will not meet without change.
    sodermanland = rows[rows["unit"] == find_region("Södermanland").kolada_id].sort_values("period")
    assert mr.xmr(sodermanland["value"].tolist(), direction="lower", target=30).assurance == "fail"
