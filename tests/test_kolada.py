"""Kolada and Socialstyrelsen imports on the real files, and a national plan judged for all 21 regions."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from malrapport.calc.status import evaluate
from malrapport.errors import MalrapportError
from malrapport.inputs.kolada import kolada_import, kolada_outcomes, read_kolada, read_sos_waiting_export
from malrapport.inputs.plans import load_plan
from malrapport.model import RIKET, Period, Status, all_regions, find_region, region

# Files in the real data folder (fixture `realdata`).
KOLADA_FILE = "kolada_hos_regioner_2016_2025.csv"
SOS_FILE = "vantetider_bup_forstabesok_median_region_manad.csv"
FK_FILE = "fk_sjukfall_f43_andel_region_ar_kon.csv"
LATEST_FULL_YEAR = 2024   # 2025 is partial in the file

PLAN = """\
organisation:
  id: nationell
  name: Nationell jämförelse
  genitive: jämförelsens
year: 2024
levels:
  - {name: Område, plural: Områden}
  - {name: Delmål, plural: Delmål, assessed: true}
indicator_level: {name: Indikator, plural: Indikatorer}
goals:
  - id: TILL
    name: Tillgänglighet
    children:
      - id: TILL-1
        name: Vård i rimlig tid
        indicators:
          - {id: bedomning-3d, name: Medicinsk bedömning inom tre dagar i primärvård, unit: procent,
             direction: higher, target: "90 %", schedule: ÅR, source: "kolada:N79173"}
          - {id: psyk-90, name: Genomförda första besök inom 90 dagar i allmänpsykiatrisk vård, unit: procent,
             direction: higher, target: "80 %", schedule: ÅR, source: "kolada:U79049"}
          - {id: saknas, name: Ett nyckeltal som filen inte har, unit: procent, direction: higher,
             target: "50 %", schedule: ÅR, source: "kolada:N99999"}
  - id: KVAL
    name: Kvalitet och förtroende
    children:
      - id: KVAL-1
        name: Ökat förtroende och god diabetesvård
        indicators:
          - {id: fortroende, name: Förtroende för sjukvården i sin helhet, unit: procent, direction: higher,
             target: "Öka", schedule: ÅR, source: "kolada:U70447"}
          - {id: hba1c-70, name: Diabetespatienter med HbA1c över 70 i primärvård, unit: procent,
             direction: lower, target: "Minska", schedule: ÅR, source: "kolada:N79189"}
"""
KOLADA_INDICATORS = {"bedomning-3d": "N79173", "psyk-90": "U79049", "fortroende": "U70447", "hba1c-70": "N79189"}


@pytest.fixture(scope="module")
def kolada(realdata: Path) -> pd.DataFrame:
    """The real Kolada file as `read_kolada` reads it."""
    return read_kolada(realdata / KOLADA_FILE)


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("data") / "nationell"
    folder.mkdir()
    path = folder / "plan-2024.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return load_plan(path)


def real_value(kolada: pd.DataFrame, kpi: str, region_id: str, year: int) -> float:
    found = kolada[(kolada["kpi"] == kpi) & (kolada["region_id"] == region_id) & (kolada["year"] == year)]
    assert len(found) == 1
    return float(found["value"].iloc[0])


# --- regions ---------------------------------------------------------------------------------------------

def test_twenty_one_regions_with_kolada_ids_and_official_names() -> None:
    regions = all_regions()
    assert len(regions) == 21 and len({r.kolada_id for r in regions}) == 21
    assert (regions[0].kolada_id, regions[-1].kolada_id) == ("0001", "0025")
    assert all(r.kolada_id == "00" + r.county_code for r in regions)
    assert region("0014").name == "Västra Götalandsregionen"
    assert region("Jämtland Härjedalen").name == "Region Jämtland Härjedalen"
    assert region("gotland").name == "Region Gotland"
    assert region(25).short_name == "Norrbotten"
    assert region("Alla regioner") is RIKET and len(all_regions(include_riket=True)) == 22
    assert find_region("Atlantis") is None
    with pytest.raises(MalrapportError, match="okänd region 'Atlantis'"):
        region("Atlantis")


@pytest.mark.parametrize("file, name_col, id_col", [
    (KOLADA_FILE, "region", "region_id"),
    (FK_FILE, "region", "kolada_region_id"),
])
def test_every_region_name_in_the_real_files_resolves_to_its_id(realdata: Path, file: str, name_col: str,
                                                                id_col: str) -> None:
    pairs = pd.read_csv(realdata / file, dtype=str)[[name_col, id_col]].drop_duplicates()
    assert len(pairs) == 22
    for name, region_id in pairs.itertuples(index=False):
        assert region(name).kolada_id == region_id, name


def test_socialstyrelsen_short_names_resolve(realdata: Path) -> None:
    names = [line.split(";")[0] for line in (realdata / SOS_FILE).read_text(encoding="utf-8").splitlines()[3:-1]]
    assert len(names) == 22
    assert {region(n).kolada_id for n in names} == {r.kolada_id for r in all_regions(include_riket=True)}
    assert all(region(r.short_name) == r for r in all_regions())


# --- Kolada ----------------------------------------------------------------------------------------------

def test_read_kolada_real_file(kolada: pd.DataFrame) -> None:
    assert len(kolada) == 13_603
    assert list(kolada.columns[:5]) == ["kpi", "region_id", "year", "gender", "value"]
    assert kolada["region_id"].str.len().eq(4).all() and kolada["region_id"].nunique() == 22
    assert set(kolada["gender"]) == {"T"} and kolada["kpi"].nunique() == 76
    assert real_value(kolada, "N79173", "0001", 2024) == 95.7
    assert real_value(kolada, "U79049", "0025", 2024) == 56.4


def test_national_plan_judged_for_all_21_regions(kolada: pd.DataFrame, plan) -> None:
    imported = kolada_import(kolada, plan)
    outcomes = imported.outcomes
    assert imported.indicators_without_data == ("saknas",)
    assert len(imported.unused_kpis) == 76 - 4 and "N79221" in imported.unused_kpis
    assert set(outcomes["source"]) == {"Kolada"} and set(outcomes["indicator"]) == set(KOLADA_INDICATORS)
    period = Period.year_of(LATEST_FULL_YEAR)
    results = {}
    for reg in all_regions():
        rows = outcomes[outcomes["unit"] == reg.kolada_id]
        for indicator_id in KOLADA_INDICATORS:
            result = evaluate(plan.indicator(indicator_id), rows[rows["indicator"] == indicator_id], period)
            assert result.due and result.status.is_judged, (reg.short_name, indicator_id, result.reason)
            results[reg.kolada_id, indicator_id] = result
    assert len(results) == 21 * 4

    stockholm = results["0001", "bedomning-3d"].sex("T")
    assert stockholm.value == 95.7 and results["0001", "bedomning-3d"].status is Status.MET
    norrbotten = results["0025", "psyk-90"].sex("T")
    assert norrbotten.value == 56.4 and results["0025", "psyk-90"].status is Status.NOT_MET

    # Direction targets compare with the year before, which comes through from the file as well.
    for (region_id, indicator_id), result in results.items():
        kpi = KOLADA_INDICATORS[indicator_id]
        now = real_value(kolada, kpi, region_id, LATEST_FULL_YEAR)
        before = real_value(kolada, kpi, region_id, LATEST_FULL_YEAR - 1)
        total = result.sex("T")
        assert total.value == now and total.previous == before
        if indicator_id in ("fortroende", "hba1c-70") and abs(now - before) > 0.5:
            better = now > before if indicator_id == "fortroende" else now < before
            assert result.status is (Status.MET if better else Status.NOT_MET), (region_id, indicator_id)
    assert results["0025", "fortroende"].status is Status.MET           # 49,9 → 54,7 %


def test_kolada_outcomes_map_regions_to_plan_units(kolada: pd.DataFrame, plan) -> None:
    outcomes = kolada_outcomes(kolada, plan, unit_for_region={"Västerbotten": "rvb-hsn"})
    assert "0024" not in set(outcomes["unit"]) and "0025" in set(outcomes["unit"])
    mine = outcomes[(outcomes["unit"] == "rvb-hsn") & (outcomes["indicator"] == "bedomning-3d")]
    assert dict(zip(mine["period"], mine["value"], strict=True))["2024"] == 79.5
    assert list(outcomes.columns) == ["unit", "indicator", "period", "sex", "value", "numerator", "denominator",
                                      "source", "months"]
    assert set(mine["months"]) == {f"{year}-01..{year}-12" for year in mine["period"]}  # Kolada's years are whole


def test_read_kolada_accepts_api_json_and_spreadsheet_csv(tmp_path: Path) -> None:
    api = {"count": 1, "values": [{"kpi": "N79221", "municipality": "0024", "period": 2023, "values": [
        {"gender": "T", "status": "", "count": 1, "value": 71.5},
        {"gender": "K", "status": "", "count": 1, "value": 70.25},
        {"gender": "M", "status": "", "count": 1, "value": None}]}]}
    (tmp_path / "api.json").write_text(json.dumps(api), encoding="utf-8")
    frame = read_kolada(tmp_path / "api.json")
    assert list(frame[["region_id", "year", "gender", "value"]].itertuples(index=False, name=None)) == [
        ("0024", 2023, "K", 70.25), ("0024", 2023, "T", 71.5)]
    assert frame.attrs["empty_values"] == 1

    (tmp_path / "excel.csv").write_text("KPI;Municipality_id;Period;Gender;Value\nN79221;1;2024;T;80,5\n",
                                        encoding="cp1252")
    frame = read_kolada(tmp_path / "excel.csv")
    assert (frame["region_id"].iloc[0], frame["value"].iloc[0]) == ("0001", 80.5)


def test_read_kolada_reports_bad_files(tmp_path: Path) -> None:
    (tmp_path / "fel.csv").write_text("kpi,region_id,year,value\nN1,0001,2024,12 %\n", encoding="utf-8")
    with pytest.raises(MalrapportError) as err:
        read_kolada(tmp_path / "fel.csv")
    problem = err.value.problems[0]
    assert (problem.row, problem.key) == (2, "value") and "'12 %' är inte ett tal" in problem.message
    (tmp_path / "kolumner.csv").write_text("kpi,ar\nN1,2024\n", encoding="utf-8")
    with pytest.raises(MalrapportError, match="kolumnerna region_id, value saknas"):
        read_kolada(tmp_path / "kolumner.csv")
    (tmp_path / "dubbel.csv").write_text("kpi,region_id,year,value\nN1,0001,2024,1\nN1,0001,2024,2\n")
    with pytest.raises(MalrapportError, match="2 rader har samma nyckeltal"):
        read_kolada(tmp_path / "dubbel.csv")


# --- Socialstyrelsen's monthly export --------------------------------------------------------------------

def test_sos_waiting_export_real_file(realdata: Path) -> None:
    frame = read_sos_waiting_export(realdata / SOS_FILE, "bup-median")
    assert len(frame) == 22 * 12
    assert frame["unit"].nunique() == 22 and set(frame["sex"]) == {"T"} and set(frame["indicator"]) == {"bup-median"}
    periods = sorted(set(frame["period"]))
    assert periods[0] == "2025-07" and periods[-1] == "2026-06" and len(periods) == 12
    assert frame["value"].isna().sum() == 10 and frame.attrs["missing"] == 10
    value = frame.set_index(["unit", "period"])["value"]
    assert value["0003", "2025-08"] == 10.5            # Uppsala, augusti 2025: "10,5"
    assert value["0004", "2026-04"] == 136.0           # Södermanland, april 2026
    assert value["0000", "2025-07"] == 28.0            # Alla regioner → Riket
    assert math.isnan(value["0010", "2025-11"]) and math.isnan(value["0025", "2026-01"])
    assert value["0025", "2026-02"] == 23.0
    missing = frame[frame["value"].isna()]
    assert set(missing["unit"]) == {"0010", "0022", "0025"} and (missing["comment"] != "").all()
    assert frame.attrs["footer"] == "Socialstyrelsens statistikdatabas 2026-08-24"
    assert set(frame["source"]) == {"Socialstyrelsens statistikdatabas 2026-08-24"}


def test_sos_export_with_unit_mapping_and_errors(realdata: Path, tmp_path: Path) -> None:
    lines = (realdata / SOS_FILE).read_text(encoding="utf-8").splitlines()
    mapped = read_sos_waiting_export(realdata / SOS_FILE, unit_for_region={"0024": "rvb-hsn"})
    assert mapped[mapped["unit"] == "rvb-hsn"]["value"].iloc[2] == 91.0   # Västerbotten, september 2025
    bad = tmp_path / "export.csv"
    bad.write_text("\n".join(lines[:4] + ["Atlantis" + lines[4][len("Stockholm"):], lines[5].replace("27", "x", 1)]
                             + lines[6:]), encoding="utf-8")
    with pytest.raises(MalrapportError) as err:
        read_sos_waiting_export(bad)
    messages = [(p.row, p.message) for p in err.value.problems]
    assert (5, "okänd region 'Atlantis'") in messages
    assert any(row == 6 and "'x'" in message for row, message in messages)
