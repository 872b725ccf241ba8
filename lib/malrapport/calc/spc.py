"""Statistical process control of monthly values: an XmR chart with NHS England's *Making Data Count* rules.

Limits: the mean ± 2,66 × the mean moving range (the mean of |x(i) − x(i−1)|; 2,66 = 3 / 1,128, three sigma
estimated from the moving range). Sigma is a third of the distance from the mean to a limit.

Special causes, each flagging the points that make it up:

1. *Outside the limits*: a point above the upper or below the lower limit.
2. *Shift*: a run of 7 or more points on the same side of the mean; a point exactly on the mean ends a run.
3. *Trend*: a run of 7 or more points each higher (or each lower) than the one before; an equal value ends it.
4. *Two of three*: two of three consecutive points more than 2 sigma from the mean on the same side (the third
   may lie anywhere); a point beyond the limit counts as beyond 2 sigma.

Variant and why: 7 for both runs, as Making Data Count and the NHS-R community's implementation ("Plot the
dots") use. For a stable process a given run of 7 on one side has the chance 2 × 0,5⁷ ≈ 1,6 % and 7 points
in a strict order 2 / 7! ≈ 0,04 %, so on the 12–36 monthly points of a report false signals are rare, while 8 or
9 (Western Electric, Nelson) would need most of a year of a real shift before saying so. In rule 4 a point beyond
the limit counts too, so that a more extreme value can never take a signal away.

Verdicts, for the latest point (as the Making Data Count icons):

- variation: *improvement* or *concern* when the latest point is part of a special cause on the better or worse
  side (by the indicator's direction), *high* or *low* for an indicator without direction, *common* otherwise.
  The side of a point is that of the first rule that flags it, in the order above: for rules 1, 2 and 4 the
  side of the mean, for a trend its direction.
- assurance (only with a target level and a direction): *pass* when the whole band between the limits meets the
  target, *fail* when none of it does (the target cannot be met without changing the process), *inconsistent*
  when the target lies between the limits.

Fewer than 12 points (a year of months) give the variation *too_few* and no assurance: limits from less are not
worth a judgement.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..model import Direction

LIMIT_FACTOR = 2.66
"""Process limits at the mean ± this × the mean moving range (3 / d2, d2 = 1,128 for ranges of two points)."""
NEAR_FACTOR = LIMIT_FACTOR * 2 / 3
"""Two sigma: the start of the outer third between the mean and a limit."""
SHIFT_RUN = 7
TREND_RUN = 7
MIN_POINTS = 12
RULES = ("outside", "two_of_three", "shift", "trend")
"""The special-cause rules in the order that decides a point's side."""

VARIATIONS = ("improvement", "concern", "high", "low", "common", "too_few")
ASSURANCES = ("pass", "inconsistent", "fail")


@dataclass(frozen=True)
class SpcResult:
    """An XmR chart of one series with its special causes and verdicts.

    `points` has one row per value: key, value, moving_range, one boolean column per rule in `RULES`, special
    (any rule) and side (+1 above or rising, −1 below or falling, 0 for a common-cause point).

    >>> result = xmr([10, 12, 11, 13, 12, 11, 12, 13, 12, 11, 12, 30], direction="higher", target=8)
    >>> round(result.mean, 2), round(result.upper, 2), result.variation, result.assurance
    (13.25, 20.5, 'improvement', 'inconsistent')
    """

    points: pd.DataFrame = field(repr=False)
    mean: float
    mean_moving_range: float
    direction: Direction
    target: float | None = None

    @property
    def sigma(self) -> float:
        """The estimated standard deviation: the mean moving range / 1,128."""
        return self.mean_moving_range * LIMIT_FACTOR / 3

    @property
    def upper(self) -> float:
        return self.mean + LIMIT_FACTOR * self.mean_moving_range

    @property
    def lower(self) -> float:
        return self.mean - LIMIT_FACTOR * self.mean_moving_range

    @property
    def upper_near(self) -> float:
        return self.mean + NEAR_FACTOR * self.mean_moving_range

    @property
    def lower_near(self) -> float:
        return self.mean - NEAR_FACTOR * self.mean_moving_range

    @property
    def enough(self) -> bool:
        """Whether the series is long enough for a verdict (`MIN_POINTS`)."""
        return len(self.points) >= MIN_POINTS

    @property
    def variation(self) -> str:
        """'improvement' | 'concern' | 'high' | 'low' | 'common' | 'too_few', for the latest point."""
        if not self.enough:
            return "too_few"
        side = int(self.points["side"].iloc[-1])
        if side == 0:
            return "common"
        if self.direction is Direction.NONE:
            return "high" if side > 0 else "low"
        return "improvement" if (side > 0) == (self.direction is Direction.HIGHER) else "concern"

    @property
    def assurance(self) -> str | None:
        """'pass' | 'inconsistent' | 'fail', or None without a target, a direction or enough points."""
        if self.target is None or self.direction is Direction.NONE or not self.enough:
            return None
        if self.direction is Direction.HIGHER:
            if self.lower >= self.target:
                return "pass"
            return "fail" if self.upper < self.target else "inconsistent"
        if self.upper <= self.target:
            return "pass"
        return "fail" if self.lower > self.target else "inconsistent"

    def special_causes(self) -> pd.DataFrame:
        """The points flagged by any rule, with their key, value, side and the rules that flag them."""
        return self.points[self.points["special"]]


def _runs(labels: np.ndarray, length: int) -> np.ndarray:
    """Flags the members of every run of at least `length` equal, non-zero labels."""
    flags = np.zeros(len(labels), dtype=bool)
    start = 0
    for end in range(1, len(labels) + 1):
        if end == len(labels) or labels[end] != labels[start]:
            if labels[start] != 0 and end - start >= length:
                flags[start:end] = True
            start = end
    return flags


def _trend_flags(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Members of runs of `TREND_RUN` points each above (or below) the one before, and the run's direction."""
    flags = np.zeros(len(values), dtype=bool)
    sides = np.zeros(len(values), dtype=int)
    steps = np.sign(np.diff(values)).astype(int)
    start = 0
    for end in range(1, len(steps) + 1):
        if end == len(steps) or steps[end] != steps[start]:
            if len(steps) and steps[start] != 0 and end - start + 1 >= TREND_RUN:
                flags[start:end + 1] = True
                sides[start:end + 1] = steps[start]
            start = end
    return flags, sides


def _two_of_three(values: np.ndarray, mean: float, near: float) -> np.ndarray:
    """Points beyond 2 sigma that are two of three consecutive points beyond 2 sigma on their side."""
    flags = np.zeros(len(values), dtype=bool)
    for side in (1, -1):
        beyond = side * (values - mean) > near
        for start in range(max(0, len(values) - 2)):
            window = slice(start, start + 3)
            if beyond[window].sum() >= 2:
                flags[window] |= beyond[window]
    return flags


def xmr(values: Sequence[float], keys: Sequence[str] | None = None, direction: Direction | str = Direction.NONE,
        target: float | None = None) -> SpcResult:
    """The XmR chart of `values` in time order (see the module docstring for the rules and verdicts).

    `keys` name the points (month keys such as '2024-03'); `direction` is the indicator's polarity; `target` a
    level for the assurance verdict. Needs at least two finite values.

    >>> chart = xmr([5, 7, 6, 8], keys=["2024-01", "2024-02", "2024-03", "2024-04"])
    >>> chart.mean, chart.mean_moving_range, round(chart.upper, 2), chart.variation
    (6.5, 1.6666666666666667, 10.93, 'too_few')
    """
    series = np.asarray([float(v) for v in values], dtype=float)
    if len(series) < 2 or not np.isfinite(series).all():
        raise ValueError("xmr needs at least two values, all finite")
    names = [str(k) for k in keys] if keys is not None else [str(i + 1) for i in range(len(series))]
    if len(names) != len(series):
        raise ValueError("xmr needs one key per value")
    moving = np.abs(np.diff(series))
    mean, mean_range = float(series.mean()), float(moving.mean())
    upper, lower = mean + LIMIT_FACTOR * mean_range, mean - LIMIT_FACTOR * mean_range
    above_below = np.sign(series - mean).astype(int)
    outside = (series > upper) | (series < lower)
    two_of_three = _two_of_three(series, mean, NEAR_FACTOR * mean_range)
    shift = _runs(above_below, SHIFT_RUN)
    trend, trend_side = _trend_flags(series)
    side = np.where(outside | two_of_three | shift, above_below, np.where(trend, trend_side, 0))
    points = pd.DataFrame({
        "key": names, "value": series, "moving_range": np.concatenate([[np.nan], moving]),
        "outside": outside, "two_of_three": two_of_three, "shift": shift, "trend": trend,
    })
    points["special"] = points[list(RULES)].any(axis=1)
    points["side"] = side.astype(int)
    return SpcResult(points, mean, mean_range, Direction(direction), target)
