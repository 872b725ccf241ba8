"""Swedish number, date and unit formats: the one place where a value becomes text a reader sees.

Conventions (Språkrådet, TNC): decimal comma, thousands grouped with a narrow no-break space (U+202F),
the true minus sign (U+2212), a no-break space (U+00A0) between a number and its unit, and an en dash
("–") for a missing value. `parse_number` is the strict inverse used when reading outcome files.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ._units import get_unit
from ._words import MONTHS, MONTHS_SHORT

MINUS = "\u2212"
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
MISSING = "–"

D3_FORMAT_LOCALE: dict[str, Any] = {
    "decimal": ",",
    "thousands": NARROW_NBSP,
    "grouping": [3],
    "currency": ["", f"{NBSP}kr"],
    "minus": MINUS,
    "nan": MISSING,
}
"""d3-format locale for Vega-Lite charts (vl-convert `format_locale`, or `config.locale.number`)."""

D3_TIME_LOCALE: dict[str, Any] = {
    "dateTime": "%A den %d %B %Y %X",
    "date": "%Y-%m-%d",
    "time": "%H:%M:%S",
    "periods": ["fm", "em"],
    "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
    "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
    "months": list(MONTHS),
    "shortMonths": list(MONTHS_SHORT),
}
"""d3-time-format locale for Vega-Lite charts (vl-convert `time_format_locale`, or `config.locale.time`)."""

_NUMBER = re.compile(r"^[+\-\u2212]?(?:\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d+)(?:[.,]\d+)?$")


def _as_float(x: object) -> float | None:
    """The value as a finite float, or None for None, NaN, pd.NA, infinities and non-numbers."""
    if x is None or isinstance(x, (str, bytes)):
        return None
    try:
        value = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _rounded(value: float, decimals: int) -> Decimal:
    """Round half away from zero on the shortest decimal representation, as a reader expects (2,675 → 2,68)."""
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _auto_decimals(value: float, decimals: int) -> int:
    """`decimals`, or 0 when the value rounds to a whole number (19 mnkr rather than 19,0 mnkr)."""
    rounded = _rounded(value, decimals)
    return 0 if rounded == rounded.to_integral_value() else decimals


def _digits(magnitude: Decimal, decimals: int) -> str:
    """A non-negative rounded number with Swedish grouping and decimal comma."""
    text = f"{magnitude:,.{decimals}f}"
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def fmt_number(x: object, decimals: int = 0) -> str:
    """'1 234 567,5' (narrow no-break spaces), '−3' (U+2212); '–' for None or NaN.

    >>> fmt_number(1234567.5, 1), fmt_number(-3)
    ('1\u202f234\u202f567,5', '−3')
    """
    value = _as_float(x)
    if value is None:
        return MISSING
    rounded = _rounded(value, decimals)
    sign = MINUS if rounded < 0 else ""
    return sign + _digits(abs(rounded), decimals)


def _with_suffix(number: str, suffix: str, singular: str = "") -> str:
    """The number and its unit; the unit in the singular for exactly one ('1 dag', '−1 dag', '1,5 dagar')."""
    if singular and number.lstrip("+" + MINUS) == "1":
        suffix = singular
    return f"{number}{NBSP}{suffix}" if suffix else number


def _unit_parts(unit: str) -> tuple[str, int, str]:
    """Suffix, default decimals and singular suffix of a unit; an unknown unit is its own name, one decimal."""
    known = get_unit(unit) if unit else None
    if known is not None:
        return known.suffix, known.decimals, known.singular
    return str(unit or "").strip(), 1, ""


def fmt_value(x: object, unit: str, decimals: int | None = None) -> str:
    """A value with its unit: '51 %', '19 mnkr', '7 308', '12,4 dagar', '3,2 per 1 000 inv.'.

    Without `decimals`, the unit's own number of decimals is used and a whole value drops its decimals;
    with `decimals`, exactly that many are shown. A missing value is '–' without unit.

    >>> fmt_value(51, "procent"), fmt_value(12.44, "dagar"), fmt_value(1, "dagar"), fmt_value(None, "procent")
    ('51\xa0%', '12,4\xa0dagar', '1\xa0dag', '–')
    """
    value = _as_float(x)
    if value is None:
        return MISSING
    suffix, default, singular = _unit_parts(unit)
    places = _auto_decimals(value, default) if decimals is None else decimals
    return _with_suffix(fmt_number(value, places), suffix, singular)


def _signed(value: float, places: int) -> str:
    rounded = _rounded(value, places)
    if rounded == 0:
        return "±" + _digits(abs(rounded), places)
    return ("+" if rounded > 0 else MINUS) + _digits(abs(rounded), places)


def fmt_signed(x: object, unit: str = "", decimals: int | None = None) -> str:
    """A change with its sign: '+19 mnkr', '−2,5 %', '±0 dagar'.

    Default decimals: at least one (small changes matter), dropped when the change is whole.

    >>> fmt_signed(19, "mnkr"), fmt_signed(-2.5, "procent")
    ('+19\xa0mnkr', '−2,5\xa0%')
    """
    value = _as_float(x)
    if value is None:
        return MISSING
    suffix, default, singular = _unit_parts(unit)
    places = _auto_decimals(value, max(default, 1)) if decimals is None else decimals
    return _with_suffix(_signed(value, places), suffix, singular)


def fmt_change_pp(x: object, decimals: int | None = None) -> str:
    """A change of a share in percentage points: '+2 procentenheter', '−0,5 procentenheter', '+1 procentenhet'."""
    value = _as_float(x)
    if value is None:
        return MISSING
    places = _auto_decimals(value, 1) if decimals is None else decimals
    return _with_suffix(_signed(value, places), "procentenheter", "procentenhet")


def fmt_date(date: dt.date | dt.datetime | str) -> str:
    """'26 augusti 2022' from a date, a datetime or an ISO date string.

    >>> fmt_date("2022-08-26")
    '26 augusti 2022'
    """
    if isinstance(date, str):
        date = dt.date.fromisoformat(date.strip()[:10])
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def fmt_count_word(n: int, singular: str, plural: str) -> str:
    """'1 delmål', '23 delmål', '1 framgångsfaktor', '1 234 indikatorer'."""
    return f"{fmt_number(n)} {singular if n == 1 else plural}"


def parse_number(text: str | int | float) -> float:
    """Read '12,5', '1 234', '1 234,5', '−3' or '12.5'; raise ValueError on anything else ('12,5 %', 'abc').

    Strict on purpose: an outcome file with units or text in a number column is an error to report,
    not a value to guess. Groups of thousands must be separated by a (no-break or thin) space; no exponents
    ('1e3' is not how a figure is written in a report, and '1e999' is not even a finite number). This is the
    one rule for numbers in every input file (`inputs.outcomes.parse_number` reads cells with it).

    >>> parse_number("1 234,5"), parse_number("−3")
    (1234.5, -3.0)
    """
    if isinstance(text, bool):
        raise ValueError(f"not a number: {text!r}")
    if isinstance(text, (int, float)):
        return float(text)
    raw = str(text).strip()
    if not _NUMBER.match(raw):
        raise ValueError(f"not a number: {text!r}")
    cleaned = raw.replace(MINUS, "-")
    for space in (" ", NBSP, NARROW_NBSP, "\u2009"):
        cleaned = cleaned.replace(space, "")
    return float(cleaned.replace(",", "."))


_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def sort_key(text: str) -> str:
    """Swedish alphabetical order, as a reader expects in a list of names: å, ä, ö after z.

    >>> sorted(["Örebro", "Västerbotten", "Åre", "Norrbotten"], key=sort_key)
    ['Norrbotten', 'Västerbotten', 'Åre', 'Örebro']
    """
    return text.casefold().translate(_SWEDISH_LAST)
