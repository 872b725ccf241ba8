"""Counts per calendar day: windows of different length compared fairly.

February 2024 has 29 days and February 2023 has 28; 290 falls in the one and 280 in the other are the same 10 a
day. An indicator with `per_day: true` is compared with last year (or a reference year) per day of its window, so
that a leap day, or a month of 31 days against one of 30, does not decide its trend or status.
"""
from __future__ import annotations

from dataclasses import replace

from ..model import Indicator, Period
from .aggregate import Observation


def window_days(period: Period, indicator: Indicator) -> int:
    """Calendar days of the months an observation of `period` covers in the indicator's window.

    >>> window_days(Period.parse("2024-T1"), Indicator("x", "x", "antal", window="ytd"))  # 31+29+31+30
    121
    """
    return sum(month.days for month in period.window(indicator.window))


def per_day(observation: Observation | None, period: Period | None, indicator: Indicator) -> Observation | None:
    """The observation as a daily rate of its window, or it unchanged when there is nothing to divide."""
    if observation is None or observation.value is None or period is None:
        return observation
    return replace(observation, value=observation.value / window_days(period, indicator))
