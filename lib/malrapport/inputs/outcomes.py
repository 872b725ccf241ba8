"""Reading outcome tables (CSV as Excel saves them, or Parquet) into one canonical long DataFrame.

Every fault becomes a problem naming the file, the row as the analyst sees it in a spreadsheet (header = row 1),
the column and the value. A row with a problem is left out of the table, but never without a problem saying so.
"""
from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import MalrapportError, ProblemCollector, closest, did_you_mean, shorten
from ..model import MONTHS_HINT, Period, Plan, months_text, parse_months
from ..sv import get_unit
from ..sv import parse_number as sv_parse_number
from .files import TABLE_LIMIT, not_readable, read_input_bytes
from .plausible import as_written, implausible

COLUMNS = ("unit", "indicator", "period", "sex", "value", "numerator", "denominator", "comment", "source",
           "months", "file", "row")
INPUT_COLUMNS = COLUMNS[:10]
REQUIRED_COLUMNS = ("unit", "indicator", "period", "sex", "value")
NUMBER_COLUMNS = ("value", "numerator", "denominator")
TEXT_COLUMNS = ("unit", "indicator", "period", "sex", "comment", "source", "months", "file")
OUTCOME_SUFFIXES = (".csv", ".parquet")
DOCUMENT_SUFFIXES = (".md", ".txt")

# Swedish headers are accepted too, since analysts often name columns in their own language.
COLUMN_ALIASES = {"enhet": "unit", "indikator": "indicator", "kön": "sex", "värde": "value", "utfall": "value",
                  "täljare": "numerator", "nämnare": "denominator", "kommentar": "comment", "källa": "source",
                  "månader": "months"}
SEX_ALIASES = {"t": "T", "k": "K", "m": "M", "totalt": "T", "total": "T", "alla": "T", "kvinnor": "K",
               "kvinna": "K", "män": "M", "man": "M"}
SWEDISH_LETTERS = "åäöÅÄÖé"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}|^\d{1,2}/\d{1,2}/\d{2,4}|^[a-zåäö]{3}-\d{2}$", re.IGNORECASE)
NUMBER_HINT = "skriv bara talet, t.ex. 12,5 eller 12.5 (utan %, enhet eller text)"


def empty_outcomes() -> pd.DataFrame:
    """An outcome table with no rows and the canonical columns and types."""
    return _frame([])


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    data: dict[str, Any] = {}
    for column in COLUMNS:
        values = [r[column] for r in records]
        if column in NUMBER_COLUMNS:
            data[column] = pd.Series(values, dtype="float64")
        elif column == "row":
            data[column] = pd.Series(values, dtype="int64")
        else:
            data[column] = pd.Series(values, dtype="str")
    return pd.DataFrame(data, columns=list(COLUMNS))


# --- decoding and splitting CSV ----------------------------------------------------------------------------

def _decode(path: Path, data: bytes, problems: ProblemCollector) -> str | None:
    """Text of a CSV in UTF-8 (with or without BOM) or cp1252 with Swedish letters; otherwise a problem."""
    save_hint = "spara filen som 'CSV UTF-8 (kommaavgränsad)' i Excel, eller som UTF-8 i en texteditor"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        problems.add(path, "filen är sparad som UTF-16 (Unicode-text), som inte kan läsas", save_hint)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    mixed = _non_utf8_lines(data)
    if mixed:
        shown = ", ".join(map(str, mixed[:5])) + (" …" if len(mixed) > 5 else "")
        problems.add(path, f"filen är sparad som UTF-8 men {'rad' if len(mixed) == 1 else 'raderna'} {shown} "
                           "har en annan teckenkodning (troligen Windows-1252, inklistrad från en äldre fil)",
                     "skriv om å, ä och ö på de raderna, eller spara hela filen som UTF-8 igen", row=mixed[0])
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and any(letter in text for letter in SWEDISH_LETTERS):
        return text
    problems.add(path, "filens teckenkodning känns inte igen (varken UTF-8 eller Windows-1252 med å, ä, ö)",
                 save_hint)
    return None


def _non_utf8_lines(data: bytes) -> list[int]:
    """Line numbers that are not UTF-8 in a file whose other lines have UTF-8 letters (å as two bytes); else [].

    Such a file is UTF-8 with lines pasted from a cp1252 file: read as cp1252, every å of the UTF-8 lines would
    turn into 'Ã¥'. A file with no UTF-8 letter at all is plain cp1252 and read as such.
    """
    bad, utf8_letters = [], False
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
            continue
        utf8_letters = utf8_letters or not text.isascii()
    return bad if utf8_letters else []


def _sniff_delimiter(text: str) -> str:
    """Semicolon, tab or comma: whichever occurs most in the header line (comma on a tie)."""
    header = text.split("\n", 1)[0]
    counts = {";": header.count(";"), "\t": header.count("\t"), ",": header.count(",")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _csv_table(path: Path, problems: ProblemCollector) -> tuple[list[str], list[tuple[int, list[Any]]]] | None:
    """Header and (row number, fields) of a CSV file; None when it cannot be read at all."""
    data = read_input_bytes(path, TABLE_LIMIT, problems)
    if data is None:
        return None
    if not data.strip():
        problems.add(path, "filen är tom", "lägg till en rubrikrad: unit;indicator;period;sex;value")
        return None
    text = _decode(path, data, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text), strict=True)
    records: list[tuple[int, list[Any]]] = []
    number = 0
    while True:
        number += 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = ("ett citattecken öppnas men stängs aldrig; resten av filen kan inte läsas"
                       if "end of data" in str(exc) else f"raden kan inte tolkas som CSV ({exc})")
            problems.add(path, message, "kontrollera att citattecknen (\") på raden är parvisa", row=number)
            break
        records.append((number, fields))
    if not records:
        problems.add(path, "filen saknar rubrikrad", "första raden ska vara unit;indicator;period;sex;value")
        return None
    return records[0][1], records[1:]


def _parquet_table(path: Path, problems: ProblemCollector) -> tuple[list[str], list[tuple[int, list[Any]]]] | None:
    """Header and (row number, cells) of a Parquet file; rows are numbered from 1."""
    refused = not_readable(path, TABLE_LIMIT)
    if refused is not None:
        problems.add(path, *refused)
        return None
    try:
        table = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many kinds for a damaged file
        problems.add(path, f"filen kan inte läsas som Parquet ({type(exc).__name__}: {exc})",
                     "skriv om filen med pandas.DataFrame.to_parquet eller spara den som CSV")
        return None
    rows = [(index + 1, list(values)) for index, values in enumerate(table.itertuples(index=False, name=None))]
    return [str(c) for c in table.columns], rows


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


def _cell_text(value: Any) -> str:
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
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        if math.isinf(value):
            raise ValueError(value)
        return float(value)
    text = _cell_text(value)
    if not text:
        return None
    number = sv_parse_number(text)
    if not math.isfinite(number):  # 400 digits: a number too large for a float, never a real figure
        raise ValueError(text)
    return number


class _RowReader:
    """Checks and converts the cells of one row, adding a problem per faulty cell."""

    def __init__(self, path: Path, number: int, problems: ProblemCollector) -> None:
        self.path = path
        self.row = number
        self.problems = problems
        self.ok = True

    def add(self, message: str, hint: str, column: str) -> None:
        self.problems.add(self.path, message, hint, row=self.row, key=column)
        self.ok = False

    def required_text(self, cells: dict[str, Any], column: str) -> str:
        text = _cell_text(cells.get(column))
        if not text:
            self.add(f"'{column}' saknas", f"fyll i {column} på raden", column)
        return text

    def period(self, cells: dict[str, Any]) -> str:
        raw = _cell_text(cells.get("period"))
        if not raw:
            self.add("'period' saknas", "fyll i perioden, t.ex. 2024, 2024-T2 eller 2024-04", "period")
            return ""
        try:
            return Period.parse(raw.upper()).key
        except MalrapportError as exc:
            hint = exc.problems[0].hint
            if _DATE.match(raw):
                hint = "Excel har troligen gjort om perioden till ett datum; formatera kolumnen som text och " + hint
            self.add(f"okänd period '{shorten(raw)}'", hint, "period")
            return ""

    def months(self, cells: dict[str, Any], period: str) -> str:
        """The months the row covers, in canonical form ('2026-01..2026-05'); '' when not given."""
        raw = _cell_text(cells.get("months"))
        if not raw or not period:
            return ""
        try:
            return months_text(parse_months(raw, Period.parse(period)))
        except (MalrapportError, ValueError) as exc:
            message = exc.problems[0].message if isinstance(exc, MalrapportError) else f"okänd månad i '{raw}'"
            hint = exc.problems[0].hint if isinstance(exc, MalrapportError) else MONTHS_HINT
            self.add(message, hint, "months")
            return ""

    def sex(self, cells: dict[str, Any]) -> str:
        raw = _cell_text(cells.get("sex"))
        sex = SEX_ALIASES.get(raw.lower())
        if sex is None:
            shown = f"'{shorten(raw)}'" if raw else "tomt"
            self.add(f"okänt kön {shown}", "skriv T (totalt), K (kvinnor) eller M (män)", "sex")
            return ""
        return sex

    def number(self, cells: dict[str, Any], column: str) -> float | None:
        raw = cells.get(column)
        try:
            return parse_number(raw)
        except ValueError:
            self.add(f"'{shorten(_cell_text(raw))}' i kolumnen {column} är inte ett tal", NUMBER_HINT, column)
            return None


def _row_record(path: Path, number: int, cells: dict[str, Any], problems: ProblemCollector) -> dict[str, Any] | None:
    reader = _RowReader(path, number, problems)
    record: dict[str, Any] = {
        "unit": reader.required_text(cells, "unit"),
        "indicator": reader.required_text(cells, "indicator"),
        "period": reader.period(cells),
        "sex": reader.sex(cells),
    }
    record["months"] = reader.months(cells, record["period"])
    for column in NUMBER_COLUMNS:
        value = reader.number(cells, column)
        record[column] = math.nan if value is None else value
    if reader.ok and math.isnan(record["value"]):
        if math.isnan(record["numerator"]) or math.isnan(record["denominator"]):
            reader.add("värde saknas, och täljare och nämnare är inte båda ifyllda",
                       "fyll i value, eller både numerator och denominator", "value")
        elif record["denominator"] == 0 and record["numerator"] != 0:
            reader.add(f"nämnaren är 0 men täljaren {as_written(record['numerator'])}, så värdet kan inte beräknas",
                       "rätta täljaren eller nämnaren; 0 och 0 betyder inga patienter under perioden",
                       "denominator")
    if not reader.ok:
        return None
    record["comment"] = _cell_text(cells.get("comment"))
    record["source"] = _cell_text(cells.get("source"))
    record["file"] = str(path)
    record["row"] = number
    return record


def read_outcomes(path: str | Path, problems: ProblemCollector) -> pd.DataFrame:
    """Read one CSV or Parquet outcome file into the canonical table, adding every problem to `problems`.

    Rows with a problem are left out (each has a problem saying why); completely empty rows are skipped.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = _csv_table(path, problems)
    elif suffix == ".parquet":
        table = _parquet_table(path, problems)
    else:
        problems.add(path, f"filtypen '{path.suffix}' kan inte läsas som utfall",
                     "spara utfallen som CSV (UTF-8) eller Parquet")
        return empty_outcomes()
    if table is None:
        return empty_outcomes()
    header, rows = table
    positions = _columns(path, header, problems)
    if positions is None:
        return empty_outcomes()
    records = []
    for number, fields in rows:
        if all(_cell_text(f) == "" for f in fields):
            continue
        if len(fields) != len(header):
            problems.add(path, f"raden har {len(fields)} fält men rubrikraden har {len(header)}",
                         "kontrollera avgränsarna; text som innehåller avgränsaren ska stå inom citattecken",
                         row=number)
            continue
        cells = {name: fields[index] for name, index in positions.items()}
        if (record := _row_record(path, number, cells, problems)) is not None:
            records.append(record)
    return _frame(records)


# --- several files -------------------------------------------------------------------------------------------

def list_outcome_files(directory: str | Path, problems: ProblemCollector | None = None) -> list[Path]:
    """CSV and Parquet files of an outcomes folder, sorted; other files (e.g. .xlsx) are problems.

    Only regular files within the size limit are listed; a folder, FIFO or device named like a table is a problem.
    """
    found = []
    for path in sorted(Path(directory).iterdir()):
        suffix = path.suffix.lower()
        if path.name.startswith(".") or (path.is_dir() and suffix not in OUTCOME_SUFFIXES):
            continue
        if suffix in OUTCOME_SUFFIXES:
            refused = not_readable(path, TABLE_LIMIT)
            if refused is None:
                found.append(path)
            elif problems is not None:  # never read, never hashed: a FIFO would make both wait for ever
                problems.add(path, *refused)
        elif suffix not in DOCUMENT_SUFFIXES and problems is not None:
            problems.add(path, f"filen läses inte: utfall ska vara CSV eller Parquet, inte '{path.suffix}'",
                         "spara filen som CSV UTF-8 i Excel, eller flytta den från mappen outcomes/")
    return found


def find_duplicates(frame: pd.DataFrame, problems: ProblemCollector) -> None:
    """A problem for every row with the same unit, indicator, period and sex as an earlier row (any file)."""
    first: dict[tuple[str, str, str, str], tuple[str, int]] = {}
    for unit, indicator, period, sex, file, row in frame[["unit", "indicator", "period", "sex", "file",
                                                           "row"]].itertuples(index=False, name=None):
        key = (unit, indicator, period, sex)
        if key in first:
            other_file, other_row = first[key]
            where = f"rad {other_row}" if other_file == file else f"rad {other_row} i {other_file}"
            problems.add(file, f"dubblettrad: {unit}, {indicator}, {period}, {sex} finns redan på {where}",
                         "ta bort den ena raden eller rätta enhet, indikator, period eller kön", row=int(row))
        else:
            first[key] = (file, int(row))


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
    denominator, and units that look like a misspelling of the organisation id.
    """
    by_year = {year: {i.id: i for i in plan.indicators()} for year, plan in plans.items()}
    known = {ident: ind for year in sorted(by_year) for ident, ind in by_year[year].items()}
    columns = ["unit", "indicator", "period", "value", "numerator", "denominator", "file", "row"]
    for unit, ident, period, value, numerator, denominator, file, row in frame[columns].itertuples(
            index=False, name=None):
        row = int(row)
        if unit != organisation_id and organisation_id and _looks_like(unit, organisation_id):
            problems.add(file,
                         f"enheten '{shorten(unit)}' liknar organisationens id '{organisation_id}' men är inte samma",
                         f"skriv '{organisation_id}' om raden gäller hela organisationen", row=row, key="unit")
        year = int(period[:4])
        indicator = by_year.get(year, {}).get(ident) or known.get(ident)
        if indicator is None:
            candidates = by_year.get(year) or known
            hint = did_you_mean(ident, candidates) or "lägg till indikatorn i planen eller rätta id:t"
            problems.add(file, f"indikatorn '{shorten(ident)}' finns inte i planen för {organisation_id}", hint,
                         row=row, key="indicator")
            continue
        unit_info = get_unit(indicator.unit)
        counted = "antal" if unit_info is not None and unit_info.non_negative else ""
        for column, number, unit in (("value", value, indicator.unit), ("numerator", numerator, counted),
                                     ("denominator", denominator, counted)):
            found = implausible(number, unit, _COLUMN_WORDS[column], of=ident)
            if found is not None:
                problems.add(file, found[0], found[1], row=row, key=column)
        if unit_info is None or not unit_info.is_share:
            continue
        if not math.isnan(numerator) and not math.isnan(denominator) and numerator > denominator:
            problems.add(file,
                         f"täljaren {as_written(numerator)} är större än nämnaren {as_written(denominator)} "
                         f"för andelen {ident}",
                         "kontrollera att täljare och nämnare inte har bytt plats", row=row, key="numerator")


_COLUMN_WORDS = {"value": "värdet", "numerator": "täljaren", "denominator": "nämnaren"}


def _looks_like(unit: str, organisation_id: str) -> bool:
    return SequenceMatcher(None, unit.lower(), organisation_id.lower()).ratio() >= 0.8
