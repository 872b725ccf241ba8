"""Deterministic demo data: outcome series and assessments that fill the gaps around real (seed) figures.

Used by `scripts/generate_demo_data.py` for the demo organisations and reusable by benchmarks that need many
regions. Everything is derived from stable hashes of the ids (never from dict order, time or global random
state), so the same call gives the same bytes on every machine.

Outcomes: for each unit and indicator a smooth monthly level is built through the real values ("anchors",
e.g. the seed's T1 figure), drifting slowly between years, with seasonal variation for counts and noise per
month. Monthly rows carry numerator and denominator for ratios; tertial rows are year to date as reported and
continue a real earlier tertial of the same year (T2 = the real T1 plus the generated May–August). A real row
is never repeated: every unit/indicator/period/sex an anchor covers is skipped (a year covers its tertial 3).

Assessments: a status per sub-goal that follows its indicators' statuses (with an occasional holistic
deviation, as analysts make), short Swedish narratives that begin with "*Genererad demotext.*", and action
statuses that progress through the year.
"""
from __future__ import annotations

import hashlib
import math
import random
import textwrap
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import yaml

from ..calc.aggregate import GENERATED_SOURCE
from ..calc.status import IndicatorResult, evaluate_all
from ..model import (
    ActivityTarget,
    Aggregation,
    Direction,
    Indicator,
    Level,
    LevelTarget,
    Month,
    Node,
    Period,
    PerSexTarget,
    Plan,
    Status,
    format_amount,
    is_due,
)
from ..sv.units import get_unit

DEMO_MARK = "*Genererad demotext.*"
CSV_COLUMNS = ("unit", "indicator", "period", "sex", "value", "numerator", "denominator", "comment", "source")

# Relative monthly volume of counts: fewer contacts in the summer and at Christmas.
SEASON = (1.0, 1.0, 1.05, 1.0, 1.0, 0.9, 0.65, 0.85, 1.05, 1.05, 1.05, 0.9)
_DECIMALS = {"procent": 1, "antal": 0, "timmar": 0, "dagar": 1, "mnkr": 1, "kr": 0, "per 1000 invånare": 2,
             "per 100 000 invånare": 1, "index": 1, "poäng": 2, "aktivitet": 0}
# Words in an indicator name that mean it counts units, plans or events rather than people (no sex split).
_SEXLESS_WORDS = ("basenhet", " be ", "verksamhet", "enhet", "studier", "checklista", "tillbud", "policy",
                  "avtal", "möten", "fordon", "vårdplatser", "yrkesgrupper", "upphandling", "statsbidrag")
_ACTIVITY_DONE_BY = {1: 0.0, 2: 0.4, 3: 0.75}  # chance an activity is done by each tertial (cumulative)


@dataclass(frozen=True)
class Profile:
    """Typical size of one indicator, for generation without real values.

    `level` is a share or mean level, a stock (aggregation last) or a monthly count (aggregation sum);
    `volume` the monthly denominator of a ratio; `by_sex` forces or forbids rows for K and M;
    `first_year` leaves out earlier years (a measure that did not exist before); `drift` sets the yearly
    relative change (e.g. -0.15) where the real story is known, instead of a drawn one.
    """

    level: float | None = None
    volume: float | None = None
    by_sex: bool | None = None
    first_year: int | None = None
    drift: float | None = None


# --- determinism -------------------------------------------------------------------------------------------

def stable_seed(*parts: object) -> int:
    """A 64-bit seed from the text of `parts`, identical across runs, machines and Python versions."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def _rng(*parts: object) -> random.Random:
    return random.Random(stable_seed(*parts))


# --- anchors (real values) ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Anchor:
    period: Period
    value: float


def _scale(indicator: Indicator) -> float:
    unit = get_unit(indicator.unit)
    return float(unit.per) if unit and unit.per else 1.0


def _anchor_table(anchors: pd.DataFrame | None, plan: Plan) -> dict[tuple[str, str, str], list[_Anchor]]:
    """Real values by (unit, indicator, sex), in period order; a ratio row without value gives num/den."""
    table: dict[tuple[str, str, str], list[_Anchor]] = {}
    if anchors is None or anchors.empty:
        return table
    indicators = {i.id: i for i in plan.indicators()}
    for row in anchors.itertuples(index=False):
        indicator = indicators.get(str(row.indicator))
        if indicator is None:
            continue
        value = _finite(getattr(row, "value", None))
        numerator = _finite(getattr(row, "numerator", None))
        denominator = _finite(getattr(row, "denominator", None))
        if value is None and numerator is not None and denominator:
            value = numerator / denominator * _scale(indicator)
        if value is None:
            continue
        key = (str(row.unit), indicator.id, str(row.sex).strip().upper())
        table.setdefault(key, []).append(_Anchor(Period.parse(str(row.period)), value))
    for items in table.values():
        items.sort(key=lambda a: a.period.sort_key())
    return table


def _finite(raw: Any) -> float | None:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _covered(anchors: Sequence[_Anchor]) -> set[str]:
    """Period keys a sex's real rows cover: their own, and tertial 3 for a year (and the year for a T3)."""
    keys: set[str] = set()
    for anchor in anchors:
        period = anchor.period
        keys.add(period.key)
        if period.kind == "year":
            keys.add(Period.tertial(period.year, 3).key)
        elif period.kind == "tertial" and period.number == 3:
            keys.add(Period.year_of(period.year).key)
    return keys


# --- which rows ----------------------------------------------------------------------------------------------

def splits_by_sex(indicator: Indicator) -> bool:
    """Whether an indicator is naturally reported for women and men: it counts people, not units or plans,
    and its total can be derived from the sexes."""
    unit = get_unit(indicator.unit)
    if unit is None or unit.id in ("aktivitet", "timmar", "mnkr", "kr"):
        return False
    if unit.per and not unit.is_share and Aggregation(indicator.aggregation) is Aggregation.SUM:
        return False  # a summed rate per sex would not add up to the total
    name = f" {indicator.name.lower()} "
    return not any(word in name for word in _SEXLESS_WORDS)


def _is_activity(indicator: Indicator) -> bool:
    return isinstance(indicator.target, ActivityTarget) or indicator.unit == "aktivitet"


def _output_tertials(periods: Sequence[Period]) -> list[Period]:
    found: dict[str, Period] = {}
    for period in periods:
        if period.kind == "tertial":
            found[period.key] = period
        elif period.kind == "year":
            for number in (1, 2, 3):
                tertial = Period.tertial(period.year, number)
                found[tertial.key] = tertial
    return sorted(found.values(), key=Period.sort_key)


def _output_months(periods: Sequence[Period]) -> list[Month]:
    months = {m.index: m for period in periods for m in period.months()}
    return [months[i] for i in sorted(months)]


# --- the latent monthly level ------------------------------------------------------------------------------

def _window_months(indicator: Indicator, period: Period) -> list[Month]:
    if period.kind == "month":
        return [period.first_month]
    return period.window(indicator.window)


def _anchor_point(indicator: Indicator, anchor: _Anchor) -> tuple[float, float]:
    """(month position, monthly level) that a real value implies for the smooth series."""
    months = _window_months(indicator, anchor.period)
    if Aggregation(indicator.aggregation) is Aggregation.LAST:
        return float(months[-1].index), anchor.value
    position = sum(m.index for m in months) / len(months)
    if Aggregation(indicator.aggregation) is Aggregation.SUM:
        return position, anchor.value / sum(SEASON[m.month - 1] for m in months)
    return position, anchor.value


@dataclass(frozen=True)
class _Shape:
    """How one indicator of one unit moves: yearly drift, sex gap, weight of women, noise."""

    drift: float
    gap: float
    women: float
    noise: float


def _shape(indicator: Indicator, rng: random.Random) -> _Shape:
    improving = rng.random() < 0.7
    size = rng.uniform(0.02, 0.10)
    if indicator.direction is Direction.NONE:
        drift = size if rng.random() < 0.5 else -size
    else:
        better_up = indicator.direction is Direction.HIGHER
        drift = size if improving == better_up else -size
    counts = Aggregation(indicator.aggregation) is Aggregation.SUM
    return _Shape(drift=drift, gap=rng.uniform(-0.12, 0.12), women=rng.uniform(0.45, 0.6),
                  noise=0.07 if counts else 0.03)


def _default_level(indicator: Indicator, rng: random.Random) -> float:
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


class _Latent:
    """The smooth monthly level of one sex: linear through the anchor points, drifting outside them."""

    def __init__(self, points: list[tuple[float, float]], drift: float) -> None:
        merged: dict[float, list[float]] = {}
        for position, level in points:
            merged.setdefault(position, []).append(level)
        self.points = sorted((p, sum(v) / len(v)) for p, v in merged.items())
        self.drift = drift

    def __call__(self, index: float) -> float:
        points = self.points
        if index <= points[0][0]:
            return points[0][1] * (1 + self.drift) ** ((index - points[0][0]) / 12)
        if index >= points[-1][0]:
            return points[-1][1] * (1 + self.drift) ** ((index - points[-1][0]) / 12)
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            if x0 <= index <= x1:
                return y0 + (y1 - y0) * (index - x0) / (x1 - x0)
        return points[-1][1]


def _weight_of_women(indicator: Indicator, anchors: Mapping[str, list[_Anchor]], shape: _Shape) -> float:
    """Share of women in a total, estimated from periods with real T, K and M values when there are any."""
    by_period = {s: {a.period.key: a.value for a in anchors.get(s, [])} for s in ("T", "K", "M")}
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


def _sex_anchors(indicator: Indicator, sex: str, anchors: Mapping[str, list[_Anchor]],
                shape: _Shape, women: float) -> list[_Anchor]:
    """Real values of K or M, plus values derived from T for the periods where the sex has none."""
    own = anchors.get(sex, [])
    own_keys = {a.period.key for a in own}
    totals = {a.period.key: a.value for a in anchors.get("T", [])}
    common = [(a.period, a.value / totals[a.period.key]) for a in own
              if a.period.key in totals and totals[a.period.key]]
    default = _sex_factor(indicator, sex, shape, women)
    derived = []
    for anchor in anchors.get("T", []):
        if anchor.period.key in own_keys:
            continue
        ratio = default
        if common:
            ratio = min(common, key=lambda c: abs(c[0].last_month.index - anchor.period.last_month.index))[1]
        derived.append(_Anchor(anchor.period, anchor.value * ratio))
    return [*own, *derived]


def _sex_factor(indicator: Indicator, sex: str, shape: _Shape, women: float) -> float:
    """A sex's value relative to the total: its share of a sum, or the sex gap of a level."""
    if sex == "T":
        return 1.0
    if Aggregation(indicator.aggregation) is Aggregation.SUM:
        return women if sex == "K" else 1 - women
    return 1 + shape.gap if sex == "K" else 1 - shape.gap


def _anchors_by_sex(indicator: Indicator, sexes: Sequence[str], anchors: Mapping[str, list[_Anchor]],
                    shape: _Shape, women: float) -> dict[str, list[_Anchor]]:
    """The values each generated sex's series must pass through; a sex without any mirrors the other sex."""
    if sexes == ("T",):
        found = {"T": list(anchors.get("T", []))}
    else:
        found = {sex: _sex_anchors(indicator, sex, anchors, shape, women) for sex in sexes}
    for sex in sexes:
        other = next((s for s in sexes if s != sex and found[s]), None)
        if not found[sex] and other is not None:
            ratio = _sex_factor(indicator, sex, shape, women) / _sex_factor(indicator, other, shape, women)
            found[sex] = [_Anchor(a.period, a.value * ratio) for a in found[other]]
    return found


def _window_value(latent: _Latent, indicator: Indicator, period: Period) -> float:
    """The noise-free value of the smooth series for a reporting window."""
    months = _window_months(indicator, period)
    aggregation = Aggregation(indicator.aggregation)
    if aggregation is Aggregation.LAST:
        return latent(months[-1].index)
    if aggregation is Aggregation.SUM:
        return sum(latent(m.index) * SEASON[m.month - 1] for m in months)
    return sum(latent(m.index) for m in months) / len(months)


def _fitted(indicator: Indicator, anchors: Sequence[_Anchor], drift: float, base: float,
            year: int) -> _Latent:
    """A smooth series whose windows reproduce the real values (a few rounds of rescaling the points)."""
    if not anchors:
        return _Latent([(float(Month(year, 1).index), base)], drift)
    points = [_anchor_point(indicator, a) for a in anchors]
    for _ in range(6):
        latent = _Latent(points, drift)
        adjusted = []
        for (position, level), anchor in zip(points, anchors):
            current = _window_value(latent, indicator, anchor.period)
            adjusted.append((position, level * anchor.value / current if current else level))
        points = adjusted
    return _Latent(points, drift)


# --- values ----------------------------------------------------------------------------------------------------

def _round(value: float, indicator: Indicator) -> float:
    unit = get_unit(indicator.unit)
    if unit is not None and unit.is_share:
        value = min(100.0, value)
    if indicator.unit != "mnkr":
        value = max(0.0, value)
    decimals = _DECIMALS.get(indicator.unit, 1)
    rounded = round(value, decimals)
    return float(int(rounded)) if decimals == 0 else rounded


def _combine(indicator: Indicator, women: float, men: float, weight: float) -> float:
    if Aggregation(indicator.aggregation) is Aggregation.SUM:
        return women + men
    return weight * women + (1 - weight) * men


class _Series:
    """Noisy monthly values of one sex, and their aggregation to reporting windows."""

    def __init__(self, indicator: Indicator, latent: _Latent, noise: float, rng: random.Random,
                 months: Sequence[Month], anchors: Sequence[_Anchor]) -> None:
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
        return self.values[month.index]

    def window(self, period: Period) -> float:
        """The value as reported for `period`, continuing a real earlier tertial of the same year (ytd)."""
        months = _window_months(self.indicator, period)
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

    def _earlier_real(self, period: Period) -> _Anchor | None:
        if self.indicator.window != "ytd" or period.kind != "tertial":
            return None
        earlier = [a for a in self.anchors if a.period.kind == "tertial" and a.period.year == period.year
                   and a.period.number < period.number]
        return earlier[-1] if earlier else None


def _activity_rows(plan: Plan, indicator: Indicator, unit: str, tertials: Sequence[Period],
                   anchors: Sequence[_Anchor], seed: object) -> list[dict[str, Any]]:
    """0/1 per tertial of the plan year: done once and stays done; a real value sets the starting point."""
    rng = _rng(seed, unit, indicator.id, "aktivitet")
    draw = rng.random()
    real = {a.period.key: a.value for a in anchors}
    done = False
    rows = []
    for period in tertials:
        if period.year != plan.year:
            continue
        if period.key in real:
            done = real[period.key] >= 1
            continue
        done = done or draw < _ACTIVITY_DONE_BY[period.number]
        rows.append(_row(unit, indicator, period.key, "T", 1.0 if done else 0.0))
    return rows


def _row(unit: str, indicator: Indicator, period: str, sex: str, value: float | None,
         numerator: float | None = None, denominator: float | None = None) -> dict[str, Any]:
    return {"unit": unit, "indicator": indicator.id, "period": period, "sex": sex,
            "value": math.nan if value is None else value,
            "numerator": math.nan if numerator is None else numerator,
            "denominator": math.nan if denominator is None else denominator,
            "comment": "", "source": GENERATED_SOURCE}


# --- outcomes ----------------------------------------------------------------------------------------------------

def generate_outcomes(plan: Plan, units: Sequence[str] | None = None,
                      periods: Sequence[Period | str] | None = None, seed: object = 0, monthly: bool = True, *,
                      anchors: pd.DataFrame | None = None, profiles: Mapping[str, Profile] | None = None,
                      skip: Collection[str] = ()) -> pd.DataFrame:
    """Generated outcome rows (source 'genererad') for every numeric indicator of `plan`.

    units: default the organisation itself. periods: years, tertials or months to cover; default the plan
    year and the two years before. monthly: months (ratios with numerator and denominator; K and M for
    counts and ratios, T, K and M for means and last values), else tertials year to date (T, K and M where the
    real values are by sex, else T). anchors: real rows in the canonical outcome columns; the series pass
    through them and no row they cover is generated. Activities give 0/1 per tertial of the plan year only;
    indicators with an empty schedule ('Under utredning') and ids in `skip` give none.
    """
    units = list(units) if units else [plan.organisation.id]
    if periods is None:
        periods = [Period.year_of(year) for year in range(plan.year - 2, plan.year + 1)]
    chosen = [Period.parse(p) for p in periods]
    profiles = profiles or {}
    table = _anchor_table(anchors, plan)
    rows: list[dict[str, Any]] = []
    for unit in units:
        for indicator in plan.indicators():
            if indicator.id in skip or not indicator.schedule or get_unit(indicator.unit) is None:
                continue
            profile = profiles.get(indicator.id, Profile())
            own = {sex: table.get((unit, indicator.id, sex), []) for sex in ("T", "K", "M")}
            rows += _indicator_rows(plan, indicator, unit, chosen, monthly, own, profile, seed)
    frame = pd.DataFrame(rows, columns=list(CSV_COLUMNS))
    for column in ("value", "numerator", "denominator"):
        frame[column] = frame[column].astype("float64")
    return frame


def _indicator_rows(plan: Plan, indicator: Indicator, unit: str, periods: Sequence[Period], monthly: bool,
                    anchors: Mapping[str, list[_Anchor]], profile: Profile, seed: object) -> list[dict[str, Any]]:
    first_year = profile.first_year or 0
    tertials = [t for t in _output_tertials(periods) if t.year >= first_year and is_due(indicator.schedule, t)]
    if _is_activity(indicator):
        return _activity_rows(plan, indicator, unit, tertials, anchors.get("T", []), seed)
    rng = _rng(seed, unit, indicator.id)
    shape = _shape(indicator, rng)
    if profile.drift is not None:
        shape = replace(shape, drift=profile.drift)
    real_by_sex = bool(anchors.get("K") or anchors.get("M"))
    split = profile.by_sex if profile.by_sex is not None else (real_by_sex or (monthly and splits_by_sex(indicator)))
    women = _weight_of_women(indicator, anchors, shape)
    base = profile.level if profile.level is not None else _default_level(indicator, rng)
    if monthly and indicator.schedule == frozenset({3}) and Aggregation(indicator.aggregation) is Aggregation.LAST:
        out_months = [m for m in _output_months(periods) if m.month == 12 and m.year >= first_year]
    else:
        out_months = [m for m in _output_months(periods) if m.year >= first_year]
    years = [p.year for p in periods]
    span = [Month.from_index(i) for i in range(Month(min(years) - 1, 1).index, Month(max(years), 12).index + 1)]
    sexes = ("K", "M") if split else ("T",)
    targets = _anchors_by_sex(indicator, sexes, anchors, shape, women)
    series = {sex: _Series(indicator, _fitted(indicator, targets[sex], shape.drift,
                                              base * _sex_factor(indicator, sex, shape, women), plan.year),
                           shape.noise, _rng(seed, unit, indicator.id, sex), span, anchors.get(sex, []))
              for sex in sexes}
    if monthly:
        return _monthly_rows(indicator, unit, out_months, series, anchors, profile, women, rng)
    return _tertial_rows(indicator, unit, tertials, series, anchors, women)


def _monthly_rows(indicator: Indicator, unit: str, months: Sequence[Month], series: Mapping[str, _Series],
                  anchors: Mapping[str, list[_Anchor]], profile: Profile, women: float,
                  rng: random.Random) -> list[dict[str, Any]]:
    covered = {sex: _covered(anchors.get(sex, [])) for sex in ("T", "K", "M")}
    aggregation = Aggregation(indicator.aggregation)
    volume = profile.volume if profile.volume is not None else rng.uniform(50, 500)
    split = "K" in series
    rows = []
    for month in months:
        key = Period.from_month(month).key
        values = {sex: s.month(month) for sex, s in series.items()}
        if split and aggregation in (Aggregation.MEAN, Aggregation.LAST):
            values = {"T": _combine(indicator, values["K"], values["M"], women), **values}
        for sex in ("T", "K", "M"):
            if sex not in values or key in covered[sex]:
                continue
            if aggregation is Aggregation.RATIO:
                share = min(100.0, max(0.0, values[sex]))
                weight = 1.0 if sex == "T" else (women if sex == "K" else 1 - women)
                noise = 1 + rng.gauss(0, 0.08)
                denominator = max(1, round(volume * weight * SEASON[month.month - 1] * noise))
                numerator = min(denominator, round(denominator * share / 100))
                rows.append(_row(unit, indicator, key, sex, None, float(numerator), float(denominator)))
            else:
                rows.append(_row(unit, indicator, key, sex, _round(values[sex], indicator)))
    return rows


def _tertial_rows(indicator: Indicator, unit: str, tertials: Sequence[Period], series: Mapping[str, _Series],
                  anchors: Mapping[str, list[_Anchor]], women: float) -> list[dict[str, Any]]:
    covered = {sex: _covered(anchors.get(sex, [])) for sex in ("T", "K", "M")}
    real = {sex: {a.period.key: a.value for a in anchors.get(sex, [])} for sex in ("T", "K", "M")}
    rows = []
    for period in tertials:
        values = {}
        for sex, s in series.items():
            values[sex] = real[sex].get(period.key, _round(s.window(period), indicator))
        if "K" in values:
            values = {"T": _round(_combine(indicator, values["K"], values["M"], women), indicator), **values}
        for sex in ("T", "K", "M"):
            if sex in values and period.key not in covered[sex]:
                rows.append(_row(unit, indicator, period.key, sex, _round(values[sex], indicator)))
    return rows


# --- writing outcomes -----------------------------------------------------------------------------------------

def _number_text(value: Any) -> str:
    number = _finite(value)
    if number is None:
        return ""
    if number == int(number):
        return str(int(number))
    return repr(number)


def outcomes_csv(frame: pd.DataFrame) -> str:
    """The outcome rows as semicolon-separated UTF-8 text with decimal points, in the order given."""
    lines = [";".join(CSV_COLUMNS)]
    for row in frame[list(CSV_COLUMNS)].itertuples(index=False, name=None):
        unit, indicator, period, sex, value, numerator, denominator, comment, source = row
        cells = [str(unit), str(indicator), str(period), str(sex), _number_text(value), _number_text(numerator),
                 _number_text(denominator), _text_cell(comment), _text_cell(source)]
        lines.append(";".join(cells))
    return "\n".join(lines) + "\n"


def _text_cell(value: Any) -> str:
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    if any(c in text for c in ';"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


# --- assessments -------------------------------------------------------------------------------------------------

_PHRASES = {
    Status.MET: ("kommer att uppnås", "har uppnåtts"),
    Status.PARTLY: ("delvis kommer att uppnås", "delvis har uppnåtts"),
    Status.NOT_MET: ("inte kommer att uppnås", "inte har uppnåtts"),
}
_CLOSING = {
    Status.MET: ("Arbetet löper enligt plan.",
                 "Verksamheterna rapporterar att de planerade aktiviteterna är genomförda eller pågår som planerat."),
    Status.PARTLY: ("Flera verksamheter har påbörjat aktiviteter, men effekten syns ännu inte fullt ut.",
                    "Arbetet pågår men behöver få större genomslag i fler verksamheter."),
    Status.NOT_MET: ("Utvecklingen går åt fel håll och åtgärder behöver prioriteras.",
                     "Bemanningsläget har gjort att planerade aktiviteter har fått skjutas upp."),
}
_ACTION_COMMENTS = {
    "ej påbörjad": "Arbetet planeras att starta senare under året.",
    "pågår": "Arbetet pågår enligt plan.",
    "försenad": "Arbetet är försenat på grund av bemanningsläget.",
    "genomförd": "Åtgärden är genomförd.",
}
_SCORE = {Status.MET: 2, Status.PARTLY: 1, Status.NOT_MET: 0}


def _definite(level: Level) -> str:
    """'delmålet', 'framgångsfaktorn': the level name in definite form, for the narrative."""
    name = level.name.lower()
    if name.endswith("mål"):
        return f"{name}et"
    if name.endswith(("or", "ar", "er")):
        return f"{name}n"
    return f"{name}et" if not name.endswith("e") else f"{name}t"


def _results(plan: Plan, period: Period, results_or_outcomes: Any,
             unit: str) -> dict[str, IndicatorResult | Status]:
    if isinstance(results_or_outcomes, pd.DataFrame):
        return dict(evaluate_all(plan, results_or_outcomes, unit, period))
    return dict(results_or_outcomes or {})


def _status_of(result: IndicatorResult | Status | str | None) -> Status | None:
    if isinstance(result, IndicatorResult):
        return result.status if result.due else None
    if isinstance(result, Status):
        return result
    if isinstance(result, str):
        by_label = {status.label: status for status in Status}
        if result in by_label:
            return by_label[result]
        try:
            return Status(result)
        except ValueError:
            return None
    return None


def _as_analysts_see(indicator: Indicator, status: Status, period: Period) -> Status:
    """An activity not yet done before the year's end is under way (partly), not failed."""
    final = period.kind == "year" or period.number == 3
    if _is_activity(indicator) and status is Status.NOT_MET and not final:
        return Status.PARTLY
    return status


def _subgoal_status(judged: list[Status], rng: random.Random) -> Status:
    """From the indicators' statuses, with the holistic deviation analysts make now and then."""
    if not judged:
        draw = rng.random()
        return Status.PARTLY if draw < 0.6 else Status.MET if draw < 0.85 else Status.NOT_MET
    mean = sum(_SCORE[s] for s in judged) / len(judged)
    status = Status.MET if mean >= 1.5 else Status.PARTLY if mean >= 0.75 else Status.NOT_MET
    leniency = {Status.MET: 0.15, Status.NOT_MET: 0.35}.get(status, 0.0)
    return Status.PARTLY if rng.random() < leniency else status


def _value_text(result: IndicatorResult) -> str:
    unit = result.indicator.unit
    total = result.sex("T")
    if total is not None and total.value is not None:
        return format_amount(total.value, unit)
    parts = [f"{label} {format_amount(r.value, unit)}" for label, r in
             (("kvinnor", result.sex("K")), ("män", result.sex("M"))) if r is not None and r.value is not None]
    return ", ".join(parts)


def _indicator_sentence(indicator: Indicator, result: IndicatorResult) -> str:
    """'Name: 57,8 % (målvärde: Öka).' or, for an activity, 'Name – genomförd.'"""
    name = indicator.name.rstrip(". ")
    if _is_activity(indicator):
        total = result.sex("T")
        done = total is not None and total.value is not None and total.value >= 1
        return f"{name} – {'genomförd' if done else 'inte genomförd'}."
    return f"{name}: {_value_text(result)} (målvärde: {indicator.target.text})."


def _narrative(plan: Plan, node: Node, period: Period, status: Status,
               results: Mapping[str, IndicatorResult | Status], rng: random.Random) -> str:
    final = period.kind == "year" or period.number == 3
    sentences = [DEMO_MARK, f"Bedömningen {period.as_of} är att {_definite(plan.subgoal_level)} "
                            f"{_PHRASES[status][final]}."]
    level = plan.indicator_level
    due = [(i, results.get(i.id)) for i in node.indicators]
    judged = [(i, r) for i, r in due if _status_of(r) in _SCORE]
    if node.placeholder:
        sentences.append(f"{level.name} saknas ännu; bedömningen bygger på verksamheternas redovisning.")
    elif not node.indicators:
        sentences.append(f"{level.plural} saknas; bedömningen bygger på verksamheternas redovisning.")
    elif not judged and any(_status_of(r) is Status.NO_OUTCOME for _, r in due):
        sentences.append(f"Utfall saknas ännu för {level.plural.lower()} som ska följas upp {period.as_of}.")
    elif not judged:
        sentences.append(f"{level.plural} för {_definite(plan.subgoal_level)} följs upp i årsrapporten.")
    else:
        met = sum(1 for _, r in judged if _status_of(r) is Status.MET)
        what = level.name.lower() if len(judged) == 1 else level.plural.lower()
        sentences.append(f"Målvärdet nås för {met} av {len(judged)} {what} som följs upp {period.as_of}.")
        worst = min(judged, key=lambda pair: _SCORE[_status_of(pair[1])])  # type: ignore[index]
        if isinstance(worst[1], IndicatorResult) and _value_text(worst[1]):
            sentences.append(_indicator_sentence(worst[0], worst[1]))
    sentences.append(rng.choice(_CLOSING[status]))
    return " ".join(sentences)


def _action_status(seed: object, action_id: str, period: Period) -> str:
    """Progress of an action through the year: ej påbörjad → pågår → genomförd (or försenad at year end)."""
    rng = _rng(seed, "åtgärd", action_id)
    start = rng.choice((0, 0, 1, 2))
    finish = rng.choice((2, 3, 3, 3, 4))
    tertial = 3 if period.kind == "year" else period.number
    if tertial >= finish:
        return "genomförd"
    if tertial < start:
        return "ej påbörjad"
    return "försenad" if finish == 4 and tertial == 3 else "pågår"


def generate_assessment(plan: Plan, period: Period | str, results_or_outcomes: Any, seed: object = 0,
                        intro: str = "", unit: str | None = None) -> dict[str, Any]:
    """A generated assessment of one period as the mapping an assessment YAML file holds.

    results_or_outcomes: the outcome table (evaluated with `status.evaluate_all` for `unit`, default the
    organisation), or a mapping from indicator id to an IndicatorResult, a Status or its Swedish label.
    Sub-goal statuses follow the due indicators; every narrative, comment and the summary begin with
    DEMO_MARK (after `intro`, a real text placed first in the summary).
    """
    period = Period.parse(period)
    unit = unit or plan.organisation.id
    results = _results(plan, period, results_or_outcomes, unit)
    subgoals: dict[str, dict[str, Any]] = {}
    for node in plan.subgoals():
        rng = _rng(seed, unit, period.key, node.id)
        judged = [_as_analysts_see(i, s, period) for i in node.indicators
                  if (s := _status_of(results.get(i.id))) in _SCORE]
        status = _subgoal_status(judged, rng)
        subgoals[node.id] = {"status": status.label,
                             "narrative": _narrative(plan, node, period, status, results, rng)}
    actions = {}
    for action in plan.actions():
        state = _action_status((seed, unit), action.id, period)
        actions[action.id] = {"status": state, "comment": f"{DEMO_MARK} {_ACTION_COMMENTS[state]}"}
    summary = (f"{DEMO_MARK} Bedömningarna och texterna {period.label} är genererade för demonstrationen och "
               f"bygger på genererade utfall.")
    data: dict[str, Any] = {"organisation": plan.organisation.id, "period": period.key,
                            "summary": f"{intro.strip()}\n\n{summary}" if intro.strip() else summary,
                            "subgoals": subgoals}
    if actions:
        data["actions"] = actions
    return data


# --- writing assessments ----------------------------------------------------------------------------------

class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line text as literal blocks, the form analysts edit."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


_BlockDumper.add_representer(str, _represent_text)


def _wrapped(text: str, width: int = 100) -> str:
    """Paragraphs wrapped for reading in an editor (Markdown joins the lines again), ending with a newline."""
    paragraphs = [p for p in text.split("\n\n")]
    return "\n\n".join(textwrap.fill(p, width=width, break_long_words=False, break_on_hyphens=False)
                       if "\n" not in p else p for p in paragraphs).rstrip("\n") + "\n"


def assessment_yaml(data: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """YAML text of a generated assessment, with `header` lines as comments first."""
    def wrap(entry: Mapping[str, Any], key: str) -> dict[str, Any]:
        out = dict(entry)
        if out.get(key):
            out[key] = _wrapped(str(out[key]))
        return out

    document = {key: value for key, value in data.items() if key not in ("summary", "subgoals", "actions")}
    if data.get("summary"):
        document["summary"] = _wrapped(str(data["summary"]))
    document["subgoals"] = {k: wrap(v, "narrative") for k, v in data.get("subgoals", {}).items()}
    if data.get("actions"):
        document["actions"] = {k: wrap(v, "comment") for k, v in data["actions"].items()}
    body = yaml.dump(document, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=110)
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header)
    return comments + body
