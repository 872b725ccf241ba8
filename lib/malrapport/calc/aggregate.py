"""Monthly (or directly reported) outcome rows → one observation per reporting window and sex.

Rules, in the order they are tried for one period and one sex:

1. Direct row: a row whose period key equals the requested period (`2024-T2`) is used as it stands. It is the
   value as reported for that report, whatever the indicator's window. A month is the exception: its row is
   an input month, so it stands alone only for the window `period`; for ytd and rolling12 the window's
   months are aggregated (rule 3).
2. Year ↔ tertial 3: for a tertial 3 without a direct row the row of the year is used, and for a year the row
   of tertial 3. Not for the window `period`, where tertial 3 means September–December only.
3. Monthly rows: the months of `period.window(indicator.window)` (ytd, period or rolling12) that have a value
   are combined by `indicator.aggregation`:
   - sum: the sum of the values;
   - mean: the mean of the values;
   - ratio: sum(numerator) / sum(denominator) × scale, where scale is the unit's `per` (100 for procent,
     1000 for "per 1000 invånare", 1 for units without a rate). When a month has a value but no numerator
     and denominator, the mean of the values is used instead and the note says so;
   - last: the value of the latest month present.
   Missing months do not stop the aggregation: `months` and `expected_months` tell how many were there,
   and the note says e.g. "3 av 4 månader". No usable rows at all gives None.
4. Total (T) without a T value: derived from K and M only where that is valid — sum (K + M) and ratio
   (pooled numerators and denominators). Never for mean or last (a mean of two means, or the later of two
   months, is not the total), and never when one of the sexes is missing.

A row's value is its `value`; when that is empty but numerator and denominator are given, it is
numerator / denominator × scale. A row with source 'genererad' marks the observation as generated.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import sv
from ..model import SEXES, Aggregation, Indicator, Period

GENERATED_SOURCE = "genererad"


@dataclass(frozen=True)
class Observation:
    """One value for one window and sex, with how it came about."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    months: int = 0             # months aggregated (0 when a direct row was used)
    expected_months: int = 0
    derived_total: bool = False  # T computed from K and M
    generated: bool = False      # any input row had source 'genererad'
    note: str = ""               # Swedish, e.g. "3 av 4 månader" or "totalt beräknat från kvinnor och män"


@dataclass(frozen=True)
class _Row:
    value: float | None
    numerator: float | None
    denominator: float | None
    generated: bool


def _float(raw: Any) -> float | None:
    """A finite float, or None for missing and non-numbers."""
    if raw is None or isinstance(raw, str):
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _period_key(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _scale(indicator: Indicator) -> float:
    """Factor of a ratio: the unit's `per` (100 for procent), 1 for units without one."""
    unit = sv.get_unit(indicator.unit)
    return float(unit.per) if unit and unit.per else 1.0


def _ratio(numerator: float | None, denominator: float | None, scale: float) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator * scale


def _index(rows: pd.DataFrame, indicator: Indicator, sex: str) -> dict[str, _Row]:
    """The rows of one sex by period key (the first row wins; duplicates are the loader's business).

    Plain lists rather than pandas masks: the tables are small and this runs a few hundred times per report.
    """
    if rows.empty or "sex" not in rows.columns or "period" not in rows.columns:
        return {}
    count = len(rows)

    def column(name: str) -> list[Any]:
        return rows[name].tolist() if name in rows.columns else [None] * count

    ids = column("indicator") if "indicator" in rows.columns else [indicator.id] * count
    scale = _scale(indicator)
    out: dict[str, _Row] = {}
    for row_sex, row_id, period, value, numerator, denominator, source in zip(
            column("sex"), ids, column("period"), column("value"), column("numerator"), column("denominator"),
            column("source"), strict=True):
        if str(row_sex).strip().upper() != sex or str(row_id) != indicator.id:
            continue
        key = _period_key(period)
        if key in out:
            continue
        num, den = _float(numerator), _float(denominator)
        val = _float(value)
        if val is None:
            val = _ratio(num, den, scale)
        generated = isinstance(source, str) and source.strip().lower() == GENERATED_SOURCE
        out[key] = _Row(val, num, den, generated)
    return out


def _direct(row: _Row) -> Observation:
    return Observation(row.value, row.numerator, row.denominator, generated=row.generated)


def _combine(present: list[_Row], indicator: Indicator) -> Observation:
    """Monthly rows (in month order) combined by the indicator's aggregation."""
    values = [r.value for r in present if r.value is not None]
    generated = any(r.generated for r in present)
    aggregation = Aggregation(indicator.aggregation)
    if aggregation is Aggregation.SUM:
        return Observation(sum(values), generated=generated)
    if aggregation is Aggregation.LAST:
        last = present[-1]
        return Observation(last.value, last.numerator, last.denominator, generated=generated)
    if aggregation is Aggregation.RATIO:
        if all(r.numerator is not None and r.denominator is not None for r in present):
            numerator = sum(r.numerator for r in present)  # type: ignore[misc]
            denominator = sum(r.denominator for r in present)  # type: ignore[misc]
            value = _ratio(numerator, denominator, _scale(indicator))
            return Observation(value, numerator, denominator, generated=generated,
                               note="" if value is not None else sv.ZERO_DENOMINATOR_NOTE)
        return Observation(sum(values) / len(values), generated=generated, note=sv.RATIO_FALLBACK_NOTE)
    return Observation(sum(values) / len(values), generated=generated)


def _observe_sex(index: dict[str, _Row], indicator: Indicator, period: Period) -> Observation | None:
    """Rules 1–3 of the module docstring for the rows of one sex."""
    direct = index.get(period.key)
    monthly_input = period.kind == "month" and indicator.window != "period"
    if direct is not None and direct.value is not None and not monthly_input:
        return _direct(direct)
    if indicator.window != "period":
        twin = None
        if period.kind == "tertial" and period.number == 3:
            twin = index.get(Period.year_of(period.year).key)
        elif period.kind == "year":
            twin = index.get(Period.tertial(period.year, 3).key)
        if twin is not None and twin.value is not None:
            return _direct(twin)
    window = period.window(indicator.window)
    present = [index[m.key] for m in window if m.key in index and index[m.key].value is not None]
    if not present:
        return None
    combined = _combine(present, indicator)
    missing = sv.months_note(len(present), len(window)) if len(present) < len(window) else ""
    return Observation(combined.value, combined.numerator, combined.denominator, months=len(present),
                       expected_months=len(window), generated=combined.generated,
                       note=sv.join_notes([missing, combined.note]))


def _derive_total(women: Observation | None, men: Observation | None, indicator: Indicator) -> Observation | None:
    """Rule 4: T from K and M for sums and ratios only, and only when both sexes have a value."""
    if women is None or men is None or women.value is None or men.value is None:
        return None
    aggregation = Aggregation(indicator.aggregation)
    value: float | None
    if aggregation is Aggregation.SUM:
        value, numerator, denominator = women.value + men.value, None, None
    elif aggregation is Aggregation.RATIO:
        parts = (women.numerator, women.denominator, men.numerator, men.denominator)
        if any(p is None for p in parts):
            return None
        numerator = women.numerator + men.numerator  # type: ignore[operator]
        denominator = women.denominator + men.denominator  # type: ignore[operator]
        value = _ratio(numerator, denominator, _scale(indicator))
        if value is None:
            return None
    else:
        return None
    months = min(women.months, men.months)
    expected = max(women.expected_months, men.expected_months)
    return Observation(value, numerator, denominator, months=months, expected_months=expected,
                       derived_total=True, generated=women.generated or men.generated,
                       note=sv.derived_total_note(women.note, men.note))


class _Observer:
    """Indexes the rows once per sex so that a series of periods does not filter the table again and again."""

    def __init__(self, rows: pd.DataFrame, indicator: Indicator, sex: str) -> None:
        self.indicator = indicator
        self.sex = sex.strip().upper()
        self.own = _index(rows, indicator, self.sex)
        derivable = Aggregation(indicator.aggregation) in (Aggregation.SUM, Aggregation.RATIO)
        self.women = _index(rows, indicator, "K") if self.sex == "T" and derivable else {}
        self.men = _index(rows, indicator, "M") if self.sex == "T" and derivable else {}

    def __call__(self, period: Period) -> Observation | None:
        found = _observe_sex(self.own, self.indicator, period)
        if found is not None or self.sex != "T" or not (self.women and self.men):
            return found
        return _derive_total(_observe_sex(self.women, self.indicator, period),
                             _observe_sex(self.men, self.indicator, period), self.indicator)


def observe(rows: pd.DataFrame, indicator: Indicator, period: Period, sex: str) -> Observation | None:
    """The observation of one period and sex from the outcome rows of one unit and indicator, or None.

    See the module docstring for the rules (direct row, year ↔ tertial 3, monthly aggregation, derived T).
    """
    return _Observer(rows, indicator, sex)(period)


def series(rows: pd.DataFrame, indicator: Indicator, periods: list[Period],
           sex: str) -> list[tuple[Period, Observation | None]]:
    """Observations of several periods for one sex, in the order given."""
    observer = _Observer(rows, indicator, sex)
    return [(period, observer(period)) for period in periods]


SERIES_COLUMNS = ["period", "label", "order", "sex", "value", "generated"]
"""The columns of `series_records`: what the charts of a series read."""


def series_records(rows: pd.DataFrame, indicator: Indicator, periods: list[Period]) -> list[dict[str, Any]]:
    """The values of several periods for T, K and M as chart records; `order` is the period's place in `periods`."""
    records = []
    for sex in SEXES:
        for order, (period, obs) in enumerate(series(rows, indicator, periods, sex)):
            if obs is not None and obs.value is not None:
                records.append({"period": period.key, "label": period.short_label, "order": order, "sex": sex,
                                "value": float(obs.value), "generated": bool(obs.generated)})
    return records
