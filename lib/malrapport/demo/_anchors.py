"""Anchors: the real values (e.g. a seed report's T1 figure) that generated series must pass through."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..model import Indicator, Period, Plan
from ..sv import get_unit


@dataclass(frozen=True)
class Anchor:
    """One real value of one unit, indicator and sex, for the period it was reported for."""

    period: Period
    value: float


def finite(raw: Any) -> float | None:
    """The number in a table cell, or None for an empty, non-numeric or infinite cell."""
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _scale(indicator: Indicator) -> float:
    """What numerator / denominator is multiplied by in the indicator's unit: 100 for procent, 1 for none."""
    unit = get_unit(indicator.unit)
    return float(unit.per) if unit and unit.per else 1.0


def anchor_table(anchors: pd.DataFrame | None, plan: Plan) -> dict[tuple[str, str, str], list[Anchor]]:
    """Real values by (unit, indicator, sex), in period order; a ratio row without value gives num/den."""
    table: dict[tuple[str, str, str], list[Anchor]] = {}
    if anchors is None or anchors.empty:
        return table
    indicators = {i.id: i for i in plan.indicators()}
    for row in anchors.itertuples(index=False):
        indicator = indicators.get(str(row.indicator))
        if indicator is None:
            continue
        value = finite(getattr(row, "value", None))
        numerator = finite(getattr(row, "numerator", None))
        denominator = finite(getattr(row, "denominator", None))
        if value is None and numerator is not None and denominator:
            value = numerator / denominator * _scale(indicator)
        if value is None:
            continue
        key = (str(row.unit), indicator.id, str(row.sex).strip().upper())
        table.setdefault(key, []).append(Anchor(Period.parse(str(row.period)), value))
    for items in table.values():
        items.sort(key=lambda a: a.period.sort_key())
    return table


def covered_keys(anchors: Sequence[Anchor]) -> set[str]:
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
