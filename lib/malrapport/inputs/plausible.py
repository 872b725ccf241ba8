"""Figures that cannot be right, whatever file or importer they come from: checked at every entry.

A share outside 0–100 %, a negative count, duration or rate, a number that is not finite. Each reader (outcome
CSV and Parquet, the Kolada importer, Socialstyrelsen's export) reports such a figure as a problem naming its
file and row; it is never judged and never silently dropped.
"""
from __future__ import annotations

import math

import numpy as np

from ..sv import get_unit


def implausible(value: float, unit: str, what: str = "värdet", of: str = "") -> tuple[str, str] | None:
    """Why `value` in `unit` cannot be a real figure, as (message, hint); None when it can (or is missing).

    `what` names the figure ('värdet', 'täljaren'), `of` what it belongs to ('vant-90-besok 2022-T1 K').

    >>> implausible(146.1, "procent")[0]
    'värdet 146,1 % ligger utanför 0–100 %'
    >>> implausible(-3, "antal", of="fallskador")[0], implausible(-3, "mnkr")
    ('värdet -3 för fallskador är negativt, men antal kan inte vara mindre än noll', None)
    """
    if math.isnan(value):
        return None
    belongs = f" för {of}" if of else ""
    if not math.isfinite(value):
        return f"{what}{belongs} är inget ändligt tal", "skriv talet som 12,5 eller 12.5"
    known = get_unit(unit)
    if known is None:
        return None
    if known.is_share and not 0 <= value <= 100:
        return (f"{what} {as_written(value)} %{belongs} ligger utanför 0–100 %",
                "en andel skrivs i procent (0–100), t.ex. 45 för 45 %; kontrollera värdet i källan")
    if known.non_negative and value < 0:
        return (f"{what} {as_written(value)}{belongs} är negativt, men {known.id} kan inte vara mindre än noll",
                "kontrollera tecknet och värdet i källan")
    return None


def implausible_rows(values: np.ndarray, unit: str) -> np.ndarray:
    """Where `implausible(value, unit)` finds a problem, for a whole column of figures at once.

    >>> implausible_rows(np.array([45.0, 146.1, float("nan"), -1.0]), "procent").tolist()
    [False, True, False, True]
    """
    known = get_unit(unit)
    with np.errstate(invalid="ignore"):
        flagged = np.isinf(values)
        if known is not None and known.is_share:
            flagged |= (values < 0) | (values > 100)
        elif known is not None and known.non_negative:
            flagged |= values < 0
    return flagged


def as_written(number: float) -> str:
    """A number as an analyst writes it, for messages about their files: decimal comma, no trailing zeros.

    >>> as_written(146.1), as_written(-3.0)
    ('146,1', '-3')
    """
    return f"{number:g}".replace(".", ",")
