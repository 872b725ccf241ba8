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
    assert (sv.TREND_SYMBOLS["up"], sv.TREND_SYMBOLS["down"]) == ("↑", "↓")
    for key in ("better", "worse", "unchanged", "unknown", "up", "down"):
        assert sv.TREND_LABELS[key] and sv.TREND_SYMBOLS[key]
