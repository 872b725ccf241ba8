"""Trend: better, worse or unchanged against an earlier value, with a noise threshold."""
from __future__ import annotations

import math

import pytest

from malrapport import sv
from malrapport.calc._trend import trend
from malrapport.model import Direction


@pytest.mark.parametrize(("current", "previous", "direction", "unit", "expected"), [
    (58, 55, Direction.HIGHER, "procent", "better"),
    (52, 55, Direction.HIGHER, "procent", "worse"),
    (52, 55, Direction.LOWER, "procent", "better"),
    (58, 55, Direction.LOWER, "procent", "worse"),
    (58, 55, "higher", "procent", "better"),
    (58, 55, Direction.NONE, "procent", "up"),
    (52, 55, Direction.NONE, "procent", "down"),
    (55.4, 55, Direction.NONE, "procent", "unchanged"),
])
def test_trend_per_direction(current: float, previous: float, direction: Direction | str, unit: str,
                             expected: str) -> None:
    assert trend(current, previous, direction, unit) == expected


def test_shares_are_unchanged_within_half_a_percentage_point() -> None:
    assert trend(70.3, 69.8, Direction.HIGHER, "procent") == "unchanged"
    assert trend(70.4, 69.8, Direction.HIGHER, "procent") == "better"
    assert trend(69.2, 69.8, Direction.HIGHER, "procent") == "worse"


def test_a_small_share_needs_five_percent_of_itself_not_half_a_point() -> None:
    """Seed 004: women's sick leave 7,3 % (T1 2017) → 6,8 % (T1 2018), "Sjuktalen ... sjunker och då främst bland
    kvinnorna". −0,5 points is −6,8 % of 7,3: more than 5 % of 7,3 (0,365 points), so a fall, better when lower is
    better. Men 4,0 → 4,0 % is unchanged; 4,0 → 3,8 % is exactly 5 % of 4,0, still unchanged."""
    assert trend(6.8, 7.3, Direction.LOWER, "procent") == "better"
    assert trend(4.0, 4.0, Direction.LOWER, "procent") == "unchanged"
    assert trend(3.8, 4.0, Direction.LOWER, "procent") == "unchanged"
    assert trend(3.7, 4.0, Direction.LOWER, "procent") == "better"
    assert trend(7.0, 7.3, Direction.LOWER, "procent") == "unchanged"   # −0,3 points < 0,365


def test_a_tiny_share_needs_more_than_one_published_decimal() -> None:
    """0,3 → 0,4 % is a third more, but 0,1 point is one step of the last decimal: not a trend. 0,3 → 0,5 is."""
    assert trend(0.4, 0.3, Direction.HIGHER, "procent") == "unchanged"
    assert trend(0.2, 0.3, Direction.HIGHER, "procent") == "unchanged"
    assert trend(0.5, 0.3, Direction.HIGHER, "procent") == "better"


def test_other_units_are_unchanged_within_one_percent_of_the_previous_value() -> None:
    assert trend(1005, 1000, Direction.HIGHER, "antal") == "unchanged"
    assert trend(1010, 1000, Direction.HIGHER, "antal") == "unchanged"
    assert trend(1011, 1000, Direction.HIGHER, "antal") == "better"
    assert trend(12.2, 12.4, Direction.LOWER, "dagar") == "better"


def test_an_explicit_threshold_replaces_the_default() -> None:
    assert trend(58, 55, Direction.HIGHER, "procent", threshold=5) == "unchanged"
    assert trend(55.2, 55, Direction.HIGHER, "procent", threshold=0) == "better"


@pytest.mark.parametrize(("current", "previous"), [(None, 55), (55, None), (None, None), (math.nan, 55),
                                                   (55, math.nan)])
def test_a_missing_value_gives_an_unknown_trend(current: float | None, previous: float | None) -> None:
    assert trend(current, previous, Direction.HIGHER, "procent") == "unknown"


def test_every_trend_has_a_swedish_label_and_symbol() -> None:
    assert sv.TREND_LABELS["up"] == "ökar" and sv.TREND_LABELS["down"] == "minskar"
    for key in ("better", "worse", "unchanged", "unknown", "up", "down"):
        assert sv.TREND_LABELS[key]


@pytest.mark.parametrize(("trend_key", "current", "previous", "expected"), [
    ("better", 8.17, 8.7, "↘ bättre"),    # sick leave falls: the arrow points down, the word says better
    ("worse", 8.17, 7.5, "↗ sämre"),      # seed 002: "Den totala sjukfrånvaron ökar"
    ("better", 62.0, 59.4, "↗ bättre"),   # a share that should rise, rises
    ("worse", 3660, 3931, "↘ sämre"),     # fewer trained staff where more was the target
    ("up", 5, 4, "↗ ökar"), ("down", 4, 5, "↘ minskar"),
    ("unchanged", 8.7, 8.68, "→ oförändrat"), ("unknown", None, None, "– jämförelse saknas"),
])
def test_the_arrow_shows_the_movement_and_the_word_the_judgement(trend_key: str, current: float | None,
                                                                 previous: float | None, expected: str) -> None:
    assert sv.trend_text(trend_key, current, previous) == expected


def test_the_report_calls_womens_sick_leave_in_seed_004_a_fall() -> None:
    """In the rendered figures of seed 004 (rjh-rs per april 2018): women 6,8 % against 7,3 % the same period of 2017
    is 'bättre' (lower is better), men 4,0 % against 4,0 % 'oförändrat'."""
    import malrapport as mr
    from checkout import DATA

    result = mr.build_report(DATA, "rjh-rs", "2018-T1").results["sjukfranvaro"]
    women, men = result.sex("K"), result.sex("M")
    assert women is not None and men is not None
    assert (women.value, women.previous, women.trend) == (6.8, 7.3, "better")
    assert (men.value, men.previous, men.trend) == (4.0, 4.0, "unchanged")
