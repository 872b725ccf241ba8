"""Monthly (or directly reported) outcome rows → one observation per reporting window and sex.

Rules, in the order they are tried for one period and one sex:

1. Direct row: a row whose period key equals the requested period (`2024-T2`) is used as it stands. It is the
   value as reported for that report, whatever the indicator's window. A month is the exception: its row is
   an input month, so it stands alone only for the window `period`; for ytd and rolling12 the window's
   months are aggregated (rule 3).
2. Year ↔ tertial 3: for a tertial 3 without a direct row the row of the year is used, and for a year the row
   of tertial 3. Not for the window `period`, where tertial 3 means September–December only.
3. Monthly rows: the months of `period.window(indicator.window)` (ytd, period or rolling12) that have a value
   are combined by `indicator.aggregation`:
   - sum: the sum of the values;
   - mean: the mean of the values;
   - ratio: sum(numerator) / sum(denominator) × scale, where scale is the unit's `per` (100 for procent,
     1000 for "per 1000 invånare", 1 for units without a rate). When a month has a value but no numerator
     and denominator, the mean of the values is used instead and the note says so;
   - last: the value of the latest month present;
   - median, percentile (the monthly values are medians or percentiles, which cannot be pooled): by the
     indicator's `combine_months`, 'last' (the latest month's figure, noted "median för aug 2026 (senaste
     månaden)") or 'mean' (noted "medelvärde av månadsmedianer"). The window's true median comes from
     record-level data as a direct row (`inputs.records.quantile_waited`), which rule 1 prefers.
   Missing months do not stop the aggregation: `months`, `expected_months` and `covered` tell which were
   there, and the note says e.g. "3 av 4 månader"; whether that is enough for a judgement is
   `calc.coverage`'s business. No usable rows at all gives None.
4. Total (T) without a T value: derived from K and M only where that is valid — sum (K + M) and ratio
   (pooled numerators and denominators). Never for mean, last, median or percentile (a mean of two means, or
   the later of two months, is not the total), and never when one of the sexes is missing. When women and men
   have different months, both are taken over the months both have, and the note says so.

A row's value is its `value`; when that is empty but numerator and denominator are given, it is
numerator / denominator × scale. A row whose numerator and denominator are both 0 is reported (no patients
that month): it counts as a month present, adds nothing to a ratio, and a window whose denominators sum to 0
has no value but `zero_denominator` set. A row's `months` (canonical '2026-01..2026-05') says which months
its figure covers; a direct row without it counts as covering its window. A row with source 'genererad'
marks the observation as generated.
"""
from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import sv
from ..errors import MalrapportError
from ..model import SEXES, Aggregation, Indicator, Month, Period, parse_months

GENERATED_SOURCE = "genererad"


@dataclass(frozen=True)
class Observation:
    """One value for one window and sex, with how it came about."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    months: int = 0             # months of the window behind the value (0: a direct row that does not say)
    expected_months: int = 0    # months of the window (0 with months 0)
    derived_total: bool = False  # T computed from K and M
    generated: bool = False      # any input row had source 'genererad'
    note: str = ""               # Swedish, e.g. "3 av 4 månader" or "totalt beräknat från kvinnor och män"
    covered: tuple[str, ...] = ()  # the month keys behind the value, in order; () when a direct row does not say
    zero_denominator: bool = False  # a ratio whose denominators sum to 0: no patients in the window

    @property
    def reported(self) -> bool:
        """A value, or a ratio over no patients: something was reported for the window."""
        return self.value is not None or self.zero_denominator


@dataclass(frozen=True)
class _Row:
    value: float | None
    numerator: float | None
    denominator: float | None
    generated: bool
    covered: tuple[Month, ...] = ()

    @property
    def zero_denominator(self) -> bool:
        return self.value is None and self.denominator == 0 and self.numerator in (0, None)

    @property
    def reported(self) -> bool:
        return self.value is not None or self.zero_denominator


def _float(raw: Any) -> float | None:
    """A finite float, or None for missing and non-numbers."""
    if raw is None or isinstance(raw, str):
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _period_key(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _scale(indicator: Indicator) -> float:
    """Factor of a ratio: the unit's `per` (100 for procent), 1 for units without one."""
    unit = sv.get_unit(indicator.unit)
    return float(unit.per) if unit and unit.per else 1.0


def _ratio(numerator: float | None, denominator: float | None, scale: float) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator * scale


_COLUMNS = ("sex", "period", "value", "numerator", "denominator", "source", "months")
_Columns = tuple[list[Any] | None, list[list[Any]]]
"""A table's indicator column (None when it has none: every row is the indicator's) and its `_COLUMNS`."""

class _SharedIndexes:
    """What `shared_indexes()` keeps: per rows table (by identity, the table kept alive so that its id stays its
    own) its columns as lists and its indexes per indicator, sex and scale, and per outcome table and unit its
    rows per indicator."""

    def __init__(self) -> None:
        self.tables: dict[int, tuple[pd.DataFrame, _Columns | None,
                                     dict[tuple[str, str, float], dict[str, _Row]]]] = {}
        self.groups: dict[tuple[int, str], tuple[pd.DataFrame, dict[str, pd.DataFrame]]] = {}


_shared: _SharedIndexes | None = None


@contextlib.contextmanager
def shared_indexes() -> Iterator[None]:
    """Within the block each rows table is read into lists once and indexed once per indicator and sex, however
    often it is observed. For code that only reads its tables: a table changed inside the block would be read as
    it was. Nested blocks share the outer one's indexes; they are dropped when the outer block ends."""
    global _shared
    if _shared is not None:
        yield
        return
    _shared = _SharedIndexes()
    try:
        yield
    finally:
        _shared = None


def unit_rows_by_indicator(outcomes: pd.DataFrame, unit: str) -> dict[str, pd.DataFrame]:
    """The outcome rows of one unit per indicator id, in table order (made once per table and unit inside
    `shared_indexes()`)."""
    if _shared is not None:
        found = _shared.groups.get((id(outcomes), unit))
        if found is not None:
            return found[1]
    rows = outcomes
    if "unit" in outcomes.columns:
        rows = outcomes.loc[outcomes["unit"].astype(str) == str(unit)]
    groups: dict[str, pd.DataFrame] = {}
    if "indicator" in rows.columns and not rows.empty:
        groups = {str(key): frame for key, frame in rows.groupby(rows["indicator"].astype(str), sort=False)}
    if _shared is not None:
        _shared.groups[(id(outcomes), unit)] = (outcomes, groups)
    return groups


def _columns(rows: pd.DataFrame) -> _Columns | None:
    """The columns `_index` reads, as lists (a missing one as Nones); None for a table without sex or period."""
    if rows.empty or "sex" not in rows.columns or "period" not in rows.columns:
        return None
    count = len(rows)
    ids = rows["indicator"].tolist() if "indicator" in rows.columns else None
    return ids, [rows[name].tolist() if name in rows.columns else [None] * count for name in _COLUMNS]


def _index(rows: pd.DataFrame, indicator: Indicator, sex: str) -> dict[str, _Row]:
    """The rows of one sex by period key (the first row wins; duplicates are the loader's business).

    Plain lists rather than pandas masks: the tables are small and this runs a few hundred times per report.
    Inside `shared_indexes()` each table's lists and indexes are made once.
    """
    scale = _scale(indicator)
    if _shared is None:
        return _index_lists(_columns(rows), indicator, sex, scale)
    entry = _shared.tables.get(id(rows))
    if entry is None:
        entry = _shared.tables[id(rows)] = (rows, _columns(rows), {})
    key = (indicator.id, sex, scale)
    found = entry[2].get(key)
    if found is None:
        found = entry[2][key] = _index_lists(entry[1], indicator, sex, scale)
    return found


def _index_lists(columns: _Columns | None, indicator: Indicator, sex: str, scale: float) -> dict[str, _Row]:
    if columns is None:
        return {}
    ids, (sexes, periods, values, numerators, denominators, sources, months_cells) = columns
    if ids is None:
        ids = [indicator.id] * len(sexes)
    out: dict[str, _Row] = {}
    for row_sex, row_id, period, value, numerator, denominator, source, months in zip(
            sexes, ids, periods, values, numerators, denominators, sources, months_cells, strict=True):
        if str(row_sex).strip().upper() != sex or str(row_id) != indicator.id:
            continue
        key = _period_key(period)
        if key in out:
            continue
        num, den = _float(numerator), _float(denominator)
        val = _float(value)
        if val is None:
            val = _ratio(num, den, scale)
        generated = isinstance(source, str) and source.strip().lower() == GENERATED_SOURCE
        out[key] = _Row(val, num, den, generated, _covered(months, key))
    return out


def _covered(raw: Any, period_key: str) -> tuple[Month, ...]:
    """The months of a row's `months` cell; () when empty or unreadable (the loader reports those)."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)) or not str(raw).strip():
        return ()
    try:
        return parse_months(str(raw), Period.parse(period_key))
    except (MalrapportError, ValueError):
        return ()


def is_latest_month(indicator: Indicator) -> bool:
    """Whether the window's figure is its latest month's: 'last', and medians or percentiles combined by 'last'."""
    aggregation = Aggregation(indicator.aggregation)
    return aggregation is Aggregation.LAST or (aggregation.is_quantile and indicator.combine_months != "mean")


def _direct(row: _Row, window: list[Month]) -> Observation:
    """A row as reported; when it says which months it covers, how many of the window's months those are."""
    if not row.covered:
        return Observation(row.value, row.numerator, row.denominator, generated=row.generated,
                           zero_denominator=row.zero_denominator)
    keys = {m.key for m in window}
    return Observation(row.value, row.numerator, row.denominator, months=sum(m.key in keys for m in row.covered),
                       expected_months=len(window), generated=row.generated,
                       covered=tuple(m.key for m in row.covered), zero_denominator=row.zero_denominator)


def _span(keys: list[str]) -> str:
    first, last = Period.parse(keys[0]), Period.parse(keys[-1])
    return sv.month_span((first.year, first.number), (last.year, last.number))


def _combine(present: list[tuple[Month, _Row]], indicator: Indicator) -> Observation:
    """Monthly rows (in month order) combined by the indicator's aggregation."""
    rows = [row for _, row in present]
    values = [r.value for r in rows if r.value is not None]
    generated = any(r.generated for r in rows)
    aggregation = Aggregation(indicator.aggregation)
    if aggregation is Aggregation.RATIO:
        if all(r.numerator is not None and r.denominator is not None for r in rows):
            numerator = sum(r.numerator for r in rows)  # type: ignore[misc]
            denominator = sum(r.denominator for r in rows)  # type: ignore[misc]
            value = _ratio(numerator, denominator, _scale(indicator))
            return Observation(value, numerator, denominator, generated=generated,
                               note="" if value is not None else sv.ZERO_DENOMINATOR_NOTE,
                               zero_denominator=value is None)
    if not values:
        return Observation(None, generated=generated, note=sv.ZERO_DENOMINATOR_NOTE, zero_denominator=True)
    if aggregation is Aggregation.SUM:
        return Observation(sum(values), generated=generated)
    if is_latest_month(indicator):
        month, last = next((m, r) for m, r in reversed(present) if r.value is not None)
        note = ""
        if aggregation.is_quantile:
            note = sv.latest_month_note(indicator.quantile_label, _span([month.key]))
        return Observation(last.value, last.numerator, last.denominator, generated=generated, note=note)
    if aggregation.is_quantile:
        return Observation(sum(values) / len(values), generated=generated,
                           note=sv.mean_of_monthly_note(indicator.quantile_label))
    if aggregation is Aggregation.RATIO:
        return Observation(sum(values) / len(values), generated=generated, note=sv.RATIO_FALLBACK_NOTE)
    return Observation(sum(values) / len(values), generated=generated)


def _twin(index: dict[str, _Row], indicator: Indicator, period: Period) -> _Row | None:
    """Rule 2: the year's row for a tertial 3, tertial 3's row for a year (not for the window 'period')."""
    if indicator.window == "period":
        return None
    if period.kind == "tertial" and period.number == 3:
        return index.get(Period.year_of(period.year).key)
    if period.kind == "year":
        return index.get(Period.tertial(period.year, 3).key)
    return None


def _observe_sex(index: dict[str, _Row], indicator: Indicator, period: Period,
                 only: frozenset[str] | None = None) -> Observation | None:
    """Rules 1–3 of the module docstring for the rows of one sex; `only` keeps these months of the window."""
    window = period.window(indicator.window)
    monthly_input = period.kind == "month" and indicator.window != "period"
    for row in (None if monthly_input else index.get(period.key), _twin(index, indicator, period)):
        if row is None or not row.reported:
            continue
        if only is None or {m.key for m in row.covered} == only:
            return _direct(row, window)
    present = [(m, index[m.key]) for m in window if m.key in index and index[m.key].reported
               and (only is None or m.key in only)]
    if not present:
        return None
    combined = _combine(present, indicator)
    missing = ""
    if len(present) < len(window) and not (is_latest_month(indicator) and present[-1][0] == window[-1]):
        missing = sv.months_note(len(present), len(window))
    return Observation(combined.value, combined.numerator, combined.denominator, months=len(present),
                       expected_months=len(window), generated=combined.generated,
                       note=sv.join_notes([missing, combined.note]), covered=tuple(m.key for m, _ in present),
                       zero_denominator=combined.zero_denominator)


def _derive_total(women: Observation | None, men: Observation | None, indicator: Indicator) -> Observation | None:
    """Rule 4: T from K and M for sums and ratios only, and only when both sexes have a value (or no patients)."""
    if women is None or men is None or not women.reported or not men.reported:
        return None
    aggregation = Aggregation(indicator.aggregation)
    value: float | None
    numerator: float | None
    denominator: float | None
    zero = False
    if aggregation is Aggregation.SUM:
        if women.value is None or men.value is None:
            return None
        value, numerator, denominator = women.value + men.value, None, None
    elif aggregation is Aggregation.RATIO:
        parts = (women.numerator, women.denominator, men.numerator, men.denominator)
        if any(p is None for p in parts):
            return None
        numerator = women.numerator + men.numerator  # type: ignore[operator]
        denominator = women.denominator + men.denominator  # type: ignore[operator]
        value = _ratio(numerator, denominator, _scale(indicator))
        zero = value is None
    else:
        return None
    months = min(women.months, men.months)
    expected = max(women.expected_months, men.expected_months)
    return Observation(value, numerator, denominator, months=months, expected_months=expected,
                       derived_total=True, generated=women.generated or men.generated,
                       note=sv.derived_total_note(women.note, men.note), covered=women.covered,
                       zero_denominator=zero)


class _Observer:
    """Indexes the rows once per sex so that a series of periods does not filter the table again and again."""

    def __init__(self, rows: pd.DataFrame, indicator: Indicator, sex: str) -> None:
        self.indicator = indicator
        self.sex = sex.strip().upper()
        self.own = _index(rows, indicator, self.sex)
        derivable = Aggregation(indicator.aggregation) in (Aggregation.SUM, Aggregation.RATIO)
        self.women = _index(rows, indicator, "K") if self.sex == "T" and derivable else {}
        self.men = _index(rows, indicator, "M") if self.sex == "T" and derivable else {}

    def __call__(self, period: Period, only: frozenset[str] | None = None) -> Observation | None:
        found = _observe_sex(self.own, self.indicator, period, only)
        if found is not None or self.sex != "T" or not (self.women and self.men):
            return found
        women = _observe_sex(self.women, self.indicator, period, only)
        men = _observe_sex(self.men, self.indicator, period, only)
        if women is not None and men is not None and women.covered and men.covered \
                and women.covered != men.covered:
            # Four months of women pooled with three of men is no total: both over the months both have.
            common = frozenset(women.covered) & frozenset(men.covered)
            if not common:
                return None
            women = _observe_sex(self.women, self.indicator, period, common)
            men = _observe_sex(self.men, self.indicator, period, common)
            total = _derive_total(women, men, self.indicator)
            if total is None:
                return None
            note = sv.join_notes([sv.months_note(total.months, total.expected_months),
                                  sv.common_months_note(total.months)])
            return Observation(total.value, total.numerator, total.denominator, total.months,
                               total.expected_months, True, total.generated, note, total.covered,
                               total.zero_denominator)
        return _derive_total(women, men, self.indicator)


def observe(rows: pd.DataFrame, indicator: Indicator, period: Period, sex: str,
            months: tuple[str, ...] | None = None) -> Observation | None:
    """The observation of one period and sex from the outcome rows of one unit and indicator, or None.

    See the module docstring for the rules (direct row, year ↔ tertial 3, monthly aggregation, derived T).
    With `months` (month keys) only those months of the window are used, or a direct row covering exactly them:
    the same months of another year, for a comparison of like with like.
    """
    return _Observer(rows, indicator, sex)(period, None if months is None else frozenset(months))


def series(rows: pd.DataFrame, indicator: Indicator, periods: list[Period],
           sex: str) -> list[tuple[Period, Observation | None]]:
    """Observations of several periods for one sex, in the order given."""
    observer = _Observer(rows, indicator, sex)
    return [(period, observer(period)) for period in periods]


SERIES_COLUMNS = ["period", "label", "order", "sex", "value", "generated"]
"""The columns of `series_records`: what the charts of a series read."""


def series_records(rows: pd.DataFrame, indicator: Indicator, periods: list[Period]) -> list[dict[str, Any]]:
    """The values of several periods for T, K and M as chart records; `order` is the period's place in `periods`."""
    records = []
    for sex in SEXES:
        for order, (period, obs) in enumerate(series(rows, indicator, periods, sex)):
            if obs is not None and obs.value is not None:
                records.append({"period": period.key, "label": period.short_label, "order": order, "sex": sex,
                                "value": float(obs.value), "generated": bool(obs.generated)})
    return records
