"""National comparison figures: Kolada KPI files and Socialstyrelsen's monthly exports, as outcome rows.

`read_kolada` reads Kolada-shaped tables (the API's JSON, or CSV with the API's or rKolada's column names);
`kolada_import` maps KPIs onto plan indicators whose `source` is 'kolada:N79221' and reports KPIs that the
plan does not use and indicators that got no data. `read_sos_waiting_export` reads the semicolon-separated
export of Socialstyrelsen's statistical database (title, year and month rows, "N" for missing, a footer).
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import sv
from ..errors import MalrapportError, Problem, ProblemCollector
from ..model import Plan, find_region
from ..sv import parse_number
from .plausible import implausible
from .records import OUTCOME_COLUMNS

KOLADA_COLUMNS = ("kpi", "region_id", "year", "gender", "value")
_ALIASES: dict[str, tuple[str, ...]] = {
    "kpi": ("kpi", "kpi_id", "nyckeltal", "id_kpi"),
    "region_id": ("region_id", "municipality_id", "municipality", "kommun_id", "region_kod", "ou_id"),
    "year": ("year", "period", "ar", "år"),
    "gender": ("gender", "kon", "kön", "sex"),
    "value": ("value", "varde", "värde"),
    "kpi_title": ("kpi_title", "title", "titel"),
    "region": ("region", "municipality_name", "region_name", "kommun"),
}
MISSING_MARKS = frozenset({"N", "..", ".", "-", "–", ""})
SOS_MISSING_COMMENT = "uppgift saknas eller är skyddad i källan (N)"


def _read_text(path: Path) -> str:
    """File text as UTF-8 (with or without BOM) or, failing that, cp1252 as Excel saves it."""
    if not path.exists():
        raise MalrapportError(Problem(str(path), "filen finns inte", "kontrollera sökvägen"))
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _api_json_frame(text: str) -> pd.DataFrame:
    """Flatten a Kolada API response ({"values": [{kpi, municipality, period, values: [{gender, value}]}]})."""
    data = json.loads(text)
    entries = data.get("values", data) if isinstance(data, dict) else data
    rows = []
    for entry in entries:
        inner = entry.get("values")
        region = entry.get("municipality_id", entry.get("municipality", entry.get("region_id")))
        if isinstance(inner, list):
            for value in inner:
                rows.append({"kpi": entry.get("kpi"), "region_id": region, "year": entry.get("period"),
                             "gender": value.get("gender", "T"), "value": value.get("value")})
        else:
            rows.append(entry)
    return pd.DataFrame(rows).astype(str).replace({"None": "", "nan": ""})


def _csv_frame(text: str) -> pd.DataFrame:
    first = text.splitlines()[0] if text else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)


def _rename(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Map the file's column names onto kpi, region_id, year, gender, value (+ kpi_title, region)."""
    lower = {str(c).strip().lower(): c for c in frame.columns}
    mapping: dict[str, str] = {}
    for target, names in _ALIASES.items():
        found = next((lower[n] for n in names if n in lower and lower[n] not in mapping), None)
        if found is not None:
            mapping[found] = target
    renamed = frame.rename(columns=mapping)[list(mapping.values())]
    if "gender" not in renamed.columns:
        renamed["gender"] = "T"
    missing = [c for c in KOLADA_COLUMNS if c not in renamed.columns]
    if missing:
        raise MalrapportError(Problem(file, "kolumnerna " + ", ".join(missing) + " saknas",
                                      "en Kolada-fil behöver kpi, region_id (eller municipality_id), year "
                                      "(eller period), gender och value; filen har "
                                      + ", ".join(map(str, frame.columns))))
    return renamed


def _region_id(text: str) -> str:
    cleaned = str(text).strip()
    return cleaned.zfill(4) if cleaned.isdigit() and len(cleaned) < 4 else cleaned


def read_kolada(path: str | Path) -> pd.DataFrame:
    """A Kolada file as a table: kpi, region_id ('0001'), year (int), gender (T/K/M), value (+ kpi_title, region).

    Reads CSV (comma or semicolon, decimal comma accepted) and the API's JSON. Ids stay 4-character strings
    even when a spreadsheet dropped the leading zeros. Rows without value are left out and counted in
    `attrs['empty_values']`; unreadable values and duplicate rows are errors naming the row. Each row keeps its
    line in the file (`row`) and the frame its file (`attrs['file']`), so that the import can name them.

    >>> kolada = read_kolada("../shared/realdata/kolada_hos_regioner_2016_2025.csv")  # doctest: +SKIP
    >>> sorted(kolada.columns)[:3]  # doctest: +SKIP
    ['gender', 'kpi', 'kpi_title']
    """
    file = Path(path)
    text = _read_text(file)
    frame = _api_json_frame(text) if file.suffix.lower() == ".json" else _csv_frame(text)
    frame = _rename(frame, str(file))
    problems = ProblemCollector()
    values: list[float] = []
    years: list[int] = []
    for row, (value, year) in enumerate(zip(frame["value"], frame["year"], strict=True), start=2):
        try:
            values.append(parse_number(value) if str(value).strip() else math.nan)
        except ValueError:
            values.append(math.nan)
            problems.add(file, f"värdet '{value}' är inte ett tal", "skriv värden som 12,5 eller 12.5", row=row,
                         key="value")
        try:
            years.append(int(str(year).strip()[:4]))
        except ValueError:
            years.append(0)
            problems.add(file, f"året '{year}' kan inte läsas", "skriv år som 2024", row=row, key="year")
    problems.raise_if_any()
    out = frame.assign(kpi=frame["kpi"].str.strip().str.upper(), region_id=frame["region_id"].map(_region_id),
                       year=years, gender=frame["gender"].str.strip().str.upper(), value=values,
                       row=range(2, len(frame) + 2))
    empty = int(out["value"].isna().sum())
    out = out[out["value"].notna()]
    keys = list(KOLADA_COLUMNS[:4])
    duplicated = out[out.duplicated(keys, keep=False)]
    if not duplicated.empty:
        first = duplicated.iloc[0]
        raise MalrapportError(Problem(str(file), f"{len(duplicated)} rader har samma nyckeltal, region, år och kön, "
                                                 f"t.ex. {first['kpi']} {first['region_id']} {first['year']} "
                                                 f"{first['gender']}", "ta bort dubbletterna", row=int(first.name) + 2))
    extra = [c for c in ("kpi_title", "region", "row") if c in out.columns]
    out = out[[*KOLADA_COLUMNS, *extra]].sort_values(keys).reset_index(drop=True)
    out.attrs["empty_values"] = empty
    out.attrs["file"] = str(file)
    return out


@dataclass(frozen=True)
class KoladaImport:
    """Outcome rows from Kolada, with what did not match: KPIs the plan does not use, indicators without data."""

    outcomes: pd.DataFrame
    unused_kpis: tuple[str, ...]
    indicators_without_data: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    """Figures that cannot be right for their indicator (a share above 100 %, a negative count): not imported."""

    def messages(self) -> list[str]:
        """The report of the import in Swedish, for the analyst."""
        lines = [f"{len(self.outcomes)} utfallsrader från Kolada."]
        if self.problems:
            count = len(self.problems)
            lines.append(f"{count} {'värde' if count == 1 else 'värden'} kan inte stämma och importeras inte:")
            lines += [f"  {problem}" for problem in self.problems]
        if self.unused_kpis:
            lines.append(f"{len(self.unused_kpis)} nyckeltal i filen används inte av planen: "
                         + ", ".join(self.unused_kpis) + ".")
        for indicator in self.indicators_without_data:
            lines.append(f"Indikatorn {indicator} har en Kolada-källa men inga värden i filen.")
        return lines


def _unit_map(unit_for_region: Mapping[str, str] | None) -> dict[str, str]:
    """Keys may be Kolada ids or any region name; they are normalised to Kolada ids."""
    out: dict[str, str] = {}
    for key, unit in (unit_for_region or {}).items():
        found = find_region(key)
        out[found.kolada_id if found else _region_id(key)] = unit
    return out


def kolada_import(kolada: pd.DataFrame, plan: Plan,
                  unit_for_region: Mapping[str, str] | None = None) -> KoladaImport:
    """Outcome rows for every plan indicator whose source is 'kolada:KPI', for every region in the file.

    unit = the Kolada region id ('0024', '0000' for Riket) unless `unit_for_region` maps it to a plan unit;
    period = the year ('2024'); sex = Kolada's gender; source 'Kolada'; months = the whole year ('2024-01..2024-12'),
    since a Kolada value is a year's.

    >>> imported = kolada_import(read_kolada(path), load_plan("data/rjh-rs/plan-2018.yaml"))  # doctest: +SKIP
    >>> imported.outcomes[["unit", "indicator", "period", "sex", "value"]]  # doctest: +SKIP
    """
    by_kpi: dict[str, list[str]] = {}
    for indicator in plan.indicators():
        if indicator.kolada_kpi:
            by_kpi.setdefault(indicator.kolada_kpi.upper(), []).append(indicator.id)
    units = _unit_map(unit_for_region)
    used = kolada[kolada["kpi"].isin(list(by_kpi))]
    frames = [used[used["kpi"] == kpi].assign(indicator=ind) for kpi, ids in by_kpi.items() for ind in ids]
    rows = pd.concat(frames, ignore_index=True) if frames else used.assign(indicator="")
    rows, problems = _plausible_rows(rows, plan, str(kolada.attrs.get("file", "")))
    outcomes = pd.DataFrame({
        "unit": rows["region_id"].map(lambda r: units.get(r, r)).astype(str),
        "indicator": rows["indicator"].astype(str),
        "period": rows["year"].astype(int).astype(str),
        "sex": rows["gender"].astype(str),
        "value": rows["value"].astype(float),
        "numerator": math.nan,
        "denominator": math.nan,
        "source": "Kolada",
        "months": [f"{year}-01..{year}-12" for year in rows["year"].astype(int)],  # Kolada's years are whole years
    }, columns=list(OUTCOME_COLUMNS))
    present = set(rows["indicator"])
    return KoladaImport(
        outcomes=outcomes.sort_values(["indicator", "unit", "period", "sex"]).reset_index(drop=True),
        unused_kpis=tuple(sorted(set(kolada["kpi"]) - set(by_kpi))),
        indicators_without_data=tuple(i for ids in by_kpi.values() for i in ids if i not in present),
        problems=problems,
    )


def _plausible_rows(rows: pd.DataFrame, plan: Plan, file: str) -> tuple[pd.DataFrame, tuple[Problem, ...]]:
    """The rows whose value can be right for their indicator's unit, and a problem for each of the others."""
    units = {indicator.id: indicator.unit for indicator in plan.indicators()}
    keep, problems = [], []
    for position, row in enumerate(rows.itertuples(index=False)):
        found = implausible(float(row.value), units.get(str(row.indicator), ""),
                            of=f"{row.indicator} ({row.kpi}), region {row.region_id}, {row.year}, {row.gender}")
        if found is None:
            keep.append(position)
        else:
            line = getattr(row, "row", None)
            problems.append(Problem(file, found[0], found[1], row=int(line) if line is not None else None,
                                    key="value"))
    return rows.iloc[keep], tuple(problems)


def kolada_outcomes(kolada: pd.DataFrame, plan: Plan,
                    unit_for_region: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The outcome rows of `kolada_import` alone."""
    return kolada_import(kolada, plan, unit_for_region).outcomes


# --- Socialstyrelsen's monthly export --------------------------------------------------------------------

def _sex_of(title: str) -> str:
    """T unless the title names only women ('Kvinnor') or only men ('Män')."""
    women = re.search(r"\bkvinnor\b", title, re.IGNORECASE) is not None
    men = re.search(r"\bmän\b", title, re.IGNORECASE) is not None
    if women != men:
        return "K" if women else "M"
    return "T"


def _header(rows: list[list[str]], file: str) -> tuple[int, list[str]]:
    """Index of the month row (first cell 'Region') and the period keys of its columns."""
    months = [m.casefold() for m in sv.MONTHS]
    for index, row in enumerate(rows):
        cells = [c.strip() for c in row]
        if index > 0 and cells and cells[0].casefold() in ("region", "län", "") and len(cells) > 1 \
                and all(c.casefold() in months for c in cells[1:] if c):
            years = [c.strip() for c in rows[index - 1]]
            keys = []
            for column, name in enumerate(cells[1:], start=1):
                year = years[column] if column < len(years) else ""
                if not year.isdigit():
                    raise MalrapportError(Problem(file, f"året saknas ovanför kolumnen '{name}'",
                                                  "raden före månadsraden ska ange året för varje kolumn",
                                                  row=index)) from None
                keys.append(f"{int(year):04d}-{months.index(name.casefold()) + 1:02d}")
            return index, keys
    raise MalrapportError(Problem(file, "hittar ingen rad med månadsnamn (Region;Januari;Februari …)",
                                  "exportera tabellen från Socialstyrelsens statistikdatabas med månader som "
                                  "kolumner och regioner som rader"))


def read_sos_waiting_export(path: str | Path, indicator_id: str = "bup-forsta-besok-median", *,
                            unit_for_region: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Outcome rows per region and month ('2025-07') from a Socialstyrelsen statistical-database export.

    The region names become Kolada ids ('0001'; 'Alla regioner' → '0000') unless `unit_for_region` maps
    them. "N" (missing or suppressed) becomes NaN with a comment; `attrs` holds 'missing' (their count),
    'title' and 'footer'. Sex comes from the title ('Alla kön' → T).

    >>> rows = read_sos_waiting_export("vantetider_bup_forstabesok_median_region_manad.csv")  # doctest: +SKIP
    >>> rows.attrs["missing"]  # how many "N" cells the export had  # doctest: +SKIP
    """
    file = Path(path)
    rows = [r for r in csv.reader(io.StringIO(_read_text(file)), delimiter=";")]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    header, keys = _header(rows, str(file))
    title = rows[0][0].strip() if rows and rows[0] else ""
    units = _unit_map(unit_for_region)
    source, footer = "Socialstyrelsen", ""
    problems = ProblemCollector()
    out: list[dict[str, object]] = []
    for number, row in enumerate(rows[header + 1:], start=header + 2):
        cells = [c.strip() for c in row]
        if len(cells) <= 1 or not any(cells[1:]):
            footer = " ".join(c for c in cells if c)
            source = footer or source
            continue
        region = find_region(cells[0])
        if region is None:
            problems.add(file, f"okänd region '{cells[0]}'", "använd regionernas namn som i Socialstyrelsens export",
                         row=number)
            continue
        if len(cells) - 1 != len(keys):
            problems.add(file, f"raden har {len(cells) - 1} värden men {len(keys)} månader", row=number,
                         key=cells[0])
            continue
        for key, cell in zip(keys, cells[1:], strict=True):
            value, comment = math.nan, ""
            if cell in MISSING_MARKS:
                comment = SOS_MISSING_COMMENT
            else:
                try:
                    value = parse_number(cell)
                except ValueError:
                    problems.add(file, f"värdet '{cell}' för {key} är inte ett tal",
                                 "värden skrivs som 12 eller 12,5; 'N' betyder att uppgift saknas",
                                 row=number, key=cells[0])
                found = implausible(value, "dagar", of=f"{cells[0]} {key}")  # a waiting time in days
                if found is not None:
                    problems.add(file, found[0], found[1], row=number, key=cells[0])
                    value = math.nan
            out.append({"unit": units.get(region.kolada_id, region.kolada_id), "indicator": indicator_id,
                        "period": key, "sex": _sex_of(title), "value": value, "numerator": math.nan,
                        "denominator": math.nan, "comment": comment, "months": key})
    problems.raise_if_any()
    frame = pd.DataFrame(out, columns=[*OUTCOME_COLUMNS[:7], "comment", "months"]).assign(source=source)
    frame.attrs.update(missing=int(frame["value"].isna().sum()), title=title, footer=footer)
    return frame
