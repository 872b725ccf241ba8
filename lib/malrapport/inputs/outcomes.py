"""Reading outcome tables (CSV as Excel saves them, or Parquet) into one canonical long DataFrame.

Every fault becomes a problem naming the file, the row as the analyst sees it in a spreadsheet (header = row 1),
the column and the value. A row with a problem is left out of the table, but never without a problem saying so.
"""
from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import MalrapportError, ProblemCollector, closest, did_you_mean, shorten
from ..model import MONTHS_HINT, Indicator, Period, Plan, months_text, parse_months
from ..sv import get_unit
from .cells import blank, cell_text, distinct, numbers, texts
from .cells import parse_number as parse_number  # one cell's number, for callers of this module
from .csvtable import BlockTooSmall, CsvSource, open_csv
from .files import TABLE_LIMIT, not_readable
from .memory import give_back_memory
from .outcome_files import list_outcome_files
from .plausible import as_written, implausible, implausible_rows

COLUMNS = ("unit", "indicator", "period", "sex", "value", "numerator", "denominator", "comment", "source",
           "months", "file", "row")
INPUT_COLUMNS = COLUMNS[:10]
REQUIRED_COLUMNS = ("unit", "indicator", "period", "sex", "value")
NUMBER_COLUMNS = ("value", "numerator", "denominator")
TEXT_COLUMNS = ("unit", "indicator", "period", "sex", "comment", "source", "months", "file")

# Swedish headers are accepted too, since analysts often name columns in their own language.
COLUMN_ALIASES = {"enhet": "unit", "indikator": "indicator", "kön": "sex", "värde": "value", "utfall": "value",
                  "täljare": "numerator", "nämnare": "denominator", "kommentar": "comment", "källa": "source",
                  "månader": "months"}
SEX_ALIASES = {"t": "T", "k": "K", "m": "M", "totalt": "T", "total": "T", "alla": "T", "kvinnor": "K",
               "kvinna": "K", "män": "M", "man": "M"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}|^\d{1,2}/\d{1,2}/\d{2,4}|^[a-zåäö]{3}-\d{2}$", re.IGNORECASE)
NUMBER_HINT = "skriv bara talet, t.ex. 12,5 eller 12.5 (utan %, enhet eller text)"


def empty_outcomes() -> pd.DataFrame:
    """An outcome table with no rows and the canonical columns and types."""
    data: dict[str, Any] = {}
    for column in COLUMNS:
        dtype = "float64" if column in NUMBER_COLUMNS else "int64" if column == "row" else "str"
        data[column] = pd.Series([], dtype=dtype)
    return pd.DataFrame(data, columns=list(COLUMNS))


# --- reading the table ---------------------------------------------------------------------------------------

def _parquet_batches(path: Path, problems: ProblemCollector
                     ) -> tuple[list[str], Iterator[tuple[list[pa.Array], np.ndarray, list[Any]]]] | None:
    """Header and batches of columns of a Parquet file; its rows are numbered from 1 (it has no header line)."""
    refused = not_readable(path, TABLE_LIMIT)
    if refused is not None:
        problems.add(path, *refused)
        return None
    damaged = "skriv om filen med pandas.DataFrame.to_parquet eller spara den som CSV"
    try:
        source = pq.ParquetFile(path)
        schema = source.schema_arrow
    except Exception as exc:  # pyarrow raises many kinds for a damaged file
        problems.add(path, f"filen kan inte läsas som Parquet ({type(exc).__name__}: {exc})", damaged)
        return None
    saved = (schema.pandas_metadata or {}).get("index_columns", [])
    index = {name for name in saved if isinstance(name, str)}
    names = [name for name in schema.names if name not in index]  # pandas' saved index is not a column

    def batches() -> Iterator[tuple[list[pa.Array], np.ndarray, list[Any]]]:
        """A batch of rows at a time, so that only the rows kept take memory, as for CSV."""
        start = 0
        try:
            for part in source.iter_batches(batch_size=_PARQUET_BATCH, columns=names, use_threads=False):
                rows = np.arange(start + 1, start + part.num_rows + 1, dtype=np.int64)
                start += part.num_rows
                yield [part.column(name) for name in names], rows, []
        except Exception as exc:  # a damaged page further in: the rows after it cannot be read
            problems.add(path, f"filen kan inte läsas som Parquet efter rad {start} ({type(exc).__name__}: "
                               f"{exc}); resten av filen kan inte läsas", damaged, row=start + 1)
        finally:
            source.close()

    return [str(name) for name in names], batches()


_PARQUET_BATCH = 1 << 16


# --- columns and cells -----------------------------------------------------------------------------------

def _columns(path: Path, header: list[str], problems: ProblemCollector) -> dict[str, int] | None:
    """Map canonical column name → position; None when required columns are missing or one is doubled."""
    positions: dict[str, int] = {}
    unknown: list[str] = []
    duplicated = False
    for index, raw in enumerate(header):
        name = str(raw).strip().strip('"').lower()
        name = COLUMN_ALIASES.get(name, name)
        if not name:
            problems.add(path, f"kolumn {index + 1} saknar rubrik", "ge kolumnen ett namn eller ta bort den", row=1)
        elif name in positions:
            duplicated = True
            problems.add(path, f"kolumnen '{shorten(raw)}' förekommer två gånger", "ta bort den ena kolumnen", row=1,
                         key=name)
        elif name not in INPUT_COLUMNS:
            unknown.append(str(raw))
            hint = did_you_mean(name, INPUT_COLUMNS) or f"kända kolumner är {', '.join(INPUT_COLUMNS)}"
            problems.add(path, f"okänd kolumn '{shorten(raw)}'", hint, row=1, key=str(raw))
        else:
            positions[name] = index
    required = [c for c in REQUIRED_COLUMNS
                if not (c == "value" and "numerator" in positions and "denominator" in positions)]
    missing = [c for c in required if c not in positions]
    for column in missing:
        near = closest(column, unknown)
        hint = (f"kolumnen '{near}' ska troligen heta '{column}'" if near
                else f"rubrikraden ska innehålla {', '.join(REQUIRED_COLUMNS)}")
        problems.add(path, f"kolumnen '{column}' saknas", hint, row=1, key=column)
    return None if missing or duplicated else positions


class _RowChecks:
    """The checks of every data row at once: which rows have a problem, and the problems in reading order.

    Each check gives a mask of rows and says the message of one of them; only the rows it flags cost Python.
    Problems are sorted by row and then by the order of the checks, as an analyst reads the row left to right.
    """

    def __init__(self) -> None:
        self.found: list[tuple[int, int, str, str, str | None]] = []  # (row, order, message, hint, key)
        self.start(np.array([], dtype=np.int64))

    def start(self, rows: np.ndarray) -> None:
        """Check the rows of the next batch, numbered `rows`."""
        self.rows = rows
        self.bad = np.zeros(len(rows), dtype=bool)

    def add(self, mask: np.ndarray, order: int, key: str, message: Callable[[int], tuple[str, str]]) -> None:
        for index in np.flatnonzero(mask):
            self.found.append((int(self.rows[index]), order, *message(int(index)), key))
        self.bad |= mask

    def report(self, path: Path, problems: ProblemCollector) -> None:
        for row, _, message, hint, key in sorted(self.found, key=lambda p: (p[0], p[1])):
            problems.add(path, message, hint, row=row, key=key)


def _per_value(text: pa.Array, judge: Callable[[str], tuple[str, tuple[str, str] | None]]
               ) -> tuple[pa.Array, np.ndarray, Callable[[int], tuple[str, str]]]:
    """`judge` of each distinct text, spread to the rows: (canonical text, rows with a problem, their message)."""
    codes, values = distinct(text)
    judged = [judge(value) for value in values]
    canonical = pa.array([result for result, _ in judged], pa.string()).take(pa.array(codes))
    failed = np.array([problem is not None for _, problem in judged], dtype=bool)[codes]
    return canonical, failed, lambda index: judged[codes[index]][1] or ("", "")


def _period(raw: str) -> tuple[str, tuple[str, str] | None]:
    if not raw:
        return "", ("'period' saknas", "fyll i perioden, t.ex. 2024, 2024-T2 eller 2024-04")
    try:
        return Period.parse(raw.upper()).key, None
    except MalrapportError as exc:
        hint = exc.problems[0].hint
        if _DATE.match(raw):
            hint = "Excel har troligen gjort om perioden till ett datum; formatera kolumnen som text och " + hint
        return "", (f"okänd period '{shorten(raw)}'", hint)


def _sex(raw: str) -> tuple[str, tuple[str, str] | None]:
    sex = SEX_ALIASES.get(raw.lower())
    if sex is None:
        shown = f"'{shorten(raw)}'" if raw else "tomt"
        return "", (f"okänt kön {shown}", "skriv T (totalt), K (kvinnor) eller M (män)")
    return sex, None


def _months(raw: str, period: str) -> tuple[str, tuple[str, str] | None]:
    """The months a row covers, in canonical form ('2026-01..2026-05'), from the cell and the row's period."""
    try:
        return months_text(parse_months(raw, Period.parse(period))), None
    except (MalrapportError, ValueError) as exc:
        message = exc.problems[0].message if isinstance(exc, MalrapportError) else f"okänd månad i '{raw}'"
        hint = exc.problems[0].hint if isinstance(exc, MalrapportError) else MONTHS_HINT
        return "", (message, hint)


def _months_column(months: pa.Array, periods: pa.Array, checks: _RowChecks,
                   judge: Callable[[str, str], tuple[str, tuple[str, str] | None]]) -> pa.Array:
    """The months column: canonical where the cell and the period are given, '' elsewhere."""
    given = (pc.not_equal(months, "").to_numpy(zero_copy_only=False)
             & pc.not_equal(periods, "").to_numpy(zero_copy_only=False))
    if not given.any():
        return _blank(len(months))
    result = np.full(len(months), "", dtype=object)
    month_codes, month_values = distinct(months)
    period_codes, period_values = distinct(periods)
    pairs = month_codes.astype(np.int64) * len(period_values) + period_codes
    unique, inverse = np.unique(pairs[given], return_inverse=True)
    judged = [judge(month_values[pair // len(period_values)], period_values[pair % len(period_values)])
              for pair in unique.tolist()]
    where = np.flatnonzero(given)
    result[where] = np.array([text for text, _ in judged], dtype=object)[inverse]
    failed = np.zeros(len(months), dtype=bool)
    failed[where] = np.array([problem is not None for _, problem in judged], dtype=bool)[inverse]
    position = np.zeros(len(months), dtype=np.int64)
    position[where] = inverse
    checks.add(failed, 4, "months", lambda index: judged[position[index]][1] or ("", ""))
    return pa.array(result, pa.string())


def _said(message: str, hint: str) -> Callable[[int], tuple[str, str]]:
    """The same message for every row a check flags."""
    return lambda _: (message, hint)


def _not_a_number(raw: pa.Array, column: str) -> Callable[[int], tuple[str, str]]:
    """The message for a cell of `column` that is not a number, quoting the cell."""
    return lambda index: (f"'{shorten(cell_text(raw[index].as_py()))}' i kolumnen {column} är inte ett tal",
                          NUMBER_HINT)


def _blank(count: int) -> pa.Array:
    return pa.nulls(count, pa.string()).fill_null("")


_FILE_TYPE = pa.dictionary(pa.int32(), pa.large_string())
"""The file of each row, stored once: a path repeated on a million rows would be a quarter of the table."""
_SCHEMA = pa.schema([(name, pa.float64() if name in NUMBER_COLUMNS else pa.int64() if name == "row"
                      else _FILE_TYPE if name == "file" else pa.large_string()) for name in COLUMNS])


class _Judges:
    """The judgement of each distinct period, sex and months cell, made once per file however many rows."""

    def __init__(self) -> None:
        self.period = functools.cache(_period)
        self.sex = functools.cache(_sex)
        self.months = functools.cache(_months)


def _checked_batch(path: Path, columns: list[pa.Array], rows: np.ndarray, positions: dict[str, int],
                   checks: _RowChecks, judges: _Judges) -> pa.RecordBatch:
    """The canonical rows of one batch without a problem; a problem in `checks` for every fault of the others."""
    if columns:  # rows whose cells are all empty are not data (Excel leaves them after deleted rows)
        filled = ~np.logical_and.reduce([blank(column) for column in columns])
        if not filled.all():
            rows, columns = rows[filled], [column.filter(pa.array(filled)) for column in columns]
    count = len(rows)
    checks.start(rows)
    text = {name: texts(columns[index]) for name, index in positions.items() if name not in NUMBER_COLUMNS}

    def cells(name: str) -> pa.Array:
        return text[name] if name in text else _blank(count)

    for order, name in enumerate(("unit", "indicator")):
        missing = pc.equal(cells(name), "").to_numpy(zero_copy_only=False)
        checks.add(missing, order, name, _said(f"'{name}' saknas", f"fyll i {name} på raden"))
    period, failed, message = _per_value(cells("period"), judges.period)
    checks.add(failed, 2, "period", message)
    sex, failed, message = _per_value(cells("sex"), judges.sex)
    checks.add(failed, 3, "sex", message)
    months = _months_column(cells("months"), period, checks, judges.months)
    figures: dict[str, np.ndarray] = {}
    for order, name in enumerate(NUMBER_COLUMNS, start=5):
        if name not in positions:
            figures[name] = np.full(count, math.nan)
            continue
        figures[name], failed = numbers(columns[positions[name]])
        checks.add(failed, order, name, _not_a_number(columns[positions[name]], name))
    value, numerator, denominator = figures["value"], figures["numerator"], figures["denominator"]
    no_value = ~checks.bad & np.isnan(value)
    no_ratio = np.isnan(numerator) | np.isnan(denominator)
    checks.add(no_value & no_ratio, 8, "value", _said(
        "värde saknas, och täljare och nämnare är inte båda ifyllda", "fyll i value, eller både numerator och "
        "denominator"))
    with np.errstate(invalid="ignore"):
        zero = no_value & ~no_ratio & (denominator == 0) & (numerator != 0)
    checks.add(zero, 8, "denominator", lambda index: (
        f"nämnaren är 0 men täljaren {as_written(numerator[index])}, så värdet kan inte beräknas",
        "rätta täljaren eller nämnaren; 0 och 0 betyder inga patienter under perioden"))
    good = ~checks.bad
    keep = pa.array(good)
    text_of = {"period": period, "sex": sex, "months": months}
    arrays = {name: (text_of[name] if name in text_of else cells(name)).filter(keep).cast(pa.large_string())
              for name in ("unit", "indicator", "period", "sex", "comment", "source", "months")}
    arrays.update({name: pa.array(figures[name][good]) for name in NUMBER_COLUMNS})
    arrays["file"] = pa.DictionaryArray.from_arrays(pa.array(np.zeros(int(good.sum()), dtype=np.int32)),
                                                    pa.array([str(path)], pa.large_string()))
    arrays["row"] = pa.array(rows[good], pa.int64())
    return pa.record_batch([arrays[name] for name in COLUMNS], schema=_SCHEMA)


def _checked_rows(path: Path, batches: Iterable[tuple[list[pa.Array], np.ndarray, list[tuple[int, str, str]]]],
                  positions: dict[str, int], problems: ProblemCollector) -> pd.DataFrame:
    """The canonical table of a file's rows without a problem, and a problem for every fault of the others.

    The file is checked a batch of rows at a time, so that only the rows kept take memory; the problems are added
    when every batch is checked, in the order of the rows.
    """
    checks = _RowChecks()
    judges = _Judges()
    parts = []
    for columns, rows, row_problems in batches:
        checks.found.extend((row, 0, message, hint, None) for row, message, hint in row_problems)
        parts.append(_checked_batch(path, columns, rows, positions, checks, judges))
        give_back_memory()
    checks.report(path, problems)
    if not parts:
        return empty_outcomes()
    table = pa.Table.from_batches(parts, schema=_SCHEMA)
    parts.clear()
    frame = table.to_pandas(split_blocks=True, self_destruct=True)  # each column's Arrow memory freed as it goes
    give_back_memory()
    return frame


def _csv_batches(source: CsvSource) -> Iterator[tuple[list[pa.Array], np.ndarray, list[tuple[int, str, str]]]]:
    return ((batch.columns, batch.rows, batch.problems) for batch in source.batches())


def read_outcomes(path: str | Path, problems: ProblemCollector) -> pd.DataFrame:
    """Read one CSV or Parquet outcome file into the canonical table, adding every problem to `problems`.

    Rows with a problem are left out (each has a problem saying why); completely empty rows are skipped.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        source = open_csv(path, problems, "lägg till en rubrikrad: unit;indicator;period;sex;value",
                          "första raden ska vara unit;indicator;period;sex;value")
        if source is None:
            return empty_outcomes()
        try:
            if (positions := _columns(path, source.header, problems)) is None:
                return empty_outcomes()
            try:
                return _checked_rows(path, _csv_batches(source), positions, problems)
            except BlockTooSmall:  # a cell of megabytes: the whole file is one block now
                return _checked_rows(path, _csv_batches(source), positions, problems)
        finally:
            source.close()
    if suffix == ".parquet":
        parquet = _parquet_batches(path, problems)
        if parquet is None or (positions := _columns(path, parquet[0], problems)) is None:
            return empty_outcomes()
        return _checked_rows(path, parquet[1], positions, problems)
    problems.add(path, f"filtypen '{path.suffix}' kan inte läsas som utfall",
                 "spara utfallen som CSV (UTF-8) eller Parquet")
    return empty_outcomes()


# --- several files -------------------------------------------------------------------------------------------

def _key_codes(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, int]:
    """One integer per row, equal for rows with equal values in `columns`, and an upper bound of the integers.

    The columns' codes are combined in mixed radix, renumbered whenever the combinations could outgrow the rows.
    """
    key, size = np.zeros(len(frame), dtype=np.int64), 1
    for column in columns:
        codes, uniques = pd.factorize(frame[column])
        count = max(len(uniques), 1)
        if size * count > max(4 * len(frame), 1 << 16):
            key, seen = pd.factorize(key)
            size = len(seen)
        key = key * count + codes
        size *= count
    return key, size


def _first_rows(key: np.ndarray, size: int) -> np.ndarray:
    """For each row, the position of the first row with the same key (keys lie in 0..size-1)."""
    first = np.empty(size, dtype=np.int64)
    first[key[::-1]] = np.arange(len(key) - 1, -1, -1, dtype=np.int64)  # the last write, the first row, wins
    return first[key]


def find_duplicates(frame: pd.DataFrame, problems: ProblemCollector) -> None:
    """A problem for every row with the same unit, indicator, period and sex as an earlier row (any file)."""
    if frame.empty:
        return
    first_rows = _first_rows(*_key_codes(frame, ["unit", "indicator", "period", "sex"]))
    later = np.flatnonzero(first_rows != np.arange(len(frame)))
    give_back_memory()
    if not len(later):
        return
    earlier = first_rows[later].tolist()
    both = sorted(set(later.tolist()) | set(earlier))
    rows = dict(zip(both, frame.iloc[both][["unit", "indicator", "period", "sex", "file", "row"]]
                    .itertuples(index=False, name=None), strict=True))
    for index, other in zip(later.tolist(), earlier, strict=True):
        unit, indicator, period, sex, file, row = rows[index]
        _, _, _, _, other_file, other_row = rows[other]
        where = f"rad {other_row}" if other_file == file else f"rad {other_row} i {other_file}"
        problems.add(file, f"dubblettrad: {unit}, {indicator}, {period}, {sex} finns redan på {where}",
                     "ta bort den ena raden eller rätta enhet, indikator, period eller kön", row=int(row))


def load_outcomes(paths_or_dir: str | Path | Iterable[str | Path]) -> pd.DataFrame:
    """All outcomes of a folder, a file or a list of files in one table; MalrapportError lists every problem.

    >>> outcomes = load_outcomes("data/rn-ls1/outcomes")
    >>> outcomes.query("indicator == 'vant-90-besok' and period == '2022-T1'")[["sex", "value"]].values.tolist()
    [['T', 51.0], ['K', 45.0], ['M', 60.0]]
    """
    problems = ProblemCollector()
    if isinstance(paths_or_dir, (str, Path)):
        root = Path(paths_or_dir)
        if not root.exists():
            raise MalrapportError(f"'{root}' finns inte", file=root, hint="ange en utfallsfil eller mappen outcomes/")
        paths = list_outcome_files(root, problems) if root.is_dir() else [root]
    else:
        paths = [Path(p) for p in paths_or_dir]
    frames = [read_outcomes(path, problems) for path in paths]
    frame = pd.concat(frames, ignore_index=True) if frames else empty_outcomes()
    find_duplicates(frame, problems)
    problems.raise_if_any()
    return frame


# --- checks that need the plan ---------------------------------------------------------------------------

def check_against_plans(frame: pd.DataFrame, plans: Mapping[int, Plan], organisation_id: str,
                        problems: ProblemCollector) -> None:
    """Cross-file checks of outcome rows against an organisation's plans (any year).

    Unknown indicator ids (with the closest id as hint), shares outside 0–100 % or with numerator above
    denominator, and units that look like a misspelling of the organisation id. Each distinct unit and
    (year, indicator) is judged once, and the figures of all rows of one indicator unit at once.
    """
    if frame.empty:
        return
    by_year = {year: {i.id: i for i in plan.indicators()} for year, plan in plans.items()}
    known = {ident: ind for year in sorted(by_year) for ident, ind in by_year[year].items()}
    found: list[tuple[int, int, str, str, str]] = []  # (position, order, message, hint, key)

    def add(mask: np.ndarray, order: int, key: str, message: Callable[[int], tuple[str, str] | None]) -> None:
        for index in np.flatnonzero(mask).tolist():
            if (said := message(index)) is not None:
                found.append((index, order, *said, key))

    unit_codes, units = pd.factorize(frame["unit"])
    misspelt = np.array([unit != organisation_id and bool(organisation_id) and _looks_like(unit, organisation_id)
                         for unit in units], dtype=bool)
    add(misspelt[unit_codes], 0, "unit", lambda index: (
        f"enheten '{shorten(units[unit_codes[index]])}' liknar organisationens id '{organisation_id}' men är inte "
        "samma", f"skriv '{organisation_id}' om raden gäller hela organisationen"))
    period_codes, periods = pd.factorize(frame["period"])
    ident_codes, idents = pd.factorize(frame["indicator"])
    pair_codes = period_codes.astype(np.int64) * len(idents) + ident_codes  # below len(periods) × len(idents)
    indicators: dict[int, Indicator | None] = {}
    for pair in pd.unique(pair_codes).tolist():
        year, name = int(periods[pair // len(idents)][:4]), idents[pair % len(idents)]
        indicators[pair] = by_year.get(year, {}).get(name) or known.get(name)
    unknown = np.isin(pair_codes, [pair for pair, indicator in indicators.items() if indicator is None])

    def unknown_message(index: int) -> tuple[str, str]:
        ident = idents[ident_codes[index]]
        candidates = by_year.get(int(periods[period_codes[index]][:4])) or known
        hint = did_you_mean(ident, candidates) or "lägg till indikatorn i planen eller rätta id:t"
        return f"indikatorn '{shorten(ident)}' finns inte i planen för {organisation_id}", hint

    add(unknown, 1, "indicator", unknown_message)

    def ident(index: int) -> str:
        return str(idents[ident_codes[index]])

    figures = {column: frame[column].to_numpy(dtype=float) for column in ("value", "numerator", "denominator")}
    units_measured = sorted({indicator.unit for indicator in indicators.values() if indicator is not None})
    for unit in units_measured:
        of_unit = np.isin(pair_codes, [pair for pair, i in indicators.items() if i is not None and i.unit == unit])
        unit_info = get_unit(unit)
        counted = "antal" if unit_info is not None and unit_info.non_negative else ""
        for order, (column, figure_unit) in enumerate((("value", unit), ("numerator", counted),
                                                       ("denominator", counted)), start=2):
            flagged = of_unit & implausible_rows(figures[column], figure_unit)
            add(flagged, order, column, _implausible(figures[column], figure_unit, column, ident))
        if unit_info is None or not unit_info.is_share:
            continue
        with np.errstate(invalid="ignore"):
            above = of_unit & (figures["numerator"] > figures["denominator"])
        add(above, 5, "numerator", _numerator_above(figures["numerator"], figures["denominator"], ident))
    give_back_memory()
    if not found:
        return
    found.sort(key=lambda f: (f[0], f[1]))
    where = frame.iloc[[position for position, *_ in found]][["file", "row"]].itertuples(index=False, name=None)
    for (_, _, message, hint, key), (file, row) in zip(found, where, strict=True):
        problems.add(file, message, hint, row=int(row), key=key)


_COLUMN_WORDS = {"value": "värdet", "numerator": "täljaren", "denominator": "nämnaren"}


def _implausible(number: np.ndarray, unit: str, column: str, ident: Callable[[int], str]
                 ) -> Callable[[int], tuple[str, str] | None]:
    return lambda index: implausible(float(number[index]), unit, _COLUMN_WORDS[column], of=ident(index))


def _numerator_above(numerator: np.ndarray, denominator: np.ndarray, ident: Callable[[int], str]
                     ) -> Callable[[int], tuple[str, str]]:
    return lambda index: (f"täljaren {as_written(numerator[index])} är större än nämnaren "
                          f"{as_written(denominator[index])} för andelen {ident(index)}",
                          "kontrollera att täljare och nämnare inte har bytt plats")


def _looks_like(unit: str, organisation_id: str) -> bool:
    return SequenceMatcher(None, unit.lower(), organisation_id.lower()).ratio() >= 0.8
