"""Swedish number formats: what a reader sees, and the strict reader of numbers in outcome files."""
from __future__ import annotations

import datetime as dt
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from malrapport.sv import (
    D3_FORMAT_LOCALE,
    D3_TIME_LOCALE,
    fmt_change_pp,
    fmt_count_word,
    fmt_date,
    fmt_number,
    fmt_signed,
    fmt_value,
    parse_number,
)

NN = "\u202f"   # narrow no-break space: thousands
NB = "\u00a0"   # no-break space: before a unit
MINUS = "\u2212"


@pytest.mark.parametrize("x, decimals, expected", [
    (1234567.5, 1, f"1{NN}234{NN}567,5"),
    (7308, 0, f"7{NN}308"),
    (999, 0, "999"),
    (-3, 0, f"{MINUS}3"),
    (-1234.25, 1, f"{MINUS}1{NN}234,3"),
    (2.675, 2, "2,68"),
    (0.5, 0, "1"),
    (-0.04, 1, "0,0"),
    (12, 2, "12,00"),
    (None, 0, "–"),
    (float("nan"), 1, "–"),
    (float("inf"), 0, "–"),
])
def test_fmt_number(x: float | None, decimals: int, expected: str) -> None:
    assert fmt_number(x, decimals) == expected


def test_fmt_number_accepts_pandas_missing_and_numpy() -> None:
    import numpy as np
    import pandas as pd
    assert fmt_number(pd.NA) == "–"
    assert fmt_number(np.int64(1500)) == f"1{NN}500"


@pytest.mark.parametrize("x, unit, decimals, expected", [
    (51, "procent", None, f"51{NB}%"),
    (51.4, "procent", None, f"51,4{NB}%"),
        (51.0, "procent", None, f"51{NB}%"),
        (8.17, "procent", None, f"8,2{NB}%"),
    (51.4, "procent", 1, f"51,4{NB}%"),
    (19, "mnkr", None, f"19{NB}mnkr"),
    (125.6, "mnkr", None, f"125,6{NB}mnkr"),
    (7308, "antal", None, f"7{NN}308"),
    (12.4, "dagar", None, f"12,4{NB}dagar"),
    (3.2, "per 1000 invånare", None, f"3,2{NB}per 1 000 inv."),
    (12.0, "dagar", 1, f"12,0{NB}dagar"),
    (5, "%", None, f"5{NB}%"),
    (2.25, "fall", None, f"2,3{NB}fall"),
    (None, "procent", None, "–"),
])
def test_fmt_value(x: float | None, unit: str, decimals: int | None, expected: str) -> None:
    assert fmt_value(x, unit, decimals) == expected


@pytest.mark.parametrize("x, unit, expected", [
    (19, "mnkr", f"+19{NB}mnkr"),
    (-2.5, "procent", f"{MINUS}2,5{NB}%"),
    (-2.0, "procent", f"{MINUS}2{NB}%"),
    (0.01, "dagar", f"±0{NB}dagar"),
    (1250, "antal", f"+1{NN}250"),
    (float("nan"), "antal", "–"),
])
def test_fmt_signed(x: float, unit: str, expected: str) -> None:
    assert fmt_signed(x, unit) == expected


@pytest.mark.parametrize("x, expected", [
    (2, f"+2{NB}procentenheter"),
    (-0.5, f"{MINUS}0,5{NB}procentenheter"),
    (1, f"+1{NB}procentenhet"),
    (-1.04, f"{MINUS}1{NB}procentenhet"),
    (0, f"±0{NB}procentenheter"),
])
def test_fmt_change_pp(x: float, expected: str) -> None:
    assert fmt_change_pp(x) == expected


@pytest.mark.parametrize("value, expected", [
    (dt.date(2022, 8, 26), "26 augusti 2022"),
    (dt.datetime(2024, 1, 5, 13, 30), "5 januari 2024"),
    ("2018-04-30", "30 april 2018"),
])
def test_fmt_date(value: dt.date | str, expected: str) -> None:
    assert fmt_date(value) == expected


@pytest.mark.parametrize("n, singular, plural, expected", [
    (1, "delmål", "delmål", "1 delmål"),
    (23, "delmål", "delmål", "23 delmål"),
    (1, "framgångsfaktor", "framgångsfaktorer", "1 framgångsfaktor"),
    (0, "framgångsfaktor", "framgångsfaktorer", "0 framgångsfaktorer"),
    (1234, "indikator", "indikatorer", f"1{NN}234 indikatorer"),
])
def test_fmt_count_word(n: int, singular: str, plural: str, expected: str) -> None:
    assert fmt_count_word(n, singular, plural) == expected


@pytest.mark.parametrize("text, expected", [
    ("12,5", 12.5), ("1 234", 1234.0), ("1 234,5", 1234.5), (f"1{NN}234{NN}567,25", 1234567.25),
    (f"1{NB}234", 1234.0), (f"{MINUS}3", -3.0), ("-3", -3.0), ("+4", 4.0), ("12.5", 12.5), (" 7 ", 7.0),
    ("0,05", 0.05), ("1234567", 1234567.0),
])
def test_parse_number_accepts(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["12,5 %", "abc", "", "1 23", "12,5,3", "1,234.5", "12 mnkr", ",5", "5,", "–3"])
def test_parse_number_is_strict(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(min_value=0, max_value=3))
def test_formatted_numbers_read_back(x: float, decimals: int) -> None:
    back = parse_number(fmt_number(x, decimals))
    assert math.isclose(back, x, abs_tol=0.5 * 10 ** -decimals + 1e-9 * abs(x))


def test_d3_locales_render_swedish_axis_labels() -> None:
    import vl_convert as vlc
    spec = {
        "data": {"values": [{"x": 1234567.5, "d": "2024-03-15"}]},
        "mark": "point",
        "encoding": {
            "x": {"field": "x", "type": "quantitative", "scale": {"domain": [-2e6, 2e6]},
                  "axis": {"format": ",.1f", "values": [-1234567.5, 1234567.5]}},
            "y": {"field": "d", "type": "temporal", "axis": {"format": "%B %Y"}},
        },
    }
    svg = vlc.vegalite_to_svg(spec, format_locale=D3_FORMAT_LOCALE, time_format_locale=D3_TIME_LOCALE)
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert f"1{NN}234{NN}567,5" in labels
    assert f"{MINUS}1{NN}234{NN}567,5" in labels
    assert "mars 2024" in labels
