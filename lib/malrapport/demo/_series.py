"""The smooth monthly level of one indicator and unit, and the noisy monthly values drawn around it.

For each sex a level is built through the real values (anchors), linear between them and drifting slowly by a
yearly rate outside them, with seasonal variation for counts. Monthly values add noise; a reporting window
aggregates them as the indicator does and continues a real earlier tertial of the same year (year to date).
"""
from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import SEXES, Aggregation, Direction, Indicator, LevelTarget, Month, Period, PerSexTarget
from ..sv import get_unit
from ._anchors import Anchor

# Relative monthly volume of counts: fewer contacts in the summer and at Christmas.
SEASON = (1.0, 1.0, 1.05, 1.0, 1.0, 0.9, 0.65, 0.85, 1.05, 1.05, 1.05, 0.9)


def window_months(indicator: Indicator, period: Period) -> list[Month]:
    """The months a value for `period` covers: the month itself, or the indicator's window up to the period."""
    if period.kind == "month":
        return [period.first_month]
    return period.window(indicator.window)


def _anchor_point(indicator: Indicator, anchor: Anchor) -> tuple[float, float]:
    """(month position, monthly level) that a real value implies for the smooth series."""
    months = window_months(indicator, anchor.period)
    if Aggregation(indicator.aggregation) is Aggregation.LAST:
        return float(months[-1].index), anchor.value
    position = sum(m.index for m in months) / len(months)
    if Aggregation(indicator.aggregation) is Aggregation.SUM:
        return position, anchor.value / sum(SEASON[m.month - 1] for m in months)
    return position, anchor.value


@dataclass(frozen=True)
class Shape:
    """How one indicator of one unit moves: yearly drift, sex gap, weight of women, noise."""

    drift: float
    gap: float
    women: float
    noise: float


def draw_shape(indicator: Indicator, rng: random.Random) -> Shape:
    """A drawn shape; for an indicator with a direction, the drift improves it in seven cases of ten."""
    improving = rng.random() < 0.7
    size = rng.uniform(0.02, 0.10)
    if indicator.direction is Direction.NONE:
        drift = size if rng.random() < 0.5 else -size
    else:
        better_up = indicator.direction is Direction.HIGHER
        drift = size if improving == better_up else -size
    counts = Aggregation(indicator.aggregation) is Aggregation.SUM
    return Shape(drift=drift, gap=rng.uniform(-0.12, 0.12), women=rng.uniform(0.45, 0.6),
                 noise=0.07 if counts else 0.03)


def default_level(indicator: Indicator, rng: random.Random) -> float:
    """A plausible level when neither real values nor a profile give one."""
    target = indicator.target
    unit = get_unit(indicator.unit)
    low_is_good = indicator.direction is Direction.LOWER
    if isinstance(target, PerSexTarget) and target.by_sex:
        value = sum(t.value for _, t in target.by_sex) / len(target.by_sex)
        return value * rng.uniform(0.95, 1.2) if low_is_good else value * rng.uniform(0.8, 1.05)
    if isinstance(target, LevelTarget) and target.value > 0 and not target.annual:
        return target.value * (rng.uniform(1.0, 1.3) if low_is_good else rng.uniform(0.72, 1.02))
    if unit is not None and unit.is_share:
        return rng.uniform(35, 80)
    monthly = Aggregation(indicator.aggregation) is Aggregation.SUM
    ranges = {"antal": (20, 400) if monthly else (5, 60), "timmar": (200, 2000), "dagar": (3, 15),
              "mnkr": (1, 15) if monthly else (5, 50), "kr": (1000, 5000), "per 1000 invånare": (3, 10),
              "per 100 000 invånare": (20, 200), "index": (60, 85), "poäng": (3, 5)}
    low, high = ranges.get(unit.id if unit else "", (10, 100))
    return rng.uniform(low, high)


class Latent:
    """The smooth monthly level of one sex: linear through the anchor points, drifting outside them."""

    def __init__(self, points: list[tuple[float, float]], drift: float) -> None:
        merged: dict[float, list[float]] = {}
        for position, level in points:
            merged.setdefault(position, []).append(level)
        self.points = sorted((p, sum(v) / len(v)) for p, v in merged.items())
        self.drift = drift

    def __call__(self, index: float) -> float:
        """The level at a month index (months counted from year 0, fractions between months)."""
        points = self.points
        if index <= points[0][0]:
            return points[0][1] * (1 + self.drift) ** ((index - points[0][0]) / 12)
        if index >= points[-1][0]:
            return points[-1][1] * (1 + self.drift) ** ((index - points[-1][0]) / 12)
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            if x0 <= index <= x1:
                return y0 + (y1 - y0) * (index - x0) / (x1 - x0)
        return points[-1][1]


def weight_of_women(indicator: Indicator, anchors: Mapping[str, list[Anchor]], shape: Shape) -> float:
    """Share of women in a total, estimated from periods with real T, K and M values when there are any."""
    by_period = {s: {a.period.key: a.value for a in anchors.get(s, [])} for s in SEXES}
    estimates = []
    for key, total in by_period["T"].items():
        women, men = by_period["K"].get(key), by_period["M"].get(key)
        if women is None or men is None:
            continue
        if Aggregation(indicator.aggregation) is Aggregation.SUM:
            if women + men > 0:
                estimates.append(women / (women + men))
        elif abs(women - men) > 1e-9:
            estimates.append((total - men) / (women - men))
    if not estimates:
        return shape.women
    return min(0.85, max(0.2, sum(estimates) / len(estimates)))


def _sex_anchors(indicator: Indicator, sex: str, anchors: Mapping[str, list[Anchor]],
                 shape: Shape, women: float) -> list[Anchor]:
    """Real values of K or M, plus values derived from T for the periods where the sex has none."""
    own = anchors.get(sex, [])
    own_keys = {a.period.key for a in own}
    totals = {a.period.key: a.value for a in anchors.get("T", [])}
    common = [(a.period, a.value / totals[a.period.key]) for a in own
              if a.period.key in totals and totals[a.period.key]]
    default = sex_factor(indicator, sex, shape, women)
    derived = []
    for anchor in anchors.get("T", []):
        if anchor.period.key in own_keys:
            continue
        ratio = default
        if common:
            ratio = min(common, key=lambda c: abs(c[0].last_month.index - anchor.period.last_month.index))[1]
        derived.append(Anchor(anchor.period, anchor.value * ratio))
    return [*own, *derived]


def sex_factor(indicator: Indicator, sex: str, shape: Shape, women: float) -> float:
    """A sex's value relative to the total: its share of a sum, or the sex gap of a level."""
    if sex == "T":
        return 1.0
    if Aggregation(indicator.aggregation) is Aggregation.SUM:
        return women if sex == "K" else 1 - women
    return 1 + shape.gap if sex == "K" else 1 - shape.gap


def anchors_by_sex(indicator: Indicator, sexes: Sequence[str], anchors: Mapping[str, list[Anchor]],
                   shape: Shape, women: float) -> dict[str, list[Anchor]]:
    """The values each generated sex's series must pass through; a sex without any mirrors the other sex."""
    if sexes == ("T",):
        found = {"T": list(anchors.get("T", []))}
    else:
        found = {sex: _sex_anchors(indicator, sex, anchors, shape, women) for sex in sexes}
    for sex in sexes:
        other = next((s for s in sexes if s != sex and found[s]), None)
        if not found[sex] and other is not None:
            ratio = sex_factor(indicator, sex, shape, women) / sex_factor(indicator, other, shape, women)
            found[sex] = [Anchor(a.period, a.value * ratio) for a in found[other]]
    return found


def _window_value(latent: Latent, indicator: Indicator, period: Period) -> float:
    """The noise-free value of the smooth series for a reporting window."""
    months = window_months(indicator, period)
    aggregation = Aggregation(indicator.aggregation)
    if aggregation is Aggregation.LAST:
        return latent(months[-1].index)
    if aggregation is Aggregation.SUM:
        return sum(latent(m.index) * SEASON[m.month - 1] for m in months)
    return sum(latent(m.index) for m in months) / len(months)


def fitted(indicator: Indicator, anchors: Sequence[Anchor], drift: float, base: float,
           year: int) -> Latent:
    """A smooth series whose windows reproduce the real values (a few rounds of rescaling the points)."""
    if not anchors:
        return Latent([(float(Month(year, 1).index), base)], drift)
    points = [_anchor_point(indicator, a) for a in anchors]
    for _ in range(6):
        latent = Latent(points, drift)
        adjusted = []
        for (position, level), anchor in zip(points, anchors, strict=True):
            current = _window_value(latent, indicator, anchor.period)
            adjusted.append((position, level * anchor.value / current if current else level))
        points = adjusted
    return Latent(points, drift)


class Series:
    """Noisy monthly values of one sex, and their aggregation to reporting windows."""

    def __init__(self, indicator: Indicator, latent: Latent, noise: float, rng: random.Random,
                 months: Sequence[Month], anchors: Sequence[Anchor]) -> None:
        self.indicator = indicator
        self.anchors = anchors
        summed = Aggregation(indicator.aggregation) is Aggregation.SUM
        self.values: dict[int, float] = {}
        for month in months:
            level = latent(month.index) * (1 + rng.gauss(0, noise))
            if summed:
                level *= SEASON[month.month - 1]
            self.values[month.index] = level

    def month(self, month: Month) -> float:
        """The noisy value of one month (seasonal for counts)."""
        return self.values[month.index]

    def window(self, period: Period) -> float:
        """The value as reported for `period`, continuing a real earlier tertial of the same year (ytd)."""
        months = window_months(self.indicator, period)
        aggregation = Aggregation(self.indicator.aggregation)
        if aggregation is Aggregation.LAST:
            return self.values[months[-1].index]
        earlier = self._earlier_real(period)
        start, carried, carried_months = 0, 0.0, 0
        if earlier is not None:
            cut = earlier.period.last_month.index
            start = next((i for i, m in enumerate(months) if m.index > cut), len(months))
            carried_months = start
            carried = earlier.value if aggregation is Aggregation.SUM else earlier.value * start
        rest = [self.values[m.index] for m in months[start:]]
        total = carried + sum(rest)
        if aggregation is Aggregation.SUM:
            return total
        return total / (carried_months + len(rest))

    def _earlier_real(self, period: Period) -> Anchor | None:
        """The latest real tertial of the same year before `period`, which a year-to-date value continues."""
        if self.indicator.window != "ytd" or period.kind != "tertial":
            return None
        earlier = [a for a in self.anchors if a.period.kind == "tertial" and a.period.year == period.year
                   and a.period.number < period.number]
        return earlier[-1] if earlier else None

