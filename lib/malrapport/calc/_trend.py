"""Trend of an indicator: better, worse or unchanged compared with an earlier value.

Small movements are noise, not trends: a change within the threshold is "unchanged". The threshold fits the size
of the value:

- Shares (procent): the smaller of 0,5 percentage points and 5 % of the earlier value, but never less than
  0,1 percentage point. A large share needs 0,5 points (70,3 → 69,8 % is unchanged); a small share needs 5 % of
  itself, so that women's sick leave 7,3 → 6,8 % (−0,5 points, −7 %), which seed 004 calls a fall, is one; and
  0,1 point, one step of a share published with one decimal, can come from rounding alone, so 0,3 → 0,4 % is not
  a trend although it is a third more.
- Other units (antal, dagar, kronor …): 1 % of the earlier value.

An indicator without direction has no better or worse, only "up", "down" or "unchanged". Whether monthly values
vary beyond their common variation is another question, answered by `calc.spc`.
"""
from __future__ import annotations

import math

from ..model import Direction, Status
from ..sv import get_unit

SHARE_POINTS = 0.5         # percentage points: enough for any share
SHARE_RELATIVE = 0.05      # share of |previous|: enough for a small share
SHARE_FLOOR = 0.1          # percentage points: one published decimal, never enough alone
RELATIVE_THRESHOLD = 0.01  # share of |previous|, for units other than shares
EPSILON = 1e-9             # floating-point slack so that 70,3 − 69,8 counts as exactly 0,5 (status and gaps too)
MOVEMENT_STATUS = {"better": Status.MET, "unchanged": Status.PARTLY, "worse": Status.NOT_MET}
"""The status of a target that asks only for a movement ('Öka', 'Minska'), by the trend it made."""


def default_threshold(previous: float, unit: str) -> float:
    """The largest change still called unchanged: see the module docstring.

    >>> [round(default_threshold(share, "procent"), 3) for share in (70.0, 7.3, 0.3)]
    [0.5, 0.365, 0.1]
    """
    known = get_unit(unit)
    if known is not None and known.is_share:
        return max(SHARE_FLOOR, min(SHARE_POINTS, SHARE_RELATIVE * abs(previous)))
    return RELATIVE_THRESHOLD * abs(previous)


def _missing(value: float | None) -> bool:
    return value is None or not math.isfinite(float(value))


def trend(current: float | None, previous: float | None, direction: Direction | str, unit: str,
          threshold: float | None = None) -> str:
    """'better' | 'worse' | 'unchanged' | 'unknown' ('up' | 'down' | 'unchanged' for direction none).

    Unknown when either value is missing; unchanged when |current − previous| ≤ threshold.
    """
    if _missing(current) or _missing(previous):
        return "unknown"
    change = float(current) - float(previous)  # type: ignore[arg-type]
    limit = default_threshold(float(previous), unit) if threshold is None else threshold  # type: ignore[arg-type]
    if abs(change) <= limit + EPSILON * max(1.0, abs(float(previous))):  # type: ignore[arg-type]
        return "unchanged"
    polarity = Direction(direction)
    if polarity is Direction.NONE:
        return "up" if change > 0 else "down"
    return "better" if (change > 0) == (polarity is Direction.HIGHER) else "worse"
