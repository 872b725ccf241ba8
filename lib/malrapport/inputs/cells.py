"""Table cells as text and as numbers, a whole column at a time, by exactly the rules of one cell.

`cell_text` and `parse_number` say what one cell means; `texts` and `numbers` give the same for a column of a
million cells with Arrow's compute functions, and call the one-cell rules only for the few distinct values that
are not plain (a typed Parquet column, a number written '1 234' or '−3', a cell that is not a number at all).
"""
from __future__ import annotations

import math
import sys
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..sv import parse_number as sv_parse_number

WHITESPACE = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
"""What `str.strip()` removes: stripping a column with these characters gives each cell's `strip()`."""
_PLAIN_NUMBER = r"^-?[0-9]+(?:[.,][0-9]+)?$"  # a subset of sv.parse_number's rule, read alike by Arrow and float()


def cell_text(value: Any) -> str:
    """A cell as text: '' for missing, whole floats without '.0' (Parquet gives 2024.0 for a year)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_number(value: Any) -> float | None:
    """A number from a cell by the one rule of `sv.parse_number`; None when empty.

    Cells of Parquet files may already be numbers (NaN is empty). Raises ValueError for anything that is not just
    a number ('12,5 %', 'abc', '1.234,5', '1e3') and for numbers too large to be finite.

    >>> parse_number("1 234,5"), parse_number(""), parse_number(7)
    (1234.5, None, 7.0)
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        if math.isinf(value):
            raise ValueError(value)
        return float(value)
    text = cell_text(value)
    if not text:
        return None
    number = sv_parse_number(text)
    if not math.isfinite(number):  # 400 digits: a number too large for a float, never a real figure
        raise ValueError(text)
    return number


def _is_text(array: pa.Array) -> bool:
    return pa.types.is_string(array.type) or pa.types.is_large_string(array.type)


def distinct(array: pa.Array) -> tuple[np.ndarray, list[Any]]:
    """Each cell's index into the column's distinct values, and those values (None for a missing cell)."""
    encoded = pc.dictionary_encode(array, null_encoding="encode")
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()


def texts(array: pa.Array) -> pa.Array:
    """`cell_text` of every cell, as a string array."""
    if _is_text(array):
        return pc.utf8_trim(array.fill_null(""), characters=WHITESPACE)
    if pa.types.is_dictionary(array.type):
        return texts(array.dictionary_decode())
    codes, values = distinct(array)
    return pa.array([cell_text(v) for v in values], pa.string()).take(pa.array(codes))


def blank(array: pa.Array) -> np.ndarray:
    """Where `cell_text` of a cell is '' (missing, NaN or only spaces), without making text of number cells."""
    if pa.types.is_floating(array.type):
        return pc.fill_null(pc.is_nan(array), True).to_numpy(zero_copy_only=False)
    if pa.types.is_integer(array.type):
        return array.is_null().to_numpy(zero_copy_only=False)
    return pc.equal(texts(array), "").to_numpy(zero_copy_only=False)


def numbers(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """`parse_number` of every cell as float64 (NaN for an empty cell), and where it raised ValueError."""
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_integer(array.type) or pa.types.is_floating(array.type):
        result = pc.cast(array, pa.float64()).fill_null(math.nan).to_numpy(zero_copy_only=False)
        return result, np.isinf(result)
    if not _is_text(array):
        return _numbers_one_by_one(array)
    text = texts(array)
    result = np.full(len(text), math.nan)
    bad = np.zeros(len(text), dtype=bool)
    plain = pc.match_substring_regex(text, _PLAIN_NUMBER).to_numpy(zero_copy_only=False)
    if plain.any():
        where = np.flatnonzero(plain)
        values = pc.cast(pc.replace_substring(text.filter(pa.array(plain)), ",", "."), pa.float64())
        result[where] = values.to_numpy(zero_copy_only=False)
        bad[where] = ~np.isfinite(result[where])
    rest = ~plain & pc.not_equal(text, "").to_numpy(zero_copy_only=False)
    if rest.any():
        where = np.flatnonzero(rest)
        result[where], bad[where] = _numbers_one_by_one(text.filter(pa.array(rest)))
    return result, bad


def _numbers_one_by_one(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """`parse_number` of each distinct value of a column, spread to its cells."""
    codes, values = distinct(array)
    parsed = np.full(len(values), math.nan)
    failed = np.zeros(len(values), dtype=bool)
    for index, value in enumerate(values):
        try:
            number = parse_number(value)
        except ValueError:
            failed[index] = True
        else:
            parsed[index] = math.nan if number is None else number
    return parsed[codes], failed[codes]
