"""Coverage: which months a figure covers, and how many months of its window an indicator needs to be judged.

An outcome row may say which months it covers (column `months`): '1-5' (January–May of the row's year),
'2025-06..2026-05' (a rolling year), '2024-01..2024-03, 2024-05..2024-08' (a gap), '5' or '2026-05' (one month).
The canonical text is always written with month keys: '2026-01..2026-05'.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..errors import MalrapportError
from ._periods import Month, Period

_MONTH_KEY = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_MONTH_NUMBER = re.compile(r"^(0?[1-9]|1[0-2])$")
MONTHS_HINT = ("skriv månaderna som 1-5 (januari–maj samma år som perioden), 2025-06..2026-05 eller en enda "
               "månad som 5 eller 2026-05; lämna tomt om värdet gäller hela perioden")


def _month(text: str, year: int) -> Month:
    text = text.strip()
    if found := _MONTH_KEY.match(text):
        return Month(int(found[1]), int(found[2]))
    if _MONTH_NUMBER.match(text):
        return Month(year, int(text))
    raise MalrapportError(f"okänd månad '{text}'", hint=MONTHS_HINT)


def _split_range(part: str) -> list[str]:
    """'1-5' → ['1', '5']; '2025-06..2026-05' → both keys; '2026-05' is one month, not a range."""
    if ".." in part:
        return part.split("..", 1)
    if _MONTH_KEY.match(part.strip()):
        return [part]
    for dash in ("–", "—", "-"):
        if dash in part:
            return part.split(dash, 1)
    return [part]


def parse_months(text: str, period: Period) -> tuple[Month, ...]:
    """The months a row of `period` covers, in order; () for an empty cell (the whole period, as reported).

    Month numbers belong to the period's year. The months must lie within the twelve months that end with the
    period's last month; anything else raises MalrapportError with a hint.

    >>> [m.key for m in parse_months("1-5", Period.parse("2026"))]
    ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05']
    >>> months_text(parse_months("2025-11..2026-02", Period.parse("2026-T1")))
    '2025-11..2026-02'
    """
    raw = str(text).strip()
    if not raw:
        return ()
    months: set[Month] = set()
    for part in raw.split(","):
        if not part.strip():
            continue
        ends = [_month(end, period.year) for end in _split_range(part)]
        first, last = ends[0], ends[-1]
        if last < first:
            raise MalrapportError(f"månaderna '{part.strip()}' slutar före sin början", hint=MONTHS_HINT)
        months.update(Month.from_index(i) for i in range(first.index, last.index + 1))
    ordered = tuple(sorted(months))
    earliest = period.last_month + -11
    if not ordered or ordered[0] < earliest or period.last_month < ordered[-1]:
        raise MalrapportError(f"månaderna '{raw}' ligger utanför perioden {period.key}",
                              hint=f"ange månader mellan {earliest.key} och {period.last_month.key}; " + MONTHS_HINT)
    return ordered


def months_text(months: tuple[Month, ...] | list[Month]) -> str:
    """Canonical text of a set of months: consecutive runs as 'first..last', runs joined by ', '.

    >>> months_text([Month(2024, 1), Month(2024, 2), Month(2024, 5)])
    '2024-01..2024-02, 2024-05'
    """
    runs: list[list[Month]] = []
    for month in sorted(set(months)):
        if runs and runs[-1][-1].index + 1 == month.index:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(run[0].key if len(run) == 1 else f"{run[0].key}..{run[-1].key}" for run in runs)


@dataclass(frozen=True)
class MinCoverage:
    """How many months of an indicator's window must be reported before it is judged (plan key `min_coverage`).

    Either a number of months (`months`, at most the window's length) or a share of the window (`share`, 0–1,
    rounded up to whole months). The default, neither, is the whole window.

    >>> MinCoverage().required(4), MinCoverage(months=3).required(4), MinCoverage(share=0.75).required(12)
    (4, 3, 9)
    """

    months: int | None = None
    share: float | None = None

    def required(self, window_months: int) -> int:
        """Months needed of a window of `window_months` months."""
        if self.months is not None:
            return min(self.months, window_months)
        if self.share is not None:
            return min(window_months, max(1, math.ceil(self.share * window_months - 1e-9)))
        return window_months

    @property
    def is_default(self) -> bool:
        return self.months is None and self.share is None
