"""Generated outcome rows that fill the gaps around real (seed) figures.

For each unit and indicator a smooth monthly level is built through the real values ("anchors", e.g. the seed's
T1 figure), drifting slowly between years, with seasonal variation for counts and noise per month. Monthly rows
carry numerator and denominator for ratios; tertial rows are year to date as reported and continue a real earlier
tertial of the same year (T2 = the real T1 plus the generated May–August). A real row is never repeated: every
unit/indicator/period/sex an anchor covers is skipped (a year covers its tertial 3).
"""
from __future__ import annotations

import math
import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from ..calc.aggregate import GENERATED_SOURCE
from ..model import SEXES, WOMEN_AND_MEN, Aggregation, Indicator, Month, Period, Plan, is_due
from ..sv import get_unit
from ._anchors import Anchor, anchor_table, covered_keys
from ._indicator_kinds import is_activity, splits_by_sex
from ._seeds import seeded_rng
from ._series import SEASON, Series, anchors_by_sex, default_level, draw_shape, fitted, sex_factor, weight_of_women

CSV_COLUMNS = ("unit", "indicator", "period", "sex", "value", "numerator", "denominator", "comment", "source")
_DECIMALS = {"procent": 1, "antal": 0, "timmar": 0, "dagar": 1, "mnkr": 1, "kr": 0, "per 1000 invånare": 2,
             "per 100 000 invånare": 1, "index": 1, "poäng": 2, "aktivitet": 0}
_ACTIVITY_DONE_BY = {1: 0.0, 2: 0.4, 3: 0.75}  # chance an activity is done by each tertial (cumulative)


@dataclass(frozen=True)
class Profile:
    """Typical size of one indicator, for generation without real values.

    `level` is a share or mean level, a stock (aggregation last) or a monthly count (aggregation sum);
    `volume` the monthly denominator of a ratio; `by_sex` forces or forbids rows for K and M;
    `first_year` leaves out earlier years (a measure that did not exist before); `drift` sets the yearly
    relative change (e.g. -0.15) where the real story is known, instead of a drawn one; `drift_by_sex` does so
    for women and men apart when the report tells their stories apart (women's share up, men's down).
    """

    level: float | None = None
    volume: float | None = None
    by_sex: bool | None = None
    first_year: int | None = None
    drift: float | None = None
    drift_by_sex: tuple[tuple[str, float], ...] = ()


def generate_outcomes(plan: Plan, units: Sequence[str] | None = None,
                      periods: Sequence[Period | str] | None = None, seed: object = 0, monthly: bool = True, *,
                      anchors: pd.DataFrame | None = None, profiles: Mapping[str, Profile] | None = None,
                      skip: Collection[str] = (), stories: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Generated outcome rows (source 'genererad') for every numeric indicator of `plan`.

    units: default the organisation itself. periods: years, tertials or months to cover; default the plan
    year and the two years before. monthly: months (ratios with numerator and denominator; K and M for
    counts and ratios, T, K and M for means and last values), else tertials year to date (T, K and M where the
    real values are by sex, else T). anchors: real rows in the canonical outcome columns; the series pass
    through them and no row they cover is generated. Activities give 0/1 per tertial of the plan year only;
    indicators with an empty schedule ('Under utredning') and ids in `skip` give none. stories: indicator id →
    yearly drift that the real assessments require (see `_stories`); a profile's own drift goes first.
    """
    units = list(units) if units else [plan.organisation.id]
    if periods is None:
        periods = [Period.year_of(year) for year in range(plan.year - 2, plan.year + 1)]
    chosen = [Period.parse(p) for p in periods]
    profiles = profiles or {}
    table = anchor_table(anchors, plan)
    rows: list[dict[str, Any]] = []
    for unit in units:
        for indicator in plan.indicators():
            if indicator.id in skip or indicator.is_composite or not indicator.schedule \
                    or get_unit(indicator.unit) is None:  # a composite's values are its components'
                continue
            profile = profiles.get(indicator.id, Profile())
            if profile.drift is None and stories and indicator.id in stories:
                profile = replace(profile, drift=stories[indicator.id])
            own = {sex: table.get((unit, indicator.id, sex), []) for sex in SEXES}
            rows += _indicator_rows(plan, indicator, unit, chosen, monthly, own, profile, seed)
    frame = pd.DataFrame(rows, columns=list(CSV_COLUMNS))
    for column in ("value", "numerator", "denominator"):
        frame[column] = frame[column].astype("float64")
    return frame


def _indicator_rows(plan: Plan, indicator: Indicator, unit: str, periods: Sequence[Period], monthly: bool,
                    anchors: Mapping[str, list[Anchor]], profile: Profile, seed: object) -> list[dict[str, Any]]:
    """The rows of one unit and indicator: activities as 0/1, else series through the real values."""
    first_year = profile.first_year or 0
    tertials = [t for t in _output_tertials(periods) if t.year >= first_year and is_due(indicator.schedule, t)]
    if is_activity(indicator):
        return _activity_rows(plan, indicator, unit, tertials, anchors.get("T", []), seed)
    rng = seeded_rng(seed, unit, indicator.id)
    shape = draw_shape(indicator, rng)
    if profile.drift is not None:
        shape = replace(shape, drift=profile.drift)
    real_by_sex = bool(anchors.get("K") or anchors.get("M"))
    split = profile.by_sex if profile.by_sex is not None else (real_by_sex or (monthly and splits_by_sex(indicator)))
    women = weight_of_women(indicator, anchors, shape)
    base = profile.level if profile.level is not None else default_level(indicator, rng)
    if monthly and indicator.schedule == frozenset({3}) and Aggregation(indicator.aggregation) is Aggregation.LAST:
        out_months = [m for m in _output_months(periods) if m.month == 12 and m.year >= first_year]
    else:
        out_months = [m for m in _output_months(periods) if m.year >= first_year]
    years = [p.year for p in periods]
    span = [Month.from_index(i) for i in range(Month(min(years) - 1, 1).index, Month(max(years), 12).index + 1)]
    sexes = WOMEN_AND_MEN if split else ("T",)
    targets = anchors_by_sex(indicator, sexes, anchors, shape, women)
    drifts = dict(profile.drift_by_sex)
    series = {sex: Series(indicator, fitted(indicator, targets[sex], drifts.get(sex, shape.drift),
                                            base * sex_factor(indicator, sex, shape, women), plan.year),
                          shape.noise, seeded_rng(seed, unit, indicator.id, sex), span, anchors.get(sex, []))
              for sex in sexes}
    if monthly:
        return _monthly_rows(indicator, unit, out_months, series, anchors, profile, women, rng)
    return _tertial_rows(indicator, unit, tertials, series, anchors, women)


def _monthly_rows(indicator: Indicator, unit: str, months: Sequence[Month], series: Mapping[str, Series],
                  anchors: Mapping[str, list[Anchor]], profile: Profile, women: float,
                  rng: random.Random) -> list[dict[str, Any]]:
    """One row per month and sex; ratios as numerator and denominator around the level."""
    covered = {sex: covered_keys(anchors.get(sex, [])) for sex in SEXES}
    aggregation = Aggregation(indicator.aggregation)
    volume = profile.volume if profile.volume is not None else rng.uniform(50, 500)
    split = "K" in series
    rows = []
    for month in months:
        key = Period.from_month(month).key
        values = {sex: s.month(month) for sex, s in series.items()}
        if split and aggregation in (Aggregation.MEAN, Aggregation.LAST):
            values = {"T": _combine(indicator, values["K"], values["M"], women), **values}
        for sex in SEXES:
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


def _tertial_rows(indicator: Indicator, unit: str, tertials: Sequence[Period], series: Mapping[str, Series],
                  anchors: Mapping[str, list[Anchor]], women: float) -> list[dict[str, Any]]:
    """One row per tertial and sex, year to date; T derived from K and M when split.

    Where the real report gives only a year's value of a share or mean (seed 002's "82,5 % 2021"), no tertial of
    that year is generated: the report then compares with the year as a whole, as the real report does, and not with
    an invented tertial.
    """
    covered = {sex: covered_keys(anchors.get(sex, [])) for sex in SEXES}
    real = {sex: {a.period.key: a.value for a in anchors.get(sex, [])} for sex in SEXES}
    whole_years = _years_known_only_as_a_whole(indicator, anchors)
    rows = []
    for period in [t for t in tertials if t.year not in whole_years]:
        values = {}
        for sex, s in series.items():
            values[sex] = real[sex].get(period.key, _round(s.window(period), indicator))
        if "K" in values:
            values = {"T": _round(_combine(indicator, values["K"], values["M"], women), indicator), **values}
        for sex in SEXES:
            if sex in values and period.key not in covered[sex]:
                rows.append(_row(unit, indicator, period.key, sex, _round(values[sex], indicator)))
    return rows


def _years_known_only_as_a_whole(indicator: Indicator, anchors: Mapping[str, list[Anchor]]) -> set[int]:
    """Years whose only real value of a non-summed indicator is the year's own (no tertial of any sex)."""
    if Aggregation(indicator.aggregation) is Aggregation.SUM:
        return set()
    periods = [a.period for rows in anchors.values() for a in rows]
    years = {p.year for p in periods if p.kind == "year"}
    return {year for year in years if not any(p.year == year and p.kind != "year" for p in periods)}


def _activity_rows(plan: Plan, indicator: Indicator, unit: str, tertials: Sequence[Period],
                   anchors: Sequence[Anchor], seed: object) -> list[dict[str, Any]]:
    """0/1 per tertial of the plan year: done once and stays done; a real value sets the starting point."""
    rng = seeded_rng(seed, unit, indicator.id, "aktivitet")
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


def _output_tertials(periods: Sequence[Period]) -> list[Period]:
    """The tertials that `periods` cover (a year gives its three), in order."""
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
    """The months that `periods` cover, in order."""
    months = {m.index: m for period in periods for m in period.months()}
    return [months[i] for i in sorted(months)]


def _round(value: float, indicator: Indicator) -> float:
    """A value as reported: within 0–100 for shares, not negative (except mnkr), rounded per unit."""
    unit = get_unit(indicator.unit)
    if unit is not None and unit.is_share:
        value = min(100.0, value)
    if indicator.unit != "mnkr":
        value = max(0.0, value)
    decimals = _DECIMALS.get(indicator.unit, 1)
    rounded = round(value, decimals)
    return float(int(rounded)) if decimals == 0 else rounded


def _combine(indicator: Indicator, women: float, men: float, weight: float) -> float:
    """The total of women and men: their sum for counts (a mean number of patients per day too), else weighted by
    the share of women."""
    if Aggregation(indicator.aggregation) is Aggregation.SUM or indicator.unit == "antal":
        return women + men
    return weight * women + (1 - weight) * men


def _row(unit: str, indicator: Indicator, period: str, sex: str, value: float | None,
         numerator: float | None = None, denominator: float | None = None) -> dict[str, Any]:
    """One generated row in the outcome columns, with the source 'genererad'."""
    return {"unit": unit, "indicator": indicator.id, "period": period, "sex": sex,
            "value": math.nan if value is None else value,
            "numerator": math.nan if numerator is None else numerator,
            "denominator": math.nan if denominator is None else denominator,
            "comment": "", "source": GENERATED_SOURCE}
