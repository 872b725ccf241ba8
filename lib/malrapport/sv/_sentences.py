"""Swedish sentences and labels built from values, with their grammar: periods, schedules.

Small pure functions of plain values: numbers come formatted (str) where the caller formats them, counts as
int, nouns as the plan writes them, period kinds as 'year' | 'tertial' | 'month'. The words come from `_words`.
"""
from __future__ import annotations

from collections.abc import Iterable

from ._words import FULL_YEAR, MONTHS, MONTHS_SHORT, TERTIAL_CODES, TERTIAL_REPORT_NAMES

# --- periods and follow-up schedules ----------------------------------------------------------------------------


def _full_year(kind: str, number: int) -> bool:
    """A year, or the third tertial, whose report covers the whole year."""
    return kind == "year" or (kind == "tertial" and number == 3)


def period_label(kind: str, year: int, number: int, last_month: int) -> str:
    """'per april 2024' (tertial), 'helår 2024' (tertial 3, year), 'april 2024' (month).

    `number` is the tertial's or the month's number (0 for a year), `last_month` the period's last month (1–12).

    >>> period_label("tertial", 2024, 2, 8), period_label("tertial", 2024, 3, 12), period_label("month", 2024, 4, 4)
    ('per augusti 2024', 'helår 2024', 'april 2024')
    """
    if _full_year(kind, number):
        return f"{FULL_YEAR} {year}"
    if kind == "tertial":
        return f"per {MONTHS[last_month - 1]} {year}"
    return f"{MONTHS[number - 1]} {year}"


def period_as_of(kind: str, number: int, last_month: int) -> str:
    """The period without the year, as in 'bedömningen per augusti': 'per april', 'för helåret'."""
    if _full_year(kind, number):
        return "för helåret"
    return f"per {MONTHS[last_month - 1]}"


def period_short_label(kind: str, year: int, number: int) -> str:
    """Compact axis label: 'T1 2024' (tertial), 'apr 2024' (month), '2024' (year)."""
    if kind == "year":
        return str(year)
    if kind == "tertial":
        return f"T{number} {year}"
    return f"{MONTHS_SHORT[number - 1]} {year}"


def report_name(kind: str, number: int) -> str:
    """'Delårsrapport 2' for tertial 2, 'Årsredovisning' for tertial 3 and a year, 'Månadsrapport april'."""
    if kind == "tertial":
        return TERTIAL_REPORT_NAMES[number]
    if kind == "year":
        return TERTIAL_REPORT_NAMES[3]
    return f"Månadsrapport {MONTHS[number - 1]}"


def schedule_label(tertials: Iterable[int]) -> str:
    """The tertials an indicator is followed up in: 'DÅ04, DÅ08, ÅR', 'årsrapporten', 'under utredning' (none).

    >>> schedule_label({2, 3}), schedule_label({3}), schedule_label(())
    ('DÅ08, ÅR', 'årsrapporten', 'under utredning')
    """
    chosen = set(tertials)
    if not chosen:
        return "under utredning"
    if chosen == {3}:
        return "årsrapporten"
    return ", ".join(TERTIAL_CODES[t] for t in sorted(chosen))
