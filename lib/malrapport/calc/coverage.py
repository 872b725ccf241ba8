"""Coverage: whether a figure covers enough of its window to be judged, and what it may be compared with.

- Enough: a figure built from monthly rows, or a row that says which months it covers (column `months`), is
  judged only when it covers at least the indicator's `min_coverage` of its window's months (default: all of
  them). Otherwise its status is NOT_ASSESSED with the reason "3 av 4 månader rapporterade – ingen bedömning".
  A latest-month figure (aggregation last, or a median/percentile combined by 'last') needs its window's last
  month. A row that does not say which months it covers is taken as covering its window.
- Like with like: a figure covering part of its window is compared only with the same months of the other
  year (re-aggregated from monthly rows, or a row covering exactly those months); a figure covering its whole
  window only with a figure covering the whole of its own. Otherwise there is no comparison, and the reason
  names the months ("jämförelsevärde för samma månader (jan–maj 2025) saknas …").
"""
from __future__ import annotations

import pandas as pd

from .. import sv
from ..model import Indicator, Month, Period
from .aggregate import Observation, is_latest_month, observe


def _month(key: str) -> Month:
    period = Period.parse(key)
    return Month(period.year, period.number)


def span_text(keys: tuple[str, ...] | list[str]) -> str:
    """'jan–maj 2026' for a run of months without gaps, '' otherwise (or for none).

    >>> span_text(("2026-01", "2026-02", "2026-03", "2026-04", "2026-05")), span_text(("2026-01", "2026-03"))
    ('jan–maj 2026', '')
    """
    if not keys:
        return ""
    months = sorted(_month(k) for k in keys)
    if months[-1].index - months[0].index + 1 != len(months):
        return ""
    return sv.month_span((months[0].year, months[0].month), (months[-1].year, months[-1].month))


def _window_keys(indicator: Indicator, period: Period) -> list[str]:
    return [m.key for m in period.window(indicator.window)]


def is_whole(obs: Observation, indicator: Indicator, period: Period) -> bool:
    """Whether the figure covers its window exactly (a row that does not say is taken to)."""
    if not obs.covered:
        return True
    if is_latest_month(indicator):
        return obs.covered[-1] == _window_keys(indicator, period)[-1]
    return set(obs.covered) == set(_window_keys(indicator, period))


def shortfall(indicator: Indicator, period: Period, obs: Observation | None) -> str:
    """Why a reported figure covers too little of its window to be judged; '' when it covers enough.

    >>> from malrapport.calc.aggregate import Observation
    >>> indicator = load_plan("data/rn-ls1/plan-2022.yaml").indicator("vant-90-besok")
    >>> shortfall(indicator, Period.parse("2022-T1"), Observation(50.0, months=3, expected_months=4,
    ...           covered=("2022-01", "2022-02", "2022-04")))
    '3 av 4 månader rapporterade – ingen bedömning'
    """
    if obs is None or not obs.reported or not obs.covered:
        return ""
    window = _window_keys(indicator, period)
    if is_latest_month(indicator):
        if obs.covered[-1] == window[-1]:
            return ""
        return sv.last_month_missing_reason(span_text([window[-1]]), span_text([obs.covered[-1]]))
    inside = [key for key in obs.covered if key in set(window)]
    required = indicator.min_coverage.required(len(window))
    if len(inside) >= required and len(inside) == len(obs.covered):
        return ""
    if len(inside) >= required:  # the figure covers months outside its window: it is another period's
        return sv.too_little_coverage_reason(len(inside), len(window), len(window), span_text(obs.covered))
    return sv.too_little_coverage_reason(len(inside), len(window), required, span_text(obs.covered))


def _shift(keys: tuple[str, ...], years: int) -> tuple[str, ...]:
    return tuple(Period.parse(key).shift_years(years).key for key in keys)


def comparable(rows: pd.DataFrame, indicator: Indicator, period: Period, current: Observation | None,
               other_period: Period, other: Observation | None, sex: str) -> tuple[Observation | None, str]:
    """The figure of `other_period` that may be set against `current`, and why there is none when refused.

    Part of a window against the same months of the other year; a whole window against a whole window. A year
    as a whole set against a whole tertial (seed 002's "helår 2021") is a whole window of its own and is allowed.
    """
    if current is None or not current.reported:
        return other, ""
    years = other_period.year - period.year
    if is_whole(current, indicator, period):
        if other is None or is_whole(other, indicator, other_period):
            return other, ""
        return None, sv.other_period_comparison_reason(other_period.short_label, span_text(_window_keys(
            indicator, other_period)))
    wanted = _shift(current.covered[-1:] if is_latest_month(indicator) else current.covered, years)
    same = observe(rows, indicator, other_period, sex, months=wanted)
    if same is not None and same.reported and set(same.covered) == set(wanted):
        return same, ""
    return None, sv.other_period_comparison_reason(other_period.short_label, span_text(wanted))
