"""Indicators computed from record-level data (one row per patient, visit or event) with DuckDB.

Each function reads records from Parquet or CSV files (a path, a glob, a list of paths) or a DataFrame and
returns outcome rows in the outcome columns of README.md, section File formats (unit, indicator, period, sex, value,
numerator, denominator, source), one row per unit × month ('2024-04') × sex. The total T is computed from the
records themselves, never by adding rounded values; records whose sex is neither K nor M count in T only.
Records without unit or date are left out. `generate_waiting_list` makes deterministic demo record files.
"""
from __future__ import annotations

import calendar
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

import duckdb
import numpy as np
import pandas as pd

from ..errors import MalrapportError, Problem
from ..model import Month, Period, months_text, parse_range

Records: TypeAlias = str | Path | pd.DataFrame | Sequence[str | Path]
OUTCOME_COLUMNS = ("unit", "indicator", "period", "sex", "value", "numerator", "denominator", "source", "months")
RECORD_SOURCE = "postnivådata"


def _quote(name: str) -> str:
    """A column name as a quoted SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _paths(records: str | Path | Sequence[str | Path]) -> list[str]:
    items = [records] if isinstance(records, (str, Path)) else list(records)
    paths = [str(p) for p in items]
    missing = [p for p in paths if not any(c in p for c in "*?[") and not Path(p).exists()]
    if missing:
        raise MalrapportError(Problem(missing[0], "filen med postnivådata finns inte",
                                      "kontrollera sökvägen"))
    if not paths:
        raise MalrapportError("inga filer med postnivådata angavs", hint="ange minst en Parquet- eller CSV-fil")
    return paths


def _register(con: duckdb.DuckDBPyConnection, name: str, data: Records) -> str:
    """Make `data` available as view `name`; returns a label naming it in messages."""
    if isinstance(data, pd.DataFrame):
        con.register(name, data)
        return "tabellen i minnet"
    paths = _paths(data)
    listing = "[" + ", ".join(_literal(p) for p in paths) + "]"
    reader = "read_parquet" if all(p.lower().endswith(".parquet") for p in paths) else "read_csv_auto"
    try:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM {reader}({listing})")
    except duckdb.Error as exc:
        raise MalrapportError(Problem(paths[0], f"filen kunde inte läsas: {exc}",
                                      "använd Parquet eller CSV med kolumnnamn på första raden")) from exc
    return paths[0] if len(paths) == 1 else f"{paths[0]} (+{len(paths) - 1} filer)"


def _require(con: duckdb.DuckDBPyConnection, name: str, label: str, columns: Sequence[str]) -> None:
    present = [row[0] for row in con.execute(f"DESCRIBE {name}").fetchall()]
    missing = [c for c in columns if c not in present]
    if missing:
        raise MalrapportError(Problem(
            label, f"kolumnen '{missing[0]}' saknas" if len(missing) == 1
            else "kolumnerna " + ", ".join(f"'{c}'" for c in missing) + " saknas",
            "filen har kolumnerna " + ", ".join(present) + "; ange rätt kolumnnamn i anropet"))


def _query(con: duckdb.DuckDBPyConnection, sql: str, label: str, date_col: str, numbers: str) -> pd.DataFrame:
    """The query's rows; a value DuckDB cannot convert is the analyst's problem, named with the columns to check
    (`numbers`: which columns hold only numbers, e.g. "talkolumner innehåller")."""
    try:
        return con.execute(sql).df()
    except duckdb.ConversionException as exc:
        raise MalrapportError(Problem(label, f"ett värde kunde inte tolkas: {exc}",
                                      f"datum i '{date_col}' skrivs 2024-04-15 och {numbers} bara tal")) from exc


def _source_label(records: Records, source: str | None) -> str:
    if source is not None:
        return source
    if isinstance(records, (str, Path)):
        return f"{RECORD_SOURCE}: {Path(records).name}"
    return RECORD_SOURCE


def _run(records: Records, indicator_id: str, measures: str, aggregates: str, required: Sequence[str],
         *, unit_col: str, date_col: str, sex_col: str, source: str | None,
         population: Records | None = None, per: float = 1000.0) -> pd.DataFrame:
    """Group records per unit, month and sex (plus T over both sexes) and compute the aggregates."""
    con = duckdb.connect(":memory:")
    try:
        label = _register(con, "records", records)
        _require(con, "records", label, [unit_col, date_col, sex_col, *required])
        base = f"""
            SELECT CAST({_quote(unit_col)} AS VARCHAR) AS unit,
                   strftime(CAST({_quote(date_col)} AS DATE), '%Y-%m') AS period,
                   upper(trim(CAST({_quote(sex_col)} AS VARCHAR))) AS sex {measures}
            FROM records
            WHERE {_quote(unit_col)} IS NOT NULL AND {_quote(date_col)} IS NOT NULL"""
        grouped = f"""
            SELECT unit, period, CASE WHEN GROUPING(sex) = 1 THEN 'T' ELSE sex END AS sex, {aggregates}
            FROM ({base}) AS b
            GROUP BY GROUPING SETS ((unit, period, sex), (unit, period))
            HAVING GROUPING(sex) = 1 OR sex IN ('K', 'M')"""
        if population is not None:
            grouped = _with_population(con, grouped, population, per)
        sql = f"""
            SELECT unit, {_literal(indicator_id)} AS indicator, period, sex,
                   CAST(value AS DOUBLE) AS value, CAST(numerator AS DOUBLE) AS numerator,
                   CAST(denominator AS DOUBLE) AS denominator, {_literal(_source_label(records, source))} AS source,
                   period AS months
            FROM ({grouped}) AS g
            ORDER BY unit, period, CASE sex WHEN 'T' THEN 0 WHEN 'K' THEN 1 ELSE 2 END"""
        result = _query(con, sql, label, date_col, "talkolumner innehåller")
    finally:
        con.close()
    if population is not None:
        _check_population(result, population)
    return result[list(OUTCOME_COLUMNS)].reset_index(drop=True)


def _with_population(con: duckdb.DuckDBPyConnection, grouped: str, population: Records, per: float) -> str:
    """Join monthly counts with the population of the unit, year and sex (T = K + M when T is not given)."""
    label = _register(con, "population", population)
    _require(con, "population", label, ["unit", "year", "sex", "population"])
    return f"""
        WITH pop AS (
            SELECT CAST(unit AS VARCHAR) AS unit, CAST(year AS INTEGER) AS year,
                   upper(trim(CAST(sex AS VARCHAR))) AS sex, CAST(population AS DOUBLE) AS population
            FROM population),
        pop_t AS (
            SELECT unit, year, 'T' AS sex, sum(population) AS population FROM pop
            WHERE sex IN ('K', 'M') GROUP BY unit, year HAVING count(DISTINCT sex) = 2),
        pop_all AS (
            SELECT * FROM pop
            UNION ALL
            SELECT * FROM pop_t t WHERE NOT EXISTS (
                SELECT 1 FROM pop p WHERE p.unit = t.unit AND p.year = t.year AND p.sex = 'T'))
        SELECT c.unit, c.period, c.sex, c.numerator AS numerator, p.population AS denominator,
               c.numerator / p.population * {float(per)} AS value
        FROM ({grouped}) AS c
        LEFT JOIN pop_all p
          ON p.unit = c.unit AND p.year = CAST(substr(c.period, 1, 4) AS INTEGER) AND p.sex = c.sex"""


def _check_population(result: pd.DataFrame, population: Records) -> None:
    gaps = result[result["denominator"].isna()]
    if gaps.empty:
        return
    keys = sorted({(u, p[:4], s) for u, p, s in gaps[["unit", "period", "sex"]].itertuples(index=False)})
    listing = ", ".join(f"{u} {y} {s}" for u, y, s in keys[:5]) + (" …" if len(keys) > 5 else "")
    label = "befolkningstabellen" if isinstance(population, pd.DataFrame) else str(population)
    raise MalrapportError(Problem(label, f"befolkning saknas för {len(keys)} kombinationer av enhet, år och kön: "
                                         f"{listing}",
                                  "lägg till rader (unit, year, sex, population) för dem, eller K och M så "
                                  "räknas T som summan"))


def share_waited_within(records: Records, days: int, indicator_id: str, *, unit_col: str = "unit",
                        date_col: str = "date", sex_col: str = "sex", wait_col: str = "days_waited",
                        source: str | None = None) -> pd.DataFrame:
    """Share (%) of waiting patients who had waited at most `days` days, per unit, month and sex.

    Records are snapshots of a waiting list: (unit, date of measurement, sex, days waited). Records
    without a waiting time are left out of numerator and denominator.

    >>> import pandas as pd
    >>> visits = pd.DataFrame({"unit": ["A", "A", "A"], "sex": ["K", "K", "M"],
    ...                        "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-01-28"]),
    ...                        "days_waited": [12, 95, 40], "risk_assessed": [True, False, True]})
    >>> share_waited_within(visits, 90, "vant-90").query("sex == 'T'")[["period", "numerator", "denominator", "value"]]
        period  numerator  denominator      value
    0  2024-01        2.0          3.0  66.666667
    """
    wait = _quote(wait_col)
    return _run(records, indicator_id, f", CAST({wait} AS DOUBLE) AS wait",
                f"""count(wait) FILTER (WHERE wait <= {float(days)}) AS numerator, count(wait) AS denominator,
                    100.0 * count(wait) FILTER (WHERE wait <= {float(days)}) / nullif(count(wait), 0) AS value""",
                [wait_col], unit_col=unit_col, date_col=date_col, sex_col=sex_col, source=source)


def quantile_waited(records: Records, indicator_id: str, periods: Sequence[str | Period], *, window: str = "ytd",
                    percentile: float = 50, unit_col: str = "unit", date_col: str = "date", sex_col: str = "sex",
                    wait_col: str = "days_waited", source: str | None = None) -> pd.DataFrame:
    """The true median (or another percentile) of the waiting times of each period's window, from the records.

    Monthly medians cannot be combined into a tertial's median; the records can. One row per unit × period ×
    sex (T over all records), keyed by the period ('2024-T2'), so that it is used as the window's own figure;
    `window` is the indicator's (ytd, period, rolling12). `months` says which months of the window had records,
    `denominator` how many waiting times there were. The percentile interpolates linearly between the two
    nearest waiting times, as pandas' `quantile` and DuckDB's `quantile_cont` do.

    >>> import pandas as pd
    >>> visits = pd.DataFrame({"unit": ["A"] * 4, "sex": ["K", "K", "M", "M"],
    ...                        "date": pd.to_datetime(["2024-01-05", "2024-02-20", "2024-03-28", "2024-04-02"]),
    ...                        "days_waited": [12, 95, 40, 20]})
    >>> out = quantile_waited(visits, "bup-median", ["2024-T1"])
    >>> out[["sex", "value", "denominator", "months"]].values.tolist()
    [['T', 30.0, 4.0, '2024-01..2024-04'], ['K', 53.5, 2.0, '2024-01..2024-02'], ['M', 30.0, 2.0, '2024-03..2024-04']]
    """
    if not 0 < percentile < 100:
        raise MalrapportError(f"percentilen {percentile} ligger inte mellan 0 och 100",
                              hint="ange till exempel percentile=50 för medianen eller 90 för den 90:e percentilen")
    pairs = [(Period.parse(p).key, m.key) for p in periods for m in Period.parse(p).window(window)]
    if not pairs:
        raise MalrapportError("inga perioder angavs", hint="ange till exempel ['2024-T1', '2024-T2']")
    windows = ", ".join(f"({_literal(key)}, {_literal(month)})" for key, month in pairs)
    wait = _quote(wait_col)
    con = duckdb.connect(":memory:")
    try:
        label = _register(con, "records", records)
        _require(con, "records", label, [unit_col, date_col, sex_col, wait_col])
        sql = f"""
            WITH base AS (
                SELECT CAST({_quote(unit_col)} AS VARCHAR) AS unit,
                       strftime(CAST({_quote(date_col)} AS DATE), '%Y-%m') AS month,
                       upper(trim(CAST({_quote(sex_col)} AS VARCHAR))) AS sex, CAST({wait} AS DOUBLE) AS wait
                FROM records
                WHERE {_quote(unit_col)} IS NOT NULL AND {_quote(date_col)} IS NOT NULL AND {wait} IS NOT NULL),
            windows(period, month) AS (VALUES {windows})
            SELECT b.unit, w.period, CASE WHEN GROUPING(b.sex) = 1 THEN 'T' ELSE b.sex END AS sex,
                   quantile_cont(b.wait, {float(percentile) / 100}) AS value, count(*) AS denominator,
                   string_agg(DISTINCT b.month, ',') AS months
            FROM base b JOIN windows w ON b.month = w.month
            GROUP BY GROUPING SETS ((b.unit, w.period, b.sex), (b.unit, w.period))
            HAVING GROUPING(b.sex) = 1 OR b.sex IN ('K', 'M')"""
        result = _query(con, sql, label, date_col, f"'{wait_col}' innehåller")
    finally:
        con.close()
    order = {key: index for index, key in enumerate(dict.fromkeys(key for key, _ in pairs))}
    result = result.assign(
        indicator=indicator_id, numerator=float("nan"), denominator=result["denominator"].astype(float),
        source=_source_label(records, source),
        months=[months_text([Month(int(m[:4]), int(m[5:])) for m in str(text).split(",")])
                for text in result["months"]],
        _order=[(unit, order[period], {"T": 0, "K": 1}.get(sex, 2))
                for unit, period, sex in result[["unit", "period", "sex"]].itertuples(index=False)])
    return result.sort_values("_order")[list(OUTCOME_COLUMNS)].reset_index(drop=True)


def count_events(records: Records, indicator_id: str, *, unit_col: str = "unit", date_col: str = "date",
                 sex_col: str = "sex", source: str | None = None) -> pd.DataFrame:
    """Number of records (events: visits, admissions) per unit, month and sex.

    >>> import pandas as pd
    >>> visits = pd.DataFrame({"unit": ["A", "A", "A"], "sex": ["K", "K", "M"],
    ...                        "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-01-28"]),
    ...                        "days_waited": [12, 95, 40], "risk_assessed": [True, False, True]})
    >>> count_events(visits, "besok").set_index("sex")["value"].to_dict()
    {'T': 3.0, 'K': 2.0, 'M': 1.0}
    """
    return _run(records, indicator_id, "",
                "count(*) AS value, CAST(NULL AS DOUBLE) AS numerator, CAST(NULL AS DOUBLE) AS denominator",
                [], unit_col=unit_col, date_col=date_col, sex_col=sex_col, source=source)


def rate_per_population(records: Records, population: Records, indicator_id: str, *, per: float = 1000,
                        unit_col: str = "unit", date_col: str = "date", sex_col: str = "sex",
                        source: str | None = None) -> pd.DataFrame:
    """Events per `per` inhabitants per unit, month and sex, with the population table (unit, year, sex, population).

    numerator is the month's count and denominator the year's population, so a ratio over months gives the
    mean monthly rate. T uses the population's T row, or K + M when T is not given. A unit, year and sex
    without population is an error naming them.

    >>> import pandas as pd
    >>> visits = pd.DataFrame({"unit": ["A", "A", "A"], "sex": ["K", "K", "M"],
    ...                        "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-01-28"]),
    ...                        "days_waited": [12, 95, 40], "risk_assessed": [True, False, True]})
    >>> population = pd.DataFrame({"unit": ["A", "A"], "year": [2024, 2024], "sex": ["K", "M"],
    ...                            "population": [4000, 5000]})
    >>> rate_per_population(visits, population, "besok-per-1000").set_index("sex")["value"].to_dict()
    {'T': 0.3333333333333333, 'K': 0.5, 'M': 0.2}
    """
    return _run(records, indicator_id, "",
                "count(*) AS numerator, CAST(NULL AS DOUBLE) AS denominator, CAST(NULL AS DOUBLE) AS value",
                [], unit_col=unit_col, date_col=date_col, sex_col=sex_col, source=source,
                population=population, per=per)


def share_with_flag(records: Records, flag_col: str, indicator_id: str, *, unit_col: str = "unit",
                    date_col: str = "date", sex_col: str = "sex", source: str | None = None) -> pd.DataFrame:
    """Share (%) of records whose boolean `flag_col` is true (e.g. structured suicide risk assessment done).

    The flag may be boolean, 0/1 or 'true'/'false'; records with an empty flag are left out.

    >>> import pandas as pd
    >>> visits = pd.DataFrame({"unit": ["A", "A", "A"], "sex": ["K", "K", "M"],
    ...                        "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-01-28"]),
    ...                        "days_waited": [12, 95, 40], "risk_assessed": [True, False, True]})
    >>> share_with_flag(visits, "risk_assessed", "risk").set_index("sex")["value"].round(1).to_dict()
    {'T': 66.7, 'K': 50.0, 'M': 100.0}
    """
    flag = _quote(flag_col)
    return _run(records, indicator_id, f", CAST({flag} AS BOOLEAN) AS flag",
                """count(flag) FILTER (WHERE flag) AS numerator, count(flag) AS denominator,
                   100.0 * count(flag) FILTER (WHERE flag) / nullif(count(flag), 0) AS value""",
                [flag_col], unit_col=unit_col, date_col=date_col, sex_col=sex_col, source=source)


def _months(months: Sequence[str | Month | Period]) -> list[Month]:
    out: list[Month] = []
    for item in months:
        if isinstance(item, Month):
            out.append(item)
        elif isinstance(item, Period):
            out.extend(item.months())
        else:
            out.extend(m for period in parse_range(str(item)) for m in period.months())
    if not out:
        raise MalrapportError("inga månader angavs", hint="ange till exempel ['2024-01..2024-06'] eller ['2024']")
    return out


def generate_waiting_list(n_rows: int, units: Sequence[str], months: Sequence[str | Month | Period], seed: int,
                          path: str | Path | None = None) -> pd.DataFrame | Path:
    """Deterministic, realistic waiting-list snapshots: unit, date, sex (K/M), days_waited.

    `months` holds months, periods or period texts ('2024', '2024-T1', '2024-01..2024-06').
    Waiting times follow a right-skewed gamma distribution whose scale differs per unit and is longer in
    the summer months. The same arguments always give the same rows. With `path` the records are written
    there (Parquet, or CSV when the name ends in .csv) and the path is returned; otherwise the DataFrame.
    """
    if n_rows < 0 or not units:
        raise MalrapportError("generatorn behöver minst en enhet och ett icke-negativt antal rader",
                              hint="ange till exempel units=['klinik-a'] och n_rows=1000")
    month_list = _months(months)
    rng = np.random.default_rng(seed)
    unit_scale = rng.uniform(18.0, 60.0, size=len(units))
    unit_idx = rng.integers(0, len(units), size=n_rows)
    month_idx = rng.integers(0, len(month_list), size=n_rows)
    firsts = np.array([f"{m.year:04d}-{m.month:02d}-01" for m in month_list], dtype="datetime64[D]")
    lengths = np.array([calendar.monthrange(m.year, m.month)[1] for m in month_list])
    summer = np.array([1.25 if m.month in (6, 7, 8) else 1.0 for m in month_list])
    day = np.floor(rng.random(n_rows) * lengths[month_idx]).astype("int64")
    dates = firsts[month_idx] + day.astype("timedelta64[D]")
    sex = np.where(rng.random(n_rows) < 0.54, "K", "M")
    waited = rng.gamma(shape=1.4, scale=unit_scale[unit_idx] * summer[month_idx])
    frame = pd.DataFrame({
        "unit": np.asarray(units, dtype=object)[unit_idx],
        "date": pd.to_datetime(dates),
        "sex": sex,
        "days_waited": np.round(waited).astype("int32"),
    })
    if path is None:
        return frame
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() == ".csv":
        frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d")).to_csv(target, index=False)
    else:
        frame.to_parquet(target, index=False)
    return target
