"""What is said beside an indicator's figure: the outcome files' comments, the analysts' comment, and a word where
the total lies outside its parts (seed 004's Kommentar column: riket's figures, explanations, proposals).

A total reported as a figure of its own can lie outside women's and men's values (78,5 % with women 78 % and men
76 %); shown without a word it reads as an error, so the comment says what it is.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import sv
from ..model import Aggregation, Period
from ..sv import fmt_value
from .status import IndicatorResult

GENERATED_SOURCE = "genererad"


def outcome_comments(outcomes: pd.DataFrame, unit: str, period: Period) -> dict[str, list[str]]:
    """Per indicator, the comments of the unit's reported rows of the report's year up to its period, oldest
    first (a month's 'April 82 %.' before the tertial's 'Ack april 61 %.'); generated rows say nothing.

    >>> frame = pd.DataFrame({"unit": ["a", "a", "a"], "indicator": ["x", "x", "x"],
    ...                       "period": ["2018-T1", "2018-04", "2018-T2"], "sex": ["T", "T", "T"],
    ...                       "comment": ["Ack april 61 %.", "April 82 %.", "Senare."], "source": ["", "", ""]})
    >>> outcome_comments(frame, "a", Period.parse("2018-T1"))
    {'x': ['April 82 %.', 'Ack april 61 %.']}
    """
    if "comment" not in outcomes.columns:
        return {}
    rows = outcomes[(outcomes["unit"] == unit) & outcomes["comment"].fillna("").astype(str).str.strip().ne("")]
    if "source" in rows.columns:
        rows = rows[rows["source"].fillna("").astype(str).str.strip().str.lower() != GENERATED_SOURCE]
    found: dict[str, list[tuple[tuple[int, int, int], int, str]]] = {}
    sexes = {"T": 0, "K": 1, "M": 2}
    for indicator, key, sex, comment in zip(rows["indicator"], rows["period"], rows["sex"], rows["comment"],
                                             strict=True):
        try:
            row_period = Period.parse(str(key))
        except Exception:  # a period the outcome reader accepted in another form: no comment rather than a crash
            continue
        if row_period.year != period.year or period.last_month < row_period.last_month:
            continue
        order = (row_period.last_month.index, len(row_period.months()), 0)
        found.setdefault(str(indicator), []).append((order, sexes.get(str(sex), 3), str(comment).strip()))
    return {indicator: list(dict.fromkeys(text for *_, text in sorted(items)))
            for indicator, items in found.items()}


def total_outside_parts(result: IndicatorResult) -> str:
    """A sentence when the total lies outside women's and men's values (a sum: is not their sum), else ''.

    A total derived from women and men cannot lie outside them; one that does is a figure of its own from the
    source, and the reader is told so.
    """
    total, women, men = result.sex("T"), result.sex("K"), result.sex("M")
    if total is None or women is None or men is None or None in (total.value, women.value, men.value):
        return ""
    unit = result.indicator.unit
    t, k, m = float(total.value), float(women.value), float(men.value)  # type: ignore[arg-type]
    texts = (fmt_value(t, unit), fmt_value(k, unit), fmt_value(m, unit))
    if result.indicator.aggregation is Aggregation.SUM:
        return sv.total_not_sum_note(*texts) if abs(t - (k + m)) > 1e-6 * max(1.0, abs(t)) else ""
    low, high = min(k, m), max(k, m)
    return sv.total_outside_note(*texts) if t < low - 1e-9 or t > high + 1e-9 else ""


def merge_comments(*sources: Mapping[str, list[str] | str]) -> dict[str, str]:
    """One text per indicator from several sources, in order, each text once."""
    merged: dict[str, list[str]] = {}
    for source in sources:
        for key, value in source.items():
            texts = [value] if isinstance(value, str) else list(value)
            merged.setdefault(key, []).extend(text for text in texts if text)
    return {key: sv.join_sentences(list(dict.fromkeys(texts))) for key, texts in merged.items() if texts}
