"""Trend of an indicator: better, worse or unchanged compared with an earlier value.

Small movements are noise, not trends: a change within the threshold is "unchanged". The default threshold
is half a percentage point for shares (procent) and 1 % of the earlier value otherwise. An indicator without
direction has no better or worse, only "up", "down" or "unchanged".
"""
from __future__ import annotations

import math

from ..model import Direction
from ..sv import get_unit

SHARE_THRESHOLD = 0.5      # percentage points
RELATIVE_THRESHOLD = 0.01  # share of |previous|
_EPSILON = 1e-9            # floating-point slack so that 70,3 − 69,8 counts as exactly 0,5


def default_threshold(previous: float, unit: str) -> float:
    """0,5 percentage points for shares, else 1 % of |previous|."""
    known = get_unit(unit)
    if known is not None and known.is_share:
        return SHARE_THRESHOLD
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
    if abs(change) <= limit + _EPSILON * max(1.0, abs(float(previous))):  # type: ignore[arg-type]
        return "unchanged"
    polarity = Direction(direction)
    if polarity is Direction.NONE:
        return "up" if change > 0 else "down"
    return "better" if (change > 0) == (polarity is Direction.HIGHER) else "worse"
