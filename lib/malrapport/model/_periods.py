"""Reporting periods: years, tertials and months, their Swedish labels, ordering and windows.

Keys are written `2024` (year), `2024-T2` (tertial, May–August) and `2024-04` (month). A tertial report
is normally read year to date: "per augusti 2024" covers January–August.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache, total_ordering
from typing import Literal

from .. import sv
from ..errors import MalrapportError
from ._text import normalise_text

Kind = Literal["year", "tertial", "month"]
WindowKind = Literal["ytd", "period", "rolling12"]
WINDOWS: tuple[str, ...] = ("ytd", "period", "rolling12")
_KIND_RANK = {"month": 0, "tertial": 1, "year": 2}

_YEAR = re.compile(r"^(\d{4})$")
_TERTIAL = re.compile(r"^(\d{4})-T([1-3])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@total_ordering
@dataclass(frozen=True)
class Month:
    """A calendar month; the unit in which monthly outcomes arrive."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")

    @property
    def index(self) -> int:
        """Months since year 0, for arithmetic."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> Month:
        return cls(index // 12, index % 12 + 1)

    def __add__(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    def __lt__(self, other: Month) -> bool:
        return self.index < other.index

    @cached_property
    def key(self) -> str:
        """'2024-04'; kept once made (a report asks a month's key tens of thousands of times)."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def days(self) -> int:
        """Calendar days of the month: 29 in February of a leap year."""
        return calendar.monthrange(self.year, self.month)[1]


@dataclass(frozen=True)
class Period:
    """A year, a tertial (1–3) or a month (1–12). `number` is 0 for a year.

    >>> period = Period.parse("2024-T2")
    >>> period.label, period.previous().key, [m.month for m in period.months()]  # T2: May to August
    ('per augusti 2024', '2024-T1', [5, 6, 7, 8])
    """

    year: int
    kind: Kind
    number: int = 0

    def __post_init__(self) -> None:
        limits = {"year": (0, 0), "tertial": (1, 3), "month": (1, 12)}
        if self.kind not in limits:
            raise ValueError(f"unknown period kind: {self.kind}")
        low, high = limits[self.kind]
        if not low <= self.number <= high:
            raise ValueError(f"{self.kind} number out of range: {self.number}")
        if not 1900 <= self.year <= 2999:
            raise ValueError(f"year out of range: {self.year}")

    # --- construction ---------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str | int | Period) -> Period:
        """Read `2024`, `2024-T2` or `2024-04`; anything else raises MalrapportError with a hint."""
        if isinstance(text, Period):
            return text
        raw = str(text).strip()
        found: tuple[int, Kind, int] | None = None
        if m := _TERTIAL.match(raw):
            found = (int(m[1]), "tertial", int(m[2]))
        elif m := _MONTH.match(raw):
            found = (int(m[1]), "month", int(m[2]))
        elif m := _YEAR.match(raw):
            found = (int(m[1]), "year", 0)
        if found is not None and 1900 <= found[0] <= 2999:
            return cls(*found)
        raise MalrapportError(
            f"okänd period '{raw}'",
            hint="skriv perioder som 2024 (år), 2024-T1 till 2024-T3 (tertial) eller 2024-04 (månad)",
        )

    @classmethod
    def parse_tertial(cls, text: str | int | Period) -> Period:
        """A report's period: as `parse`, but only a tertial, since reports and assessments are made per tertial.

        >>> Period.parse_tertial("2024-T2").label
        'per augusti 2024'
        """
        period = cls.parse(text)
        if period.kind != "tertial":
            raise MalrapportError(f"rapporter och bedömningar görs per tertial, inte för '{period.key}'",
                                  hint="ange perioden som 2024-T1, 2024-T2 eller 2024-T3")
        return period

    @classmethod
    def year_of(cls, year: int) -> Period:
        return cls(year, "year")

    @classmethod
    def tertial(cls, year: int, number: int) -> Period:
        return cls(year, "tertial", number)

    @classmethod
    def month_of(cls, year: int, month: int) -> Period:
        return cls(year, "month", month)

    @classmethod
    def from_month(cls, month: Month) -> Period:
        return cls(month.year, "month", month.month)

    # --- identity and order -----------------------------------------------------------------------
    @property
    def key(self) -> str:
        if self.kind == "year":
            return f"{self.year:04d}"
        if self.kind == "tertial":
            return f"{self.year:04d}-T{self.number}"
        return f"{self.year:04d}-{self.number:02d}"

    def __str__(self) -> str:
        return self.key

    @property
    def first_month(self) -> Month:
        if self.kind == "year":
            return Month(self.year, 1)
        if self.kind == "tertial":
            return Month(self.year, 4 * (self.number - 1) + 1)
        return Month(self.year, self.number)

    @property
    def last_month(self) -> Month:
        if self.kind == "year":
            return Month(self.year, 12)
        if self.kind == "tertial":
            return Month(self.year, 4 * self.number)
        return Month(self.year, self.number)

    def sort_key(self) -> tuple[int, int, int]:
        """Chronological by end month; at the same end a month sorts before a tertial before a year."""
        return (self.last_month.index, _KIND_RANK[self.kind], self.first_month.index)

    def __lt__(self, other: Period) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: Period) -> bool:
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: Period) -> bool:
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: Period) -> bool:
        return self.sort_key() >= other.sort_key()

    # --- arithmetic ---------------------------------------------------------------------------------
    def months(self) -> list[Month]:
        """The calendar months the period itself covers."""
        return _month_range(self.first_month, self.last_month)

    def shift_years(self, years: int) -> Period:
        return Period(self.year + years, self.kind, self.number)

    def same_period_last_year(self) -> Period:
        """The comparison period for trends: T2 2024 is compared with T2 2023."""
        return self.shift_years(-1)

    def next(self) -> Period:
        if self.kind == "year":
            return Period(self.year + 1, "year")
        size = 3 if self.kind == "tertial" else 12
        if self.number == size:
            return Period(self.year + 1, self.kind, 1)
        return Period(self.year, self.kind, self.number + 1)

    def previous(self) -> Period:
        if self.kind == "year":
            return Period(self.year - 1, "year")
        size = 3 if self.kind == "tertial" else 12
        if self.number == 1:
            return Period(self.year - 1, self.kind, size)
        return Period(self.year, self.kind, self.number - 1)

    def previous_in_year(self) -> Period | None:
        """The previous report of the same year (T1 for T2), or None for the first one."""
        if self.kind == "year" or self.number == 1:
            return None
        return self.previous()

    def contains(self, other: Period) -> bool:
        return self.first_month <= other.first_month and other.last_month <= self.last_month

    def window(self, kind: WindowKind | str = "ytd") -> list[Month]:
        """Months read for a report of this period: year to date, the period alone, or rolling 12 months."""
        return list(_window(self, kind))

    def _window(self, kind: WindowKind | str) -> list[Month]:
        if kind == "ytd":
            return _month_range(Month(self.year, 1), self.last_month)
        if kind == "period":
            return self.months()
        if kind == "rolling12":
            return _month_range(self.last_month + -11, self.last_month)
        raise MalrapportError(f"okänt rapportfönster '{kind}'", hint="använd ytd, period eller rolling12")

    def tertials_to_date(self) -> list[Period]:
        """The tertials of the year up to and including this period's end."""
        return [Period.tertial(self.year, n) for n in range(1, 4)
                if Period.tertial(self.year, n).last_month <= self.last_month]

    # --- Swedish labels -------------------------------------------------------------------------------
    @property
    def label(self) -> str:
        """'per april 2024', 'per augusti 2024', 'helår 2024' (T3 and a year), 'april 2024'."""
        return sv.period_label(self.kind, self.year, self.number, self.last_month.month)

    @property
    def as_of(self) -> str:
        """The phrase without the year, as in 'bedömningen per augusti': 'per april', 'för helåret'."""
        return sv.period_as_of(self.kind, self.number, self.last_month.month)

    @property
    def short_label(self) -> str:
        """Compact axis label: 'T1 2024', 'apr 2024', '2024'."""
        return sv.period_short_label(self.kind, self.year, self.number)

    @property
    def report_name(self) -> str:
        """'Delårsrapport 2' for T2, 'Årsredovisning' for T3 and for a year."""
        return sv.report_name(self.kind, self.number)


@lru_cache(maxsize=1024)
def _window(period: Period, kind: str) -> tuple[Month, ...]:
    """`Period.window`, made once per period and kind (a report asks for some windows thousands of times)."""
    return tuple(period._window(kind))


def _month_range(first: Month, last: Month) -> list[Month]:
    return [Month.from_index(i) for i in range(first.index, last.index + 1)]


def month_periods(months: list[Month]) -> list[Period]:
    return [Period.from_month(m) for m in months]


def parse_range(text: str) -> list[Period]:
    """Expand '2024-T1..2024-T3' (or a single period, or a comma list) into periods in order."""
    out: list[Period] = []
    for part in str(text).split(","):
        part = part.strip()
        if not part:
            continue
        if ".." in part:
            start_text, end_text = part.split("..", 1)
            start, end = Period.parse(start_text), Period.parse(end_text)
            if start.kind != end.kind:
                raise MalrapportError(f"periodintervallet '{part}' blandar {start.kind} och {end.kind}",
                                      hint="skriv till exempel 2024-T1..2024-T3")
            if end < start:
                raise MalrapportError(f"periodintervallet '{part}' slutar före sin början",
                                      hint="skriv den tidigaste perioden först")
            current = start
            out.append(current)
            while current != end:
                current = current.next()
                out.append(current)
        else:
            out.append(Period.parse(part))
    return out


def iter_tertials(first_year: int, last_year: int) -> Iterator[Period]:
    for year in range(first_year, last_year + 1):
        for n in (1, 2, 3):
            yield Period.tertial(year, n)


# --- follow-up schedules ("DÅ04,08,ÅR") -----------------------------------------------------------------

_SCHEDULE_TOKENS = {
    "DÅ04": 1, "04": 1, "T1": 1, "APRIL": 1,
    "DÅ08": 2, "08": 2, "T2": 2, "AUGUSTI": 2,
    "ÅR": 3, "T3": 3, "HELÅR": 3, "ÅRSRAPPORT": 3, "ÅRSREDOVISNING": 3, "DECEMBER": 3, "12": 3,
}
_SCHEDULE_WORDS = {
    "ALLA": frozenset({1, 2, 3}), "VARJE TERTIAL": frozenset({1, 2, 3}),
    "ENDAST ÅR": frozenset({3}), "ÅRLIGEN": frozenset({3}), "ANNUAL": frozenset({3}),
    "UNDER UTREDNING": frozenset(), "EJ FASTSTÄLLD": frozenset(), "": frozenset(),
}


def parse_schedule(text: str | list | None) -> frozenset[int]:
    """Tertials (1–3) in which an indicator is followed up, from 'DÅ04,08,ÅR', 'ÅR', [1, 2, 3] or 'alla'.

    'Under utredning' gives an empty schedule: the indicator is shown but never due. Text pasted from a PDF
    with line-break hyphenation ('Under utred-\\nning') is read as written.
    """
    if text is None:
        return frozenset({1, 2, 3})
    if isinstance(text, (list, tuple, set, frozenset)):
        items = [str(t) for t in text]
    else:
        raw = normalise_text(str(text)).upper()
        if raw in _SCHEDULE_WORDS:
            return _SCHEDULE_WORDS[raw]
        items = re.split(r"[,;/ ]+", raw.replace("DÅ ", "DÅ"))
    tertials: set[int] = set()
    for item in items:
        token = item.strip().upper()
        if not token:
            continue
        if token in _SCHEDULE_TOKENS:
            tertials.add(_SCHEDULE_TOKENS[token])
        elif token.isdigit() and token in {"1", "2", "3"}:
            tertials.add(int(token))
        else:
            raise MalrapportError(
                f"okänd uppföljningsperiod '{item}' i '{text}'",
                hint="skriv till exempel 'DÅ04,08,ÅR', 'ÅR' (endast årsrapporten) eller 'under utredning'",
            )
    return frozenset(tertials)


def schedule_label(tertials: frozenset[int]) -> str:
    """'DÅ04, DÅ08, ÅR' style label for tables; 'under utredning' for an empty schedule."""
    return sv.schedule_label(tertials)


def is_due(tertials: frozenset[int], period: Period) -> bool:
    """Whether an indicator with this schedule is reported in the report of `period`."""
    if period.kind == "year":
        return 3 in tertials
    if period.kind == "tertial":
        return period.number in tertials
    return bool(tertials)
