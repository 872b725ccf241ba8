"""Försäkringskassan's yearly figures per region and sex, as outcome rows that say which months they cover.

Försäkringskassan publishes sickness-benefit figures per month; a yearly table holds each year's mean of the
monthly figures with the number of months behind it (`months_in_average`: 12, or 5 for a year still running).
The rows keep that: period = the year, months = '2026-01..2026-05', so that five months are never judged or
compared as if they were a whole year.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..errors import MalrapportError, Problem, ProblemCollector
from ..model import find_region
from ..sv import parse_number
from .plausible import implausible
from .records import OUTCOME_COLUMNS

FK_SOURCE = "Försäkringskassan"
_ALIASES = {
    "region_id": ("kolada_region_id", "region_id", "regionkod"),
    "region": ("region", "län", "lan"),
    "year": ("year", "år", "ar"),
    "sex": ("sex", "kön", "kon", "gender"),
    "value": ("value", "värde", "varde", "andel"),
    "months_in_average": ("months_in_average", "months", "månader", "antal_manader"),
}


def _columns(frame: pd.DataFrame, file: Path) -> dict[str, str]:
    lower = {str(c).strip().lower(): str(c) for c in frame.columns}
    found = {key: next((lower[n] for n in names if n in lower), "") for key, names in _ALIASES.items()}
    missing = [key for key in ("year", "sex", "value") if not found[key]]
    if not found["region_id"] and not found["region"]:
        missing.insert(0, "region")
    if missing:
        raise MalrapportError(Problem(str(file), "kolumnerna " + ", ".join(missing) + " saknas",
                                      "filen behöver region (eller kolada_region_id), year, sex och value, gärna "
                                      "months_in_average; den har " + ", ".join(map(str, frame.columns))))
    return found


def _unit(region_id: str, name: str, units: Mapping[str, str]) -> str | None:
    region = find_region(region_id) if region_id else None
    region = region or (find_region(name) if name else None)
    if region is None:
        return None
    return units.get(region.kolada_id, units.get(region.name, region.kolada_id))


def read_fk_yearly(path: str | Path, indicator_id: str = "sjukfranvaro-f43", *,
                   unit_for_region: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Outcome rows per region, year and sex from Försäkringskassan's yearly table, with the months each covers.

    The unit is the region's Kolada id ('0025'; Riket '0000') unless `unit_for_region` maps it (keys: Kolada id
    or region name). `months_in_average` becomes the row's months ('2026-01..2026-05'); without that column a
    year is taken as whole. Unreadable values, unknown regions and month counts outside 1–12 are errors naming
    the row; a share outside 0–100 % as well.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "fk.csv").write_text("region,year,sex,value,months_in_average\\n"
    ...                                    "Norrbotten,2025,K,25.1,12\\nNorrbotten,2026,K,24.2,5\\n")
    >>> read_fk_yearly(folder / "fk.csv")[["unit", "period", "value", "months"]].values.tolist()
    [['0025', '2025', 25.1, '2025-01..2025-12'], ['0025', '2026', 24.2, '2026-01..2026-05']]
    """
    file = Path(path)
    if not file.exists():
        raise MalrapportError(Problem(str(file), "filen finns inte", "kontrollera sökvägen"))
    sep = ";" if file.read_text(encoding="utf-8-sig").split("\n", 1)[0].count(";") else ","
    frame = pd.read_csv(file, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    names = _columns(frame, file)
    units = dict(unit_for_region or {})
    problems = ProblemCollector()
    out = []
    for row, record in enumerate(frame.to_dict("records"), start=2):
        def cell(key: str, record: dict[str, str] = record) -> str:
            return str(record.get(names[key], "")).strip() if names[key] else ""
        unit = _unit(cell("region_id"), cell("region"), units)
        if unit is None:
            problems.add(file, f"okänd region '{cell('region') or cell('region_id')}'",
                         "använd regionens namn (Norrbotten) eller Kolada-id (0025)", row=row, key="region")
            continue
        try:
            year = int(cell("year"))
            value = parse_number(cell("value"))
            months = int(cell("months_in_average") or 12)
        except ValueError:
            problems.add(file, "år, värde eller antal månader är inte ett tal",
                         "skriv år som 2025, värden som 12,5 och antal månader som 12", row=row)
            continue
        if value is None:
            problems.add(file, "värde saknas", "fyll i värdet eller ta bort raden", row=row, key="value")
            continue
        if not 1 <= months <= 12:
            problems.add(file, f"antalet månader {months} ligger inte mellan 1 och 12",
                         "months_in_average är antalet månader bakom årets värde", row=row,
                         key="months_in_average")
            continue
        if (found := implausible(value, "procent", of=f"{indicator_id}, {unit}, {year}")) is not None:
            problems.add(file, found[0], found[1], row=row, key="value")
            continue
        out.append({"unit": unit, "indicator": indicator_id, "period": str(year), "sex": cell("sex").upper(),
                    "value": value, "numerator": math.nan,
                    "denominator": math.nan, "source": FK_SOURCE, "months": f"{year}-01..{year}-{months:02d}"})
    problems.raise_if_any()
    return pd.DataFrame(out, columns=list(OUTCOME_COLUMNS))
