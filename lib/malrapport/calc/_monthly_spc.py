"""The XmR chart of an indicator's monthly values for one unit, up to a report's period.

The series is the months of the report's year and the two before it (the horizon of the report's charts) up to
the period's last month, each month standing alone whatever the indicator's window: its own value, or for sums and
ratios the total from women and men (`aggregate`, rule 4). Months without a value are left out. An indicator with
no monthly rows (tertial or yearly figures only, or one month a year) has no chart.

The target level is used for the assurance verdict only where a month can meet it: a level for the total (not
per sex), of an indicator that is not a sum (a monthly count is no year-to-date sum) and not a full-year level.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pandas as pd

from ..model import (
    Aggregation,
    ChangeTarget,
    Direction,
    DirectionTarget,
    Indicator,
    LevelTarget,
    Month,
    Period,
    month_periods,
)
from .aggregate import series
from .spc import SpcResult, xmr

SPC_YEARS = 3
_MONTH_KEY = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _polarity(indicator: Indicator) -> Direction:
    """The indicator's direction; without one, the way its target points (a comparator, 'Öka', 'Minska')."""
    direction = Direction(indicator.direction)
    target = indicator.target
    if direction is not Direction.NONE:
        return direction
    if isinstance(target, LevelTarget) and target.comparator:
        return Direction.LOWER if target.comparator.startswith("<") else Direction.HIGHER
    change = getattr(target, "change", None) if isinstance(target, ChangeTarget | DirectionTarget) else None
    return {"increase": Direction.HIGHER, "decrease": Direction.LOWER}.get(str(change), Direction.NONE)


def _target_level(indicator: Indicator) -> float | None:
    target = indicator.target
    if not isinstance(target, LevelTarget) or target.annual or indicator.aggregation is Aggregation.SUM:
        return None
    return target.value


def _has_monthly_rows(rows: pd.DataFrame) -> bool:
    """Whether the rows are monthly figures: two months or more of one year (a yearly figure written as its
    December, as for an annual survey, is not)."""
    if rows.empty or "period" not in rows.columns:
        return False
    months_per_year = Counter(key[:4] for key in map(str, pd.unique(rows["period"])) if _MONTH_KEY.fullmatch(key))
    return any(count >= 2 for count in months_per_year.values())


def indicator_spc(rows: pd.DataFrame, indicator: Indicator, period: Period, sex: str = "T",
                  years: int = SPC_YEARS) -> SpcResult | None:
    """The XmR chart of one unit's monthly values of `indicator` up to `period`, or None without two months.

    `rows` are the outcome rows of one unit and indicator. The points carry a `generated` column (demo values).
    """
    if not _has_monthly_rows(rows):
        return None
    first = Month(period.year - years + 1, 1)
    months = month_periods([first + i for i in range(period.last_month.index - first.index + 1)])
    single = replace(indicator, window="period")
    found = [(month, obs) for month, obs in series(rows, single, months, sex)
             if obs is not None and obs.value is not None]
    if len(found) < 2:
        return None
    result = xmr([float(obs.value) for _, obs in found], [month.key for month, _ in found],  # type: ignore[arg-type]
                 _polarity(indicator), _target_level(indicator))
    return replace(result, points=result.points.assign(generated=[bool(obs.generated) for _, obs in found],
                                                       label=[month.short_label for month, _ in found]))
